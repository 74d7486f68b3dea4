/**
 * Prints the reference figures of the real data sets as JSON:
 * `npx vite-node tests/import/reference/print.ts [online-retail|rees46] [--days]`
 * (`--days` adds every day, or every 10 minutes, and every cohort cell).
 */
import { printable } from './common.js';
import { onlineRetailReference } from './online-retail.js';
import { rees46Reference } from './rees46.js';

const [which = 'all', flag] = process.argv.slice(2);
const full = flag === '--days' || which === '--days';
const show = (name: string, figures: Record<string, unknown>, long: string[]) => {
  const shown = full
    ? figures
    : Object.fromEntries(Object.entries(figures).filter(([k]) => !long.includes(k)));
  console.log(JSON.stringify({ [name]: printable(shown) }, null, 2));
};
if (which !== 'rees46') {
  const started = performance.now();
  const figures = onlineRetailReference();
  show('onlineRetail', { ...figures, seconds: (performance.now() - started) / 1000 }, [
    'days',
    'cohorts',
  ]);
}
if (which !== 'online-retail') show('rees46', { ...rees46Reference() }, ['tenMinutes']);
