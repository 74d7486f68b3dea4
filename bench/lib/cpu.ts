import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU seconds of a process so far (user + system), or 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(stat[11]) + Number(stat[12])) / 100;
  } catch {
    return 0;
  }
}

/** Pids from `pgrep` arguments (none when nothing matches). */
export function pids(...args: string[]): number[] {
  try {
    return execFileSync('pgrep', args, { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return [];
  }
}

/**
 * CPU used by groups of processes between `start` and `stop`; a group given as a function
 * is listed again at the end, so processes born meanwhile (PostgreSQL backends) count too.
 */
export function cpuMeter(groups: Record<string, number[] | (() => number[])>) {
  const list = (g: number[] | (() => number[])) => (typeof g === 'function' ? g() : g);
  const before = new Map<number, number>();
  for (const g of Object.values(groups))
    for (const pid of list(g)) before.set(pid, cpuSeconds(pid));
  const t0 = performance.now();
  return {
    /** CPU seconds used by each group over the interval, and the wall seconds. */
    stop(): { wallS: number; cpuS: Record<string, number> } {
      const wallS = (performance.now() - t0) / 1000;
      const cpuS: Record<string, number> = {};
      for (const [name, g] of Object.entries(groups)) {
        let used = 0;
        for (const pid of list(g)) used += cpuSeconds(pid) - (before.get(pid) ?? 0);
        cpuS[name] = used;
      }
      return { wallS, cpuS };
    },
  };
}
