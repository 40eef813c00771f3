import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export const oids = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRsaEncryption: '1.2.840.113549.1.1.11',
} as const;

export interface CadesCertificates {
  /** DER of the signer's certificate. */
  readonly certificate: Uint8Array;
  /** DER of further certificates to embed (issuing CAs). */
  readonly chain: readonly Uint8Array[];
}

/** Signs the DER of the signed attributes (a SET) with the seal key, RSASSA-PKCS1-v1_5 with SHA-256. */
export type SignSignedAttributes = (signedAttributes: Uint8Array) => Uint8Array;

/** ESS SigningCertificateV2 (RFC 5035) naming the signer certificate by its SHA-256 hash and issuer/serial. */
function signingCertificateV2(certificateDer: Uint8Array, certificate: pkijs.Certificate): asn1js.Sequence {
  const certHash = createHash('sha256').update(certificateDer).digest();
  const directoryName = new asn1js.Constructed({
    idBlock: { tagClass: 3, tagNumber: 4 },
    value: [certificate.issuer.toSchema()],
  });
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [directoryName] }),
      new asn1js.Integer({ valueHex: certificate.serialNumber.valueBlock.valueHexView }),
    ],
  });
  // hashAlgorithm is omitted: SHA-256 is its DEFAULT, and DER leaves defaults out.
  const essCertIdV2 = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: certHash }), issuerSerial],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** DER orders the members of a SET OF by their encoding; verifiers hash exactly these bytes. */
function derOrdered(attributes: pkijs.Attribute[]): pkijs.Attribute[] {
  return attributes
    .map((attribute) => ({ attribute, der: new Uint8Array(attribute.toSchema().toBER()) }))
    .sort((a, b) => compareBytes(a.der, b.der))
    .map(({ attribute }) => attribute);
}

/**
 * A detached CMS SignedData as PAdES-B-B wants it (ETSI EN 319 142-1): signed attributes contentType,
 * messageDigest and ESS signing-certificate-v2, and deliberately no signingTime attribute (the claimed
 * time is the signature dictionary's /M).
 */
export function buildCadesDetachedSignature(
  contentDigest: Uint8Array,
  certificates: CadesCertificates,
  sign: SignSignedAttributes,
): Uint8Array {
  const signer = pkijs.Certificate.fromBER(certificates.certificate);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: derOrdered([
      new pkijs.Attribute({
        type: oids.contentType,
        values: [new asn1js.ObjectIdentifier({ value: oids.data })],
      }),
      new pkijs.Attribute({
        type: oids.messageDigest,
        values: [new asn1js.OctetString({ valueHex: contentDigest })],
      }),
      new pkijs.Attribute({
        type: oids.signingCertificateV2,
        values: [signingCertificateV2(certificates.certificate, signer)],
      }),
    ]),
  });
  // The signature covers the attributes with the universal SET tag in place of the [0] IMPLICIT tag.
  const toBeSigned = new Uint8Array(signedAttrs.toSchema().toBER());
  toBeSigned[0] = 0x31;

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: oids.sha256 }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: oids.sha256WithRsaEncryption,
      algorithmParams: new asn1js.Null(),
    }),
    signature: new asn1js.OctetString({ valueHex: sign(toBeSigned) }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: oids.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: oids.data }),
    certificates: [signer, ...certificates.chain.map((der) => pkijs.Certificate.fromBER(der))],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({
    contentType: oids.signedData,
    content: signedData.toSchema(true),
  });
  return new Uint8Array(contentInfo.toSchema().toBER());
}
