import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export class DataDirLocked extends Error {
  /** What the user can do instead, when the command has an answer. */
  hint: string | undefined;

  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`the data folder ${dataDir} is in use by process ${pid}`);
    this.name = 'DataDirLocked';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process owns a data folder: its log has a single writer and DuckDB a single owner.
 * A lock file holds the owner's pid; a lock left by a process that died (kill -9) is taken
 * over. Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, 'storepulse.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await open(path, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      return () => unlink(path).catch(() => undefined);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (pid && pid !== process.pid && alive(pid)) throw new DataDirLocked(dataDir, pid);
      await unlink(path).catch(() => undefined);
    }
  }
  throw new Error(`cannot lock ${dataDir}`);
}
