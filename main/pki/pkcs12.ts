/**
 * Opens a PKCS#12 (.p12/.pfx) container: its private keys as Node key objects and its certificates as DER.
 * node-forge reads both legacy 3DES files and OpenSSL 3's AES/PBKDF2 default. The destinations' keys
 * (profile) and the department seal (notices) both read their files through here; each judges the
 * contents by its own rules.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';

export interface Pkcs12Contents {
  /** Shrouded (password-encrypted) key bags first, then plain ones, each in file order. */
  readonly privateKeys: readonly KeyObject[];
  /** DER of every certificate in the container, in file order. */
  readonly certificates: readonly Uint8Array[];
}

export type Pkcs12Result =
  | ({ ok: true } & Pkcs12Contents)
  | { ok: false; code: 'pkcs12-wrong-password' | 'pkcs12-unreadable' };

type Bag = forge.pkcs12.Bag;

function derOf(asn1: forge.asn1.Asn1): Uint8Array {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function privateKeyOf(bag: Bag): KeyObject | undefined {
  // forge decodes RSA keys itself; for others it leaves the decrypted PrivateKeyInfo in `asn1`.
  if (bag.key) return createPrivateKey(forge.pki.privateKeyToPem(bag.key));
  if (bag.asn1) return createPrivateKey({ key: Buffer.from(derOf(bag.asn1)), format: 'der', type: 'pkcs8' });
  return undefined;
}

function certificateOf(bag: Bag): Uint8Array | undefined {
  if (bag.cert) return derOf(forge.pki.certificateToAsn1(bag.cert));
  if (bag.asn1) return derOf(bag.asn1);
  return undefined;
}

const defined = <T>(value: T | undefined): value is T => value !== undefined;

export function openPkcs12(der: Uint8Array, password: string): Pkcs12Result {
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    // Strict: a truncated or padded file is refused as unreadable rather than read in part.
    const asn1 = forge.asn1.fromDer(forge.util.binary.raw.encode(der));
    pfx = forge.pkcs12.pkcs12FromAsn1(asn1, true, password);
  } catch (error) {
    // forge reports a failed MAC check (or, without a MAC, an undecryptable key bag) with these words:
    // what a wrong password produces.
    const wrongPassword = error instanceof Error && /invalid password|wrong password/i.test(error.message);
    return { ok: false, code: wrongPassword ? 'pkcs12-wrong-password' : 'pkcs12-unreadable' };
  }
  const { keyBag, pkcs8ShroudedKeyBag, certBag } = forge.pki.oids;
  const bags = (type: string | undefined): Bag[] =>
    type === undefined ? [] : (pfx.getBags({ bagType: type })[type] ?? []);
  try {
    return {
      ok: true,
      privateKeys: [...bags(pkcs8ShroudedKeyBag), ...bags(keyBag)].map(privateKeyOf).filter(defined),
      certificates: bags(certBag).map(certificateOf).filter(defined),
    };
  } catch {
    return { ok: false, code: 'pkcs12-unreadable' };
  }
}
