import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiFailure, type Api, type DatasetDetail } from '../api.js';
import { narrowChain, narrowDuplicates, type Hop, type Role } from '../chain.js';
import { ErrorNote, ExternalLink, Heading, Loading } from '../components.js';
import { formatDate, pickText, prettyRecord, type Text } from '../format.js';
import { useLoad } from '../hooks.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { href } from '../router.js';

/** The slice of the DCAT-AP `Dataset` (packages/core/src/model.ts) this page shows. */
interface Concept {
  uri?: string;
  label?: Text[];
}
interface DcatDataset {
  title?: Text[];
  description?: Text[];
  keywords?: Text[];
  themes?: Concept[];
  publisher?: { name?: Text[]; homepage?: string };
  license?: { uri?: string; label?: string };
  issued?: string;
  modified?: string;
  identifiers?: string[];
  landingPages?: string[];
  languages?: string[];
  spatial?: Array<{ label?: Text[]; uri?: string; bbox?: number[] }>;
  temporal?: Array<{ start?: string; end?: string }>;
  accrualPeriodicity?: Concept;
  contactPoints?: Array<{ name?: string; email?: string; organisation?: string }>;
  distributions?: Array<{ title?: Text[]; format?: Concept; mediaType?: string; accessURL?: string[]; downloadURL?: string[]; license?: { uri?: string; label?: string } }>;
}

