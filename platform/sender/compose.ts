import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { attachmentMetadata, type PlainAttachment } from '../../main/fitconnect/attachment-metadata';
import { type EncryptionKey, encryptPart } from '../../main/fitconnect/crypto';
import { encryptCompactStream } from '../../main/fitconnect/crypto-stream';
import { sha512Hex, sha512HexOfStream } from '../../main/fitconnect/hash';
import { metadataSchemaUri } from '../../main/fitconnect/metadata';
import type { EncryptedSubmission } from '../../main/fitconnect/sender/send';
import type { Random } from '../random';
import type { Application } from './application';
import { buildMetadata } from './metadata-builder';

/**
 * Bad submissions for tests: each is built the way a broken or hostile sender would, and the platform accepts
 * it like a real delivery service (it cannot see inside the ciphertext). `attachment-swapped` needs two
 * submissions and is made by `sendSwappedPair` (send.ts).
 */
export const DEFECTS = [
  'tampered-ciphertext',
  'wrong-key',
  'unknown-kid',
  'data-hash-mismatch',
  'attachment-hash-mismatch',
  'attachment-swapped',
  'attachment-missing',
  'attachment-extra',
  'metadata-schema-violation',
  'metadata-unsupported-version',
  'data-schema-violation',
  'mime-type-mismatch',
  'deflate-bomb',
  'hostile-filenames',
] as const;
export type Defect = (typeof DEFECTS)[number];

/** File names a receiver must never use as given: path traversal, control characters, an RTL override. */
export const HOSTILE_FILENAMES = [
  '../../../../etc/passwd',
  'Rechnung\u202Efdp.exe',
  'Bescheid\u0000\u0007\u001b[31m.pdf',
  '..\\..\\Windows\\System32\\drivers\\etc\\hosts',
  'CON.pdf',
] as const;

export interface ComposeOptions {
  defect?: Exclude<Defect, 'attachment-swapped'>;
  random: Random;
  /** Size of the zeros a DEFLATE bomb expands to (default 256 MiB). */
  bombBytes?: number;
  /** Encrypts parts with `zip: "DEF"`, as some senders do. */
  compress?: boolean;
}

async function* zeros(total: number): AsyncGenerator<Buffer> {
  const block = Buffer.alloc(1 << 20);
  for (let sent = 0; sent < total; sent += block.length)
    yield block.subarray(0, Math.min(block.length, total - sent));
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('ascii');
}

function flipCiphertext(jwe: string): string {
  const segments = jwe.split('.');
  const ciphertext = segments[3] ?? '';
  const index = Math.floor(ciphertext.length / 2);
  segments[3] = `${ciphertext.slice(0, index)}${ciphertext[index] === 'A' ? 'B' : 'A'}${ciphertext.slice(index + 1)}`;
  return segments.join('.');
}

