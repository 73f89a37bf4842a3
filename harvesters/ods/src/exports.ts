import { emptyDistribution, extensionOf, isHttpUrl, resolveFormat, type Distribution, type License } from '@moisson/core';
import { isObject, num, str } from './json.js';
import type { OdsView } from './metas.js';

/** Exports every dataset with records offers; geo ones need the `geo` feature. */
const TABULAR_EXPORTS = ['csv', 'json', 'xlsx', 'parquet'] as const;
const GEO_EXPORTS = ['geojson', 'shp', 'kml'] as const;
/** v1 portals predate Parquet and XLSX exports. */
const V1_TABULAR_EXPORTS = ['csv', 'json', 'xls'] as const;
/** ODS cuts shapefile exports above this many records (udata-ods refused them past it too). */
export const SHAPEFILE_RECORDS_LIMIT = 50_000;

const LABELS: Record<string, string> = { csv: 'CSV', json: 'JSON', xlsx: 'Excel (XLSX)', xls: 'Excel (XLS)', parquet: 'Parquet', geojson: 'GeoJSON', shp: 'Shapefile', kml: 'KML' };

export interface ExportContext {
  portal: string;
  view: OdsView;
  license?: License;
  modified?: string;
}

/** The export formats a dataset offers, in a stable order. */
export function exportFormats(view: OdsView): string[] {
  if (!view.hasRecords) return [];
  const formats: string[] = [...(view.api === 'v1' ? V1_TABULAR_EXPORTS : TABULAR_EXPORTS)];
  if (view.features.includes('geo')) {
    const records = num(view.def['records_count']);
    for (const format of GEO_EXPORTS) {
      if (format === 'shp' && records !== undefined && records > SHAPEFILE_RECORDS_LIMIT) continue;
      formats.push(format);
    }
  }
  return formats;
}

export function exportUrl(portal: string, view: OdsView, format: string): string {
  const id = encodeURIComponent(view.id);
  return view.api === 'v1'
    ? `${portal}/api/records/1.0/download/?dataset=${id}&format=${format}`
    : `${portal}/api/explore/v2.1/catalog/datasets/${id}/exports/${format}`;
}

/** One distribution per export format, then one per attachment and alternative export. */
export function distributions(ctx: ExportContext): Distribution[] {
  const out: Distribution[] = exportFormats(ctx.view).map((format) => {
    const url = exportUrl(ctx.portal, ctx.view, format);
    const { format: concept, mediaType } = resolveFormat(format === 'shp' ? 'shapefile' : format);
    return finish(ctx, {
      ...emptyDistribution(),
      remoteId: `export:${format}`,
      title: [{ value: `Export ${LABELS[format] ?? format.toUpperCase()}` }],
      accessURL: [url],
      downloadURL: [url],
      ...(concept ? { format: concept } : {}),
      ...(mediaType ? { mediaType } : {}),
    });
  });
  for (const kind of ['alternative_exports', 'attachments'] as const) {
    const files = ctx.view.dataset[kind];
    if (!Array.isArray(files)) continue;
    for (const file of files) {
      const d = fileDistribution(ctx, kind, file);
      if (d) out.push(d);
    }
  }
  return out;
}

/** An attachment or alternative export: ODS gives an `odsfile://` URL, the API serves it by id. */
function fileDistribution(ctx: ExportContext, kind: 'attachments' | 'alternative_exports', file: unknown): Distribution | undefined {
  if (!isObject(file)) return undefined;
  const id = str(file['id']);
  const href = [file['href'], file['url']].find(isHttpUrl);
  if (!id && !href) return undefined;
  const base = ctx.view.api === 'v1' ? `${ctx.portal}/api/datasets/1.0/${encodeURIComponent(ctx.view.id)}` : `${ctx.portal}/api/explore/v2.1/catalog/datasets/${encodeURIComponent(ctx.view.id)}`;
  const url = href ?? `${base}/${kind}/${encodeURIComponent(id as string)}`;
  const title = str(file['title']) ?? id ?? url;
  const source = str(file['url']) ?? title;
  const ext = extensionOf(source.replace(/^odsfile:\/\//, 'http://x/')) ?? extensionOf(url);
  const { format, mediaType } = resolveFormat(str(file['mimetype']), ext);
  const description = str(file['description']);
  return finish(ctx, {
    ...emptyDistribution(),
    remoteId: `${kind === 'attachments' ? 'attachment' : 'alternative_export'}:${id ?? url}`,
    title: [{ value: title }],
    description: description ? [{ value: description }] : [],
    accessURL: [url],
    downloadURL: [url],
    ...(format ? { format } : {}),
    ...(mediaType ? { mediaType } : {}),
  });
}

function finish(ctx: ExportContext, d: Distribution): Distribution {
  if (ctx.license) d.license = ctx.license;
  if (ctx.modified) d.modified = ctx.modified;
  return d;
}
