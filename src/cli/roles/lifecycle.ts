import type { Hono } from 'hono';
import { closeServer, listen } from '../server.js';

/** Resolves on the first SIGINT or SIGTERM, naming it. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/**
 * Serves `app` until `stopped` resolves, then stops taking requests, lets the ones in
 * flight finish and runs `close`. Each role's process lives exactly this long.
 */
export async function serveRole(
  role: string,
  app: Hono,
  at: { host: string; port: number },
  close: () => Promise<void>,
  stopped: Promise<string> = untilSignal(),
): Promise<{ url: string; done: Promise<void> }> {
  const { server, url } = await listen(app, at.host, at.port);
  console.log(`storepulse ${role} is running at ${url}`);
  const done = stopped.then(async (signal) => {
    console.log(`${signal}: ${role} stopping...`);
    await closeServer(server);
    await close();
    console.log(`${role} stopped cleanly`);
  });
  return { url, done };
}
