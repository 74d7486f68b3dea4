import type { Config } from '../core/config.js';
import { loadSqlFolder } from '../core/sql.js';
import type { StatusReport } from '../serve/status.js';
import type { PipelinePosition } from '../monitor/source.js';
import { openMonitor, silverNewestAt } from './monitoring.js';
import type { Metrics } from '../core/metrics.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { LogConsumer, LogWriter } from '../core/ports.js';
import { openNats, natsConsumer, natsLog } from '../adapters/nats/connect.js';
import { streamPosition, type BrokerPosition } from '../adapters/nats/position.js';
import { PgWarehouse } from '../adapters/postgres/warehouse.js';

const QUERIES = loadSqlFolder('queries');

/** The scale-out log as the roles use it, whatever the broker underneath. */
export interface Broker {
  writer(): Promise<LogWriter>;
  consumer(): Promise<LogConsumer>;
  position(): Promise<BrokerPosition>;
  /** Why it cannot take events now; empty when it can. */
  problems(): string[];
  close(): Promise<void>;
}

/** Connects to the configured NATS JetStream; the stream and consumer are ensured on use. */
export async function openBroker(
  config: Readonly<Config>,
  logger: Logger,
  role: string,
): Promise<Broker> {
  const l = config.log;
  const client = await openNats(l.url, {
    name: `storepulse-${role}`,
    logger,
    ...(l.tlsCaFile ? { tlsCaFile: l.tlsCaFile } : {}),
  });
  const stream = {
    name: l.stream,
    subjects: [l.subject],
    replicas: l.replicas,
    maxAgeMs: config.retention.bronzeDays > 0 ? config.retention.bronzeDays * 86_400_000 : 0,
  };
  const consumer = { name: l.consumer, ackWaitMs: l.ackWaitSeconds * 1000 };
  return {
    writer: () => natsLog(client, { stream }),
    consumer: () => natsConsumer(client, { stream, consumer }),
    position: () => streamPosition(client, l.stream, l.consumer),
    problems: () => (client.link.isUp() ? [] : ['NATS: disconnected']),
    close: () => client.close(),
  };
}

/** The shared PostgreSQL warehouse, migrated. */
export async function openSharedWarehouse(
  config: Readonly<Config>,
  clock: Clock,
): Promise<PgWarehouse> {
  const warehouse = await PgWarehouse.open(config.warehouse.url, clock);
  await warehouse.migrate();
  return warehouse;
}

/** The monitor's view of a scaled-out pipeline: the stream and the shared consumer. */
export function brokerPosition(
  broker: Broker,
  warehouse: PgWarehouse,
  clock: Clock,
): () => Promise<PipelinePosition> {
  return async () => {
    const [state, [silver]] = await Promise.all([
      broker.position(),
      warehouse.query(QUERIES.newest_received!.text),
    ]);
    return {
      bronzeNewestAt: state.newestAt,
      silverNewestAt: silverNewestAt((silver?.newest_received_at as string | null) ?? null),
      ...brokerLag(state, clock.now()),
    };
  };
}

/** The lag as the broker sees it: messages not acknowledged yet, and the oldest one's age. */
function brokerLag(state: BrokerPosition, now: number) {
  return {
    lagEvents: state.pending + state.inFlight,
    lagUnit: 'messages' as const,
    lagSeconds:
      state.oldestUnackedAt === null ? 0 : Math.max(0, (now - state.oldestUnackedAt) / 1000),
  };
}

/** `storepulse status` for a scaled-out pipeline: lag in log messages, from the broker. */
export async function scaleStatus(
  broker: Broker,
  warehouse: PgWarehouse,
  now: number,
): Promise<StatusReport> {
  const [state, w] = await Promise.all([broker.position(), warehouse.status()]);
  const lag = brokerLag(state, now);
  return {
    at: new Date(now).toISOString(),
    log: { firstSeq: state.firstSeq, lastSeq: state.lastSeq, bytes: state.bytes },
    warehouse: w,
    lag: { events: lag.lagEvents, seconds: lag.lagSeconds, unit: lag.lagUnit },
    processor: null,
  };
}

/**
 * The monitor of a scaled-out pipeline, on a warehouse session of its own, watching the
 * broker's position: the scheduler's writes alerts, a dashboard's only reports.
 */
export async function scaleMonitor(
  config: Readonly<Config>,
  parts: { broker: Broker; warehouse: PgWarehouse },
  deps: { clock: Clock; logger: Logger; metrics: Metrics; readOnly: boolean },
) {
  return openMonitor(config, {
    session: await parts.warehouse.openSession(),
    position: brokerPosition(parts.broker, parts.warehouse, deps.clock),
    databaseFile: null,
    ...deps,
  });
}
