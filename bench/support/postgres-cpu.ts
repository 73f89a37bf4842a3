import { readdirSync, readFileSync } from 'node:fs';
import { processCpuTicks, TICKS_PER_SECOND } from './process-cpu.js';

/** CPU ticks (user + system) of each PostgreSQL backend connected to `database`, by pid, read from /proc. */
function backendTicks(database: string): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.startsWith('postgres: ') || !cmdline.includes(` ${database} `)) continue;
      ticks.set(pid, processCpuTicks(pid));
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks;
}

/**
 * Measures the CPU seconds the PostgreSQL backends of `database` spend from now on. A backend that
 * exits before `seconds()` (the pool closes idle connections) takes its CPU since the start with
 * it, so the figure can fall short, never below zero: measure while the pool stays busy.
 */
export function postgresCpuMeter(database: string): { seconds(): number } {
  const before = backendTicks(database);
  return {
    seconds() {
      let ticks = 0;
      for (const [pid, now] of backendTicks(database)) ticks += now - (before.get(pid) ?? 0);
      return ticks / TICKS_PER_SECOND;
    },
  };
}
