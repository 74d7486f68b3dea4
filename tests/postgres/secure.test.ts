import { execFileSync } from 'node:child_process';
import { chmod, chown, readFile, writeFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PgLeadership } from '../../src/adapters/postgres/leader.js';
import { PgWarehouse } from '../../src/adapters/postgres/warehouse.js';
import { makeCertificates, type TestCertificates } from '../support/certs.js';
import { startPrivatePostgres, type PrivatePostgres } from '../support/servers.js';

/**
 * The warehouse URL carries a password and TLS settings, as a production PostgreSQL wants:
 * a private server made to accept the shop's role only over TLS with its password
 * (scram-sha-256), and the warehouse, the scheduler's lock and their errors checked
 * against it. No error shows the password.
 */
const PASSWORD = 'p@ss:w/rd';
const clock = { now: () => Date.now() };
let server: PrivatePostgres;
let certs: TestCertificates;
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of closers.reverse()) await c().catch(() => undefined);
});

beforeAll(async () => {
  certs = await makeCertificates();
  closers.push(() => certs.remove());
  server = await startPrivatePostgres();
  closers.push(() => server.close());
  // The server reads its key as the postgres user, and only from a file no one else can.
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  await chmod(certs.dir, 0o755);
  for (const f of [certs.cert, certs.key]) await chown(f, id('-u'), id('-g'));
  await chmod(certs.key, 0o600);
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`alter system set ssl = on`);
    await admin.query(`alter system set ssl_cert_file = '${certs.cert}'`);
    await admin.query(`alter system set ssl_key_file = '${certs.key}'`);
    await admin.query(`create role shop login password '${PASSWORD}'`);
    await admin.query(
      `create database shop owner shop template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`,
    );
    // The shop's role: over TLS with its password, never in clear.
    const hba = (await admin.query<{ hba_file: string }>('show hba_file')).rows[0]!.hba_file;
    const rules =
      'hostssl all shop 127.0.0.1/32 scram-sha-256\nhost all shop 127.0.0.1/32 reject\n';
    await writeFile(hba, rules + (await readFile(hba, 'utf8')));
    await admin.query('select pg_reload_conf()');
  } finally {
    await admin.end();
  }
}, 120_000);

const url = (password: string, params: string) =>
  `postgres://shop:${encodeURIComponent(password)}@127.0.0.1:${server.port}/shop${params}`;

it('the warehouse and the scheduler lock connect with the password over verified TLS', async () => {
  const secure = url(PASSWORD, `?sslmode=verify-full&sslrootcert=${certs.ca}`);
  const warehouse = await PgWarehouse.open(secure, clock);
  closers.push(() => warehouse.close());
  await warehouse.migrate();
  const versions = await warehouse.query('select count(*)::int as n from schema_migrations');
  expect(versions).toEqual([{ n: 6 }]);
  expect((await warehouse.status()).silverEvents).toBe(0);
  const [row] = await warehouse.query(
    'select ssl, current_user as who from pg_stat_ssl, current_user where pid = pg_backend_pid()',
  );
  expect(row).toEqual({ ssl: true, who: 'shop' });
  const leader = new PgLeadership(secure, 42);
  closers.push(() => leader.release());
  expect(await leader.check()).toBe(true);
});

it('refuses a wrong password, a connection in clear and an unknown CA, without showing the password', async () => {
  const refused = async (u: string) => {
    const err = await PgWarehouse.open(u, clock).then(
      async (w) => {
        await w.close();
        return null;
      },
      (e: unknown) => e as Error & { cause?: Error },
    );
    expect(err, u).not.toBeNull();
    const text = `${err!.message} ${err!.cause?.message ?? ''}`;
    expect(text).not.toContain('wrong-one');
    expect(text).not.toContain(PASSWORD);
    return text;
  };
  const ca = `&sslrootcert=${certs.ca}`;
  expect(await refused(url('wrong-one', `?sslmode=verify-full${ca}`))).toMatch(
    /password authentication failed/,
  );
  expect(await refused(url(PASSWORD, '?sslmode=disable'))).toMatch(
    /pg_hba\.conf rejects connection/,
  );
  expect(await refused(url(PASSWORD, '?sslmode=verify-full'))).toMatch(/certificate/);
});
