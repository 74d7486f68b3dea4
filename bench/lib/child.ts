import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/core/paths.js';

/** A `storepulse` command as a child process, so it can be measured and killed with -9. */
export interface Child {
  proc: ChildProcess;
  url: string;
  output: () => string;
}

export async function startChild(
  dataDir: string,
  env: Record<string, string> = {},
  command: string[] = ['start'],
): Promise<Child> {
  const proc = spawn(
    process.execPath,
    [join(PROJECT_ROOT, 'dist/src/cli/main.js'), ...command, '--port', '0'],
    {
      env: {
        ...process.env,
        STOREPULSE_DATA_DIR: dataDir,
        STOREPULSE_WRITE_KEYS: 'bench:bench',
        STOREPULSE_LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`storepulse did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout.on('data', check);
    proc.once('exit', (code) => reject(new Error(`storepulse exited (${code}):\n${out}`)));
  });
  return { proc, url, output: () => out };
}

export async function stopChild(child: Child, signal: NodeJS.Signals): Promise<void> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return;
  const exited = new Promise((r) => child.proc.once('exit', r));
  child.proc.kill(signal);
  await exited;
}

/** CPU seconds and peak RSS of a running process, from /proc. */
export function procUsage(pid: number): { cpuSeconds: number; peakRssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticks = Number(stat[11]) + Number(stat[12]);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return { cpuSeconds: ticks / 100, peakRssMiB: Number(hwm ?? 0) / 1024 };
}

export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  return (await res.json()) as T;
}
