import { AggregatorRegistry, collectDefaultMetrics, Registry } from 'prom-client';
import { collectorMetrics } from './metrics/collector.js';
import { processorMetrics } from './metrics/processor.js';
import { modelMetrics } from './metrics/models.js';
import { monitorMetrics } from './metrics/monitor.js';
import { stateMetrics } from './metrics/state.js';

/**
 * The Prometheus metrics of one instance, in a registry of its own (never prom-client's
 * global one): tests run several instances in one process and each must start at zero.
 * `defaults` adds prom-client's process metrics (CPU, memory, event loop, GC); only the
 * thread that serves /metrics should ask for them, once per process.
 */
export function createMetrics(opts: { defaults: boolean }) {
  const registry = new Registry();
  if (opts.defaults) collectDefaultMetrics({ register: registry });
  return {
    registry,
    collector: collectorMetrics(registry),
    processor: processorMetrics(registry),
    models: modelMetrics(registry),
    monitor: monitorMetrics(registry),
    state: stateMetrics(registry),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** A registry's metrics as plain data: what crosses from the worker thread to the main one. */
export type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

/** The text exposition and the content type to serve it with. */
export interface Exposition {
  text: string;
  contentType: string;
}

/**
 * This thread's metrics, merged with other threads' (`getMetricsAsJSON()` of each). Both
 * threads register the whole catalogue but each sets only its own part, so summing is right:
 * counters and histograms add up, and a gauge is set in one thread while the other's copy
 * stays 0 or has no sample. A metric only one thread has (the process metrics) is passed
 * through as it is: prom-client's aggregators would drop some (`omit`) or average others.
 */
export async function exposition(
  metrics: Metrics,
  others: MetricsJson[] = [],
): Promise<Exposition> {
  const { registry } = metrics;
  if (others.length === 0)
    return { text: await registry.metrics(), contentType: registry.contentType };
  const all = [await registry.getMetricsAsJSON(), ...others];
  const seen = new Map<string, number>();
  for (const m of all.flat()) seen.set(m.name, (seen.get(m.name) ?? 0) + 1);
  const merged = AggregatorRegistry.aggregate(
    all.map((list) =>
      list.map((m) => (seen.get(m.name) === 1 ? { ...m, aggregator: 'first' as const } : m)),
    ),
  );
  return { text: await merged.metrics(), contentType: registry.contentType };
}
