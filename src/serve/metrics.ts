import type { Handler } from 'hono';
import { exposition, type Exposition, type Metrics, type MetricsJson } from '../core/metrics.js';
import type { StatusReport } from './status.js';

/**
 * One scrape: the gauges that describe the stores are set from a fresh status report
 * (the processor's own counters cannot see a stall: its lag must be measured from outside),
 * then this thread's metrics are exposed, merged with the other threads' (`others`).
 */
export function scrape(
  metrics: Metrics,
  status: StatusReport,
  others: MetricsJson[] = [],
): Promise<Exposition> {
  const { warehouse: w, log, lag } = status;
  const rows = metrics.state.warehouseRows;
  rows.set({ table: 'silver_events' }, w.silverEvents);
  rows.set({ table: 'silver_orders' }, w.orders);
  rows.set({ table: 'silver_refunds' }, w.refunds);
  rows.set({ table: 'silver_customer_traits' }, w.traits);
  rows.set({ table: 'quarantine_unresolved' }, w.quarantined);
  metrics.state.logLastSeq.set(log.lastSeq);
  metrics.state.logBytes.set(log.bytes);
  const p = metrics.processor;
  p.lagSeconds.set(lag.seconds);
  // A NATS lag counts messages: the processors export it (storepulse_processor_lag_messages).
  if (lag.unit === 'events') {
    p.lagEvents.set(lag.events);
    p.checkpoint.set(status.processor?.checkpoint ?? log.lastSeq - lag.events);
  }
  return exposition(metrics, others);
}

/** GET /metrics: the Prometheus text exposition format. */
export const metricsHandler =
  (source: () => Promise<Exposition>): Handler =>
  async (c) => {
    const { text, contentType } = await source();
    return c.body(text, 200, { 'content-type': contentType });
  };
