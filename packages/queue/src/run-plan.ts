import type { JsonValue } from '@moisson/core';
import type { RunMode } from '@moisson/store';

export const DEFAULT_FULL_EVERY_DAYS = 7;
/**
 * Taken off the start of the last complete run: remote clocks drift, CKAN writes naive
 * timestamps, an edit committed while that run was reading may carry an earlier date.
 */
export const INCREMENTAL_SAFETY_MS = 3600 * 1000;

export interface RunPlan {
  mode: RunMode;
  modifiedSince?: string;
  /** Why, in words, for the log. */
  reason: string;
}

export interface PlanInput {
  /** Whether the harvester honours `modifiedSince` (`Harvester.incremental`). */
  harvesterIncremental: boolean;
  config: Record<string, JsonValue | undefined>;
  /** Start of the source's last complete run, whatever its mode. */
  lastCompleteStart?: string | null;
  /** Start of the source's last complete full run. */
  lastFullStart?: string | null;
  now: Date;
}

/**
 * Full or incremental: incremental when the source has a complete run to start from, its
 * config allows it (`incremental: false` forbids it) and the last complete full run is younger
 * than `fullEveryDays` (default 7), so that deletions, which only a full listing reveals, are
 * still seen that often.
 */
export function planRun(input: PlanInput): RunPlan {
  if (!input.harvesterIncremental) return { mode: 'full', reason: 'the protocol cannot ask for changes only' };
  if (input.config['incremental'] === false) return { mode: 'full', reason: 'the source config says incremental: false' };
  if (!input.lastCompleteStart || !input.lastFullStart) return { mode: 'full', reason: 'no complete full run yet' };
  const days = fullEveryDays(input.config);
  const age = input.now.getTime() - new Date(input.lastFullStart).getTime();
  if (age >= days * 86_400_000) return { mode: 'full', reason: `the last complete full run is older than ${days} days` };
  const since = new Date(new Date(input.lastCompleteStart).getTime() - INCREMENTAL_SAFETY_MS).toISOString();
  return { mode: 'incremental', modifiedSince: since, reason: `records modified since ${since}` };
}

function fullEveryDays(config: PlanInput['config']): number {
  const value = config['fullEveryDays'];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : DEFAULT_FULL_EVERY_DAYS;
}
