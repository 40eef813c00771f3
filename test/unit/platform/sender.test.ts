import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { PDFDocument } from '@cantoo/pdf-lib';
import type { ValidateFunction } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CryptoError, decryptPart, importDecryptionKeys } from '../../../main/fitconnect/crypto';
import { sha512Hex } from '../../../main/fitconnect/hash';
import { createSchemaValidator } from '../../../main/fitconnect/json-schema';
import { parseMetadata, validateMetadata } from '../../../main/fitconnect/metadata-schema';
import { SenderClient } from '../../../main/fitconnect/sender/client';
import { createRandom } from '../../../platform/random';
import { type Application, generateApplication } from '../../../platform/sender/application';
import { composeSubmission, DEFECTS, type Defect, HOSTILE_FILENAMES } from '../../../platform/sender/compose';
import { sendMany } from '../../../platform/sender/load';
import { buildMetadata } from '../../../platform/sender/metadata-builder';
import { sendApplication, sendSwappedPair } from '../../../platform/sender/send';
import { SERVICE_IDS, type ServiceId, serviceSchema } from '../../../platform/services';
import {
  ApiCaller,
  demoDestination,
  demoEncryptionKey,
  demoTokens,
  startTestPlatform,
  type TestPlatform,
} from '../../support/platform-harness';

const LIMIT = { maxDecompressedLength: 50_000_000 };
let test: TestPlatform;
let api: ApiCaller;
let client: SenderClient;
let tokens: Awaited<ReturnType<typeof demoTokens>>;
let workDir: string;
const validators = new Map<ServiceId, ValidateFunction>();
/** Two applications per service (metadata 1.0.0 and 1.2.0), generated once and shared by the tests. */
const apps = new Map<string, Application>();
const SEEDS = { '1.0.0': 13, '1.2.0': 14 } as const;

function app(id: ServiceId, version: keyof typeof SEEDS): Application {
  const found = apps.get(`${id}@${version}`);
  if (found === undefined) throw new Error(`no application for ${id}`);
  return found;
}

function dataValidator(id: ServiceId): ValidateFunction {
  let validate = validators.get(id);
  if (validate === undefined) {
    validate = createSchemaValidator().compile(serviceSchema(id));
    validators.set(id, validate);
  }
  return validate;
}

/** The destination (department, index) that offers a service. */
function destinationFor(id: ServiceId) {
  for (const [d, department] of test.platform.demo.departments.entries()) {
    const index = department.destinations.findIndex((destination) => destination.services.includes(id));
    if (index !== -1)
      return {
        destination: demoDestination(test.platform, d, index),
        token: d === 0 ? tokens.buergerservice : tokens.ordnungsamt,
      };
  }
  throw new Error(`no demo destination offers ${id}`);
}

