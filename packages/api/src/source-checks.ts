import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { describeError, RunnerConfigSchema, splitSourceConfig, type AnyHarvester, type Filter, type Http } from '@moisson/core';
import { AddressGuard } from '@moisson/http';
import { isValidSchedule } from '@moisson/queue';
import type { HarvesterLookup } from './deps.js';
import { ApiError } from './errors.js';

/** ajv-formats is CommonJS: under NodeNext its default import is the module object. */
const addFormats = ((ajvFormats as unknown as { default?: typeof ajvFormats }).default ?? ajvFormats) as unknown as (ajv: Ajv) => Ajv;

const unprocessable = (code: string, message: string) => new ApiError(422, code, message);

/**
 * The semantic checks on a source that a JSON schema cannot make (all answered 422): the URL
 * may be fetched, the protocol exists (or is detected), the schedule parses, the filter keys
 * and the config are the protocol's.
 */
export class SourceChecks {
  private readonly ajv = addFormats(new Ajv({ allErrors: false, strict: false }));
  private readonly validators = new WeakMap<AnyHarvester, ValidateFunction>();

  constructor(
    private readonly harvesters: HarvesterLookup,
    private readonly http: Http,
    private readonly guard: AddressGuard = new AddressGuard(),
  ) {}

  /** Refuses non-http(s) URLs and URLs resolving to private addresses (unless allowed). */
  async checkUrl(raw: string): Promise<URL> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw unprocessable('invalid_url', `url "${raw}" is not an absolute URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw unprocessable('invalid_url', `url must be http or https, not ${url.protocol.replace(/:$/, '')}`);
    }
    if (url.username || url.password) {
      throw unprocessable('invalid_url', 'url must not hold a user name or password; give them as `credentials` (stored encrypted, sent to this host only)');
    }
    try {
      await this.guard.check(url);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
        throw unprocessable('invalid_url', `the host ${url.hostname} of url could not be resolved; check the URL`);
      }
      throw unprocessable('address_refused', `url refused: ${describeError(error)}`);
    }
    return url;
  }

  /** The harvester of a protocol given by the operator. */
  harvester(protocol: string): AnyHarvester {
    const harvester = this.harvesters.get(protocol);
    if (harvester) return harvester;
    const known = this.harvesters.ids();
    throw unprocessable(
      'unknown_protocol',
      `unknown protocol "${protocol}"; ${known.length ? `known protocols: ${known.join(', ')}` : 'no protocol is registered on this server'}`,
    );
  }

  /** Asks every harvester whether it speaks the URL's protocol; the most confident one wins. */
  async detect(url: URL): Promise<{ harvester: AnyHarvester; url: string }> {
    const all = this.harvesters.all();
    const best = await detectProtocol(all, url, this.http);
    if (!best) {
      throw unprocessable(
        'protocol_not_detected',
        `could not recognise the protocol of ${url.href}` +
          (all.length ? ` (tried ${all.map((h) => h.id).join(', ')}); give "protocol" explicitly` : '; no protocol is registered on this server'),
      );
    }
    return best;
  }

  checkSchedule(schedule: string | null | undefined): void {
    if (schedule === null || schedule === undefined) return;
    if (!isValidSchedule(schedule)) {
      throw unprocessable(
        'invalid_schedule',
        `schedule "${schedule}" is not a valid cron expression; use 5 fields (minute hour day month weekday), e.g. "0 3 * * *" for every day at 03:00`,
      );
    }
  }

  checkFilters(harvester: AnyHarvester, filters: readonly Filter[] | undefined): void {
    const known = harvester.filters.map((f) => f.key);
    for (const filter of filters ?? []) {
      if (!known.includes(filter.key)) {
        throw unprocessable(
          'unknown_filter',
          `unknown filter key "${filter.key}" for protocol ${harvester.id}; ${known.length ? `known keys: ${known.join(', ')}` : `${harvester.id} takes no filters`}`,
        );
      }
    }
  }

  /** The runner's settings (politeness, incremental…) and the protocol's own, each against its schema. */
  checkConfig(harvester: AnyHarvester, config: Record<string, unknown> | undefined): void {
    const { runner, harvester: own } = splitSourceConfig(config ?? {});
    if (!this.runnerValidator(runner)) {
      throw unprocessable('invalid_config', `invalid config: ${configMessage(this.runnerValidator.errors?.[0], RunnerConfigSchema, '')}`);
    }
    let validate = this.validators.get(harvester);
    if (!validate) {
      validate = this.ajv.compile(harvester.configSchema);
      this.validators.set(harvester, validate);
    }
    if (!validate(own)) {
      const settings = Object.keys(harvester.configSchema.properties);
      const known = `${harvester.id} takes ${settings.length ? settings.join(', ') : 'no settings of its own'}, and any source ${Object.keys(RunnerConfigSchema.properties).join(', ')}`;
      throw unprocessable('invalid_config', `invalid config for protocol ${harvester.id}: ${configMessage(validate.errors?.[0], harvester.configSchema, known)}`);
    }
  }

  private readonly runnerValidator = this.ajv.compile(RunnerConfigSchema);
}

/**
 * Asks every harvester whether it speaks the URL's protocol (all at once); the most confident
 * wins, with the endpoint it found. A harvester that throws counts as a no.
 */
export async function detectProtocol(
  harvesters: readonly AnyHarvester[],
  url: URL,
  http: Http,
): Promise<{ harvester: AnyHarvester; url: string; confidence: number; title?: string } | undefined> {
  const answers = await Promise.all(
    harvesters.map(async (harvester) => ({ harvester, detection: await harvester.detect(url, http).catch(() => null) })),
  );
  let best: { harvester: AnyHarvester; url: string; confidence: number; title?: string } | undefined;
  for (const { harvester, detection } of answers) {
    if (!detection || detection.confidence <= 0) continue;
    if (!best || detection.confidence > best.confidence) {
      best = { harvester, url: detection.url ?? url.href, confidence: detection.confidence, title: detection.title };
    }
  }
  return best;
}

/**
 * `config/pageSize must be <= 1000`; for an unknown field, the fields the object takes (`known`:
 * the protocol's settings and the runner's, at the top level), as an unknown filter key names the known keys.
 */
function configMessage(error: ErrorObject | undefined, schema: SchemaNode, known: string): string {
  if (!error) return 'config does not match the protocol schema';
  const at = `config${error.instancePath}`;
  if (error.keyword === 'additionalProperties') {
    const unknown = `${at} has an unknown field "${String(error.params.additionalProperty)}"`;
    if (error.instancePath === '') return known ? `${unknown}; ${known}` : unknown;
    const fields = Object.keys(propertiesAt(schema, error.instancePath));
    return fields.length ? `${unknown}; known fields: ${fields.join(', ')}` : unknown;
  }
  return `${at} ${error.message ?? 'is not valid'}`;
}

/** What a settings schema is made of, as far as naming its fields goes. */
interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  [keyword: string]: unknown;
}

/** The properties of the object schema at a JSON pointer into the instance (`/politeness`). */
function propertiesAt(schema: SchemaNode, pointer: string): Record<string, SchemaNode> {
  let node: SchemaNode | undefined = schema;
  for (const part of pointer.split('/').slice(1)) node = node?.properties?.[part];
  return node?.properties ?? {};
}
