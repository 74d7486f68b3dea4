import type { Config } from '../../src/core/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { systemClock } from '../../src/core/clock.js';
import type { WireItem } from '../../src/generate/index.js';
import { closeServer, listen } from '../../src/cli/server.js';
import { openCollectorRole } from '../../src/cli/roles/collector.js';
import { openProcessorRole } from '../../src/cli/roles/processor.js';
import { WRITE_KEY } from '../../bench/lib/scale-space.js';

export * from '../../bench/lib/scale-space.js';

/**
 * Posts generated items in order: runs of events as `/v1/batch` requests of up to
 * `perRequest`, each malformed body as a request of its own (a 400, its raw record kept).
 */
export async function postItems(url: string, items: WireItem[], perRequest = 100): Promise<void> {
  const headers = {
    'content-type': 'application/json',
    authorization: `Basic ${Buffer.from(`${WRITE_KEY}:`).toString('base64')}`,
  };
  let run: unknown[] = [];
  const flush = async () => {
    if (run.length === 0) return;
    const res = await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ batch: run }),
    });
    if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
    run = [];
  };
  for (const item of items) {
    if (item.kind === 'event') {
      run.push(item.event);
      if (run.length >= perRequest) await flush();
      continue;
    }
    await flush();
    const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers, body: item.body });
    if (res.status !== 400) throw new Error(`a malformed body answered ${res.status}`);
  }
  await flush();
}

/**
 * A collector listening on a free port and a started processor, in this process; their
 * closing is pushed onto `cleanup` (run it in afterAll, last in first out).
 */
export async function collectorAndProcessor(
  config: Readonly<Config>,
  cleanup: (() => Promise<void>)[],
) {
  const collector = await openCollectorRole(config, silentLogger, systemClock);
  const { server, url } = await listen(collector.app, '127.0.0.1', 0);
  cleanup.push(async () => {
    await closeServer(server);
    await collector.close();
  });
  const role = await openProcessorRole(config, silentLogger, systemClock);
  role.processor.start();
  cleanup.push(() => role.close());
  return { url, role };
}
