#!/usr/bin/env node
import { Command, Option } from 'commander';
import { ConfigError, HttpError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { systemClock } from '../core/clock.js';
import { REASON_CODES } from '../core/reasons.js';
import { registerGenerate } from '../generate/command.js';
import { start } from './start.js';
import { withAdmin } from './local-or-remote.js';
import { formatStatus } from './format.js';
import { common, config, scaledOut } from './options.js';
import { registerModels } from './models-command.js';
import { registerDocs } from './docs-command.js';
import { registerImport } from './import-command.js';
import { registerRoles } from './roles-command.js';
import { ImportFormatError } from '../import/run.js';
import { DataDirLocked } from './lock.js';
import { formatHealth, registerMonitor } from './monitor-command.js';
import { contractJsonSchema } from '../core/contract/json-schema.js';

const program = new Command('storepulse').description('Real-time e-commerce analytics pipeline');

common(program.command('start'))
  .description('run the collector and processor; --demo adds generated shop traffic')
  .option('--demo', 'send generated demo traffic to this instance')
  .option('--demo-rate <n>', 'demo events per second')
  .option(
    '--demo-seed <n>',
    'demo generator seed (default: a new one each start, so restarts send new events)',
  )
  .option('--write-keys <spec>', 'write keys, "key:id,key:id" (env STOREPULSE_WRITE_KEYS)')
  .action(async (opts: Record<string, unknown>) => {
    const cfg = config(opts, {
      'demo.enabled': opts.demo === true,
      'demo.rate': opts.demoRate,
      'demo.seed': opts.demoSeed ?? Date.now() % 2 ** 31,
      'collector.writeKeys': opts.writeKeys,
    });
    await start(cfg, createLogger(cfg.logLevel), systemClock);
  });

scaledOut(common(program.command('status')))
  .description('counts per layer, lag, quarantine by reason, health and open alerts')
  .option('--json', 'print JSON')
  .action(async (opts: Record<string, unknown>) => {
    const cfg = config(opts, { 'collector.writeKeys': 'status' });
    const [s, health] = await withAdmin(cfg, createLogger('warn'), (a) =>
      Promise.all([a.status(), a.health({ run: false })]),
    );
    console.log(
      opts.json
        ? JSON.stringify({ ...s, health }, null, 2)
        : `${formatStatus(s)}\n${formatHealth(health)}`,
    );
  });

const quarantine = program
  .command('quarantine')
  .description('inspect and replay quarantined events');
const reasonOption = new Option('--reason <code>', 'only this reason').choices(REASON_CODES);

scaledOut(common(quarantine.command('list')))
  .addOption(reasonOption)
  .option('--limit <n>', 'rows', '20')
  .option('--json', 'print JSON lines')
  .action(async (opts: Record<string, unknown>) => {
    const cfg = config(opts, { 'collector.writeKeys': 'cli' });
    const rows = await withAdmin(cfg, createLogger('warn'), (a) =>
      a.quarantine({ reason: opts.reason as string | undefined, limit: Number(opts.limit) }),
    );
    for (const r of rows) {
      console.log(
        opts.json
          ? JSON.stringify(r)
          : `#${r.seq} ${r.received_at} ${r.reason.padEnd(17)} ${r.detail}\n    ${r.raw.slice(0, 160)}`,
      );
    }
    if (!opts.json) console.log(`${rows.length} row(s)`);
  });

scaledOut(common(quarantine.command('replay')))
  .description('re-validate unresolved quarantined events with the current code (idempotent)')
  .addOption(reasonOption)
  .option('--limit <n>', 'rows at most', '100000')
  .action(async (opts: Record<string, unknown>) => {
    const cfg = config(opts, { 'collector.writeKeys': 'cli' });
    const s = await withAdmin(cfg, createLogger('warn'), (a) =>
      a.replay({ reason: opts.reason as string | undefined, limit: Number(opts.limit) }),
    );
    console.log(`examined ${s.examined}, stored ${s.stored}, duplicates ${s.duplicates}`);
    for (const [reason, n] of Object.entries(s.stillQuarantined))
      console.log(`  still ${reason}: ${n}`);
  });

program
  .command('schema')
  .description('print the event contract as JSON Schema (schemas/event-v1.json)')
  .action(() => console.log(JSON.stringify(contractJsonSchema(), null, 2)));

registerGenerate(program);
registerModels(program);
registerDocs(program);
registerMonitor(program);
registerImport(program);
registerRoles(program);

program.parseAsync().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof ImportFormatError) console.error(err.message);
  else if (err instanceof HttpError) console.error(`${err.message} (${err.code})`);
  else if (err instanceof DataDirLocked)
    console.error(err.hint ? `${err.message}: ${err.hint}` : err.message);
  else if ((err as NodeJS.ErrnoException)?.code === 'ENOENT') console.error((err as Error).message);
  else console.error(err);
  process.exit(1);
});
