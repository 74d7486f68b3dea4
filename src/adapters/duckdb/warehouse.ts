import {
  DuckDBInstance,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
  type DuckDBValue,
} from '@duckdb/node-api';
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
import { InfraError } from '../../core/errors.js';
import { toSqlTimestamp } from '../../core/time.js';
import type { Clock } from '../../core/clock.js';
import { migrate } from '../sql/migrate.js';
import { pruneTables } from '../sql/retention.js';
import {
  QUERIES,
  readCheckpoint,
  readLiveCounters,
  readQuarantine,
  readStatus,
  requarantineRows,
  type QuarantineFilter,
  type ReadRows,
} from '../sql/queries.js';
import { appendRows, tableColumns, type Column } from './appender.js';
import { STAGE_TABLES, stageColumnsDdl, type CommitContext } from '../sql/commit-shared.js';
import { writeStaged } from '../sql/commit-staged.js';
import { isDuplicateKey, writeDirect } from '../sql/commit-direct.js';
import { RecentKeys, recentKnown } from './recent-keys.js';
import { DuckDbSession } from './session.js';

const SILVER_TABLES = [
  'events',
  'orders',
  'order_lines',
  'refunds',
  'refund_lines',
  'adjustment_lines',
  'customer_traits',
] as const;

export interface DuckDbOptions {
  /** How many recent messageIds and order_ids the direct commit path checks in memory. */
  recentMessages?: number;
  recentOrders?: number;
  /**
   * WAL size that triggers a checkpoint. DuckDB's default (16 MB) checkpoints every few
   * seconds under load, and each one stalls commits for hundreds of milliseconds; a larger
   * WAL costs a longer replay after a crash.
   */
  checkpointMb?: number;
}

/**
 * The embedded warehouse: one DuckDB file. One connection writes (micro-batch commits and
 * replays, serialised), another reads, so status queries never wait behind a commit.
 */
