import { readFileSync } from 'node:fs';
import type { FixtureReply, FixtureRequest, FixtureServer } from '../../../test/support/fixture-server.js';
import { xml } from '../../../test/support/fixture-server.js';

/** A fixture file of this package, as text. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}

/** An OAI-PMH error envelope, as repositories send it (HTTP 200). */
export function oaiError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
  <responseDate>2025-03-04T10:16:00Z</responseDate>
  <request>https://repository.example/oai</request>
  <error code="${code}">${message}</error>
</OAI-PMH>`;
}

/**
 * What an OAI-PMH repository answers. `first` answers a `ListRecords` without token (a function
 * of the set, from and until when the test needs them); `tokens` maps each resumption token to
 * the page it returns. An unknown token gets `badResumptionToken`, a request mixing
 * `resumptionToken` with other arguments gets `badArgument` (as OAI-PMH 2.0 §3.5 requires).
 */
export interface OaiPages {
  identify?: string;
  formats?: string;
  first?: string | ((args: { metadataPrefix?: string; set?: string; from?: string; until?: string }) => string | FixtureReply);
  tokens?: Record<string, string | FixtureReply>;
}

function reply(body: string | FixtureReply): FixtureReply {
  return typeof body === 'string' ? xml(body) : body;
}

/** Serves a repository at `path` (default `/oai`); returns its base URL. */
export function serveOai(server: FixtureServer, pages: OaiPages, path = '/oai'): string {
  server.route(path, (request: FixtureRequest): FixtureReply => {
    const q = request.url.searchParams;
    const verb = q.get('verb');
    if (verb === 'Identify') return pages.identify ? xml(pages.identify) : xml(oaiError('badVerb', 'Identify is not served here'));
    if (verb === 'ListMetadataFormats') return pages.formats ? xml(pages.formats) : xml(oaiError('noMetadataFormats', 'none'));
    if (verb !== 'ListRecords') return xml(oaiError('badVerb', `Illegal OAI verb: ${verb ?? ''}`));
    const token = q.get('resumptionToken');
    if (token !== null) {
      if ([...q.keys()].some((key) => key !== 'verb' && key !== 'resumptionToken')) {
        return xml(oaiError('badArgument', 'resumptionToken is an exclusive argument'));
      }
      const page = pages.tokens?.[token];
      return page ? reply(page) : xml(oaiError('badResumptionToken', 'The value of the resumptionToken argument is invalid or expired.'));
    }
    if (!pages.first) return xml(oaiError('noRecordsMatch', 'empty'));
    const args = {
      ...(q.get('metadataPrefix') ? { metadataPrefix: q.get('metadataPrefix') as string } : {}),
      ...(q.get('set') ? { set: q.get('set') as string } : {}),
      ...(q.get('from') ? { from: q.get('from') as string } : {}),
      ...(q.get('until') ? { until: q.get('until') as string } : {}),
    };
    return reply(typeof pages.first === 'function' ? pages.first(args) : pages.first);
  });
  return server.at(path);
}

/** The four-page oai_dc chain (8 records listed, one deleted, one untitled) keyed as `serveOai` takes it. */
export function fourPageChain(): OaiPages {
  return {
    identify: fixture('identify.xml'),
    formats: fixture('list-metadata-formats.xml'),
    first: fixture('oai-dc-page-1.xml'),
    tokens: {
      'oai_dc/2025-03-04/biodiversity/2': fixture('oai-dc-page-2.xml'),
      'oai_dc/2025-03-04/biodiversity/4': fixture('oai-dc-page-3.xml'),
      'oai_dc/2025-03-04/biodiversity/6': fixture('oai-dc-page-4.xml'),
    },
  };
}
