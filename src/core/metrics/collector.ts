import { Counter, Histogram, type Registry } from 'prom-client';

/** The collector's metrics (main thread). `route` is the tracking API's path: batch, import, ... */
export function collectorMetrics(registry: Registry) {
  const registers = [registry];
  return {
    received: new Counter({
      name: 'storepulse_collector_events_received_total',
      help: 'Events in request bodies the collector read (a body that is not JSON or has no batch array counts as one).',
      labelNames: ['route'] as const,
      registers,
    }),
    acknowledged: new Counter({
      name: 'storepulse_collector_events_acknowledged_total',
      help: 'Events appended to the log and synced to disk: each ends up in silver or in quarantine (a body that is not JSON is kept as one raw record, though its request gets a 400).',
      labelNames: ['route'] as const,
      registers,
    }),
    requests: new Counter({
      name: 'storepulse_collector_requests_total',
      help: 'Tracking API requests by route and HTTP status code.',
      labelNames: ['route', 'status'] as const,
      registers,
    }),
    batchEvents: new Histogram({
      name: 'storepulse_collector_request_events',
      help: 'Events per accepted request.',
      labelNames: ['route'] as const,
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers,
    }),
    ackSeconds: new Histogram({
      name: 'storepulse_collector_ack_seconds',
      help: 'Time from the start of a request to its 200 answer, which is sent once its events are synced to disk.',
      labelNames: ['route'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
  };
}
