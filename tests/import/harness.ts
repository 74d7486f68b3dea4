import { rm } from 'node:fs/promises';
import { Big } from 'big.js';
import { expect } from 'vitest';
import { importInto, inlineTarget, type ImportSummary } from '../../src/cli/import-command.js';
import { systemClock } from '../../src/core/clock.js';
import { loadConfig } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { openRuntime } from '../../src/cli/runtime.js';
import { tempDir } from '../helpers.js';

/** Import, then the full model run: generous, the Online Retail file has 541,909 rows. */
export const IMPORT_TIMEOUT_MS = 300_000;

/**
 * A one-thread runtime on a temp data folder (as tests/helpers.ts opens one), that imports a
 * real data set through the importer's API and runs the models in full.
 */
export async function importRuntime(reportTimeZone: string) {
  const dir = await tempDir('storepulse-import-');
  const config = loadConfig(
    {},
    {
      dataDir: dir,
      'collector.writeKeys': 'test-key:shop1',
      'models.reportTimeZone': reportTimeZone,
    },
  );
  const rt = await openRuntime(config, silentLogger, systemClock);
  return {
    rt,
    importFile: (format: 'rees46' | 'online-retail', file: string): Promise<ImportSummary> =>
      importInto(inlineTarget(rt), { format, file }),
    /** Runs the models and expects every model to build. */
    async runModels(fullRefresh: boolean): Promise<void> {
      const run = await rt.models.run({ fullRefresh });
      expect(run.models.filter((m) => m.status === 'error')).toEqual([]);
    },
    /** Runs the models' data tests and expects none to fail (warnings allowed). */
    async expectDataTestsPass(): Promise<void> {
      const tests = await rt.models.test();
      expect(tests.results.filter((t) => t.status === 'fail' || t.status === 'error')).toEqual([]);
    },
    query: (sql: string) => rt.warehouse.query(sql),
    async close(): Promise<void> {
      await rt.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type ImportRuntime = Awaited<ReturnType<typeof importRuntime>>;

/** A decimal from the warehouse (text) or the reference, as text with 4 places. */
export const money = (x: unknown): string => new Big(x instanceof Big ? x : String(x)).toFixed(4);

/** A count from the warehouse (BIGINT and HUGEINT come back as text). */
export const count = (x: unknown): number => Number(x ?? 0);

/**
 * Figures that a second import of the same file must not change: the silver tables' rows and
 * money, and the marts' sums (none of them depends on the clock).
 */
export async function snapshot(rt: ImportRuntime): Promise<Record<string, unknown>[]> {
  const part = (name: string, n: string, amount: string, from: string) =>
    `select '${name}' as part, cast(${n} as varchar) as n, cast(${amount} as varchar) as amount from ${from}`;
  return rt.query(
    [
      part('silver_events', 'count(*)', 'count(distinct event_type)', 'silver_events'),
      part('silver_orders', 'count(*)', 'sum(revenue)', 'silver_orders'),
      part('silver_order_lines', 'count(*)', 'sum(line_revenue)', 'silver_order_lines'),
      part('silver_refunds', 'count(*)', 'sum(amount)', 'silver_refunds'),
      part('silver_refund_lines', 'count(*)', 'sum(amount)', 'silver_refund_lines'),
      part(
        'silver_customer_traits',
        'count(*)',
        'count(distinct user_key)',
        'silver_customer_traits',
      ),
      part('silver_adjustment_lines', 'count(*)', 'sum(amount)', 'silver_adjustment_lines'),
      part(
        'mart_daily_kpis',
        'sum(orders + page_views + sessions + dau)',
        'sum(net_revenue)',
        'mart_daily_kpis',
      ),
      part(
        'fct_daily_sales',
        'sum(orders + units)',
        'sum(net_revenue + non_product_revenue)',
        'fct_daily_sales',
      ),
      part(
        'mart_products',
        'sum(units + views + add_to_carts)',
        'sum(net_revenue)',
        'mart_products',
      ),
      part(
        'mart_funnel_daily',
        'sum(step_1 + step_2 + step_3 + step_4 + step_5)',
        'count(*)',
        'mart_funnel_daily',
      ),
      part(
        'mart_traffic_minutes',
        'sum(events + orders)',
        'sum(gross_revenue)',
        'mart_traffic_minutes',
      ),
      part(
        'mart_retention_cohorts',
        'sum(cohort_size) filter (where period_number = 0)',
        'sum(active_users)',
        'mart_retention_cohorts',
      ),
    ].join('\nunion all\n') + '\norder by part',
  );
}

/** Imports the file again and expects nothing stored and no silver or mart figure changed. */
export async function expectReimportChangesNothing(
  rt: ImportRuntime,
  format: 'rees46' | 'online-retail',
  file: string,
): Promise<void> {
  const before = await snapshot(rt);
  const again = await rt.importFile(format, file);
  expect(again.stored).toBe(0);
  await rt.runModels(false);
  expect(await snapshot(rt)).toEqual(before);
}
