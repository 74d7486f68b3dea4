import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/core/config.js';

export const PG_SERVER = process.env.STOREPULSE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const NATS_URL = process.env.STOREPULSE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
export const WRITE_KEY = 'test-key';

/**
 * A scaled-out deployment of this test's own: a PostgreSQL database and a JetStream stream
 * (with its consumer) under random names, created here and removed by `drop`, so test files
 * running at once on the same servers never meet.
 */
export async function scaleSpace(opts: { pgServer?: string; natsUrl?: string } = {}) {
  const id = randomBytes(5).toString('hex');
  const pgServer = opts.pgServer ?? PG_SERVER;
  const natsUrl = opts.natsUrl ?? NATS_URL;
  const database = `sp_scale_${id}`;
  await adminQuery(
    pgServer,
    `create database ${database} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`,
  );
  const flags = {
    'log.url': natsUrl,
    'log.stream': `SP_TEST_${id}`,
    'log.subject': `sp.test.${id}`,
    'log.consumer': `sp-test-${id}`,
    'warehouse.url': `${pgServer}/${database}`,
  };
  return {
    database,
    flags,
    /** A role's configuration in this space; `extra` overrides (dotted paths). */
    config: (extra: Record<string, unknown> = {}): Readonly<Config> =>
      loadConfig(
        {},
        {
          'collector.writeKeys': `${WRITE_KEY}:shop1`,
          'http.port': 0,
          logLevel: 'silent',
          ...flags,
          ...extra,
        },
      ),
    async drop(): Promise<void> {
      const nc = await connect({ servers: natsUrl }).catch(() => null);
      if (nc) {
        const jsm = await jetstreamManager(nc);
        await jsm.streams.delete(flags['log.stream']).catch(() => undefined);
        await nc.close();
      }
      await adminQuery(pgServer, `drop database if exists ${database} with (force)`).catch(
        () => undefined,
      );
    },
  };
}

async function adminQuery(server: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Polls `probe` until it returns true, or fails after `timeoutMs`. */
export async function until(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The environment that points a `storepulse` child process at this space. */
export function roleEnv(flags: Record<string, string>, extra: Record<string, string> = {}) {
  return {
    STOREPULSE_LOG: flags['log.url']!,
    STOREPULSE_WAREHOUSE: flags['warehouse.url']!,
    STOREPULSE_NATS_STREAM: flags['log.stream']!,
    STOREPULSE_NATS_SUBJECT: flags['log.subject']!,
    STOREPULSE_NATS_CONSUMER: flags['log.consumer']!,
    ...extra,
  };
}

/** What the warehouse holds: every stored messageId, and quarantine rows by reason. */
export async function stored(warehouseUrl: string) {
  const client = new pg.Client({ connectionString: warehouseUrl });
  await client.connect();
  try {
    const ids = await client.query<{ message_id: string }>('select message_id from silver_events');
    const reasons = await client.query<{ reason: string; n: string }>(
      'select reason, count(*) as n from quarantine group by reason',
    );
    return {
      messageIds: new Set(ids.rows.map((r) => r.message_id)),
      rows: ids.rowCount ?? 0,
      quarantine: Object.fromEntries(reasons.rows.map((r) => [r.reason, Number(r.n)])),
    };
  } finally {
    await client.end();
  }
}

/** How many events silver holds: a cheap poll while a benchmark drains. */
export async function storedCount(warehouseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: warehouseUrl });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>('select count(*) as n from silver_events');
    return Number(r.rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** Waits until every acknowledged messageId is stored; returns what is stored then. */
export async function untilStored(warehouseUrl: string, acked: string[], timeoutMs: number) {
  let last = await stored(warehouseUrl);
  await until(
    async () => {
      last = await stored(warehouseUrl).catch(() => last);
      return acked.every((id) => last.messageIds.has(id));
    },
    timeoutMs,
    `${acked.length} acknowledged events to be stored`,
  );
  return last;
}
