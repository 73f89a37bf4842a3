import { useState } from 'preact/hooks';
import type { Api } from '../api.js';
import { ErrorNote, Heading, Loading } from '../components.js';
import { narrowFacets } from '../facets.js';
import { formatDate } from '../format.js';
import { useLoad } from '../hooks.js';
import { useI18n } from '../i18n.js';
import { href } from '../router.js';

const PAGE_SIZE = 20;
/** Query parameters the console itself sets; every other declared one may come from a facet. */
const OWN_PARAMS = new Set(['q', 'source', 'status', 'page', 'pageSize']);

/** The datasets, by source and status; search and facets appear when the public API offers them. */
export function DatasetsPage({ api, query }: { api: Api; query: URLSearchParams }) {
  const { t, lang } = useI18n();
  const params = useLoad(() => api.datasetQueryParams(), [api]);
  const sources = useLoad(() => api.sources(), [api]);
  const key = query.toString();
  const list = useLoad(() => {
    const q = new URLSearchParams(query);
    q.set('pageSize', String(PAGE_SIZE));
    return api.datasets(q);
  }, [api, key]);
  const [q, setQ] = useState(query.get('q') ?? '');

  const go = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(query);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    if (!('page' in changes)) next.delete('page');
    location.hash = href.datasets(next);
  };

  const declared = params.data ?? new Set<string>();
  const page = Number(query.get('page') ?? '1') || 1;
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1;
  const facets = narrowFacets(list.data?.facets);
  const activeFacets = [...query.entries()].filter(([name]) => !OWN_PARAMS.has(name));

  return (
    <section>
      <Heading>{t('datasetsTitle')}</Heading>
      <form
        class="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: q.trim() || undefined });
        }}
      >
        {declared.has('q') && (
          <>
            <label for="search-q">{t('search')}</label>
            <input id="search-q" type="search" placeholder={t('searchPlaceholder')} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
          </>
        )}
        <label for="search-source">{t('source')}</label>
        <select id="search-source" value={query.get('source') ?? ''} onChange={(e) => go({ source: e.currentTarget.value || undefined })}>
          <option value="">{t('allSources')}</option>
          {sources.data?.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <label for="search-status">{t('statusFilter')}</label>
        <select id="search-status" value={query.get('status') ?? 'active'} onChange={(e) => go({ status: e.currentTarget.value === 'active' ? undefined : e.currentTarget.value })}>
          <option value="active">{t('active')}</option>
          <option value="archived">{t('archived')}</option>
          <option value="all">{t('all')}</option>
        </select>
        {declared.has('q') && <button type="submit">{t('search')}</button>}
      </form>
      {activeFacets.length > 0 && (
        <p class="active-facets">
          {activeFacets.map(([name, value]) => (
            <button key={`${name}=${value}`} type="button" class="badge" aria-label={t('clearFacet', { name: `${name}: ${value}` })} onClick={() => go({ [name]: undefined })}>
              {name}: {value} ×
            </button>
          ))}
        </p>
      )}
      {list.error && <ErrorNote error={list.error} />}
      {!list.data && list.loading && <Loading />}
      {list.data && (
        <div class={facets.length ? 'with-facets' : undefined}>
          {facets.length > 0 && (
            <aside aria-label={t('facets')} class="facets">
              <h2>{t('facets')}</h2>
              {facets.map((facet) => (
                <section key={facet.field}>
                  <h3>{facet.field}</h3>
                  <ul>
                    {facet.buckets.slice(0, 10).map((b) => (
                      <li key={b.value}>
                        {declared.has(facet.field) ? (
                          <a href={href.datasets(withParam(query, facet.field, b.value))} aria-current={query.get(facet.field) === b.value ? 'true' : undefined}>
                            {b.label}
                          </a>
                        ) : (
                          b.label
                        )}{' '}
                        <span class="muted">({b.count})</span>
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </aside>
          )}
          <div>
            <p role="status">{t('results', { total: list.data.total })}</p>
            {list.data.items.length === 0 ? (
              <p>{t('noDatasets')}</p>
            ) : (
              <table class="datasets">
                <thead>
                  <tr>
                    <th scope="col">{t('title')}</th>
                    <th scope="col">{t('source')}</th>
                    <th scope="col">{t('modified')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.items.map((d) => (
                    <tr key={d.id}>
                      <th scope="row">
                        <a href={href.dataset(d.id)}>{d.title || d.remoteId}</a>
                        {d.status === 'archived' && <span class="badge paused"> {t('archived')}</span>}
                      </th>
                      <td>
                        <a href={href.source(d.source.id)}>{d.source.name}</a>
                      </td>
                      <td>{formatDate(d.modified, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {pages > 1 && (
              <nav class="pager" aria-label={t('pageOf', { page, pages })}>
                <button type="button" disabled={page <= 1} onClick={() => go({ page: String(page - 1) })}>
                  {t('previous')}
                </button>
                <span>{t('pageOf', { page, pages })}</span>
                <button type="button" disabled={page >= pages} onClick={() => go({ page: String(page + 1) })}>
                  {t('next')}
                </button>
              </nav>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

function withParam(query: URLSearchParams, name: string, value: string): URLSearchParams {
  const next = new URLSearchParams(query);
  next.set(name, value);
  next.delete('page');
  return next;
}
