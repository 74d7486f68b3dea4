/**
 * npm run bench:scale -- [--duration 20] [--processors 1,2] [--collectors 2] [--rate 0]
 *   [--connections 4] [--batch 500]
 * HTTP to silver on the scaled-out deployment: `storepulse collector` and `storepulse processor`
 * as child processes on the local NATS JetStream and PostgreSQL, each configuration in a
 * stream and database of its own. Reports events/s acknowledged and stored, the loss check,
 * ack latency, receive-to-visible p99, and the CPU split between NATS, PostgreSQL, our roles
 * and the load generator. --rate 10000 measures latency at a steady rate instead of peak.
 */
import { parseArgs } from 'node:util';
import { getJson, startChild, stopChild, type Child } from './lib/child.js';
import { percentile, runLoad } from './lib/load.js';
import { cpuMeter, pids } from './lib/cpu.js';
import { roleEnv, scaleSpace, storedCount } from './lib/scale-space.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { values: a } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    processors: { type: 'string', default: '1,2' },
    collectors: { type: 'string', default: '2' },
    rate: { type: 'string', default: '0' },
    connections: { type: 'string', default: '4' },
    batch: { type: 'string', default: '500' },
  },
});

interface ProcessorStatus {
  processor: { processed: number; visibleMs: { p99: number } };
}

async function run(processorCount: number, collectorCount: number) {
  const space = await scaleSpace();
  const env = roleEnv(space.flags, {
    STOREPULSE_WRITE_KEYS: 'bench:bench',
    STOREPULSE_LOG_LEVEL: 'warn',
  });
  const dir = await mkdtemp(join(tmpdir(), 'storepulse-scale-'));
  const children: Child[] = [];
  try {
    const collectors: Child[] = [];
    for (let i = 0; i < collectorCount; i++)
      collectors.push(await startChild(dir, env, ['collector']));
    const processors: Child[] = [];
    for (let i = 0; i < processorCount; i++)
      processors.push(await startChild(dir, env, ['processor']));
    children.push(...collectors, ...processors);
    let worstVisibleP99 = 0;
    const sample = async () => {
      for (const p of processors) {
        const s = await getJson<ProcessorStatus>(`${p.url}/status`).catch(() => null);
        worstVisibleP99 = Math.max(worstVisibleP99, s?.processor.visibleMs.p99 ?? 0);
      }
    };
    const sampler = setInterval(() => void sample(), 2000);
    const meter = cpuMeter({
      nats: pids('-f', 'nats-server.*-p 4222'),
      postgres: () => pids('-u', 'postgres'),
      collectors: collectors.map((c) => c.proc.pid!),
      processors: processors.map((c) => c.proc.pid!),
      load: [process.pid],
    });
    const durationMs = Number(a.duration) * 1000;
    const t0 = performance.now();
    const loads = await Promise.all(
      collectors.map((c, i) =>
        runLoad({
          url: c.url,
          writeKey: 'bench',
          connections: Number(a.connections),
          batchSize: Number(a.batch),
          rate: Number(a.rate) / collectorCount,
          durationMs,
          idPrefix: `c${i}`,
        }),
      ),
    );
    const loadEnd = performance.now();
    const acknowledged = loads.reduce((n, l) => n + l.acknowledged, 0);
    let rows = 0;
    for (let last = -1, still = 0; rows < acknowledged && still < 100;) {
      rows = await storedCount(space.flags['warehouse.url']);
      still = rows === last ? still + 1 : 0;
      last = rows;
      await new Promise((r) => setTimeout(r, 200));
    }
    const doneAt = performance.now();
    clearInterval(sampler);
    await sample();
    const cpu = meter.stop();
    const latencies = loads.flatMap((l) => l.latenciesMs);
    const secs = (loadEnd - t0) / 1000;
    return {
      processors: processorCount,
      collectors: collectorCount,
      targetRate: Number(a.rate) || 'max',
      durationS: +secs.toFixed(1),
      acknowledged,
      failed: loads.reduce((n, l) => n + l.failed, 0),
      stored: rows,
      lost: acknowledged - rows,
      acceptedPerS: Math.round(acknowledged / secs),
      storedPerS: Math.round(rows / ((doneAt - t0) / 1000)),
      catchUpS: +((doneAt - loadEnd) / 1000).toFixed(2),
      ackP50Ms: +percentile(latencies, 50).toFixed(1),
      ackP99Ms: +percentile(latencies, 99).toFixed(1),
      visibleP99Ms: Math.round(worstVisibleP99),
      /** Cores each part used on average, from the load's start until all was stored. */
      cpuCores: mapValues(cpu.cpuS, (s) => +(s / cpu.wallS).toFixed(2)),
      /** CPU microseconds each part spent per stored event: the capacity model's inputs. */
      cpuUsPerEvent: mapValues(cpu.cpuS, (s) => Math.round((s / Math.max(1, rows)) * 1e6)),
    };
  } finally {
    for (const c of children) await stopChild(c, 'SIGTERM');
    await space.drop();
  }
}

const mapValues = (o: Record<string, number>, f: (v: number) => number) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

const results = [];
for (const p of a.processors.split(',').map(Number)) {
  results.push(await run(p, Number(a.collectors)));
  console.log(JSON.stringify(results.at(-1), null, 2));
}
if (results.some((r) => r.lost !== 0)) process.exitCode = 1;
