/**
 * The private keys in a PKCS#12 file (node-forge: it reads both legacy 3DES files and OpenSSL 3's
 * AES/PBKDF2 default), as Node key objects. For the seal, which also needs its certificate, the notices
 * capability's `loadSealCredentials` is used instead.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

export type Pkcs12KeysResult =
  | { ok: true; privateKeys: KeyObject[] }
  | { ok: false; code: 'pkcs12-wrong-password' | 'pkcs12-unreadable' };

function privateKeyOf(bag: forge.pkcs12.Bag): KeyObject {
  // forge decodes RSA keys itself; for others it leaves the decrypted PrivateKeyInfo in `asn1`.
  if (bag.key) return createPrivateKey(forge.pki.privateKeyToPem(bag.key));
  return createPrivateKey({
    key: Buffer.from(forge.asn1.toDer(bag.asn1).getBytes(), 'binary'),
    format: 'der',
    type: 'pkcs8',
  });
}

export function openPkcs12Keys(der: Uint8Array, password: string): Pkcs12KeysResult {
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    pfx = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(Buffer.from(der).toString('binary')), password);
  } catch (error) {
    // forge names a failed integrity check (MAC) this way; that is what a wrong password produces.
    const wrongPassword = error instanceof Error && /invalid password/i.test(error.message);
    return { ok: false, code: wrongPassword ? 'pkcs12-wrong-password' : 'pkcs12-unreadable' };
  }
  const { keyBag, pkcs8ShroudedKeyBag } = forge.pki.oids;
  const bags = (type: string | undefined) =>
    type === undefined ? [] : (pfx.getBags({ bagType: type })[type] ?? []);
  try {
    return { ok: true, privateKeys: [...bags(keyBag), ...bags(pkcs8ShroudedKeyBag)].map(privateKeyOf) };
  } catch {
    return { ok: false, code: 'pkcs12-unreadable' };
  }
}
