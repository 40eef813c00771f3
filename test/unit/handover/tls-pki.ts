/**
 * A throwaway TLS PKI for the mTLS tests: a CA, a server certificate for 127.0.0.1 and client
 * certificates. Keys come from node:crypto (fast), certificates are built with node-forge.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface Issued {
  cert: string;
  key: string;
}

interface Authority extends Issued {
  forgeCert: forge.pki.Certificate;
  forgeKey: forge.pki.rsa.PrivateKey;
}

function keyPair(): {
  pem: string;
  forgeKey: forge.pki.rsa.PrivateKey;
  forgePublic: forge.pki.rsa.PublicKey;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    pem: privateKey,
    forgeKey: forge.pki.privateKeyFromPem(privateKey),
    forgePublic: forge.pki.publicKeyFromPem(publicKey) as forge.pki.rsa.PublicKey,
  };
}

function certificate(
  commonName: string,
  publicKey: forge.pki.rsa.PublicKey,
  extensions: object[],
  issuer?: Authority,
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(now + 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  cert.setIssuer(issuer ? issuer.forgeCert.subject.attributes : [{ name: 'commonName', value: commonName }]);
  cert.setExtensions(extensions);
  return cert;
}

export function createAuthority(name: string): Authority {
  const key = keyPair();
  const cert = certificate(name, key.forgePublic, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  cert.sign(key.forgeKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: key.pem, forgeCert: cert, forgeKey: key.forgeKey };
}

export function issue(authority: Authority, commonName: string, use: 'server' | 'client'): Issued {
  const key = keyPair();
  const cert = certificate(
    commonName,
    key.forgePublic,
    [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      use === 'server'
        ? { name: 'extKeyUsage', serverAuth: true }
        : { name: 'extKeyUsage', clientAuth: true },
      ...(use === 'server' ? [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }] : []),
    ],
    authority,
  );
  cert.sign(authority.forgeKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: key.pem };
}
