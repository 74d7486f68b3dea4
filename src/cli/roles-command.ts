import type { Command } from 'commander';
import type { Config } from '../core/config.js';
import { systemClock } from '../core/clock.js';
import { createLogger, type Logger } from '../core/logger.js';
import { ConfigError } from '../core/errors.js';
import { common, config, scaleOutGaps, scaledOut } from './options.js';
import { createApps } from './server.js';
import { serveRole } from './roles/lifecycle.js';
import { openCollectorRole } from './roles/collector.js';
import { openProcessorRole } from './roles/processor.js';
import { openSchedulerRole } from './roles/scheduler.js';
import { openDashboardRole } from './roles/dashboard.js';
import { untilSignal } from './roles/lifecycle.js';

type Needs = { log: boolean; warehouse: boolean; collects?: boolean };

/** The scale-out roles: each runs one part of `storepulse start` against NATS and PostgreSQL. */
export function registerRoles(program: Command): void {
  role(program, 'collector', 'the tracking API alone, publishing to NATS JetStream', {
    log: true,
    warehouse: false,
  }).action(
    run('collector', { log: true, warehouse: false, collects: true }, async (cfg, logger) => {
      const r = await openCollectorRole(cfg, logger, systemClock);
      return { app: r.app, close: () => r.close() };
    }),
  );
  role(program, 'processor', 'commit deliveries of the shared NATS consumer to PostgreSQL', {
    log: true,
    warehouse: true,
  }).action(
    run('processor', { log: true, warehouse: true }, async (cfg, logger) => {
      const r = await openProcessorRole(cfg, logger, systemClock);
      r.processor.start();
      return { app: r.app, close: () => r.close() };
    }),
  );
  role(program, 'dashboard', 'the dashboard, its API and the operator API over PostgreSQL', {
    log: true,
    warehouse: true,
  }).action(
    run('dashboard', { log: true, warehouse: true }, async (cfg, logger) => {
      const rt = await openDashboardRole(cfg, logger, systemClock);
      const apps = createApps(rt, cfg, systemClock, logger);
      return {
        app: apps.main,
        close: async () => {
          apps.close();
          await rt.close();
        },
      };
    }),
  );
  role(
    program,
    'scheduler',
    'models, data tests and retention; one acts at a time (advisory lock)',
    {
      log: false,
      warehouse: true,
    },
  ).action(async (opts: Record<string, unknown>) => {
    const cfg = roleConfig(opts, { log: false, warehouse: true });
    const logger = createLogger(cfg.logLevel);
    const r = await openSchedulerRole(cfg, logger, systemClock);
    console.log('storepulse scheduler is running (acts while it holds the lead)');
    console.log(`${await untilSignal()}: scheduler stopping...`);
    await r.close();
  });
}

function role(program: Command, name: string, description: string, needs: Needs): Command {
  const cmd = scaledOut(common(program.command(name)).description(description), needs);
  if (name === 'collector') cmd.option('--write-keys <spec>', 'write keys, "key:id,key:id"');
  return cmd;
}

function roleConfig(opts: Record<string, unknown>, needs: Needs): Readonly<Config> {
  const cfg = config(opts, {
    // Only the collector takes events: the others need no write key.
    'collector.writeKeys': opts.writeKeys ?? (needs.collects ? undefined : 'none'),
  });
  const missing = scaleOutGaps(cfg, needs);
  if (missing.length > 0) throw new ConfigError(missing.map((m) => `this role needs ${m}`));
  return cfg;
}

function run(
  name: string,
  needs: Needs,
  open: (
    cfg: Readonly<Config>,
    logger: Logger,
  ) => Promise<{ app: Parameters<typeof serveRole>[1]; close: () => Promise<void> }>,
) {
  return async (opts: Record<string, unknown>) => {
    const cfg = roleConfig(opts, needs);
    const logger = createLogger(cfg.logLevel);
    const r = await open(cfg, logger);
    const { done } = await serveRole(name, r.app, cfg.http, r.close);
    await done;
  };
}
