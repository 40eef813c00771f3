/** Shared pieces for the hand-over tests: a case with real attachment files in a temp dir. */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMapping } from '../../../main/handover/mapping/load';
import type { Mapping, MappingFile } from '../../../main/handover/mapping/model';
import type { HandoverAttachment, HandoverCase } from '../../../main/handover/types';

export const MAPPINGS_DIR = fileURLToPath(new URL('../../../assets/mappings/', import.meta.url));
export const GEWERBE = 'urn:de:fim:leika:leistung:99050012104000';

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'antragsdesk-handover-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha512(data: Uint8Array | string): string {
  return createHash('sha512').update(data).digest('hex');
}

/** An attachment backed by a real file in `dir`, read in small chunks so streaming paths are exercised. */
export async function fileAttachment(
  dir: string,
  filename: string,
  content: Uint8Array | string,
  mimeType = 'application/pdf',
): Promise<HandoverAttachment & { content: Buffer }> {
  const bytes = Buffer.from(content);
  const path = join(dir, `source-${randomUUID()}`);
  await writeFile(path, bytes);
  return {
    attachmentId: randomUUID(),
    filename,
    mimeType,
    size: bytes.length,
    sha512: sha512(bytes),
    purpose: 'attachment',
    open: () => createReadStream(path, { highWaterMark: 16 * 1024 }),
    content: bytes,
  };
}

export function gewerbeData(): Record<string, unknown> {
  return {
    anlass: 'neuerrichtung',
    betrieb: {
      name: 'Bäckerei Müller & Söhne <GmbH>',
      rechtsform: 'gmbh',
      betriebsstaette: { strasse: 'Lange Straße', hausnummer: '12a', postleitzahl: '30159', ort: 'Hannover' },
      taetigkeit: 'Herstellung und Verkauf von Backwaren',
      beginn: '2025-04-01',
      beschaeftigte: { vollzeit: 3, teilzeit: 2 },
      handelsregister: { gericht: 'Amtsgericht Hannover', nummer: 'HRB 123456' },
      nebenerwerb: false,
    },
    personen: [
      {
        funktion: 'geschaeftsfuehrer',
        name: { vornamen: 'Jördis', familienname: 'Müller-Straß' },
        geburtsdatum: '1980-02-29',
        geburtsort: 'Celle',
        staatsangehoerigkeiten: ['deutsch'],
        anschrift: { strasse: 'Am Markt', hausnummer: '1', postleitzahl: '30159', ort: 'Hannover' },
      },
    ],
    kontakt: { email: 'joerdis@example.org' },
  };
}

export function gewerbeMetadata(attachments: readonly HandoverAttachment[] = []): Record<string, unknown> {
  return {
    contentStructure: {
      data: {
        hash: { type: 'sha512', content: 'a'.repeat(128) },
        submissionSchema: {
          schemaUri:
            'https://schemas.antragsdesk.example/services/gewerbeanmeldung/1.0.0/gewerbeanmeldung.schema.json',
          mimeType: 'application/json',
        },
      },
      attachments: attachments.map((attachment) => ({
        attachmentId: attachment.attachmentId,
        hash: { type: 'sha512', content: attachment.sha512 },
        purpose: attachment.purpose ?? 'attachment',
        filename: attachment.filename,
        mimeType: attachment.mimeType,
      })),
    },
    publicServiceType: { name: 'Gewerbeanmeldung', identifier: GEWERBE },
    paymentInformation: {
      transactionId: 'tx-4711',
      transactionReference: 'KZ-2025-0815',
      paymentMethod: 'CREDITCARD',
      status: 'BOOKED',
      grossAmount: 26,
    },
  };
}

export function gewerbeCase(overrides: Partial<HandoverCase> = {}): HandoverCase {
  const attachments = overrides.attachments ?? [];
  return {
    caseId: randomUUID(),
    fileReference: '32.10-2025/0042',
    serviceIdentifier: GEWERBE,
    serviceName: 'Gewerbeanmeldung',
    receivedAt: '2025-03-31T22:30:00.000Z',
    submissionId: randomUUID(),
    fitCaseId: randomUUID(),
    data: gewerbeData(),
    dataMimeType: 'application/json',
    metadata: gewerbeMetadata(attachments),
    attachments,
    ...overrides,
  };
}

/** A JSON mapping for the Gewerbeanmeldung, built in the test. */
export function jsonMapping(fields: MappingFile['fields'], origin = 'test.json'): Mapping {
  return parseMapping({ service: GEWERBE, format: 'json', fields }, origin);
}

/** Collects a thrown or rejected error for assertions. */
export async function caught(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
