import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptPart, encryptPart, importDecryptionKeys } from '../../../main/fitconnect/crypto';
import { type SentSubmission, sendSubmission } from '../../../main/fitconnect/sender/send';
import type { SubmissionReport, SyncResult } from '../../../main/fitconnect/subscriber';
import type { CaseDetail } from '../../../main/vault';
import { createRandom } from '../../../platform/random';
import { composeSubmission, type Defect, HOSTILE_FILENAMES } from '../../../platform/sender/compose';
import { sendSwappedPair } from '../../../platform/sender/send';
import { demoEncryptionKey } from '../../support/platform-harness';
import {
  demoDestinations,
  lightApplication,
  type SentLight,
  type SubscriberFixture,
  sendLight,
  startProxy,
  startSubscriber,
  type TamperingProxy,
} from './fixtures';

type ComposedDefect = Exclude<Defect, 'attachment-swapped'>;

interface Expectation {
  checks: string[];
  problems: string[];
  /** A word the failing check's detail must contain. */
  detail?: RegExp;
}

/** What each defect must make fail, and the rejection problems it must suggest (`type@instance`). */
function expected(defect: ComposedDefect, sent: SentSubmission): Expectation {
  const described = sent.metadata.contentStructure.attachments.map((a) => a.attachmentId);
  const first = sent.attachmentIds[0] ?? '';
  const missing = described.find((id) => !sent.attachmentIds.includes(id)) ?? '';
  const bomb = described.at(-1) ?? '';
  switch (defect) {
    case 'tampered-ciphertext':
    case 'wrong-key':
      return { checks: ['data.decrypt'], problems: ['encryption-issue@data'], detail: /integrity/ };
    case 'unknown-kid':
      return { checks: ['data.decrypt'], problems: ['encryption-issue@data'], detail: /key id/ };
    case 'data-hash-mismatch':
      return { checks: ['data.hash'], problems: ['hash-mismatch@data'] };
    case 'attachment-hash-mismatch':
      return { checks: [`attachment.hash:${first}`], problems: [`hash-mismatch@attachment:${first}`] };
    case 'attachment-missing':
      return { checks: ['attachments.complete'], problems: [`missing-attachment@attachment:${missing}`] };
    case 'attachment-extra':
      return {
        checks: ['attachments.complete'],
        problems: ['attachments-mismatch@submission'],
        detail: /not described/,
      };
    case 'metadata-schema-violation':
      return { checks: ['metadata.schema'], problems: ['schema-violation@metadata'] };
    case 'metadata-unsupported-version':
      return { checks: ['metadata.schema'], problems: ['unsupported-schema@metadata'] };
    case 'data-schema-violation':
      return { checks: ['data.schema'], problems: ['schema-violation@data'] };
    case 'mime-type-mismatch':
      return { checks: [`attachment.mime-type:${first}`], problems: ['attachments-mismatch@submission'] };
    case 'deflate-bomb':
      return {
        checks: [`attachment.decrypt:${bomb}`],
        problems: [`encryption-issue@attachment:${bomb}`],
        detail: /DEFLATE bomb/,
      };
    case 'hostile-filenames':
      return { checks: [], problems: [] };
  }
}

function reportOf(detail: CaseDetail, submissionId: string): SubmissionReport {
  return detail.submissions.find((s) => s.submissionId === submissionId)
    ?.verificationReport as unknown as SubmissionReport;
}

function failing(report: SubmissionReport): string[] {
  return report.checks.filter((check) => !check.passed).map((check) => check.check);
}

function suggested(report: SubmissionReport): string[] {
  return report.suggestedProblems.map((p) => `${p.type.split('/').at(-1)}@${p.instance}`);
}

