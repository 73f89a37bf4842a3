import { MoissonError, type Detection, type Http, type JsonValue } from '@moisson/core';
import { choosePrefix } from './config.js';
import { requestOai } from './fetch.js';
import { baseUrl, identifyUrl, listMetadataFormatsUrl } from './request.js';
import type { IdentifyInfo, MetadataFormat } from './response.js';

/** The repository's `Identify` answer, or undefined when the URL does not answer one. */
export async function identify(http: Http, base: string): Promise<IdentifyInfo | undefined> {
  const response = await requestOai(http, identifyUrl(base));
  return response.kind === 'identify' ? response.identify : undefined;
}

/** The formats the repository disseminates (`ListMetadataFormats`). */
export async function listMetadataFormats(http: Http, base: string): Promise<MetadataFormat[] | undefined> {
  const response = await requestOai(http, listMetadataFormatsUrl(base));
  return response.kind === 'formats' ? response.formats : undefined;
}

async function quietly<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    // Any refusal (HTTP error, not XML, OAI error) only means "not this": detection never throws.
    if (error instanceof MoissonError) return undefined;
    throw error;
  }
}

/**
 * Is this an OAI-PMH repository? `?verb=Identify` on the URL with its OAI arguments removed;
 * the formats (`ListMetadataFormats`) and the prefix moisson would pick go in `details`.
 */
export async function detectOai(url: URL, http: Http): Promise<Detection | null> {
  const base = baseUrl(url);
  const info = await quietly(() => identify(http, base));
  if (!info) return null;
  const details: Record<string, JsonValue> = {};
  for (const field of ['baseURL', 'protocolVersion', 'earliestDatestamp', 'deletedRecord', 'granularity'] as const) {
    const value = info[field];
    if (value) details[field] = value;
  }
  if (info.adminEmails.length > 0) details['adminEmails'] = info.adminEmails;
  const formats = await quietly(() => listMetadataFormats(http, base));
  if (formats) {
    details['metadataFormats'] = formats.map((f) => ({ ...f }));
    const best = choosePrefix(formats.map((f) => f.metadataPrefix));
    if (best) details['metadataPrefix'] = best;
  }
  const detection: Detection = { protocol: 'oai', confidence: info.protocolVersion === '2.0' ? 1 : 0.8, url: base, details };
  if (info.repositoryName) detection.title = info.repositoryName;
  return detection;
}