export class DuckDbWarehouse implements Warehouse {
  private queue: Promise<unknown> = Promise.resolve();
  private columns = new Map<string, Column[]>();
  private readonly statements = new Map<string, DuckDBPreparedStatement>();
  private readonly recent: { messages: RecentKeys; orders: RecentKeys };
  private readonly read: ReadRows = (sql, params) => this.rows(this.reader, sql, params);

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
    private readonly clock: Clock,
    private readonly opts: Required<DuckDbOptions>,
  ) {
    this.recent = {
      messages: new RecentKeys(opts.recentMessages),
      orders: new RecentKeys(opts.recentOrders),
    };
  }

  static async open(
    path: string,
    clock: Clock,
    options: DuckDbOptions = {},
  ): Promise<DuckDbWarehouse> {
    const opts = { recentMessages: 500_000, recentOrders: 100_000, checkpointMb: 256, ...options };
    try {
      const instance = await DuckDBInstance.create(path);
      return new DuckDbWarehouse(
        instance,
        await instance.connect(),
        await instance.connect(),
        clock,
        opts,
      );
    } catch (cause) {
      throw new InfraError(`cannot open DuckDB file ${path}`, false, { cause });
    }
  }

  async migrate(): Promise<void> {
    // SET takes no bound parameters; the value is a validated integer.
    await this.writer.run(`set checkpoint_threshold = '${Math.floor(this.opts.checkpointMb)}MB'`);
    await migrate(new DuckDbSession(this.writer), this.clock.now(), 'duckdb');
    for (const t of SILVER_TABLES) {
      this.columns.set(t, await tableColumns(this.writer, `silver_${t}`));
    }
    for (const [t, columns] of Object.entries(STAGE_TABLES)) {
      await this.writer.run(`create or replace temp table stage_${t} (${stageColumnsDdl(t)})`);
      this.columns.set(
        t,
        columns.map((c) => ({ name: c.name, kind: c.type === 'bigint' ? 'bigint' : 'text' })),
      );
    }
    this.columns.set('quarantine', await tableColumns(this.writer, 'quarantine'));
    await this.loadRecentKeys();
  }

  /** The direct commit path needs the newest keys in memory, restarts included. */
  private async loadRecentKeys(): Promise<void> {
    const ids = await this.rows(this.writer, QUERIES.recent_message_ids!.text, [
      this.opts.recentMessages,
    ]);
    for (const r of ids.reverse()) this.recent.messages.add(r.message_id as string);
    const orders = await this.rows(this.writer, QUERIES.recent_order_ids!.text, [
      this.opts.recentOrders,
    ]);
    for (const r of orders.reverse()) this.recent.orders.add(r.order_id as string);
  }

  checkpoint(consumer: string): Promise<number> {
    return readCheckpoint(this.read, consumer);
  }

  commit(batch: SilverBatch): Promise<CommitResult> {
    return this.serial(async () => {
      const ctx: CommitContext = {
        run: async (sql, params) => {
          await (await this.prepared(sql, params)).run();
        },
        firstColumn: async (sql, params) =>
          (await (await this.prepared(sql, params)).runAndReadAll()).getRows().map((r) => r[0]),
        now: toSqlTimestamp(this.clock.now()),
        append: (table, catalog, rows) =>
          appendRows(this.writer, table, catalog, this.column(table), rows),
      };
      let result: CommitResult | null = null;
      // The recent keys cannot tell a redelivered record: at-least-once batches go staged.
      if (batch.checkpoint && !batch.atLeastOnce) {
        try {
          result = await this.inTransaction(() =>
            writeDirect(ctx, batch, recentKnown(this.recent)),
          );
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
      result ??= await this.inTransaction(() => writeStaged(ctx, batch));
      for (const e of batch.events) this.recent.messages.add(e.message_id);
      for (const o of batch.orders) this.recent.orders.add(o.order_id);
      return result;
    });
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
      this.inTransaction(() =>
        requarantineRows((sql, p) => this.writer.run(sql, p as DuckDBValue[]), rows),
      ),
    );
  }

  /**
   * On the writer, between batch commits: a delete beside a commit on another connection
   * could meet it in DuckDB's conflict check (both touch live_counters).
   */
  prune(policy: WarehouseRetention): Promise<Record<string, number>> {
    return this.serial(() => pruneTables(new DuckDbSession(this.writer), policy));
  }

  /** A connection of its own, for models and data tests beside the commit path. */
  async openSession(): Promise<SqlSession> {
    return new DuckDbSession(await this.instance.connect());
  }

  /** A read query on the reader connection, rows as JSON values (decimals as strings). */
  query(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    return this.rows(this.reader, sql, params);
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    for (const statement of this.statements.values()) statement.destroySync();
    this.writer.closeSync();
    this.reader.closeSync();
    this.instance.closeSync();
  }

  /** The writer's statement for this text, prepared on first use, with `params` bound. */
  private async prepared(sql: string, params: unknown[] = []): Promise<DuckDBPreparedStatement> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = await this.writer.prepare(sql);
      this.statements.set(sql, statement);
    }
    if (params.length > 0) statement.bind(params as DuckDBValue[]);
    return statement;
  }

  private column(table: string): Column[] {
    const key = table.replace(/^(stage_|silver_)/, '');
    const cols = this.columns.get(key);
    if (!cols) throw new Error(`no column list for ${table}`);
    return cols;
  }

  private async rows(conn: DuckDBConnection, sql: string, params: unknown[] = []) {
    const reader = await conn.runAndReadAll(sql, params as DuckDBValue[]);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async inTransaction<T>(work: () => Promise<T>): Promise<T> {
    await this.writer.run('begin transaction');
    try {
      const out = await work();
      await this.writer.run('commit');
      return out;
    } catch (e) {
      await this.writer.run('rollback').catch(() => undefined);
      throw e;
    }
  }
}
