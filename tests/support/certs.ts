import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** A test CA and a server certificate it signed, for 127.0.0.1 and localhost (PEM files). */
export interface TestCertificates {
  dir: string;
  ca: string;
  cert: string;
  key: string;
  remove(): Promise<void>;
}

/** Made by the machine's openssl in a temp folder: no certificate is kept in the repository. */
export async function makeCertificates(): Promise<TestCertificates> {
  const dir = await mkdtemp(join(tmpdir(), 'storepulse-certs-'));
  const openssl = (...args: string[]) => promisify(execFile)('openssl', args, { cwd: dir });
  const key = (file: string) => ['-newkey', 'rsa:2048', '-nodes', '-keyout', file];
  await openssl(
    'req',
    '-x509',
    ...key('ca.key'),
    '-days',
    '2',
    '-out',
    'ca.pem',
    '-subj',
    '/CN=storepulse test CA',
  );
  await openssl('req', ...key('server.key'), '-out', 'server.csr', '-subj', '/CN=localhost');
  await writeFile(join(dir, 'san.ext'), 'subjectAltName = IP:127.0.0.1, DNS:localhost\n');
  await openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    'server.pem',
    '-extfile',
    'san.ext',
  );
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    cert: join(dir, 'server.pem'),
    key: join(dir, 'server.key'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
