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

export function config(
  opts: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Readonly<Config> {
  return loadConfig(process.env, {
    dataDir: opts.dataDir,
    'http.host': opts.host,
    'http.port': opts.port,
    logLevel: opts.logLevel,
    ...extra,
  });
}
