import { useState } from 'preact/hooks';
import type { Api } from '../api.js';
import { RunsChart } from '../chart.js';
import { ErrorNote, ExternalLink, Heading, Loading, StatusBadge } from '../components.js';
import { nextRun } from '../cron.js';
import { formatDate, formatDuration, runDuration } from '../format.js';
import { useLoad } from '../hooks.js';
import { useI18n } from '../i18n.js';
import { href } from '../router.js';

/** A source: its settings, the chart of its last runs, the runs, and run / pause / edit / delete. */
export function SourcePage({ api, id }: { api: Api; id: string }) {
  const { t, lang } = useI18n();
  const source = useLoad(() => api.source(id), [api, id]);
  const jobs = useLoad(() => api.jobs(id, 30), [api, id]);
  const [error, setError] = useState<Error>();
  const [notice, setNotice] = useState<string>();

  if (source.error) return <ErrorNote error={source.error} />;
  if (!source.data) return <Loading />;
  const s = source.data;
  const next = s.enabled && s.schedule ? nextRun(s.schedule, new Date()) : undefined;

  const act = async (work: () => Promise<void>) => {
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e as Error);
    }
  };

  return (
    <section>
      <Heading>{s.name}</Heading>
      <div class="buttons">
        <button
          type="button"
          class="primary"
          onClick={() =>
            act(async () => {
              const { jobId } = await api.harvest(s.id);
              location.hash = href.run(jobId);
            })
          }
        >
          {t('runNow')}
        </button>
        <button
          type="button"
          aria-pressed={!s.enabled}
          onClick={() =>
            act(async () => {
              await api.updateSource(s.id, { enabled: !s.enabled });
              setNotice(t(s.enabled ? 'sourcePaused' : 'sourceResumed', { name: s.name }));
              source.reload();
            })
          }
        >
          {s.enabled ? t('pause') : t('resume')}
        </button>
        <a class="button" href={href.editSource(s.id)}>
          {t('edit')}
        </a>
        <a class="button" href={href.datasets(new URLSearchParams({ source: s.id }))}>
          {t('seeDatasets')}
        </a>
        <button
          type="button"
          class="danger"
          onClick={() =>
            confirm(t('confirmDelete', { name: s.name })) &&
            act(async () => {
              await api.deleteSource(s.id);
              location.hash = href.sources();
            })
          }
        >
          {t('delete')}
        </button>
      </div>
      <p role="status" class="notice">
        {notice}
      </p>
      {error && <ErrorNote error={error} />}
      <dl class="facts">
        <dt>{t('url')}</dt>
        <dd>
          <ExternalLink href={s.url} />
        </dd>
        <dt>{t('protocol')}</dt>
        <dd>
          <code>{s.protocol}</code>
        </dd>
        <dt>{t('schedule')}</dt>
        <dd>{s.schedule ? <code>{s.schedule}</code> : t('manualOnly')}</dd>
        <dt>{t('nextRun')}</dt>
        <dd>{!s.enabled ? <span class="badge paused">{t('paused')}</span> : next ? formatDate(next.toISOString(), lang) : '—'}</dd>
        <dt>{t('filters')}</dt>
        <dd>
          {s.filters.length === 0
            ? '—'
            : s.filters.map((f, i) => (
                <span key={i} class={`badge filter-${f.type}`}>
                  {f.type === 'exclude' ? '−' : '+'} {f.key}: {f.value}
                </span>
              ))}
        </dd>
      </dl>
      {jobs.data && <RunsChart jobs={jobs.data} />}
      <h2>{t('runs')}</h2>
      {jobs.error && <ErrorNote error={jobs.error} />}
      {jobs.data?.length === 0 && <p>{t('noRuns')}</p>}
      {jobs.data && jobs.data.length > 0 && (
        <table class="runs">
          <thead>
            <tr>
              <th scope="col">{t('started')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('duration')}</th>
              <th scope="col" class="num">
                {t('created')}
              </th>
              <th scope="col" class="num">
                {t('updated')}
              </th>
              <th scope="col" class="num">
                {t('unchanged')}
              </th>
              <th scope="col" class="num">
                {t('archived')}
              </th>
              <th scope="col" class="num">
                {t('failed')}
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.data.map((job) => {
              const duration = runDuration(job.startedAt, job.finishedAt, Date.now());
              return (
                <tr key={job.id}>
                  <td>
                    <a href={href.run(job.id)}>{formatDate(job.startedAt ?? job.createdAt, lang)}</a>
                  </td>
                  <td>
                    <StatusBadge status={job.status} />
                  </td>
                  <td>{duration === undefined ? '—' : formatDuration(duration)}</td>
                  <td class="num">{job.counts.created}</td>
                  <td class="num">{job.counts.updated}</td>
                  <td class="num">{job.counts.unchanged}</td>
                  <td class="num">{job.counts.archived}</td>
                  <td class="num">{job.counts.failed}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
