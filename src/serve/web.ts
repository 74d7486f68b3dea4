import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { WEB_DIR } from '../core/paths.js';

/** The dashboard's pages: every path outside the APIs answers with the single-page app. */
export const PAGES = ['overview', 'funnel', 'products', 'customers', 'live', 'quality', 'pipeline'];

/**
 * Serves the built dashboard (dist/web, made by `npm run build`): hashed assets with a long
 * cache life, and index.html for the page paths so a shared link opens its page.
 */
export function createWeb(dir = WEB_DIR) {
  const app = new Hono();
  const indexFile = join(dir, 'index.html');
  const index = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : null;
  const page = (c: Context) =>
    index === null ? c.text('the dashboard is not built: run `npm run build`', 503) : c.html(index);
  app.use(
    '/assets/*',
    serveStatic({
      root: dir,
      onFound: (_path, c) => c.header('cache-control', 'public, max-age=31536000, immutable'),
    }),
  );
  app.get('/favicon.svg', serveStatic({ path: join(dir, 'favicon.svg') }));
  app.get('/', (c) => c.redirect('/overview'));
  for (const p of PAGES) app.get(`/${p}`, (c) => page(c));
  return app;
}
