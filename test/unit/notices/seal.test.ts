import { createHash, verify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  composeNotice,
  loadSealCredentials,
  readNoticeTemplates,
  renderNoticePdf,
  type SealCredentials,
  sealPdf,
} from '../../../main/notices';
import { readPdfFontFiles } from '../../../main/pdf/fonts';
import { oids } from '../../../main/pki/seal/cms';
import {
  createNssTrustStore,
  createTestRootCa,
  issueSealCertificate,
  pdfsig,
  type TestCertificate,
  toPkcs12,
  toPkcs12WithOpenssl,
} from '../../support/pki-seal';
import {
  caseFields,
  createdAt,
  fontEmbedding,
  pdfaFacts,
  profile,
  run,
  type TempDir,
  tempDir,
} from './fixtures';
import { expectTaggedPdf } from './pdf-checks';
import { outline } from './pdf-structure';

const password = 'Siegel-Passwort 2025!';
const day = 24 * 60 * 60 * 1000;

interface SignedPdf {
  readonly byteRange: [number, number, number, number];
  readonly signedBytes: Buffer;
  readonly cms: pkijs.SignedData;
}

/** Reads the last signature of a PDF the way a verifier does: ByteRange, then the CMS in /Contents. */
function readSignature(pdf: Uint8Array): SignedPdf {
  const bytes = Buffer.from(pdf);
  const ranges = [...bytes.toString('latin1').matchAll(/\/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]/g)];
  const byteRange = ranges.at(-1)?.slice(1, 5).map(Number) as [number, number, number, number];
  const [start, length, second, secondLength] = byteRange;
  const signedBytes = Buffer.concat([
    bytes.subarray(start, start + length),
    bytes.subarray(second, second + secondLength),
  ]);
  const hex = bytes.subarray(start + length + 1, second - 1).toString('latin1');
  const der = Buffer.from(hex, 'hex');
  const parsed = asn1js.fromBER(der);
  const contentInfo = new pkijs.ContentInfo({ schema: parsed.result });
  expect(contentInfo.contentType).toBe(oids.signedData);
  return { byteRange, signedBytes, cms: new pkijs.SignedData({ schema: contentInfo.content }) };
}

