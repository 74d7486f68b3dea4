import pg from 'pg';
import type {
  CommitResult,
  LiveCounterRow,
  QuarantineInput,
  QuarantineRow,
  SilverBatch,
  SqlSession,
  Warehouse,
  WarehouseRetention,
  WarehouseStatus,
} from '../../core/ports.js';
import type { Clock } from '../../core/clock.js';
import { InfraError } from '../../core/errors.js';
import { toSqlTimestamp } from '../../core/time.js';
import { STAGE_TABLES, stageColumnsDdl, type CommitContext } from '../sql/commit-shared.js';
import { writeStaged } from '../sql/commit-staged.js';
import { migrate } from '../sql/migrate.js';
import {
  readCheckpoint,
  readLiveCounters,
  readQuarantine,
  readStatus,
  requarantineRows,
  type QuarantineFilter,
  type ReadRows,
} from '../sql/queries.js';
import { pruneTables } from '../sql/retention.js';
import { copyRows } from './copy.js';
import { isCommitConflict, isConnectionError, pgFailure } from './errors.js';
import { clientConfig, PgSession } from './session.js';

/** Tries of one commit that another processor's commit got in the way of. */
const COMMIT_ATTEMPTS = 5;
/** Advisory lock key: processors starting together migrate one at a time. */
const MIGRATION_LOCK = 0x5370_6d69;
/**
 * The commit probes a batch's keys (a small temp table) into silver's primary keys, whose
 * pages a busy warehouse keeps in memory. At the default random_page_cost (4, for disks)
 * PostgreSQL hashes all of silver_events instead (a scan that grows with the table): 129 ms
 * against 58 ms for 20,000 keys into 174,000 rows, and more as silver grows.
 */
const WRITER_SETTINGS = 'set random_page_cost = 1.1';
const COLUMNS_SQL = `select column_name from information_schema.columns
  where table_name = $1
    and table_schema in (current_schema(), pg_my_temp_schema()::regnamespace::text)
  order by ordinal_position`;

/** The writer connection, with a session over it for migrations and retention. */
interface Writer {
  client: pg.Client;
  session: PgSession;
  /** The connection failed or ended: the next call connects anew. */
  lost: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Lost connection or server gone: the connection is dropped and made again on next use. */
const connectionLost = (err: unknown) => err instanceof InfraError || isConnectionError(err);

/**
 * The scaled-out warehouse: one PostgreSQL database that many processors commit into at
 * once. Each instance has one writer connection, whose commits are serialised, and one
 * reader for status and queries. Commits always take the staged path (another processor
 * may have stored any key a moment ago, so there is no in-memory guess) and write rows with
 * COPY. A commit that a concurrent one got in the way of is done again from the start; a
 * lost connection is an InfraError and the next call connects again, so the processor
 * outlives a restart of PostgreSQL.
 */
export class PgWarehouse implements Warehouse {
  private queue: Promise<unknown> = Promise.resolve();
  private writer: Writer | null = null;
  private reader: Promise<PgSession> | null = null;
  /** Column names by table, in table order: what COPY writes. Kept across reconnects. */
  private readonly columns = new Map<string, string[]>();

  private constructor(
    private readonly url: string,
    private readonly clock: Clock,
  ) {}

  /** Connects both connections now, so a wrong URL or a server that is down shows at start. */
  static async open(url: string, clock: Clock): Promise<PgWarehouse> {
    const warehouse = new PgWarehouse(url, clock);
    try {
      await warehouse.write('connect', async () => undefined);
      await warehouse.ping();
    } catch (err) {
      await warehouse.close();
      throw err;
    }
    return warehouse;
  }

  /** The common migrations and PostgreSQL's own; one process at a time per database. */
  migrate(): Promise<void> {
    return this.serial(() =>
      this.write('migrate', async (w) => {
        await w.client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
        try {
          await migrate(w.session, this.clock.now(), 'postgres');
        } finally {
          await w.client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
        }
      }),
    );
  }

  checkpoint(consumer: string): Promise<number> {
    return readCheckpoint(this.read, consumer);
  }

  commit(batch: SilverBatch): Promise<CommitResult> {
    return this.serial(() =>
      this.write('commit', (w) =>
        retryConflicts(() => w.session.transaction(() => writeStaged(this.context(w), batch))),
      ),
    );
  }

  status(): Promise<WarehouseStatus> {
    return readStatus(this.read);
  }

  liveCounters(grain: 'second' | 'minute', sinceIso: string): Promise<LiveCounterRow[]> {
    return readLiveCounters(this.read, grain, sinceIso);
  }

  listQuarantine(filter: QuarantineFilter): Promise<QuarantineRow[]> {
    return readQuarantine(this.read, filter);
  }

