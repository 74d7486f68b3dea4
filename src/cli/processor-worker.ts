import { parentPort, workerData } from 'node:worker_threads';
import { join } from 'node:path';
import type { Config } from '../core/config.js';
import type { WarehouseRetention } from '../core/ports.js';
import { createLogger } from '../core/logger.js';
import { systemClock } from '../core/clock.js';
import { createMetrics } from '../core/metrics.js';
import { FileLogReader } from '../adapters/file-log/reader.js';
import { openEngines } from './engines.js';
import { serveCalls } from './rpc.js';

/**
 * The processor's thread in `storepulse start`: it owns DuckDB and reads the log the main
 * thread writes, so processing and the collector's HTTP work run on separate cores.
 */
const { config, durableSeq } = workerData as { config: Config; durableSeq: number };
const port = parentPort!;
const logger = createLogger(config.logLevel, 'storepulse-processor');
const reader = new FileLogReader(join(config.dataDir, 'log'), durableSeq);
// This thread's own counters; the main thread merges them into its /metrics.
const metrics = createMetrics({ defaults: false });
const engines = await openEngines(config, logger, systemClock, reader, metrics);

port.on('message', (m: { type: string; seq?: number }) => {
  if (m.type === 'durable') reader.advance(m.seq!);
});
serveCalls(port, {
  start: () => {
    engines.processor.start();
    engines.scheduler.start();
    engines.monitorScheduler.start();
  },
  /** The processor alone, without the schedulers (an offline import). */
  startProcessor: () => engines.processor.start(),
  checkpoint: () => engines.processor.stats().checkpoint,
  drain: () => engines.processor.drain(),
  status: () => engines.status(),
  quarantine: (f: Parameters<typeof engines.quarantine>[0]) => engines.quarantine(f),
  replay: (f: Parameters<typeof engines.replay>[0]) => engines.replay(f),
  runModels: (o: Parameters<typeof engines.models.run>[0]) => engines.models.run(o),
  testModels: (o: Parameters<typeof engines.models.test>[0]) => engines.models.test(o),
  modelRuns: (limit: number) => engines.models.runs(limit),
  read: (query: string, params: unknown[]) => engines.reads.read(query, params),
  health: (o: { run: boolean }) => engines.health(o),
  lastHealth: () => engines.monitor.last(),
  alerts: (limit: number) => engines.monitor.history(limit),
  ping: () => engines.ping(),
  metrics: () => metrics.registry.getMetricsAsJSON(),
  prune: (policy: WarehouseRetention) => engines.warehouse.prune(policy),
  close: async () => {
    reader.close();
    await engines.close();
  },
});
port.postMessage({ type: 'ready' });
