import { execFile } from 'node:child_process';
import { writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/core/paths.js';
import { runImport } from '../src/import/run.js';
import { httpSink } from '../src/import/http-sink.js';
import { importInto, inlineTarget } from '../src/cli/import-command.js';
import { startInstance, tempDir } from './helpers.js';

const REES46 = join(PROJECT_ROOT, '..', 'shared', 'data', 'rees46_2019-10-01_0000-0250UTC.csv');
const CLI = join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js');

type Instance = Awaited<ReturnType<typeof startInstance>>;
let instance: Instance | undefined;
afterEach(async () => {
  await instance?.close();
  instance = undefined;
});

async function cli(args: string[]) {
  return promisify(execFile)(process.execPath, [CLI, ...args], {
    env: { ...process.env, STOREPULSE_LOG_LEVEL: 'silent' },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: err.stdout,
      stderr: err.stderr,
    }),
  );
}

const COUNTS = `select (select count(*) from silver_events) as silver,
  (select count(*) from quarantine where reason = 'duplicate') as duplicates,
  (select count(*) from silver_events where source = 'import') as imported,
  (select count(*) from silver_orders) as orders`;
const counts = async (sp: Instance) =>
  Object.fromEntries(Object.entries((await sp.query(COUNTS))[0]!).map(([k, v]) => [k, Number(v)]));

describe('storepulse import', () => {
  it('sends REES46 over HTTP into a running instance, with the same outcome as offline', async () => {
    instance = await startInstance();
    const sink = httpSink({ url: instance.url, writeKey: 'test-key' });
    const run = await runImport({ format: 'rees46', file: REES46 }, sink.sink);
    await instance.rt.processor.drain();
    expect(run).toMatchObject({ rows: 17_424, items: 34_683, duplicateRows: 5, inferred: 17_259 });
    expect(sink.stats).toMatchObject({ stored: 34_683, quarantined: 0, failed: 0 });
    // 17,045 views (x2) + 165 carts + 214 one-line orders (+ checkouts), minus the 9 copies.
    expect(await counts(instance)).toEqual({
      silver: 34_674,
      duplicates: 9,
      imported: 34_674,
      orders: 214,
    });

    // The offline path into another folder stores exactly the same events.
    const dir = await tempDir();
    const offline = await startInstance({ dir });
    try {
      const summary = await importInto(inlineTarget(offline.rt), {
        format: 'rees46',
        file: REES46,
      });
      expect(summary).toMatchObject({ stored: 34_674, quarantined: { duplicate: 9 } });
      const ids =
        "select string_agg(message_id, ',' order by message_id) as ids from silver_events";
      expect(await offline.query(ids)).toEqual(await instance.query(ids));
    } finally {
      await offline.close();
    }

    // Again over HTTP: every messageId is known, so silver does not move.
    const again = httpSink({ url: instance.url, writeKey: 'test-key' });
    await runImport({ format: 'rees46', file: REES46 }, again.sink);
    await instance.rt.processor.drain();
    expect(await counts(instance)).toMatchObject({ silver: 34_674, orders: 214 });
  }, 120_000);

  it('imports gzip NDJSON offline, quarantining a line that is not JSON', async () => {
    instance = await startInstance();
    const file = join(instance.dir, 'events.ndjson.gz');
    const lines = [
      JSON.stringify({ type: 'page', anonymousId: 'a1', timestamp: '2026-01-02T03:04:05Z' }),
      JSON.stringify({
        type: 'track',
        event: 'Product Viewed',
        userId: 'u1',
        messageId: 'given-1',
        properties: { product_id: 'p1' },
      }),
      '{"type": "page", oops',
      JSON.stringify({
        type: 'track',
        event: 'Order Completed',
        userId: 'u1',
        properties: {
          order_id: 'o1',
          products: [{ product_id: 'p1', price: '9.99', quantity: 2 }],
        },
      }),
    ];
    await writeFile(file, gzipSync(lines.join('\n')));
    const summary = await importInto(inlineTarget(instance.rt), { format: 'ndjson', file });
    expect(summary).toMatchObject({
      rows: 4,
      items: 4,
      stored: 3,
      quarantined: { malformed_json: 1 },
    });
    const again = await importInto(inlineTarget(instance.rt), { format: 'ndjson', file });
    expect(again).toMatchObject({ stored: 0, quarantined: { duplicate: 3, malformed_json: 1 } });
    expect(await instance.query('select revenue from silver_orders')).toEqual([
      { revenue: '19.9800' },
    ]);
    expect(
      await instance.query("select message_id from silver_events where message_id = 'given-1'"),
    ).toHaveLength(1);
  }, 60_000);

  it('runs from the command line: a summary, a clear error for the wrong format or a busy folder', async () => {
    const dir = await tempDir();
    try {
      const ok = await cli([
        'import',
        '--format',
        'rees46',
        REES46,
        '--data-dir',
        dir,
        '--no-models',
        '--json',
      ]);
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({
        rows: 17_424,
        stored: 34_674,
        quarantined: { duplicate: 9 },
      });

      // The data folder remembers the file: running the same import again sends nothing.
      const again = await cli(['import', '--format', 'rees46', REES46, '--data-dir', dir]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('was imported into this data folder at');
      expect(again.stdout).toContain('nothing sent');
      const forced = await cli([
        'import',
        '--format',
        'rees46',
        REES46,
        '--data-dir',
        dir,
        '--no-models',
        '--force',
        '--json',
      ]);
      expect(JSON.parse(forced.stdout)).toMatchObject({
        stored: 0,
        quarantined: { duplicate: 34_683 },
      });

      const wrong = await cli(['import', '--format', 'online-retail', REES46, '--data-dir', dir]);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('is not a online-retail file: expected the columns InvoiceNo');

      instance = await startInstance({ dir });
      const busy = await cli(['import', '--format', 'rees46', REES46, '--data-dir', dir]);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain('--url');

      // Over HTTP into that instance: the summary waits for processing and reads the outcome
      // of the import's own records from the admin API (all known already: duplicates).
      const remote = await cli([
        'import',
        '--format',
        'rees46',
        REES46,
        '--url',
        instance.url,
        '--write-key',
        'test-key',
        '--json',
      ]);
      expect(remote.code).toBe(0);
      const summary = JSON.parse(remote.stdout) as Record<string, unknown>;
      expect(summary).toMatchObject({
        rows: 17_424,
        settled: true,
        stored: 0,
        quarantined: { duplicate: 34_683 },
        sent: { stored: 34_683, failed: 0 },
      });
      expect(Number(summary.lastSeq) - Number(summary.firstSeq) + 1).toBe(34_683);
      const bad = await fetch(`${instance.url}/admin/v1/records?from=9&to=1`);
      expect(bad.status).toBe(400);
    } finally {
      await instance?.close(false);
      instance = undefined;
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
