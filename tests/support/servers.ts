/**
 * Private NATS and PostgreSQL servers for fault-injection tests.
 *
 * Fault tests stop, kill and restart their servers while traffic flows; the shared servers on
 * 4222/5432 serve other test files at the same time, so each fault test starts its own from the
 * binaries installed on the machine, on free ports, with its data in a temp folder. Call
 * `close()` in `afterAll`: it stops the server and removes the folder even after a failed test.
 * Servers left running when the test process ends are killed by a process 'exit' hook and by a
 * watchdog shell that outlives the process (it also catches death by a signal, where no 'exit'
 * event fires) and removes their folders.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type ConnectionOptions } from '@nats-io/transport-node';
import pg from 'pg';

const NATS_BIN = '/usr/sbin/nats-server';
const PG_BIN = '/usr/lib/postgresql/15/bin';
const STOP_TIMEOUT_MS = 30_000;
const PROBE_TIMEOUT_MS = 1_000;

/** Start, graceful stop, crash, and stop-and-remove-everything; every call waits until done. */
export interface ServerControls {
  /** Starts again on the same port and data folder; resolves once the server serves requests. */
  start(): Promise<void>;
  /** Graceful shutdown (NATS: SIGTERM; PostgreSQL: fast, as `pg_ctl stop -m fast`). */
  stop(): Promise<void>;
  /** Crash (NATS: SIGKILL; PostgreSQL: immediate, as `pg_ctl stop -m immediate`). */
  kill(): Promise<void>;
  /** stop() and remove the temp folder; for afterAll. */
  close(): Promise<void>;
}

/** A private nats-server; JetStream data in storeDir survives stop/kill and start. */
export interface PrivateNats extends ServerControls {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
}

/** A private PostgreSQL 15 cluster (trust auth, user postgres) whose data survives restarts. */
export interface PrivatePostgres extends ServerControls {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  /** Creates a database (template0, UTF8, C collation) and returns its URL. */
  createDatabase(name: string): Promise<string>;
}

/** How the readiness probe connects to a server started with authentication or TLS. */
export type NatsProbeOptions = Pick<ConnectionOptions, 'user' | 'pass' | 'token' | 'tls'>;

/**
 * Starts nats-server on a free port, with JetStream unless `jetstream: false`; `args` are
 * more server flags (`--user`, `--tls`, ...), `probe` how to get in then.
 */
export async function startPrivateNats(
  opts: { jetstream?: boolean; args?: string[]; probe?: NatsProbeOptions } = {},
): Promise<PrivateNats> {
  const jetstream = opts.jetstream ?? true;
  const root = await mkdtemp(join(tmpdir(), 'storepulse-nats-'));
  const port = await freePort();
  const url = `nats://127.0.0.1:${port}`;
  const storeDir = join(root, 'store');
  const server = new ServerProcess({
    name: `nats-server :${port}`,
    cmd: NATS_BIN,
    args: [
      ...['-a', '127.0.0.1', '-p', String(port)],
      ...(jetstream ? ['-js', '-sd', storeDir] : []),
      ...(opts.args ?? []),
    ],
    cwd: root,
    stopSignal: 'SIGTERM',
    crashSignal: 'SIGKILL',
    readyTimeoutMs: 15_000,
    probe: () => pingNats(url, jetstream, opts.probe),
  });
  return { url, port, storeDir, ...(await controls(server)) };
}

/** initdb's a cluster in a temp folder owned by the postgres user and starts it on a free port. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const owner = postgresOwner();
  const root = await mkdtemp(join(tmpdir(), 'storepulse-pg-'));
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const data = join(root, 'data');
  try {
    if (owner) await chown(root, owner.uid, owner.gid);
    // --no-sync: the faults we inject kill processes, not the machine, so the page cache holds.
    const initdb = ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale', 'C'];
    await promisify(execFile)(`${PG_BIN}/initdb`, [...initdb, '--no-sync', '--no-instructions'], {
      cwd: root,
      ...owner,
    });
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    throw err;
  }
  const settings = {
    port,
    listen_addresses: '127.0.0.1',
    unix_socket_directories: root,
    shared_buffers: '64MB',
    max_connections: 50,
  };
  const server = new ServerProcess({
    name: `postgres :${port}`,
    cmd: `${PG_BIN}/postgres`,
    args: ['-D', data, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
    cwd: root,
    owner,
    stopSignal: 'SIGINT',
    crashSignal: 'SIGQUIT',
    readyTimeoutMs: 30_000,
    probe: () => withPg(url, async () => undefined),
  });
  const createDatabase = async (name: string) => {
    await withPg(url, (c) =>
      c.query(
        `create database ${c.escapeIdentifier(name)} template template0` +
          ` encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`,
      ),
    );
    return `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(name)}`;
  };
  return { url, port, createDatabase, ...(await controls(server)) };
}

/** Starts the server and wraps it in the public controls; removes the folder if it cannot start. */
async function controls(server: ServerProcess): Promise<ServerControls> {
  const removeRoot = () => rm(server.spec.cwd, { recursive: true, force: true });
  try {
    await server.start();
  } catch (err) {
    await removeRoot();
    throw err;
  }
  return {
    start: () => server.start(),
    stop: () => server.signal(server.spec.stopSignal),
    kill: () => server.signal(server.spec.crashSignal),
    close: async () => {
      try {
        await server.signal(server.spec.stopSignal);
      } finally {
        await removeRoot();
      }
    },
  };
}

