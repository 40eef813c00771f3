/**
 * What the notice and delivery benches seal with and what they seal: the production-size seal (RSA 4096
 * under a 3072-bit test CA) as PKCS#12 and loaded, and the Bewilligungsbescheid of the notices fixtures.
 */
import {
  composeNotice,
  loadSealCredentials,
  type NoticeDraft,
  readNoticeTemplates,
  renderNoticePdf,
  type SealCredentials,
} from '../../main/notices';
import { readPdfFontFiles } from '../../main/pdf/fonts';
import { createTestRootCa, issueSealCertificate, toPkcs12 } from '../support/pki-seal';
import { caseFields, profile } from '../unit/notices/fixtures';

export interface BenchNotice {
  readonly p12: Uint8Array;
  readonly password: string;
  readonly credentials: SealCredentials;
  compose(): NoticeDraft;
  render(draft: NoticeDraft): Promise<Uint8Array>;
}

export async function benchNotice(password = 'bench'): Promise<BenchNotice> {
  const template = (await readNoticeTemplates()).find((t) => t.id === 'bescheid-bewilligung');
  if (!template) throw new Error('template bescheid-bewilligung missing');
  const fonts = await readPdfFontFiles();
  const ca = await createTestRootCa(3072);
  const p12 = toPkcs12(await issueSealCertificate(ca, { bits: 4096 }), [ca], password);
  return {
    p12,
    password,
    credentials: loadSealCredentials(p12, password),
    compose: () => composeNotice(template, caseFields, profile),
    render: (draft) => renderNoticePdf(draft, profile, { fonts, createdAt: new Date() }),
  };
}