/** Encrypts an application for a destination key, building in `defect` when asked. */
export async function composeSubmission(
  app: Application,
  key: EncryptionKey,
  options: ComposeOptions,
): Promise<EncryptedSubmission> {
  const { defect, random } = options;
  const data =
    defect === 'data-schema-violation'
      ? { ...Object.fromEntries(Object.entries(app.data).slice(1)), unerwartetesFeld: 42 }
      : app.data;
  const dataBytes = Buffer.from(JSON.stringify(data), 'utf8');
  const attachments: PlainAttachment[] = app.attachments.map((attachment, index) =>
    defect === 'hostile-filenames'
      ? {
          ...attachment,
          filename: HOSTILE_FILENAMES[index % HOSTILE_FILENAMES.length] ?? attachment.filename,
        }
      : attachment,
  );
  const metadata = buildMetadata(app, dataBytes, attachments);
  const described = metadata.contentStructure.attachments;
  const firstDescribed = described[0];
  const uploaded = new Map<string, Uint8Array>(
    attachments.map((attachment) => [attachment.attachmentId, attachment.bytes]),
  );
  // Parts built already encrypted (the bomb is encrypted while it is compressed, never held in plaintext).
  const prebuilt = new Map<string, string>();

  switch (defect) {
    case 'data-hash-mismatch':
      if (metadata.contentStructure.data)
        metadata.contentStructure.data.hash.content = sha512Hex(Buffer.concat([dataBytes, Buffer.from(' ')]));
      break;
    case 'attachment-hash-mismatch':
      if (firstDescribed) firstDescribed.hash.content = sha512Hex('eine andere Datei');
      break;
    case 'attachment-missing':
      described.push(
        attachmentMetadata({
          attachmentId: random.uuid(),
          filename: 'Nachweis.pdf',
          mimeType: 'application/pdf',
          purpose: 'attachment',
          bytes: Buffer.from('%PDF-1.7 missing'),
        }),
      );
      break;
    case 'attachment-extra':
      uploaded.set(random.uuid(), Buffer.from('%PDF-1.7\n% an attachment the metadata does not describe\n'));
      break;
    case 'metadata-schema-violation':
      if (firstDescribed) {
        (firstDescribed as { purpose: string }).purpose = 'beilage';
        delete (firstDescribed as { mimeType?: string }).mimeType;
      }
      break;
    case 'metadata-unsupported-version':
      metadata.$schema = metadataSchemaUri('2.0.0');
      break;
    case 'mime-type-mismatch':
      if (firstDescribed) firstDescribed.mimeType = 'image/png';
      break;
    case 'deflate-bomb': {
      const size = options.bombBytes ?? 256 * 1024 ** 2;
      const id = random.uuid();
      described.push({
        attachmentId: id,
        hash: { type: 'sha512', content: await sha512HexOfStream(zeros(size)) },
        purpose: 'attachment',
        filename: 'Scan.pdf',
        mimeType: 'application/pdf',
      });
      prebuilt.set(
        id,
        await collect(
          encryptCompactStream(zeros(size), key, { contentType: 'application/pdf', compress: true }),
        ),
      );
      break;
    }
    default:
      break;
  }

  const encrypt = (bytes: Uint8Array, contentType: string) =>
    encryptPart(bytes, key, { contentType, ...(options.compress ? { compress: true } : {}) });
  let encryptedData = await encrypt(dataBytes, 'application/json');
  if (defect === 'tampered-ciphertext') encryptedData = flipCiphertext(encryptedData);
  if (defect === 'unknown-kid') {
    encryptedData = await encryptPart(
      dataBytes,
      { kid: random.uuid(), key: key.key },
      { contentType: 'application/json' },
    );
  }
  if (defect === 'wrong-key') {
    // A key the destination never issued, under the destination's kid: decryption must fail. 2048 bits is
    // enough for that and keeps the defect fast.
    const stranger = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    encryptedData = await encryptPart(
      dataBytes,
      { kid: key.kid, key: stranger.publicKey },
      { contentType: 'application/json' },
    );
  }
  const attachmentJwes = new Map<string, string>();
  for (const [id, bytes] of uploaded) {
    const mimeType =
      described.find((entry) => entry.attachmentId === id)?.mimeType ?? 'application/octet-stream';
    attachmentJwes.set(id, await encrypt(bytes, mimeType));
  }
  for (const [id, jwe] of prebuilt) attachmentJwes.set(id, jwe);
  return {
    serviceType: { name: app.service.title, identifier: app.service.identifier },
    attachments: attachmentJwes,
    encryptedMetadata: await encrypt(Buffer.from(JSON.stringify(metadata), 'utf8'), 'application/json'),
    encryptedData,
    metadata,
  };
}

/** Documents handed in later under an existing case: metadata and attachments only, no form data. */
export async function composeLaterDocuments(
  app: Pick<Application, 'service' | 'metadataVersion' | 'senderReference' | 'applicationDate'>,
  documents: PlainAttachment[],
  key: EncryptionKey,
): Promise<EncryptedSubmission> {
  const metadata = buildMetadata({ ...app, data: {}, attachments: documents }, undefined);
  const attachments = new Map<string, string>();
  for (const document of documents) {
    attachments.set(
      document.attachmentId,
      await encryptPart(document.bytes, key, { contentType: document.mimeType }),
    );
  }
  return {
    serviceType: { name: app.service.title, identifier: app.service.identifier },
    attachments,
    encryptedMetadata: await encryptPart(Buffer.from(JSON.stringify(metadata), 'utf8'), key, {
      contentType: 'application/json',
    }),
    metadata,
  };
}
