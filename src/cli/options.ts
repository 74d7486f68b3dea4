import type { Command } from 'commander';
import { loadConfig, type Config } from '../core/config.js';

/** The options every command that opens a data folder takes. */
export function common(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'data folder (env STOREPULSE_DATA_DIR)')
    .option('--host <host>', 'HTTP host (env STOREPULSE_HOST)')
    .option('--port <port>', 'HTTP port (env STOREPULSE_PORT)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|silent (env STOREPULSE_LOG_LEVEL)');
}

/** The commands that may look at a scaled-out pipeline: its NATS log and PostgreSQL warehouse. */
export function scaledOut(cmd: Command, needs = { log: true, warehouse: true }): Command {
  if (needs.log) cmd.option('--log <url>', 'nats://host:port[,host:port] (env STOREPULSE_LOG)');
  if (needs.warehouse)
    cmd.option('--warehouse <url>', 'postgres://user@host:port/db (env STOREPULSE_WAREHOUSE)');
  return cmd;
}

/** What a scaled-out command lacks of the log and warehouse it needs: one line each. */
export function scaleOutGaps(
  cfg: Readonly<Config>,
  needs = { log: true, warehouse: true },
): string[] {
  return [
    needs.log &&
      !cfg.log.url &&
      'a NATS log: --log nats://host:4222 or tls://… (or STOREPULSE_LOG)',
    needs.warehouse &&
      !cfg.warehouse.url &&
      'a PostgreSQL warehouse: --warehouse postgres://... (or STOREPULSE_WAREHOUSE)',
  ].filter((m): m is string => typeof m === 'string');
}

export function config(
  opts: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Readonly<Config> {
  return loadConfig(process.env, {
    dataDir: opts.dataDir,
    'http.host': opts.host,
    'http.port': opts.port,
    logLevel: opts.logLevel,
    'log.url': opts.log,
    'warehouse.url': opts.warehouse,
    ...extra,
  });
}
