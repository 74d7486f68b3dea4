import { Hono } from 'hono';
import type { Config } from '../../core/config.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { createMetrics, exposition } from '../../core/metrics.js';
import { createConsumerProcessor } from '../../process/consumer-processor.js';
import { createHealthRoutes, readiness } from '../../serve/health.js';
import { metricsHandler } from '../../serve/metrics.js';
import { requireToken } from '../../serve/access.js';
import { CONSUMER, pipelineFrom } from '../engines.js';
import { openBroker, openSharedWarehouse } from '../scale.js';

/**
 * `storepulse processor`: takes deliveries from the shared durable consumer and commits
 * them to the shared warehouse. Run as many as the load needs; each delivery goes to one of
 * them, and one left unacknowledged by a dead processor goes to another. Its HTTP port
 * serves probes, `/metrics` and `/status` (its own counts and the consumer's lag).
 */
export async function openProcessorRole(config: Readonly<Config>, logger: Logger, clock: Clock) {
  const broker = await openBroker(config, logger, 'processor');
  const warehouse = await openSharedWarehouse(config, clock);
  const consumer = await broker.consumer();
  const metrics = createMetrics({ defaults: true });
  const p = config.processor;
  const pipeline = pipelineFrom(config, clock);
  const processor = createConsumerProcessor(
    { log: consumer, warehouse, pipeline, clock, logger, metrics },
    {
      consumer: CONSUMER,
      batchSize: p.batchSize,
      idleWaitMs: p.idleWaitMs,
      maxBackoffMs: p.maxBackoffMs,
      poisonAttempts: p.poisonAttempts,
    },
  );
  await processor.init();
  /** Its own counts, and the consumer's lag as the broker reports it (all processors'). */
  const status = async () => {
    const lag = await consumer.lag().catch(() => null);
    if (lag) {
      metrics.processor.lagMessages.set({ state: 'pending' }, lag.pending);
      metrics.processor.lagMessages.set({ state: 'in_flight' }, lag.inFlight);
    }
    return { processor: processor.stats(), lag, brokerProblems: broker.problems() };
  };
  let closing = false;
  const app = new Hono();
  app.route(
    '/',
    createHealthRoutes({
      report: () => Promise.resolve(null),
      notReady: async () => [
        ...broker.problems(),
        ...(await readiness({
          closing: () => closing,
          ping: () => warehouse.ping(),
          report: () => Promise.resolve(null),
        })),
      ],
    }),
  );
  const guard = requireToken(config.dashboard.token);
  app.get('/status', guard, async (c) => c.json(await status()));
  app.get(
    '/metrics',
    guard,
    metricsHandler(async () => {
      await status();
      return exposition(metrics);
    }),
  );
  return {
    app,
    processor,
    status,
    async close(): Promise<void> {
      closing = true;
      await processor.stop();
      await consumer.close();
      await broker.close();
      await warehouse.close();
    },
  };
}
