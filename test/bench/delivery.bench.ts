/**
 * Notice delivery. (1) One sealed notice to the BundID mailbox end to end against the local platform: signed
 * envelope (RSA 4096 seal), encrypted submission, the three sender steps, the ZBP's decryption and checks,
 * filing, and the event log read back. Baseline: the same PDF sent as a plain submission to a demo
 * destination (same sender flow and event log read, no envelope, nobody decides). (2) The e-mail message:
 * PGP/MIME against plain MIME. Interleaved and warm, in the same run; then 50 deliveries in a row with a
 * forced full collection after each, to see whether memory grows.
 * Run: `npm run bench delivery`.
 */
import { randomUUID } from 'node:crypto';
import { generateKey, readKey } from 'openpgp';
import { createMemorySecretStore } from '../../main/auth/secret-store';
import { encryptedMail, type NoticeMail, plainMail } from '../../main/delivery/email/mime';
import type { DeliveryEnvironment, NoticeDeliveryJob } from '../../main/delivery/types';
import { createZbpChannel } from '../../main/delivery/zbp/channel';
import { encryptPart } from '../../main/fitconnect/crypto';
import { sha512Hex } from '../../main/fitconnect/hash';
import { SenderClient } from '../../main/fitconnect/sender/client';
import { sendSubmission } from '../../main/fitconnect/sender/send';
import { sealPdf } from '../../main/notices';
import { serviceEntry } from '../../platform/services';
import { demoDestination, demoEncryptionKey, startTestPlatform } from '../support/platform-harness';
import { benchNotice } from './notice-fixture';
import { describeSamples, memoryGrowth, ratio, timed } from './samples';

const iterations = 20;
const warmup = 3;
const SECRET = 'zbp/client-secret';

export default async function (): Promise<void> {
  const notice = await benchNotice();
  const { credentials } = notice;
  const pdf = await sealPdf(await notice.render(notice.compose()), credentials, { sealedAt: new Date() });

  const test = await startTestPlatform();
  try {
    const { platform } = test;
    const secrets = createMemorySecretStore();
    await secrets.put(SECRET, platform.zbp.sender.clientSecret);
    const env: DeliveryEnvironment = {
      settings: () => ({
        senderName: 'Stadt Musterhausen',
        zbp: {
          destinationId: platform.zbp.destinationId,
          tokenUrl: platform.tokenUrl,
          submissionApiUrl: platform.url,
          clientId: platform.zbp.sender.clientId,
          clientSecretName: SECRET,
        },
      }),
      sealCredentials: async () => credentials,
      secrets,
      now: () => new Date(),
    };
    const zbp = createZbpChannel(env);
    const job = (): NoticeDeliveryJob => ({
      deliveryId: randomUUID(),
      channel: 'zbp',
      notice: {
        id: randomUUID(),
        version: 1,
        kind: 'approval',
        title: 'Bescheid',
        sealedAt: new Date().toISOString(),
        pdf,
      },
      case: {
        id: randomUUID(),
        fitCaseId: randomUUID(),
        department: 'buergerservice',
        serviceName: 'Bewohnerparkausweis',
        fileReference: '32.1-BPA-2025/0042',
        replyChannel: { idBundDeMailbox: { mailboxUuid: randomUUID() } },
        levelOfAssurance: 'substantial',
      },
      submission: null,
      delivered: null,
    });
    const subject = async () => {
      const outcome = await zbp.deliverNotice(job(), 1, async () => undefined);
      if (outcome.kind !== 'delivered') throw new Error(`delivery ${outcome.kind}`);
    };

    const destination = demoDestination(platform, 0, 0);
    const key = demoEncryptionKey(destination);
    const service = serviceEntry(destination.services[0] ?? 'wohnsitzanmeldung');
    const sender = new SenderClient({
      baseUrl: platform.url,
      tokenUrl: platform.tokenUrl,
      clientId: platform.demo.sender.clientId,
      clientSecret: platform.demo.sender.clientSecret,
    });
    const baseline = async () => {
      const attachmentId = randomUUID();
      const data = Buffer.from(JSON.stringify({ hinweis: 'Bescheid anbei' }));
      const metadata = {
        contentStructure: {
          data: {
            hash: { type: 'sha512' as const, content: sha512Hex(data) },
            submissionSchema: { schemaUri: 'urn:bench', mimeType: 'application/json' as const },
          },
          attachments: [
            {
              attachmentId,
              hash: { type: 'sha512' as const, content: sha512Hex(pdf) },
              purpose: 'attachment' as const,
              mimeType: 'application/pdf',
            },
          ],
        },
      };
      const sent = await sendSubmission(sender, destination.destinationId, {
        serviceType: { name: service.title, identifier: service.identifier },
        attachments: new Map([
          [attachmentId, await encryptPart(pdf, key, { contentType: 'application/pdf' })],
        ]),
        encryptedMetadata: await encryptPart(Buffer.from(JSON.stringify(metadata)), key, {
          contentType: 'application/json',
        }),
        encryptedData: await encryptPart(data, key, { contentType: 'application/json' }),
        metadata,
      });
      await sender.caseEvents(sent.caseId);
    };

    const citizen = await generateKey({ userIDs: [{ email: 'buerger@example.org' }], format: 'armored' });
    const publicKey = await readKey({ armoredKey: citizen.publicKey });
    const mail = (): NoticeMail => ({
      from: { name: 'Stadt Musterhausen', address: 'bescheide@musterhausen.example' },
      to: 'buerger@example.org',
      subject: 'Bescheid über Ihren Antrag',
      text: 'Guten Tag,\n\nanbei Ihr Bescheid.',
      attachment: { filename: 'Bescheid.pdf', content: pdf },
      messageId: `<notice.${randomUUID()}.email@musterhausen.example>`,
      date: new Date(),
    });

    for (let i = 0; i < warmup; i++) {
      await subject();
      await baseline();
      await encryptedMail(mail(), publicKey);
      await plainMail(mail());
    }
    const times = { zbp: [] as number[], plain: [] as number[], pgp: [] as number[], mime: [] as number[] };
    for (let i = 0; i < iterations; i++) {
      times.zbp.push((await timed(subject)).ms);
      times.plain.push((await timed(baseline)).ms);
      times.pgp.push((await timed(() => encryptedMail(mail(), publicKey))).ms);
      times.mime.push((await timed(() => plainMail(mail()))).ms);
    }

    console.log(
      `sealed notice ${pdf.length} bytes; RSA 4096 seal and destination keys; ${iterations} rounds after ${warmup} warm-up`,
    );
    console.log(describeSamples('ZBP delivery end to end (verified, filed)', times.zbp));
    console.log(describeSamples('baseline: plain submission, same PDF', times.plain));
    console.log(`ratio ZBP/baseline: ${ratio(times.zbp, times.plain)}`);
    console.log(describeSamples('e-mail PGP/MIME message', times.pgp));
    console.log(describeSamples('baseline: plain MIME message', times.mime));
    console.log(`ratio PGP/plain: ${ratio(times.pgp, times.mime)}`);

    await memoryGrowth(subject, { unit: 'ZBP delivery', runs: 50, checkpoints: [1, 10, 50], tail: 25 });
  } finally {
    await test.close();
  }
}