describe('sealPdf (PAdES-B-B)', () => {
  let dir: TempDir;
  let ca: TestCertificate;
  let seal: TestCertificate;
  let credentials: SealCredentials;
  let notice: Uint8Array;
  let sealed: Uint8Array;
  let sealedFile: string;
  let nssdir: string;
  const sealedAt = new Date();

  beforeAll(async () => {
    dir = tempDir('seal');
    ca = await createTestRootCa(3072);
    // The main seal uses the production key size.
    seal = await issueSealCertificate(ca, { bits: 4096 });
    credentials = loadSealCredentials(toPkcs12(seal, [ca], password), password);

    const template = (await readNoticeTemplates()).find((t) => t.id === 'bescheid-bewilligung');
    if (!template) throw new Error('template missing');
    const draft = composeNotice(template, caseFields, profile);
    notice = await renderNoticePdf(draft, profile, { fonts: await readPdfFontFiles(), createdAt });
    sealed = await sealPdf(notice, credentials, { sealedAt, location: 'Musterhausen' });
    sealedFile = dir.file('sealed.pdf', sealed);
    nssdir = createNssTrustStore(dir.path, ca);
  });
  afterAll(() => dir.remove());

  it('reads the seal from PKCS#12 with its chain', () => {
    expect(credentials.keyBits).toBe(4096);
    expect(Buffer.from(credentials.certificate).equals(Buffer.from(seal.der))).toBe(true);
    expect(credentials.chain.map((der) => Buffer.from(der).toString('hex'))).toEqual([
      Buffer.from(ca.der).toString('hex'),
    ]);
    expect(credentials.notAfter.getTime()).toBeGreaterThan(Date.now());
    // Umlauts in the subject survive (a UTF8String, not a PrintableString holding UTF-8 bytes).
    expect(new X509Certificate(Buffer.from(credentials.certificate)).subject).toContain('OU=Bürgeramt');
  });

  it('is verified by pdfsig against the trusted test CA as a whole-document ETSI.CAdES.detached signature', () => {
    const report = pdfsig(sealedFile, nssdir);
    expect(report).toContain('Signature is Valid');
    expect(report).toContain('Certificate is Trusted');
    expect(report).toContain('Total document signed');
    expect(report).toContain('ETSI.CAdES.detached');
    expect(report).toContain('Signing Hash Algorithm: SHA-256');
  });

  it('keeps the sealed notice tagged: the seal field joins the structure tree as a Form with its ParentTree entry', async () => {
    const tree = outline(
      await expectTaggedPdf(sealedFile, 'Bescheid über Ihren Antrag auf Bewohnerparkausweis'),
    );
    // poppler prints the annotation a Form element holds as "Object".
    expect(tree.slice(-2)).toEqual(['    Form', '      Object']);
    const raw = Buffer.from(sealed).toString('latin1');
    // PDF/UA-1 7.18: tab order by structure on a page with annotations, and a description of the field.
    expect(raw).toMatch(/\/Tabs \/S/);
    expect(raw).toMatch(/\/TU <FEFF/);
    expect(raw).toMatch(/\/StructParent 2/);
  });

  it('reports a digest mismatch once a signed byte changes', () => {
    const tampered = Buffer.from(sealed);
    // Byte 11 lies in the binary comment after the header: inside the signed range, harmless to parsers.
    tampered[11] = (tampered[11] ?? 0) ^ 0x01;
    const report = pdfsig(dir.file('tampered.pdf', tampered), nssdir);
    expect(report).toContain('Digest Mismatch');
    expect(report).not.toContain('Signature is Valid');
  });

  it('keeps the PDF/A document intact: incremental update, fonts embedded, structure sound', () => {
    expect(Buffer.from(sealed.subarray(0, notice.length)).equals(Buffer.from(notice))).toBe(true);
    expect(fontEmbedding(sealedFile).every((font) => font.embedded)).toBe(true);
    expect(fontEmbedding(sealedFile)).toHaveLength(2);
    expect(pdfaFacts(sealedFile)).toEqual({
      pdfa: '2A',
      pdfua: '1',
      outputIntent: true,
      documentId: true,
      encrypted: false,
      javaScript: false,
    });
    expect(run('qpdf', ['--check', sealedFile])).toContain('No syntax or stream encoding errors');
    const raw = Buffer.from(sealed).toString('latin1');
    expect(raw).toMatch(/\/SubFilter \/ETSI\.CAdES\.detached/);
    expect(raw).toMatch(/\/Rect \[ 0 0 0 0 \]/);
    expect(raw).toMatch(/\/F 132/);
    expect(raw).toMatch(/\/SigFlags 3/);
  });

  it('signs contentType, messageDigest and signing-certificate-v2, and carries no signingTime attribute', () => {
    const { byteRange, signedBytes, cms } = readSignature(sealed);
    expect(byteRange[0]).toBe(0);
    expect(byteRange[2] + byteRange[3]).toBe(sealed.length);

    const signerInfo = cms.signerInfos[0];
    if (!signerInfo?.signedAttrs) throw new Error('no signed attributes');
    const attributes = new Map(signerInfo.signedAttrs.attributes.map((a) => [a.type, a.values[0]]));
    expect([...attributes.keys()].sort()).toEqual(
      [oids.contentType, oids.messageDigest, oids.signingCertificateV2].sort(),
    );
    expect(attributes.has(oids.signingTime)).toBe(false);
    expect((attributes.get(oids.contentType) as asn1js.ObjectIdentifier).valueBlock.toString()).toBe(
      oids.data,
    );

    const digest = (attributes.get(oids.messageDigest) as asn1js.OctetString).valueBlock.valueHexView;
    expect(Buffer.from(digest).equals(createHash('sha256').update(signedBytes).digest())).toBe(true);

    // SigningCertificateV2 → certs → ESSCertIDv2: hashAlgorithm omitted (SHA-256 default), certHash, issuerSerial.
    const essCertId = (
      (attributes.get(oids.signingCertificateV2) as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence
    ).valueBlock.value[0] as asn1js.Sequence;
    const [certHash, issuerSerial] = essCertId.valueBlock.value as [asn1js.OctetString, asn1js.Sequence];
    expect(certHash).toBeInstanceOf(asn1js.OctetString);
    expect(
      Buffer.from(certHash.valueBlock.valueHexView).equals(createHash('sha256').update(seal.der).digest()),
    ).toBe(true);
    const serial = issuerSerial.valueBlock.value[1] as asn1js.Integer;
    const certificate = pkijs.Certificate.fromBER(seal.der);
    expect(
      Buffer.from(serial.valueBlock.valueHexView).equals(
        Buffer.from(certificate.serialNumber.valueBlock.valueHexView),
      ),
    ).toBe(true);

    // The signature covers the DER SET of the signed attributes.
    const toBeSigned = new Uint8Array(signerInfo.signedAttrs.toSchema().toBER());
    toBeSigned[0] = 0x31;
    const publicKey = new X509Certificate(seal.der).publicKey;
    expect(verify('sha256', toBeSigned, publicKey, signerInfo.signature.valueBlock.valueHexView)).toBe(true);
    expect(cms.certificates).toHaveLength(2);
  });

  it('reads a PKCS#12 written by OpenSSL 3 (AES-256, SHA-256 MAC)', () => {
    const fromOpenssl = loadSealCredentials(toPkcs12WithOpenssl(seal, [ca], password, dir.path), password);
    expect(fromOpenssl.keyBits).toBe(4096);
    expect(Buffer.from(fromOpenssl.certificate).equals(Buffer.from(seal.der))).toBe(true);
    expect(fromOpenssl.chain).toHaveLength(1);
  });

  it('names a wrong password, a broken file and a non-PDF with their own codes', async () => {
    const p12 = toPkcs12(seal, [ca], password);
    expect(() => loadSealCredentials(p12, 'falsch')).toThrow(
      expect.objectContaining({ code: 'seal-p12-wrong-password' }),
    );
    expect(() => loadSealCredentials(new TextEncoder().encode('kein PKCS#12'), password)).toThrow(
      expect.objectContaining({ code: 'seal-p12-invalid' }),
    );
    await expect(
      sealPdf(new TextEncoder().encode('kein PDF'), credentials, { sealedAt }),
    ).rejects.toMatchObject({
      code: 'seal-pdf-invalid',
    });
  });

  it('refuses keys below the minimum size; tests may lower the minimum explicitly', async () => {
    // A 3072-bit seal key (the CA's, to save key generation), on purpose: too small for production.
    const p12 = toPkcs12(await issueSealCertificate(ca, { key: ca.key }), [ca], password);
    expect(loadSealCredentials(p12, password, { minKeyBits: 3072 }).keyBits).toBe(3072);
    expect(() => loadSealCredentials(p12, password)).toThrow(
      expect.objectContaining({ code: 'seal-key-too-small', message: expect.stringContaining('4096') }),
    );
  });

  it('refuses certificates outside their validity and certificates not meant for signatures', async () => {
    const expired = await issueSealCertificate(ca, {
      key: seal.key,
      validity: { notBefore: new Date(Date.now() - 400 * day), notAfter: new Date(Date.now() - day) },
    });
    expect(() => loadSealCredentials(toPkcs12(expired, [ca], password), password)).toThrow(
      expect.objectContaining({ code: 'seal-certificate-expired' }),
    );
    const future = await issueSealCertificate(ca, {
      key: seal.key,
      validity: { notBefore: new Date(Date.now() + day), notAfter: new Date(Date.now() + 400 * day) },
    });
    expect(() => loadSealCredentials(toPkcs12(future, [ca], password), password)).toThrow(
      expect.objectContaining({ code: 'seal-certificate-not-yet-valid' }),
    );
    const encipherOnly = await issueSealCertificate(ca, { key: seal.key, forSignatures: false });
    expect(() => loadSealCredentials(toPkcs12(encipherOnly, [ca], password), password)).toThrow(
      expect.objectContaining({ code: 'seal-certificate-usage' }),
    );
    await expect(
      sealPdf(notice, credentials, { sealedAt: new Date(credentials.notAfter.getTime() + day) }),
    ).rejects.toMatchObject({ code: 'seal-certificate-expired' });
  });
});
