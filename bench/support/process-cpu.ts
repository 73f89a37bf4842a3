import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
export const TICKS_PER_SECOND = 100;

/** CPU ticks (user + system) a process has spent, read from /proc/<pid>/stat. Throws once it has exited. */
export function processCpuTicks(pid: number | string): number {
  const fields = statFields(pid);
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU ticks (user + system) of a process's children that have exited and that it has waited for. */
export function reapedChildrenCpuTicks(pid: number | string): number {
  const fields = statFields(pid);
  return Number(fields[13]) + Number(fields[14]);
}

/** The fields of /proc/<pid>/stat after the command name, which may hold spaces and parentheses: utime is the 12th. */
function statFields(pid: number | string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}
