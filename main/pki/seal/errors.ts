import { CodedError } from '../../../shared/coded-error';

/**
 * The seal's errors: a PKCS#12 that cannot be used, a certificate outside its validity or not meant for
 * signatures, a PDF that cannot be sealed. Messages name no personal data; the UI translates by `code`.
 */
export type SealErrorCode =
  | 'seal-p12-invalid'
  | 'seal-p12-wrong-password'
  | 'seal-p12-no-key'
  | 'seal-p12-no-certificate'
  | 'seal-key-unsupported'
  | 'seal-key-too-small'
  | 'seal-certificate-not-yet-valid'
  | 'seal-certificate-expired'
  | 'seal-certificate-usage'
  | 'seal-pdf-invalid';

export class SealError extends CodedError<SealErrorCode> {
  constructor(code: SealErrorCode, message: string) {
    super(code, message);
    this.name = 'SealError';
  }
}

export const sealErrors = {
  p12Invalid: () =>
    new SealError('seal-p12-invalid', 'The seal file is not a readable PKCS#12 (.p12/.pfx) container'),
  p12WrongPassword: () =>
    new SealError('seal-p12-wrong-password', 'The password for the seal file (PKCS#12) is wrong'),
  p12NoKey: () => new SealError('seal-p12-no-key', 'The seal file (PKCS#12) contains no private key'),
  p12NoCertificate: () =>
    new SealError(
      'seal-p12-no-certificate',
      'The seal file (PKCS#12) contains no certificate that belongs to its private key',
    ),
  keyUnsupported: (type: string) =>
    new SealError(
      'seal-key-unsupported',
      `Seal keys of type "${type}" are not supported; an RSA key is required`,
    ),
  keyTooSmall: (bits: number, minBits: number) =>
    new SealError(
      'seal-key-too-small',
      `The seal key has ${bits} bits; at least ${minBits} bits are required`,
    ),
  certificateNotYetValid: (notBefore: Date) =>
    new SealError(
      'seal-certificate-not-yet-valid',
      `The seal certificate is valid only from ${notBefore.toISOString()}`,
    ),
  certificateExpired: (notAfter: Date) =>
    new SealError('seal-certificate-expired', `The seal certificate expired on ${notAfter.toISOString()}`),
  certificateUsage: () =>
    new SealError(
      'seal-certificate-usage',
      'The seal certificate is not allowed for signatures (keyUsage lacks digitalSignature and nonRepudiation)',
    ),
  pdfInvalid: (detail: string) => new SealError('seal-pdf-invalid', `The PDF cannot be sealed: ${detail}`),
} as const;
