import { readdirSync, readFileSync } from 'node:fs';
import { processCpuTicks, reapedChildrenCpuTicks, TICKS_PER_SECOND } from './process-cpu.js';

/**
 * CPU ticks (user + system) the whole PostgreSQL server has spent so far: every live server
 * process (backends, autovacuum, checkpointer, WAL writer…), and every one that has exited, which
 * the postmaster reaped (its children's times in /proc). Counting only the live backends of one
 * database lost whatever a backend had spent when the pool closed it while idle, and a ten-source
 * run's PostgreSQL share swung from 0.17 to 0.94 ms a dataset between runs.
 */
function serverTicks(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.startsWith('postgres: ')) ticks += processCpuTicks(pid);
      else if (/(^|\/)postgres\0/.test(cmdline)) ticks += processCpuTicks(pid) + reapedChildrenCpuTicks(pid);
    } catch {
      // the process ended meanwhile: the postmaster's reaped-children times take it over
    }
  }
  return ticks;
}

/**
 * Measures the CPU seconds the PostgreSQL server spends from now on, whatever database: run one
 * benchmark at a time on a server nothing else uses.
 */
export function postgresCpuMeter(): { seconds(): number } {
  const before = serverTicks();
  return {
    seconds() {
      return (serverTicks() - before) / TICKS_PER_SECOND;
    },
  };
}
