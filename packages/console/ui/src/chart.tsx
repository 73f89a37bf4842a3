import type { JobSummary } from './api.js';
import { niceMax, runPoints, type RunPoint } from './chart-data.js';
import { useI18n } from './i18n.js';

const W = 560;
const H = 180;
const PAD = { top: 12, right: 12, bottom: 24, left: 44 };

/** Two lines over the last runs, in plain SVG; the same figures are in a table for screen readers. */
export function RunsChart({ jobs }: { jobs: readonly JobSummary[] }) {
  const { t, lang } = useI18n();
  const points = runPoints(jobs);
  if (points.length === 0) return null;
  const top = niceMax(Math.max(...points.map((p) => Math.max(p.datasets, p.errors))));
  const x = (i: number) => PAD.left + (points.length === 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (points.length - 1));
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - v / top);
  const line = (pick: (p: RunPoint) => number) => points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(pick(p)).toFixed(1)}`).join(' ');
  const date = (iso: string) => new Date(iso).toLocaleDateString(lang, { month: 'short', day: 'numeric' });

  return (
    <figure class="chart">
      <figcaption id="runs-chart-title">{t('chartTitle')}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="runs-chart-title" data-testid="runs-chart">
        {[0, top / 2, top].map((v) => (
          <g key={v}>
            <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} />
            <text class="axis" x={PAD.left - 6} y={y(v) + 4} text-anchor="end">
              {v}
            </text>
          </g>
        ))}
        <path class="line datasets" d={line((p) => p.datasets)} />
        <path class="line errors" d={line((p) => p.errors)} />
        {points.map((p, i) => (
          <g key={i}>
            <circle class="dot datasets" cx={x(i)} cy={y(p.datasets)} r={3}>
              <title>{`${date(p.label)}: ${p.datasets} ${t('chartDatasets')}, ${p.errors} ${t('chartErrors')}`}</title>
            </circle>
            <circle class="dot errors" cx={x(i)} cy={y(p.errors)} r={3} />
          </g>
        ))}
        <text class="axis" x={PAD.left} y={H - 6}>
          {date(points[0]!.label)}
        </text>
        <text class="axis" x={W - PAD.right} y={H - 6} text-anchor="end">
          {date(points[points.length - 1]!.label)}
        </text>
      </svg>
      <p class="legend small">
        <span class="key datasets" aria-hidden="true" /> {t('chartDatasets')} <span class="key errors" aria-hidden="true" /> {t('chartErrors')}
      </p>
      <table class="visually-hidden">
        <caption>{t('chartTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('finished')}</th>
            <th scope="col">{t('chartDatasets')}</th>
            <th scope="col">{t('chartErrors')}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p, i) => (
            <tr key={i}>
              <td>{date(p.label)}</td>
              <td>{p.datasets}</td>
              <td>{p.errors}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
