import { Gauge, type Registry } from 'prom-client';

/** Sizes of the stores, set when scraped from the status report. */
export function stateMetrics(registry: Registry) {
  const registers = [registry];
  return {
    warehouseRows: new Gauge({
      name: 'storepulse_warehouse_rows',
      help: 'Rows per warehouse table: silver_events, silver_orders, silver_refunds, silver_customer_traits, and quarantine_unresolved.',
      labelNames: ['table'] as const,
      registers,
    }),
    logLastSeq: new Gauge({
      name: 'storepulse_log_last_seq',
      help: 'The sequence number of the newest record in the log.',
      registers,
    }),
    logBytes: new Gauge({
      name: 'storepulse_log_bytes',
      help: 'Bytes of the log on disk (all segments).',
      registers,
    }),
  };
}
