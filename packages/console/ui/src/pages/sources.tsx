import { useState } from 'preact/hooks';
import type { Api, SourceSummary } from '../api.js';
import { ErrorNote, Heading, Loading, StatusBadge } from '../components.js';
import { nextRun } from '../cron.js';
import { formatDate } from '../format.js';
import { useLoad } from '../hooks.js';
import { useI18n } from '../i18n.js';
import { href } from '../router.js';

/** What the operator sees first: every source, how its last run went, and the buttons to act. */
export function SourcesPage({ api }: { api: Api }) {
  const { t } = useI18n();
  const sources = useLoad(() => api.sources(), [api]);
  const [notice, setNotice] = useState<string>();
  const [failure, setFailure] = useState<Error>();

  return (
    <section>
      <div class="page-head">
        <Heading>{t('sourcesTitle')}</Heading>
        <a class="button primary" href={href.newSource()}>
          {t('addSource')}
        </a>
      </div>
      <p role="status" class="notice">
        {notice}
      </p>
      {failure && <ErrorNote error={failure} />}
      {sources.error && <ErrorNote error={sources.error} />}
      {sources.loading && !sources.data && <Loading />}
      {sources.data?.length === 0 && <p>{t('noSources')}</p>}
      {sources.data && sources.data.length > 0 && (
        <SourcesTable
          api={api}
          sources={sources.data}
          onChanged={(message) => {
            setFailure(undefined);
            setNotice(message);
            sources.reload();
          }}
          onFailed={setFailure}
        />
      )}
    </section>
  );
}

interface TableProps {
  api: Api;
  sources: SourceSummary[];
  onChanged: (message: string) => void;
  onFailed: (error: Error) => void;
}

function SourcesTable({ api, sources, onChanged, onFailed }: TableProps) {
  const { t, lang } = useI18n();
  const now = new Date();
  const act = (work: () => Promise<string>) => work().then(onChanged, onFailed);

  return (
    <table class="sources">
      <caption class="visually-hidden">{t('sourcesTitle')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('name')}</th>
          <th scope="col">{t('protocol')}</th>
          <th scope="col">{t('schedule')}</th>
          <th scope="col">{t('lastRun')}</th>
          <th scope="col">{t('nextRun')}</th>
          <th scope="col" class="num">
            {t('datasets')}
          </th>
          <th scope="col">{t('actions')}</th>
        </tr>
      </thead>
      <tbody>
        {sources.map((source) => {
          const next = source.enabled && source.schedule ? nextRun(source.schedule, now) : undefined;
          return (
            <tr key={source.id} data-source-id={source.id}>
              <th scope="row">
                <a href={href.source(source.id)}>{source.name}</a>
                <div class="muted small">{source.url}</div>
              </th>
              <td>
                <code>{source.protocol}</code>
              </td>
              <td>{source.schedule ? <code>{source.schedule}</code> : <span class="muted">{t('manualOnly')}</span>}</td>
              <td>
                {source.lastJob ? (
                  <a href={href.run(source.lastJob.id)}>
                    <StatusBadge status={source.lastJob.status} /> {formatDate(source.lastJob.finishedAt ?? source.lastJob.createdAt, lang)}
                  </a>
                ) : (
                  <span class="muted">{t('never')}</span>
                )}
              </td>
              <td>{!source.enabled ? <span class="badge paused">{t('paused')}</span> : next ? formatDate(next.toISOString(), lang) : '—'}</td>
              <td class="num">
                <a href={href.datasets(new URLSearchParams({ source: source.id }))}>{source.datasets.active}</a>
                {source.datasets.archived > 0 && (
                  <div class="muted small">
                    +{source.datasets.archived} {t('archived')}
                  </div>
                )}
              </td>
              <td class="actions">
                <button
                  type="button"
                  aria-label={`${t('runNow')}: ${source.name}`}
                  onClick={() =>
                    act(async () => {
                      const { jobId } = await api.harvest(source.id);
                      location.hash = href.run(jobId);
                      return t('runStarted', { name: source.name });
                    })
                  }
                >
                  {t('runNow')}
                </button>
                <button
                  type="button"
                  aria-label={`${source.enabled ? t('pause') : t('resume')}: ${source.name}`}
                  aria-pressed={!source.enabled}
                  onClick={() =>
                    act(async () => {
                      await api.updateSource(source.id, { enabled: !source.enabled });
                      return t(source.enabled ? 'sourcePaused' : 'sourceResumed', { name: source.name });
                    })
                  }
                >
                  {source.enabled ? t('pause') : t('resume')}
                </button>
                <a class="button" href={href.editSource(source.id)} aria-label={`${t('edit')}: ${source.name}`}>
                  {t('edit')}
                </a>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
