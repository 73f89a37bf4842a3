import type { JobSummary } from './api.js';

export interface RunPoint {
  label: string;
  datasets: number;
  errors: number;
}

/** Oldest first, finished runs only: datasets seen (everything but failures) and item errors per run. */
export function runPoints(jobs: readonly JobSummary[], max = 20): RunPoint[] {
  return jobs
    .filter((j) => j.status === 'done' || j.status === 'failed')
    .slice(0, max)
    .reverse()
    .map((j) => ({
      label: j.finishedAt ?? j.createdAt,
      datasets: j.counts.created + j.counts.updated + j.counts.unchanged,
      errors: j.counts.failed,
    }));
}

/** A "nice" upper bound for the axis: 1, 2 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

