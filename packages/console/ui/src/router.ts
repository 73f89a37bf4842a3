/** Hash routes: the server serves one file, and a reload or a shared link lands on the same page. */
export type Route =
  | { page: 'sources' }
  | { page: 'new-source' }
  | { page: 'source'; id: string }
  | { page: 'edit-source'; id: string }
  | { page: 'run'; id: string }
  | { page: 'datasets'; query: URLSearchParams }
  | { page: 'dataset'; id: string }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [head, id, tail] = parts;
  if (parts.length === 0 || (head === 'sources' && parts.length === 1)) return { page: 'sources' };
  if (head === 'sources' && id === 'new' && parts.length === 2) return { page: 'new-source' };
  if (head === 'sources' && id && parts.length === 2) return { page: 'source', id };
  if (head === 'sources' && id && tail === 'edit' && parts.length === 3) return { page: 'edit-source', id };
  if (head === 'runs' && id && parts.length === 2) return { page: 'run', id };
  if (head === 'datasets' && parts.length === 1) return { page: 'datasets', query: new URLSearchParams(search) };
  if (head === 'datasets' && id && parts.length === 2) return { page: 'dataset', id };
  return { page: 'not-found', path };
}

export const href = {
  sources: () => '#/sources',
  newSource: () => '#/sources/new',
  source: (id: string) => `#/sources/${encodeURIComponent(id)}`,
  editSource: (id: string) => `#/sources/${encodeURIComponent(id)}/edit`,
  run: (id: string) => `#/runs/${encodeURIComponent(id)}`,
  datasets: (query?: URLSearchParams) => (query && [...query.keys()].length ? `#/datasets?${query.toString()}` : '#/datasets'),
  dataset: (id: string) => `#/datasets/${encodeURIComponent(id)}`,
};
