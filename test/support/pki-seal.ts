/**
 * Seal tests' PKI (platform/pki/seal-pki.ts) plus what only tests need: an OpenSSL-written PKCS#12 and an
 * NSS trust store for poppler's pdfsig.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestCertificate } from '../../platform/pki/seal-pki';

export * from '../../platform/pki/seal-pki';

/** The same, written by OpenSSL 3 (PBES2/AES-256, PBKDF2 and MAC with SHA-256), as real exports are. */
export function toPkcs12WithOpenssl(
  seal: TestCertificate,
  chain: readonly TestCertificate[],
  password: string,
  dir: string,
): Uint8Array {
  const keyFile = join(dir, 'seal-key.pem');
  const certFile = join(dir, 'seal-cert.pem');
  const chainFile = join(dir, 'chain.pem');
  const out = join(dir, 'seal-openssl.p12');
  writeFileSync(keyFile, seal.key.privateKeyPem, { mode: 0o600 });
  writeFileSync(certFile, seal.pem);
  writeFileSync(chainFile, chain.map((c) => c.pem).join('\n'));
  execFileSync(
    'openssl',
    [
      'pkcs12',
      '-export',
      '-inkey',
      keyFile,
      '-in',
      certFile,
      '-certfile',
      chainFile,
      '-out',
      out,
      '-passout',
      'stdin',
    ],
    { input: `${password}\n` },
  );
  return new Uint8Array(readFileSync(out));
}

/** An NSS database that trusts the CA, as signed-notices.md describes; returns the value for -nssdir. */
export function createNssTrustStore(dir: string, ca: TestCertificate): string {
  const caFile = join(dir, 'ca.der');
  writeFileSync(caFile, ca.der);
  const nssdir = `sql:${dir}`;
  execFileSync('certutil', ['-N', '-d', nssdir, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', nssdir, '-n', 'Antragsdesk Test CA', '-t', 'C,C,C', '-i', caFile]);
  return nssdir;
}

/** pdfsig's report (stdout and stderr); it exits 0 even for broken signatures, so callers must read it. */
export function pdfsig(file: string, nssdir: string): string {
  const run = spawnSync('pdfsig', ['-nssdir', nssdir, file], { encoding: 'utf8' });
  return `${run.stdout}${run.stderr}`;
}
