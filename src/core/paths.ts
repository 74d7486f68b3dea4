import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (the folder with package.json), from source or from dist alike. */
export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(dir: string): string {
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
  }
  throw new Error(`no package.json above ${dir}`);
}

export const SQL_DIR = join(PROJECT_ROOT, 'sql');
export const MODELS_DIR = join(PROJECT_ROOT, 'models');
/** The built dashboard; STOREPULSE_WEB_DIR points elsewhere (a second build, for tests). */
export const WEB_DIR = process.env.STOREPULSE_WEB_DIR ?? join(PROJECT_ROOT, 'dist', 'web');