// Small attachments are read whole and decrypted by jose, large and compressed ones stream: both ways.
describe.each([
  { way: 'read whole', bufferedAttachmentBytes: 8 * 1024 ** 2 },
  { way: 'streamed', bufferedAttachmentBytes: 0 },
])('bad input ($way) is stored as failed with the right check and problem', ({ bufferedAttachmentBytes }) => {
  let f: SubscriberFixture;
  const defective = new Map<ComposedDefect, SentSubmission>();
  let swapped: [SentSubmission, SentSubmission];
  let good: SentLight[];
  let result: SyncResult;

  const detailOf = (submissionId: string): CaseDetail =>
    f.vault.vault.cases.get(f.vault.vault.cases.findSubmission(submissionId)?.caseId ?? '');

  beforeAll(async () => {
    f = await startSubscriber({ settings: { bufferedAttachmentBytes } });
    const [destination] = demoDestinations(f.platform);
    if (destination === undefined) throw new Error('no destination');
    const key = demoEncryptionKey(destination);
    const defects: ComposedDefect[] = [
      'tampered-ciphertext',
      'wrong-key',
      'unknown-kid',
      'data-hash-mismatch',
      'attachment-hash-mismatch',
      'attachment-missing',
      'attachment-extra',
      'metadata-schema-violation',
      'metadata-unsupported-version',
      'data-schema-violation',
      'mime-type-mismatch',
      'deflate-bomb',
      'hostile-filenames',
    ];
    for (const [index, defect] of defects.entries()) {
      const random = createRandom(500 + index);
      // Five attachments for the hostile names, so that each of them is used once.
      const sizes = defect === 'hostile-filenames' ? [1_000, 1_000, 1_000, 1_000, 1_000] : [1_500, 2_500];
      const { app } = lightApplication('wohnsitzanmeldung', random, sizes);
      const composed = await composeSubmission(app, key, { defect, random, bombBytes: 128 * 1024 ** 2 });
      defective.set(defect, await sendSubmission(f.sender, destination.destinationId, composed));
    }
    const random = createRandom(600);
    swapped = await sendSwappedPair(
      f.sender,
      destination.destinationId,
      [
        lightApplication('meldebescheinigung', random).app,
        lightApplication('meldebescheinigung', random).app,
      ],
      random,
    );
    good = await sendLight(f.sender, [destination], 2, { seed: 7 });
    result = await f.sync.run();
  }, 120_000);
  afterAll(async () => {
    await f?.close();
  });

  it('runs through without crashing and stores every submission', () => {
    expect(result).toMatchObject({ listed: 17, fetched: 17, failed: 0, issues: [] });
    // All defects but the hostile file names (which only need sanitizing) and the swapped pair count twice.
    expect(result.verificationFailed).toBe(12 + 2);
  });

  for (const defect of [
    'tampered-ciphertext',
    'wrong-key',
    'unknown-kid',
    'data-hash-mismatch',
    'attachment-hash-mismatch',
    'attachment-missing',
    'attachment-extra',
    'metadata-schema-violation',
    'metadata-unsupported-version',
    'data-schema-violation',
    'mime-type-mismatch',
    'deflate-bomb',
  ] as const) {
    it(`${defect}: fails exactly the right check, suggests the right problem, never shows as verified`, () => {
      const sent = defective.get(defect);
      if (sent === undefined) throw new Error(`${defect} not sent`);
      const detail = detailOf(sent.submissionId);
      const report = reportOf(detail, sent.submissionId);
      const want = expected(defect, sent);
      expect(report.passed).toBe(false);
      expect(failing(report)).toEqual(want.checks);
      expect(suggested(report)).toEqual(want.problems);
      if (want.detail) {
        expect(report.checks.find((c) => c.check === want.checks[0])?.detail).toMatch(want.detail);
      }
      // A key id not held may only be a key not configured yet: that waits for a person.
      expect(detail.case.verification).toBe(defect === 'unknown-kid' ? 'pending' : 'failed');
      const row = f.vault.vault.cases.list({ department: 'buergerservice', verification: 'passed' }).rows;
      expect(row.map((r) => r.id)).not.toContain(detail.case.id);
    });
  }

  it('keeps only attachments that decrypted and matched their hash', () => {
    const mismatched = defective.get('attachment-hash-mismatch');
    const bombed = defective.get('deflate-bomb');
    if (mismatched === undefined || bombed === undefined) throw new Error('not sent');
    const stored = detailOf(mismatched.submissionId).attachments.map((a) => a.attachmentId);
    expect(stored).toEqual(mismatched.attachmentIds.slice(1));
    expect(detailOf(bombed.submissionId).attachments).toHaveLength(2);
  });

  it('detects an attachment swapped between two submissions in both', () => {
    for (const sent of swapped) {
      const report = reportOf(detailOf(sent.submissionId), sent.submissionId);
      const first = sent.attachmentIds[0];
      expect(failing(report)).toEqual([`attachment.hash:${first}`]);
      expect(suggested(report)).toEqual([`hash-mismatch@attachment:${first}`]);
    }
  });

  it('stores hostile file names sanitized', () => {
    const sent = defective.get('hostile-filenames');
    if (sent === undefined) throw new Error('not sent');
    const detail = detailOf(sent.submissionId);
    expect(reportOf(detail, sent.submissionId).passed).toBe(true);
    const names = detail.attachments.map((a) => a.filename);
    expect(names).toHaveLength(HOSTILE_FILENAMES.length);
    for (const name of names) {
      expect(name).not.toMatch(/[/\\\p{Cc}\u202e]/u);
      expect(name).not.toMatch(/^\.\.?$/);
    }
    expect(names).toEqual(expect.arrayContaining(['passwd', 'hosts', '_CON.pdf']));
  });

  it('stores the good submissions beside them as passed', () => {
    for (const { sent } of good) expect(detailOf(sent.submissionId).case.verification).toBe('passed');
  });
});