function pngInfo(bytes: Uint8Array): { width: number; height: number; pixels: number } {
  const buffer = Buffer.from(bytes);
  expect(buffer.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = buffer.readUInt32BE(16);
  const height = buffer.readUInt32BE(20);
  const idatStart = buffer.indexOf('IDAT') + 4;
  const idatLength = buffer.readUInt32BE(idatStart - 8);
  const raw = inflateSync(buffer.subarray(idatStart, idatStart + idatLength));
  return { width, height, pixels: raw.length };
}

beforeAll(async () => {
  test = await startTestPlatform();
  api = new ApiCaller(test.platform.url);
  tokens = await demoTokens(api, test.platform);
  client = new SenderClient({
    baseUrl: test.platform.url,
    tokenUrl: test.platform.tokenUrl,
    clientId: test.platform.demo.sender.clientId,
    clientSecret: test.platform.demo.sender.clientSecret,
  });
  workDir = mkdtempSync(join(tmpdir(), 'antragsdesk-sender-'));
  for (const id of SERVICE_IDS) {
    for (const [version, seed] of Object.entries(SEEDS) as [keyof typeof SEEDS, number][]) {
      apps.set(
        `${id}@${version}`,
        await generateApplication(id, {
          random: createRandom(seed),
          metadataVersion: version,
          today: new Date('2025-05-02'),
        }),
      );
    }
  }
});

afterAll(async () => {
  rmSync(workDir, { recursive: true, force: true });
  await test.close();
});

describe('service schemas', () => {
  it('title every property in German and label every enum', () => {
    const problems: string[] = [];
    const walk = (schema: Record<string, unknown>, path: string) => {
      const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const [name, child] of Object.entries(properties)) {
        if (typeof child.title !== 'string' || child.title === '') problems.push(`${path}/${name}: no title`);
        if (Array.isArray(child.enum) && child['x-enum-labels'] === undefined)
          problems.push(`${path}/${name}: enum without labels`);
        for (const option of (child.oneOf ?? []) as Record<string, unknown>[]) {
          if (typeof option.title !== 'string') problems.push(`${path}/${name}: oneOf option without title`);
        }
        walk(child, `${path}/${name}`);
        if (child.items !== undefined) walk(child.items as Record<string, unknown>, `${path}/${name}[]`);
      }
      for (const [name, definition] of Object.entries(
        (schema.$defs ?? {}) as Record<string, Record<string, unknown>>,
      ))
        walk(definition, `${path}#${name}`);
    };
    for (const id of SERVICE_IDS) walk(serviceSchema(id) as Record<string, unknown>, id);
    expect(problems).toEqual([]);
  });
});

describe('generated applications', () => {
  it.each(SERVICE_IDS.map((id) => [id]))(
    '%s: data and metadata (1.0.0 and 1.2.0) validate, attachments are real files',
    async (id) => {
      for (const metadataVersion of ['1.0.0', '1.2.0'] as const) {
        const generated = app(id, metadataVersion);
        const validate = dataValidator(id);
        expect(validate(generated.data), JSON.stringify(validate.errors)).toBe(true);
        const metadata = validateMetadata(
          buildMetadata(generated, Buffer.from(JSON.stringify(generated.data))),
        );
        expect(metadata).toMatchObject({ ok: true, version: metadataVersion });
        const [form] = generated.attachments;
        expect(form).toMatchObject({ purpose: 'form', mimeType: 'application/pdf' });
        for (const attachment of generated.attachments) {
          if (attachment.mimeType === 'application/pdf') {
            const pdf = await PDFDocument.load(attachment.bytes);
            expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
            expect(pdf.getTitle()?.length).toBeGreaterThan(0);
          } else {
            expect(attachment.mimeType).toBe('image/png');
            const { width, height, pixels } = pngInfo(attachment.bytes);
            expect(pixels).toBe((width * 3 + 1) * height);
          }
        }
      }
    },
  );

  it('renders the form on several pages with the embedded TrueType font only', async () => {
    const form = app('gewerbeanmeldung', '1.0.0').attachments[0];
    const file = join(workDir, 'form.pdf');
    writeFileSync(file, form?.bytes ?? new Uint8Array());
    expect((await PDFDocument.load(form?.bytes ?? new Uint8Array())).getPageCount()).toBeGreaterThanOrEqual(
      2,
    );
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line).toContain('DejaVuSans');
      expect(line).toMatch(/CID TrueType\s+Identity-H\s+yes/);
    }
  });

  it('is the same for the same seed and varies across seeds', async () => {
    const again = await generateApplication('wohnsitzanmeldung', {
      random: createRandom(SEEDS['1.0.0']),
      metadataVersion: '1.0.0',
      today: new Date('2025-05-02'),
    });
    const first = app('wohnsitzanmeldung', '1.0.0');
    expect(again.data).toEqual(first.data);
    expect(again.attachments.map((a) => a.attachmentId)).toEqual(
      first.attachments.map((a) => a.attachmentId),
    );
    const all = [...apps.values()];
    expect(JSON.stringify(all.map((each) => each.data))).toMatch(/[äöüß]/);
    expect(
      all.some((each) => each.replyChannel !== undefined && 'idBundDeMailbox' in each.replyChannel),
    ).toBe(true);
    expect(all.some((each) => each.replyChannel !== undefined && 'eMail' in each.replyChannel)).toBe(true);
    expect(all.some((each) => each.paymentInformation !== undefined)).toBe(true);
    expect(all.some((each) => each.authenticationInformation !== undefined)).toBe(true);
    expect(all.some((each) => ((each.data.personen as unknown[] | undefined)?.length ?? 0) > 1)).toBe(true);
  });
});

