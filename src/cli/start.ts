import type { Config } from '../core/config.js';
import { parseWriteKeys } from '../core/config.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { createGenerator, sendToCollector } from '../generate/index.js';
import { openWorkerRuntime } from './worker-runtime.js';
import { closeServer, createApps, listen } from './server.js';
import { formatProgress } from './format.js';

/** `storepulse start`: collector, processor and (with --demo) generated traffic, one process. */
export async function start(config: Readonly<Config>, logger: Logger, clock: Clock): Promise<void> {
  const rt = await openWorkerRuntime(config, logger, clock);
  await rt.processor.start();
  const apps = createApps(rt, config, clock, logger);
  const { server, url } = await listen(apps.main, config.http.host, config.http.port);
  const board = apps.dashboard
    ? await listen(apps.dashboard, config.http.host, config.dashboard.port ?? 0)
    : { server: null, url };
  const token = config.dashboard.token ? '?token=<your token>' : '';
  const c = config.collector;
  console.log(`storepulse is running at ${url}`);
  console.log(
    `  collect:  POST ${url}/v1/batch (Segment tracking API; write key as Basic-auth username)`,
  );
  console.log(`  dashboard: ${board.url}/overview${token}`);
  console.log(`  API:      ${board.url}/api/v1/openapi.json`);
  console.log(`  status:   GET  ${board.url}/admin/v1/status   (or: storepulse status)`);
  console.log(`  data dir: ${config.dataDir}`);
  const every = config.models.intervalSeconds;
  console.log(
    `  models:   ${every > 0 ? `refreshed every ${every} s` : 'not scheduled'} in ${config.models.reportTimeZone} (storepulse models run|test|list)`,
  );

  const demo = new AbortController();
  if (config.demo.enabled) {
    const writeKey = [...parseWriteKeys(c.writeKeys).keys()][0]!;
    console.log(`  demo:     sending generated shop traffic at ${config.demo.rate} events/s`);
    sendToCollector({
      url,
      writeKey,
      rate: config.demo.rate,
      generator: createGenerator({ seed: config.demo.seed, now: () => clock.now() }),
      signal: demo.signal,
    }).catch((err: unknown) => logger.error({ err }, 'demo traffic stopped'));
  }

  let last = { at: clock.now(), seq: rt.log.stats().lastSeq };
  const ticker = setInterval(() => {
    void rt.admin.status().then((s) => {
      const now = clock.now();
      console.log(formatProgress(s, (s.log.lastSeq - last.seq) / ((now - last.at) / 1000)));
      last = { at: now, seq: s.log.lastSeq };
    });
  }, 5000);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      console.log(`${signal}: draining and checkpointing...`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  clearInterval(ticker);
  demo.abort();
  // Stop taking requests, let the ones in flight finish, then commit everything durable.
  apps.close();
  await Promise.all([server, board.server].map((s) => (s ? closeServer(s) : Promise.resolve())));
  await rt.processor.drain();
  const final = await rt.admin.status();
  await rt.close();
  console.log(
    `stopped cleanly at seq ${final.log.lastSeq}; checkpoint ${final.processor?.checkpoint ?? 0}`,
  );
}