/**
 * A man in the middle between subscriber and platform: it serves one attachment re-encrypted (same bytes, so
 * the hash still matches, but another authentication tag) and one event log with a forged signature.
 */
describe('tampering between platform and subscriber', () => {
  let f: SubscriberFixture;
  let proxy: TamperingProxy;
  let replaced: SentLight;
  let forged: SentLight;

  beforeAll(async () => {
    proxy = await startProxy();
    f = await startSubscriber({ proxy });
    const [destination] = demoDestinations(f.platform);
    if (destination === undefined) throw new Error('no destination');
    const keys = importDecryptionKeys(destination.encryptionKeys);
    const key = demoEncryptionKey(destination);
    [replaced, forged] = (await sendLight(f.sender, [destination], 2, { seed: 9, concurrency: 1 })) as [
      SentLight,
      SentLight,
    ];
    const attachmentPath = `/v1/submissions/${replaced.sent.submissionId}/attachments/${replaced.sent.attachmentIds[0]}`;
    const eventsPath = `/v1/cases/${forged.sent.caseId}/events`;
    proxy.rewrite = async (path, answer) => {
      if (answer.status !== 200) return answer;
      if (path === attachmentPath) {
        // The same bytes encrypted again: the hash still matches, the authentication tag does not.
        const { plaintext, header } = await decryptPart(answer.body.toString(), keys, {
          maxDecompressedLength: 1e8,
        });
        const jwe = await encryptPart(plaintext, key, {
          contentType: header.cty ?? 'application/octet-stream',
        });
        return { ...answer, body: Buffer.from(jwe) };
      }
      if (path.startsWith(eventsPath))
        return { ...answer, body: Buffer.from(forgeSubmit(answer.body.toString())) };
      return answer;
    };
  });
  afterAll(async () => {
    await f?.close();
    await proxy?.close();
  });

  it('finds a replaced attachment by its authentication tag and a forged submit event by its signature', async () => {
    const result = await f.sync.run();
    expect(result).toMatchObject({ fetched: 2, verificationFailed: 2, failed: 0 });

    const detail = (id: string) =>
      f.vault.vault.cases.get(f.vault.vault.cases.findSubmission(id)?.caseId ?? '');
    const replacedReport = reportOf(detail(replaced.sent.submissionId), replaced.sent.submissionId);
    const attachmentId = replaced.sent.attachmentIds[0];
    expect(failing(replacedReport)).toEqual(['authentication-tags']);
    expect(suggested(replacedReport)).toEqual([`incorrect-authentication-tag@attachment:${attachmentId}`]);

    const forgedReport = reportOf(detail(forged.sent.submissionId), forged.sent.submissionId);
    expect(failing(forgedReport)).toEqual(['events.signatures', 'events.submit']);
    expect(forgedReport.checks.find((c) => c.check === 'events.signatures')?.detail).toMatch(
      /invalid-signature/,
    );
    expect(suggested(forgedReport)).toEqual(['invalid-event-log@submission']);
  });
});

/** Flips one character in the middle of the signature of the log's submit-submission token. */
function forgeSubmit(body: string): string {
  const page = JSON.parse(body) as { eventLog: string[] };
  page.eventLog = page.eventLog.map((token) => {
    const [header = '', payload = '', signature = ''] = token.split('.');
    if (!Buffer.from(payload, 'base64url').toString().includes('submit-submission')) return token;
    const middle = Math.floor(signature.length / 2);
    const flipped = signature[middle] === 'A' ? 'B' : 'A';
    return `${header}.${payload}.${signature.slice(0, middle)}${flipped}${signature.slice(middle + 1)}`;
  });
  return JSON.stringify(page);
}