describe('sending through the platform', () => {
  it.each(SERVICE_IDS.map((id) => [id]))(
    '%s arrives decryptable, with valid metadata and matching hashes',
    async (id) => {
      const { destination, token } = destinationFor(id);
      const sent = await sendApplication(client, destination.destinationId, app(id, '1.2.0'), {
        random: createRandom(100),
      });
      const keys = importDecryptionKeys(destination.encryptionKeys);
      const submission = (await api.get(`/v1/submissions/${sent.submissionId}`, token)).json as {
        encryptedMetadata: string;
        encryptedData: string;
      };
      const metadata = parseMetadata(
        (await decryptPart(submission.encryptedMetadata, keys, LIMIT)).plaintext,
      );
      expect(metadata.ok).toBe(true);
      if (!metadata.ok) return;
      const data = (await decryptPart(submission.encryptedData, keys, LIMIT)).plaintext;
      expect(sha512Hex(data)).toBe(metadata.metadata.contentStructure.data?.hash.content);
      expect(dataValidator(id)(JSON.parse(Buffer.from(data).toString('utf8')))).toBe(true);
      for (const attachment of metadata.metadata.contentStructure.attachments) {
        const jwe = (
          await api.get(`/v1/submissions/${sent.submissionId}/attachments/${attachment.attachmentId}`, token)
        ).text;
        expect(sha512Hex((await decryptPart(jwe, keys, LIMIT)).plaintext)).toBe(attachment.hash.content);
      }
    },
  );

  it('sends many with concurrency, and documents the swap of attachments between two submissions', async () => {
    const targets = [0, 1].map((index) => ({
      destinationId: demoDestination(test.platform, 0, index).destinationId,
      services: demoDestination(test.platform, 0, index).services,
    }));
    const result = await sendMany(client, { count: 6, concurrency: 3, seed: 5, targets });
    expect(result.failed).toEqual([]);
    expect(new Set(result.sent.map((s) => s.submissionId)).size).toBe(6);

    const destination = demoDestination(test.platform, 0, 0);
    const pair: [Application, Application] = [
      app('meldebescheinigung', '1.0.0'),
      app('wohnsitzanmeldung', '1.0.0'),
    ];
    const [first] = await sendSwappedPair(client, destination.destinationId, pair, createRandom(21));
    const keys = importDecryptionKeys(destination.encryptionKeys);
    const [described] = first.metadata.contentStructure.attachments;
    const jwe = (
      await api.get(
        `/v1/submissions/${first.submissionId}/attachments/${described?.attachmentId}`,
        tokens.buergerservice,
      )
    ).text;
    // It decrypts (same destination key) but is not the file the metadata describes.
    expect(sha512Hex((await decryptPart(jwe, keys, LIMIT)).plaintext)).not.toBe(described?.hash.content);
  });
});

