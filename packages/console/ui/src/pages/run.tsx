import { useState } from 'preact/hooks';
import type { Api, Job, JobCounts } from '../api.js';
import { ErrorNote, ExternalLink, Heading, Loading, StatusBadge } from '../components.js';
import { formatDate, formatDuration, runDuration } from '../format.js';
import { useInterval, useLoad } from '../hooks.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { href } from '../router.js';

const POLL_MS = 1000;
const COUNT_KEYS: Array<keyof JobCounts & MessageKey> = ['created', 'updated', 'unchanged', 'skipped', 'archived', 'failed'];

export const recordsDone = (counts: JobCounts) => counts.created + counts.updated + counts.unchanged + counts.skipped + counts.failed;

/** One run: its counts, duration, progress while it runs (polled), and the records that failed. */
export function RunPage({ api, id }: { api: Api; id: string }) {
  const { t } = useI18n();
  const job = useLoad(() => api.job(id), [api, id]);
  const running = job.data?.status === 'queued' || job.data?.status === 'running';
  const source = useLoad(() => (job.data ? api.source(job.data.sourceId) : Promise.resolve(undefined)), [api, job.data?.sourceId]);
  const [now, setNow] = useState(Date.now());
  useInterval(
    () => {
      setNow(Date.now());
      job.reload();
    },
    POLL_MS,
    running,
  );

  const name = source.data?.name ?? '…';
  return (
    <section>
      <Heading>{t('runTitle', { name })}</Heading>
      {job.error && <ErrorNote error={job.error} />}
      {!job.data && job.loading && <Loading />}
      {job.data && <RunDetails job={job.data} now={running ? now : Date.now()} />}
    </section>
  );
}

function RunDetails({ job, now }: { job: Job; now: number }) {
  const { t, lang } = useI18n();
  const duration = runDuration(job.startedAt, job.finishedAt, now);
  const done = recordsDone(job.counts);
  const running = job.status === 'queued' || job.status === 'running';

  return (
    <>
      <p>
        <a href={href.source(job.sourceId)}>← {t('source')}</a>
      </p>
      <dl class="facts" aria-live={running ? 'polite' : undefined} aria-busy={running ? 'true' : undefined}>
        <dt>{t('status')}</dt>
        <dd data-testid="run-status">
          <StatusBadge status={job.status} />
        </dd>
        <dt>{t('trigger')}</dt>
        <dd>{job.trigger}</dd>
        <dt>{t('started')}</dt>
        <dd>{formatDate(job.startedAt, lang)}</dd>
        <dt>{t('finished')}</dt>
        <dd>{formatDate(job.finishedAt, lang)}</dd>
        <dt>{t('duration')}</dt>
        <dd>{duration === undefined ? '—' : formatDuration(duration)}</dd>
        <dt>{t('pages')}</dt>
        <dd>{job.pages}</dd>
        <dt>{t('complete')}</dt>
        <dd>{job.complete ? t('yes') : t('no')}</dd>
      </dl>
      {running && (
        <div class="progress">
          <label for="run-progress">{t('progress')}</label>
          {job.total ? (
            <progress id="run-progress" max={job.total} value={Math.min(done, job.total)} />
          ) : (
            <progress id="run-progress" />
          )}
          <span>{job.total ? t('progressOf', { done, total: job.total }) : t('progressRecords', { done })}</span>
        </div>
      )}
      {job.error && (
        <div class="error" role="alert">
          <strong>{t('runError')}</strong>: {job.error}
        </div>
      )}
      <h2>{t('counts')}</h2>
      <ul class="counts" data-testid="run-counts">
        {COUNT_KEYS.map((key) => (
          <li key={key} class={key === 'failed' && job.counts.failed > 0 ? 'bad' : undefined}>
            <span class="count" data-count={key}>
              {job.counts[key]}
            </span>{' '}
            {t(key)}
          </li>
        ))}
      </ul>
      <h2>{t('itemErrors')}</h2>
      {job.errors.length === 0 ? (
        <p>{t('noItemErrors')}</p>
      ) : (
        <table class="errors">
          <thead>
            <tr>
              <th scope="col">{t('record')}</th>
              <th scope="col">{t('code')}</th>
              <th scope="col">{t('message')}</th>
              <th scope="col">{t('page')}</th>
            </tr>
          </thead>
          <tbody>
            {job.errors.map((e, i) => (
              <tr key={i}>
                <td>{e.remoteUrl ? <ExternalLink href={e.remoteUrl}>{e.remoteId ?? t('remoteRecord')}</ExternalLink> : (e.remoteId ?? '—')}</td>
                <td>
                  <code>{e.code}</code>
                </td>
                <td>{e.message}</td>
                <td>{e.pageUrl ? <ExternalLink href={e.pageUrl}>{t('page')}</ExternalLink> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