interface Owner {
  uid: number;
  gid: number;
}

interface ServerSpec {
  name: string;
  cmd: string;
  args: string[];
  /** The server's temp folder: its log, and what the watchdog removes. */
  cwd: string;
  /** Whom to run as: PostgreSQL refuses to run as root. */
  owner?: Owner;
  stopSignal: NodeJS.Signals;
  /** The signal that crashes the server: kill(), the exit hook and the watchdog send it. */
  crashSignal: NodeJS.Signals;
  readyTimeoutMs: number;
  /** Resolves once the server serves requests; rejects while it does not yet. */
  probe: () => Promise<void>;
}

/** Children still running, with their crash signal, for the exit hook. */
const running = new Map<ChildProcess, NodeJS.Signals>();
process.on('exit', () => {
  for (const [child, signal] of running) child.kill(signal);
});

/** One server binary as a child process, restartable, with its output appended to a log file. */
class ServerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly logFile: string;

  constructor(readonly spec: ServerSpec) {
    this.logFile = join(spec.cwd, 'server.log');
  }

  async start(): Promise<void> {
    if (this.child) throw new Error(`${this.spec.name} is already running`);
    const { cmd, args, cwd, owner, crashSignal } = this.spec;
    const log = openSync(this.logFile, 'a');
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', log, log], ...owner });
    closeSync(log);
    this.child = child;
    this.exited = new Promise((resolve) => {
      const gone = () => {
        running.delete(child);
        this.child = undefined;
        resolve();
      };
      child.once('exit', gone).once('error', gone);
    });
    running.set(child, crashSignal);
    if (child.pid) watchdog(child.pid, crashSignal, cwd);
    try {
      await this.untilReady(child);
    } catch (err) {
      await this.signal('SIGKILL');
      throw new Error(`${this.spec.name} did not start: ${String(err)}${await this.logTail()}`);
    }
  }

  /** Sends the signal and waits for the exit; a server that ignores it is killed, with an error. */
  async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill(signal);
    const timer = sleep(STOP_TIMEOUT_MS, 'timeout' as const, { ref: false });
    if ((await Promise.race([this.exited, timer])) !== 'timeout') return;
    child.kill('SIGKILL');
    await this.exited;
    throw new Error(`${this.spec.name} ignored ${signal}, killed${await this.logTail()}`);
  }

  private async untilReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + this.spec.readyTimeoutMs;
    for (;;) {
      if (this.child !== child) {
        const status = child.exitCode ?? child.signalCode ?? 'could not spawn';
        throw new Error(`${this.spec.cmd} exited (${status}) while starting`);
      }
      try {
        return await this.spec.probe();
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
      await sleep(20);
    }
  }

  private async logTail(): Promise<string> {
    const log = await readFile(this.logFile, 'utf8').catch(() => '');
    return `\n--- ${this.logFile} (tail) ---\n${log.slice(-3000)}`;
  }
}

/**
 * Once this process is gone, crashes the server and removes its folder. The exit hook does not
 * run when the test process dies by a signal (a cancelled or crashed vitest worker), so a
 * detached shell watches both pids; it ends by itself when the server exits while we live.
 */
function watchdog(serverPid: number, signal: NodeJS.Signals, dir: string): void {
  const script = [
    'while kill -0 "$1" && kill -0 "$2"; do sleep 0.5; done 2>/dev/null',
    'kill -0 "$1" 2>/dev/null && exit',
    'kill -s "$3" "$2" 2>/dev/null',
    'i=0; while kill -0 "$2" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done',
    'rm -rf "$4"',
  ].join('\n');
  const args = [String(process.pid), String(serverPid), signal.slice(3), dir];
  spawn('/bin/sh', ['-c', script, 'watchdog', ...args], {
    stdio: 'ignore',
    detached: true,
  }).unref();
}

/**
 * A free port below the kernel's ephemeral range (32768+ on Linux): a port from `listen(0)`
 * could be taken by some outgoing connection while the server is down between kill and start.
 * Never 4222 or 5432.
 */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = randomInt(20_000, 32_000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free port in 20000-32000');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

async function pingNats(url: string, jetstream: boolean, auth?: NatsProbeOptions): Promise<void> {
  const nc = await connect({ servers: url, reconnect: false, timeout: PROBE_TIMEOUT_MS, ...auth });
  try {
    if (jetstream)
      await (await jetstreamManager(nc, { timeout: PROBE_TIMEOUT_MS })).getAccountInfo();
  } finally {
    await nc.close();
  }
}

/** Runs `fn` on a fresh connection; rejects while the server does not accept connections. */
async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: PROBE_TIMEOUT_MS,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The postgres OS user when we run as root (PostgreSQL refuses root); otherwise ourselves. */
function postgresOwner(): Owner | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  return { uid: id('-u'), gid: id('-g') };
}
