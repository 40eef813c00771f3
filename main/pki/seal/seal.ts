import { createHash, sign } from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SignPdfError } from '@signpdf/utils';
import { buildCadesDetachedSignature } from './cms';
import { assertSealValidAt, type SealCredentials } from './credentials';
import { sealErrors } from './errors';
import { addSignaturePlaceholder } from './placeholder';

export interface SealOptions {
  /** The sealing instant: written as /M and checked against the certificate's validity. */
  readonly sealedAt: Date;
  /** Shown by PDF viewers in the signature panel. */
  readonly reason?: string;
  readonly location?: string;
}

const defaultReason = 'Elektronisches Siegel der Behörde';

/** A @signpdf Signer that produces the PAdES-B-B CMS; one per document, as @signpdf expects. */
class CadesSealSigner extends Signer {
  constructor(private readonly credentials: SealCredentials) {
    super();
  }

  override async sign(pdfWithoutContents: Buffer): Promise<Buffer> {
    const digest = createHash('sha256').update(pdfWithoutContents).digest();
    const cms = buildCadesDetachedSignature(digest, this.credentials, (signedAttributes) =>
      sign('sha256', signedAttributes, this.credentials.privateKey),
    );
    return Buffer.from(cms);
  }
}

/**
 * The exact CMS size for these credentials, so /Contents wastes no space: everything but the digest and
 * the signature is fixed, the digest is 32 bytes, and an RSA signature is always as long as the modulus.
 */
function cmsLength(credentials: SealCredentials): number {
  const signatureBytes = Math.ceil(credentials.keyBits / 8);
  return buildCadesDetachedSignature(new Uint8Array(32), credentials, () => new Uint8Array(signatureBytes))
    .length;
}

/**
 * Seals a PDF (PAdES-B-B, SubFilter ETSI.CAdES.detached): appends a signature field as an incremental
 * update, then fills it with a detached CMS over the whole file except the signature itself. The result
 * must not be saved again by any PDF library; store and send these bytes as they are.
 */
export async function sealPdf(
  pdf: Uint8Array,
  credentials: SealCredentials,
  options: SealOptions,
): Promise<Uint8Array> {
  assertSealValidAt(credentials, options.sealedAt);
  const prepared = await addSignaturePlaceholder(pdf, {
    signatureLength: cmsLength(credentials),
    signedAt: options.sealedAt,
    reason: options.reason ?? defaultReason,
    ...(options.location === undefined ? {} : { location: options.location }),
  });
  try {
    return new Uint8Array(await new SignPdf().sign(Buffer.from(prepared), new CadesSealSigner(credentials)));
  } catch (error) {
    if (error instanceof SignPdfError) throw sealErrors.pdfInvalid(error.message);
    throw error;
  }
}