  requarantine(rows: QuarantineInput[]): Promise<void> {
    return this.serial(() =>
      this.write('requarantine', (w) =>
        w.session.transaction(() => requarantineRows((sql, p) => w.client.query(sql, p), rows)),
      ),
    );
  }

  prune(policy: WarehouseRetention): Promise<Record<string, number>> {
    return this.serial(() => this.write('prune', (w) => pruneTables(w.session, policy)));
  }

  /** A connection of its own, for models and data tests beside the commit path. */
  openSession(): Promise<SqlSession> {
    return PgSession.connect(this.url);
  }

  /** A read query on the reader connection, rows as the DuckDB warehouse gives them. */
  query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    return this.read(sql, params);
  }

  /** Resolves when PostgreSQL answers; an InfraError when it cannot be reached. */
  async ping(): Promise<void> {
    await this.read('select 1');
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.dropWriter();
    const reader = this.reader;
    this.reader = null;
    await reader?.then((s) => s.close()).catch(() => undefined);
  }

  /**
   * Reads on the reader connection, connected on first use and again after a failure, one
   * at a time (status, the monitor and the dashboard may ask at once; a pg client runs one
   * query at a time anyway, and queuing inside it is deprecated).
   */
  private readonly read: ReadRows = (sql, params = []) => {
    const run = this.readTail.then(() => this.readNow(sql, params));
    this.readTail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };

  private readTail: Promise<void> = Promise.resolve();

  private readonly readNow: ReadRows = async (sql, params = []) => {
    const reader = (this.reader ??= PgSession.connect(this.url));
    try {
      return await (await reader).queryRows(sql, params);
    } catch (err) {
      if (connectionLost(err) && this.reader === reader) {
        this.reader = null;
        void reader.then((s) => s.close()).catch(() => undefined);
      }
      throw pgFailure(err, 'read');
    }
  };

  /** Runs `work` on the writer (connected if need be); failures as pgFailure says. */
  private async write<T>(doing: string, work: (w: Writer) => Promise<T>): Promise<T> {
    try {
      return await work(await this.connectedWriter());
    } catch (err) {
      if (connectionLost(err)) await this.dropWriter();
      throw pgFailure(err, doing);
    }
  }

  /**
   * The writer, with the commit's temp tables: session-level, emptied at each commit (ON
   * COMMIT DELETE ROWS truncates them, where a delete would leave dead rows that nothing
   * vacuums in a temp table).
   */
  private async connectedWriter(): Promise<Writer> {
    if (this.writer && !this.writer.lost) return this.writer;
    await this.dropWriter();
    const client = new pg.Client(clientConfig(this.url, 'storepulse-writer'));
    const writer: Writer = { client, session: new PgSession(client), lost: false };
    // Without an error listener a dropped idle connection would crash the process.
    const lose = () => {
      writer.lost = true;
    };
    client.on('error', lose).on('end', lose);
    try {
      await client.connect();
      await client.query(WRITER_SETTINGS);
      for (const t of Object.keys(STAGE_TABLES)) {
        await client.query(
          `create temp table if not exists stage_${t} (${stageColumnsDdl(t)}) on commit delete rows`,
        );
      }
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.writer = writer;
    return writer;
  }

  private async dropWriter(): Promise<void> {
    const writer = this.writer;
    this.writer = null;
    await writer?.client.end().catch(() => undefined);
  }

  private context(w: Writer): CommitContext {
    return {
      run: async (sql, params) => {
        await w.client.query(sql, params);
      },
      firstColumn: async (sql, params) => {
        const result = await w.client.query<unknown[]>({
          text: sql,
          values: params,
          rowMode: 'array',
        });
        return result.rows.map((r) => r[0]);
      },
      now: toSqlTimestamp(this.clock.now()),
      append: async (table, _catalog, rows) => {
        if (rows.length > 0) await copyRows(w.client, table, await this.columnsOf(w, table), rows);
      },
    };
  }

  private async columnsOf(w: Writer, table: string): Promise<string[]> {
    let columns = this.columns.get(table);
    if (!columns) {
      const result = await w.client.query<{ column_name: string }>(COLUMNS_SQL, [table]);
      columns = result.rows.map((r) => r.column_name);
      if (columns.length === 0) throw new Error(`no table ${table}: migrate first`);
      this.columns.set(table, columns);
    }
    return columns;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/**
 * Runs a commit again, from the start, when another processor's commit got in the way
 * (isCommitConflict): after a short random pause, so the two do not meet again.
 */
async function retryConflicts<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= COMMIT_ATTEMPTS || !isCommitConflict(err)) throw err;
      await sleep(attempt * (5 + Math.random() * 20));
    }
  }
}
