/**
 * Notices: compose + render (tagged PDF/A-2a, PDF/UA-1) + seal (PAdES-B-B, RSA 4096) of one Bescheid, against bare
 * @signpdf signing (placeholder-plain + P12Signer, one signer per document) of an unsealed notice of the
 * same size, in the same run and warm. Then 100 notices in a row with a forced full collection after each,
 * to see whether memory grows.
 * Run: `npm run bench notices`.
 */
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { P12Signer } from '@signpdf/signer-p12';
import { SignPdf } from '@signpdf/signpdf';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { sealPdf } from '../../main/notices';
import { benchNotice } from './notice-fixture';
import { describeSamples, memoryGrowth, ratio, timed } from './samples';

const iterations = 30;
const warmup = 5;

export default async function (): Promise<void> {
  const notice = await benchNotice();
  const { p12, password, credentials } = notice;
  const unsealed = Buffer.from(await notice.render(notice.compose()));

  const subject = async (): Promise<Uint8Array> => {
    const pdf = await notice.render(notice.compose());
    return sealPdf(pdf, credentials, { sealedAt: new Date() });
  };
  const baseline = async (): Promise<Buffer> => {
    const prepared = plainAddPlaceholder({
      pdfBuffer: unsealed,
      reason: 'Elektronisches Siegel',
      contactInfo: '',
      name: 'Stadt Musterhausen',
      location: 'Musterhausen',
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    });
    return new SignPdf().sign(prepared, new P12Signer(p12, { passphrase: password }));
  };

  const sizes = { subject: (await subject()).length, baseline: (await baseline()).length };
  for (let i = 0; i < warmup; i++) {
    await subject();
    await baseline();
  }

  // Interleaved, so that load from other processes on the machine hits both alike.
  const subjectTimes: number[] = [];
  const baselineTimes: number[] = [];
  const parts = { compose: [] as number[], render: [] as number[], seal: [] as number[] };
  for (let i = 0; i < iterations; i++) {
    subjectTimes.push((await timed(subject)).ms);
    baselineTimes.push((await timed(baseline)).ms);
    const composed = await timed(() => notice.compose());
    const rendered = await timed(() => notice.render(composed.value));
    const sealed = await timed(() => sealPdf(rendered.value, credentials, { sealedAt: new Date() }));
    parts.compose.push(composed.ms);
    parts.render.push(rendered.ms);
    parts.seal.push(sealed.ms);
  }

  console.log(
    `unsealed notice ${unsealed.length} bytes; sealed: ours ${sizes.subject} bytes, baseline ${sizes.baseline} bytes`,
  );
  console.log(`${iterations} iterations after ${warmup} warm-up rounds, RSA 4096 seal key`);
  console.log(describeSamples('compose + render + seal (Antragsdesk)', subjectTimes));
  console.log(describeSamples('  of which compose', parts.compose));
  console.log(describeSamples('  of which render (PDF/A-2a, tagged)', parts.render));
  console.log(describeSamples('  of which seal (PAdES-B-B)', parts.seal));
  console.log(describeSamples('baseline: placeholder-plain + P12Signer', baselineTimes));
  console.log(`ratio subject/baseline: ${ratio(subjectTimes, baselineTimes)} (target <= 1.5x)`);

  await memoryGrowth(subject, { unit: 'notice', runs: 100, checkpoints: [1, 10, 50, 100], tail: 50 });
}