describe('bad submissions', () => {
  const detected: Record<
    Exclude<Defect, 'attachment-swapped'>,
    (input: Awaited<ReturnType<typeof composeSubmission>>, app: Application) => Promise<void> | void
  > = {
    'tampered-ciphertext': async (s) => expect(await codeOf(s.encryptedData ?? '')).toBe('decryption-failed'),
    'wrong-key': async (s) => expect(await codeOf(s.encryptedData ?? '')).toBe('decryption-failed'),
    'unknown-kid': async (s) => expect(await codeOf(s.encryptedData ?? '')).toBe('unknown-kid'),
    'data-hash-mismatch': async (s) =>
      expect(sha512Hex(await plain(s.encryptedData ?? ''))).not.toBe(
        s.metadata.contentStructure.data?.hash.content,
      ),
    'attachment-hash-mismatch': async (s) => {
      const [first] = s.metadata.contentStructure.attachments;
      expect(sha512Hex(await plain(s.attachments.get(first?.attachmentId ?? '') ?? ''))).not.toBe(
        first?.hash.content,
      );
    },
    'attachment-missing': (s) => {
      const described = s.metadata.contentStructure.attachments.map((a) => a.attachmentId);
      expect(described.filter((id) => !s.attachments.has(id))).toHaveLength(1);
    },
    'attachment-extra': (s) => {
      const described = new Set(s.metadata.contentStructure.attachments.map((a) => a.attachmentId));
      expect([...s.attachments.keys()].filter((id) => !described.has(id))).toHaveLength(1);
    },
    'metadata-schema-violation': async (s) =>
      expect(parseMetadata(await plain(s.encryptedMetadata))).toMatchObject({
        ok: false,
        code: 'schema-violation',
      }),
    'metadata-unsupported-version': async (s) =>
      expect(parseMetadata(await plain(s.encryptedMetadata))).toMatchObject({
        ok: false,
        code: 'unsupported-schema',
      }),
    'data-schema-violation': async (s, app) => {
      expect(
        dataValidator(app.service.id)(JSON.parse(Buffer.from(await plain(s.encryptedData ?? '')).toString())),
      ).toBe(false);
      expect(sha512Hex(await plain(s.encryptedData ?? ''))).toBe(
        s.metadata.contentStructure.data?.hash.content,
      );
    },
    'mime-type-mismatch': async (s) => {
      const [first] = s.metadata.contentStructure.attachments;
      expect(first?.mimeType).toBe('image/png');
      expect(
        Buffer.from(await plain(s.attachments.get(first?.attachmentId ?? '') ?? ''))
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    },
    'deflate-bomb': async (s) => {
      const bomb = s.metadata.contentStructure.attachments.at(-1);
      const jwe = s.attachments.get(bomb?.attachmentId ?? '') ?? '';
      expect(jwe.length).toBeLessThan(100_000);
      expect(await codeOf(jwe, { maxDecompressedLength: 1_000_000 })).toBe('decompression-limit');
    },
    'hostile-filenames': (s) => {
      const names = s.metadata.contentStructure.attachments.map((a) => a.filename);
      expect(names).toContain(HOSTILE_FILENAMES[0]);
      expect(names.join('')).toMatch(/\.\.\/|\u202E/);
      expect(validateMetadata(s.metadata).ok).toBe(true);
    },
  };
  let keys: ReturnType<typeof importDecryptionKeys>;
  const plain = async (jwe: string) => (await decryptPart(jwe, keys, LIMIT)).plaintext;
  const codeOf = async (jwe: string, limit = LIMIT) => {
    try {
      await decryptPart(jwe, keys, limit);
    } catch (error) {
      if (error instanceof CryptoError) return error.code;
      throw error;
    }
    return 'decrypted';
  };

  it('builds every listed defect so that a receiver can detect it', async () => {
    const destination = demoDestination(test.platform, 0, 1);
    keys = importDecryptionKeys(destination.encryptionKeys);
    const generated = app('hundesteuer-anmeldung', '1.2.0');
    expect(Object.keys(detected).sort()).toEqual(DEFECTS.filter((d) => d !== 'attachment-swapped').sort());
    for (const defect of Object.keys(detected) as (keyof typeof detected)[]) {
      const composed = await composeSubmission(generated, demoEncryptionKey(destination), {
        defect,
        random: createRandom(1),
        bombBytes: 8 * 1024 * 1024,
      });
      await detected[defect](composed, generated);
    }
  });

  it('are accepted by the platform like any delivery (it cannot see inside)', async () => {
    const destination = demoDestination(test.platform, 0, 0);
    for (const defect of [
      'tampered-ciphertext',
      'metadata-unsupported-version',
      'attachment-extra',
    ] as const) {
      const sent = await sendApplication(
        client,
        destination.destinationId,
        app('meldebescheinigung', '1.2.0'),
        { defect, random: createRandom(2) },
      );
      expect((await api.get(`/v1/submissions/${sent.submissionId}`, tokens.buergerservice)).status).toBe(200);
    }
  });
});
