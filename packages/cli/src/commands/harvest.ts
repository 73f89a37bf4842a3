import { ApiError, registryHarvesters, SourceChecks } from '@moisson/api';
import { completeChain, describeError, type AnyHarvester, type Filter } from '@moisson/core';
import { AddressGuard } from '@moisson/http';
import { httpFromEnv, processPage } from '@moisson/queue';
import type { MoissonConfig } from '../config.js';
import { jsonArraySink, jsonLdSink, ndjsonSink, openOutput, type DatasetSink } from '../output.js';
import { Progress, type Tally } from '../progress.js';
import { loadJsonLd } from '../rdf-bridge.js';
import { UsageError } from '../services.js';

export type OutputFormat = 'json' | 'ndjson' | 'jsonld';

export interface HarvestOptions {
  protocol?: string;
  limit?: number;
  format: OutputFormat;
  out?: string;
  filter: string[];
  exclude: string[];
  config?: string;
}

/** How many item errors the summary lists before saying "and N more". */
const ERRORS_SHOWN = 20;

const log = (line: string) => process.stderr.write(`${line}\n`);

/** `key=value` → a filter; the message names the option. */
export function parseFilter(raw: string, type: Filter['type']): Filter {
  const at = raw.indexOf('=');
  if (at <= 0 || at === raw.length - 1) throw new UsageError(`--${type === 'include' ? 'filter' : 'exclude'} takes key=value, not "${raw}"`);
  return { key: raw.slice(0, at).trim(), value: raw.slice(at + 1).trim(), type };
}

function parseConfig(raw: string | undefined): Record<string, unknown> {
  if (raw === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new UsageError(`--config must be a JSON object (${describeError(error)})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError('--config must be a JSON object, e.g. \'{"pageSize": 100}\'');
  return value as Record<string, unknown>;
}

/** The API's checks, worded for a command line. */
async function checked<T>(step: () => Promise<T> | T): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ApiError) {
      throw new UsageError(error.message.replace('give "protocol" explicitly', 'name it with --protocol'));
    }
    throw error;
  }
}

/**
 * `moisson harvest <url>`: reads a catalogue once and writes its normalised datasets as they
 * come, without PostgreSQL or Redis. Returns the exit code: 0, or 1 when the listing could not
 * be read to its end (what was read is still written, as valid JSON).
 */
export async function harvestCommand(rawUrl: string, options: HarvestOptions, config: MoissonConfig): Promise<number> {
  const filters = [...options.filter.map((f) => parseFilter(f, 'include')), ...options.exclude.map((f) => parseFilter(f, 'exclude'))];
  const sourceConfig = parseConfig(options.config);
  const http = httpFromEnv();
  const checks = new SourceChecks(registryHarvesters, http, new AddressGuard(config.allowedHosts));
  const url = await checked(() => checks.checkUrl(rawUrl));
  const found: { harvester: AnyHarvester; url: string } = await checked(() =>
    options.protocol ? { harvester: checks.harvester(options.protocol), url: url.href } : checks.detect(url),
  );
  const { harvester } = found;
  await checked(() => {
    checks.checkFilters(harvester, filters);
    checks.checkConfig(harvester, sourceConfig);
  });
  const jsonLd = options.format === 'jsonld' ? await loadJsonLd() : undefined;
  if (options.format === 'jsonld' && !jsonLd) {
    throw new UsageError('--format jsonld is not available yet: the @moisson/rdf package is not built in this installation; use --format json or ndjson');
  }

  const { stream, isFile } = await openOutput(options.out);
  const sink: DatasetSink = jsonLd ? jsonLdSink(stream, isFile, jsonLd.prefixes) : options.format === 'ndjson' ? ndjsonSink(stream, isFile) : jsonArraySink(stream, isFile);
  const source = { id: new URL(found.url).host, name: new URL(found.url).host, url: found.url, protocol: harvester.id };
  const harvestedAt = new Date().toISOString();
  const ctx = { source: { url: found.url, name: source.name }, config: sourceConfig, filters, harvestedAt };
  const tally: Tally = { datasets: 0, errors: 0, skipped: 0, pages: 0 };
  const errors: string[] = [];
  const progress = new Progress();
  const started = process.hrtime.bigint();
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  let failure: string | undefined;
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
  };
  process.once('SIGINT', interrupt);

  log(`harvesting ${found.url} (${harvester.id})${isFile ? ` into ${options.out}` : ''}`);
  try {
    for await (const page of harvester.pages({ url: found.url, name: source.name, filters, config: sourceConfig }, null, http)) {
      tally.pages++;
      if (page.total !== undefined) tally.total = page.total;
      const processed = processPage(harvester, page, ctx);
      tally.skipped += processed.skipped;
      tally.errors += processed.errors.length;
      for (const e of processed.errors) errors.push(`${e.remoteId ?? page.url}: ${e.message}`);
      if (page.truncated) {
        tally.errors++;
        errors.push(`listing truncated: ${page.truncated}`);
      }
      for (const write of processed.datasets) {
        if (tally.datasets >= limit) break;
        // The chain as far as this run knows it: the hops before the source, then the source.
        const chain = completeChain(
          write.chain,
          { source, remoteId: write.remoteId, remoteUrl: write.remoteUrl, remoteModified: write.remoteModified, firstSeen: harvestedAt, lastChanged: harvestedAt, lastSeen: harvestedAt },
          { title: 'moisson', url: config.publicUrl },
        ).slice(0, -1);
        const record = jsonLd
          ? jsonLd.toJsonLd(
              { id: write.remoteId, dataset: write.data, chain, firstSeen: harvestedAt, lastChanged: harvestedAt, status: 'created', source },
              { publicUrl: config.publicUrl },
            )
          : { remoteId: write.remoteId, remoteUrl: write.remoteUrl ?? null, remoteModified: write.remoteModified ?? null, dataset: write.data, chain };
        await sink.write(record);
        tally.datasets++;
      }
      progress.update(tally);
      if (tally.datasets >= limit || interrupted) break;
    }
  } catch (error) {
    failure = describeError(error);
  } finally {
    process.removeListener('SIGINT', interrupt);
    await sink.end();
  }

  progress.clear();
  for (const line of errors.slice(0, ERRORS_SHOWN)) log(`error: ${line}`);
  if (errors.length > ERRORS_SHOWN) log(`… and ${errors.length - ERRORS_SHOWN} more errors`);
  if (failure) log(`harvest stopped after ${tally.pages} pages: ${failure}`);
  if (interrupted) log('interrupted: the output holds what was read so far');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  log(`${failure || interrupted ? 'stopped' : 'done'}: ${tally.datasets} datasets, ${tally.errors} errors, ${tally.skipped} skipped, ${tally.pages} pages in ${seconds.toFixed(1)} s`);
  return failure ? 1 : 0;
}
