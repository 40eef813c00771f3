/** The parts of the seal certificate the ZBP envelope names: its PEM and its subject's common name. */
import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';

const COMMON_NAME = '2.5.4.3';

/** The subject's CN exactly as encoded (read from the ASN.1, not from a printed, escaped subject line). */
export function commonName(certificateDer: Uint8Array): string | undefined {
  const certificate = pkijs.Certificate.fromBER(certificateDer);
  const attribute = certificate.subject.typesAndValues.find((entry) => entry.type === COMMON_NAME);
  const value = (attribute?.value as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function certificatePem(certificateDer: Uint8Array): string {
  return new X509Certificate(certificateDer).toString();
}