export function DatasetPage({ api, id }: { api: Api; id: string }) {
  const { t, lang } = useI18n();
  const detail = useLoad(() => api.dataset(id), [api, id]);

  if (detail.error) return <ErrorNote error={detail.error} />;
  if (!detail.data) return <Loading />;
  const d = detail.data;
  const dataset = (d.dataset ?? {}) as DcatDataset;
  const duplicates = narrowDuplicates(d);

  return (
    <article>
      <Heading>{pickText(dataset.title, lang) ?? d.remoteId}</Heading>
      <p class="muted">
        {t('source')}: <a href={href.source(d.source.id)}>{d.source.name}</a> · <code>{d.source.protocol}</code> ·{' '}
        <a href={`${api.base}/api/datasets/${encodeURIComponent(d.id)}`}>{t('openApi')}</a>
      </p>
      <Chain chain={d.chain} />
      {duplicates.length > 0 && (
        <section aria-labelledby="duplicates-title">
          <h2 id="duplicates-title">{t('duplicates')}</h2>
          <ul>
            {duplicates.map((dup) => (
              <li key={dup.id}>
                <a href={href.dataset(dup.id)}>{dup.title ?? dup.id}</a>
                {dup.sourceName && <span class="muted"> — {dup.sourceName}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <Fields detail={d} dataset={dataset} />
      <Raw api={api} id={d.id} />
    </article>
  );
}

const ROLE_KEYS: Record<Role, MessageKey> = {
  origin: 'roleOrigin',
  intermediate: 'roleIntermediate',
  source: 'roleSource',
  moisson: 'roleMoisson',
};

/** The chain as an ordered list of hops, producer first, joined by arrows. */
function Chain({ chain }: { chain: unknown[] }) {
  const { t, lang } = useI18n();
  const hops = narrowChain(chain, lang);
  return (
    <section aria-labelledby="chain-title" class="chain-section">
      <h2 id="chain-title">{t('chainTitle')}</h2>
      <p class="help" id="chain-help">
        {t('chainHelp')}
      </p>
      <ol class="chain" aria-describedby="chain-help" data-testid="chain">
        {hops.map((hop, i) => (
          <HopCard key={i} hop={hop} n={i + 1} />
        ))}
      </ol>
    </section>
  );
}

function HopCard({ hop, n }: { hop: Hop; n: number }) {
  const { t, lang } = useI18n();
  return (
    <li class={`hop role-${hop.role}`} data-role={hop.role}>
      <div class="hop-head">
        <span class="visually-hidden">{t('hop', { n })}: </span>
        <span class="role">{t(ROLE_KEYS[hop.role])}</span>
        {hop.protocol && <code class="protocol">{hop.protocol}</code>}
      </div>
      <div class="hop-title">{hop.catalogUrl ? <ExternalLink href={hop.catalogUrl}>{hop.catalogTitle ?? hop.catalogUrl}</ExternalLink> : (hop.catalogTitle ?? '—')}</div>
      <dl>
        {hop.recordId && (
          <>
            <dt>{t('recordId')}</dt>
            <dd>{hop.recordUrl ? <ExternalLink href={hop.recordUrl}>{hop.recordId}</ExternalLink> : <code>{hop.recordId}</code>}</dd>
          </>
        )}
        {!hop.recordId && hop.recordUrl && (
          <>
            <dt>{t('record')}</dt>
            <dd>
              <ExternalLink href={hop.recordUrl} />
            </dd>
          </>
        )}
        {hop.publisher && (
          <>
            <dt>{t('publisher')}</dt>
            <dd>{hop.publisher}</dd>
          </>
        )}
        {hop.modified && (
          <>
            <dt>{t('modified')}</dt>
            <dd>{formatDate(hop.modified, lang)}</dd>
          </>
        )}
        {hop.harvestedAt && (
          <>
            <dt>{t('harvestedAt')}</dt>
            <dd>{formatDate(hop.harvestedAt, lang)}</dd>
          </>
        )}
      </dl>
    </li>
  );
}

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

const conceptLabel = (c: Concept, lang: 'en' | 'fr') => pickText(c.label, lang) ?? c.uri ?? '—';

function Fields({ detail, dataset: ds }: { detail: DatasetDetail; dataset: DcatDataset }) {
  const { t, lang } = useI18n();
  const description = pickText(ds.description, lang);
  const keywords = (ds.keywords ?? []).filter((k) => !k.lang || k.lang.startsWith(lang) || !ds.keywords?.some((o) => o.lang?.startsWith(lang)));
  return (
    <section aria-labelledby="fields-title">
      <h2 id="fields-title">{t('dcatFields')}</h2>
      {description && <p class="description">{description}</p>}
      <dl class="facts">
        {ds.publisher?.name && <Row label={t('publisher')}>{pickText(ds.publisher.name, lang)}</Row>}
        {keywords.length > 0 && (
          <Row label={t('keywords')}>
            {keywords.map((k, i) => (
              <span key={i} class="badge">
                {k.value}
              </span>
            ))}
          </Row>
        )}
        {ds.themes && ds.themes.length > 0 && <Row label={t('themes')}>{ds.themes.map((c) => conceptLabel(c, lang)).join(', ')}</Row>}
        {ds.license && <Row label={t('license')}>{ds.license.uri ? <ExternalLink href={ds.license.uri}>{ds.license.label ?? ds.license.uri}</ExternalLink> : ds.license.label}</Row>}
        {ds.issued && <Row label={t('issued')}>{formatDate(ds.issued, lang)}</Row>}
        {ds.modified && <Row label={t('modified')}>{formatDate(ds.modified, lang)}</Row>}
        {ds.accrualPeriodicity && <Row label={t('frequency')}>{conceptLabel(ds.accrualPeriodicity, lang)}</Row>}
        {ds.identifiers && ds.identifiers.length > 0 && <Row label={t('identifiers')}>{ds.identifiers.join(', ')}</Row>}
        {ds.landingPages && ds.landingPages.length > 0 && (
          <Row label={t('landingPages')}>
            {ds.landingPages.map((url) => (
              <div key={url}>
                <ExternalLink href={url} />
              </div>
            ))}
          </Row>
        )}
        {ds.languages && ds.languages.length > 0 && <Row label={t('languages')}>{ds.languages.map((l) => l.split('/').pop()).join(', ')}</Row>}
        {ds.spatial && ds.spatial.length > 0 && (
          <Row label={t('spatial')}>{ds.spatial.map((s) => pickText(s.label, lang) ?? s.uri ?? s.bbox?.join(', ')).filter(Boolean).join('; ')}</Row>
        )}
        {ds.temporal && ds.temporal.length > 0 && <Row label={t('temporal')}>{ds.temporal.map((p) => `${p.start ?? '…'} – ${p.end ?? '…'}`).join('; ')}</Row>}
        {ds.contactPoints && ds.contactPoints.length > 0 && (
          <Row label={t('contactPoints')}>{ds.contactPoints.map((c) => [c.name ?? c.organisation, c.email].filter(Boolean).join(' ')).join('; ')}</Row>
        )}
        <Row label={t('firstSeen')}>{formatDate(detail.firstSeen, lang)}</Row>
        <Row label={t('lastChanged')}>{formatDate(detail.lastChanged, lang)}</Row>
        <Row label={t('lastSeen')}>{formatDate(detail.lastSeen, lang)}</Row>
      </dl>
      {ds.distributions && ds.distributions.length > 0 && (
        <>
          <h3>{t('distributions')}</h3>
          <table class="distributions">
            <thead>
              <tr>
                <th scope="col">{t('title')}</th>
                <th scope="col">{t('format')}</th>
                <th scope="col">{t('access')}</th>
              </tr>
            </thead>
            <tbody>
              {ds.distributions.map((dist, i) => {
                const url = dist.downloadURL?.[0] ?? dist.accessURL?.[0];
                return (
                  <tr key={i}>
                    <td>{pickText(dist.title, lang) ?? '—'}</td>
                    <td>{dist.format ? conceptLabel(dist.format, lang) : (dist.mediaType ?? '—')}</td>
                    <td>{url ? <ExternalLink href={url}>{dist.downloadURL?.[0] ? t('download') : t('access')}</ExternalLink> : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** The original record, fetched on demand: it can be large. Shown as text, never as markup. */
function Raw({ api, id }: { api: Api; id: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const raw = useLoad(() => (open ? api.raw(id) : Promise.resolve(undefined)), [api, id, open]);
  return (
    <section aria-labelledby="raw-title">
      <h2 id="raw-title">{t('rawTitle')}</h2>
      {!open && (
        <button type="button" aria-expanded="false" aria-controls="raw-record" onClick={() => setOpen(true)}>
          {t('rawShow')}
        </button>
      )}
      {open && raw.loading && <Loading />}
      {open && raw.error && (raw.error instanceof ApiFailure && raw.error.status === 404 ? <p>{t('rawNone')}</p> : <ErrorNote error={raw.error} />)}
      {open && raw.data && (
        <>
          <p class="muted small">
            <code>{raw.data.mediaType}</code>
          </p>
          <pre id="raw-record" class="raw" tabIndex={0} data-testid="raw-record">
            {prettyRecord(raw.data.text, raw.data.mediaType)}
          </pre>
        </>
      )}
    </section>
  );
}
