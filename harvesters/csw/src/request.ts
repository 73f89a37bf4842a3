import { SourceConfigError } from '@moisson/core';
import type { ResolvedCswConfig } from './config.js';
import type { Constraint } from './filter.js';
import { element, type Raw } from './xml-write.js';

const CSW_NS = 'http://www.opengis.net/cat/csw/2.0.2';
const TYPE_NAMESPACES: Record<string, string> = {
  csw: CSW_NS,
  gmd: 'http://www.isotc211.org/2005/gmd',
  gmi: 'http://www.isotc211.org/2005/gmi',
  dcat: 'http://www.w3.org/ns/dcat#',
};

export interface GetRecordsRequest {
  start: number;
  config: ResolvedCswConfig;
  constraint?: Constraint;
}

function typeNamespace(typeNames: string): [string, string] {
  const prefix = typeNames.split(':')[0] as string;
  const uri = TYPE_NAMESPACES[prefix];
  if (!uri) throw new SourceConfigError(`unknown namespace prefix in typeNames ${typeNames} (known: ${Object.keys(TYPE_NAMESPACES).join(', ')})`, 'typeNames');
  return [prefix, uri];
}

/** The GetRecords POST body (CSW 2.0.2, `resultType=results`, `ElementSetName full`). */
export function getRecordsXml({ start, config, constraint }: GetRecordsRequest): string {
  const [prefix, uri] = typeNamespace(config.typeNames);
  const query: Raw[] = [element('csw:ElementSetName', {}, 'full')];
  if (constraint?.language === 'FILTER') query.push(element('csw:Constraint', { version: '1.1.0' }, { xml: constraint.xml }));
  if (constraint?.language === 'CQL_TEXT') query.push(element('csw:Constraint', { version: '1.1.0' }, element('csw:CqlText', {}, constraint.text)));
  if (config.sortById) {
    query.push(element('ogc:SortBy', {}, element('ogc:SortProperty', {}, element('ogc:PropertyName', {}, 'apiso:Identifier'), element('ogc:SortOrder', {}, 'ASC'))));
  }
  const namespaces: Record<string, string> = {
    'xmlns:csw': CSW_NS,
    'xmlns:ogc': 'http://www.opengis.net/ogc',
    'xmlns:gml': 'http://www.opengis.net/gml',
    'xmlns:ows': 'http://www.opengis.net/ows',
    'xmlns:apiso': 'http://www.opengis.net/cat/csw/apiso/1.0',
  };
  namespaces[`xmlns:${prefix}`] = uri;
  const request = element(
    'csw:GetRecords',
    {
      ...namespaces,
      service: 'CSW',
      version: '2.0.2',
      resultType: 'results',
      startPosition: start,
      maxRecords: config.pageSize,
      outputFormat: 'application/xml',
      outputSchema: config.outputSchema,
    },
    element('csw:Query', { typeNames: config.typeNames }, ...query),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${request.xml}`;
}

/** The same request as GET key-value pairs on the endpoint (existing query parameters kept). */
export function getRecordsUrl(endpoint: string, { start, config, constraint }: GetRecordsRequest): string {
  const [prefix, uri] = typeNamespace(config.typeNames);
  const url = new URL(endpoint);
  const ours = /^(service|version|request|typenames|namespace|resulttype|elementsetname|outputschema|outputformat|startposition|maxrecords|sortby|constraintlanguage|constraint_language_version|constraint)$/i;
  for (const key of [...url.searchParams.keys()]) if (ours.test(key)) url.searchParams.delete(key);
  const params = url.searchParams;
  params.set('service', 'CSW');
  params.set('version', '2.0.2');
  params.set('request', 'GetRecords');
  params.set('typeNames', config.typeNames);
  params.set('namespace', `xmlns(${prefix}=${uri})`);
  params.set('resultType', 'results');
  params.set('elementSetName', 'full');
  params.set('outputSchema', config.outputSchema);
  params.set('startPosition', String(start));
  params.set('maxRecords', String(config.pageSize));
  if (config.sortById) params.set('sortBy', 'apiso:Identifier:A');
  if (constraint) {
    params.set('constraintLanguage', constraint.language);
    params.set('constraint_language_version', '1.1.0');
    params.set('constraint', constraint.language === 'FILTER' ? constraint.xml : constraint.text);
  }
  return url.href;
}
