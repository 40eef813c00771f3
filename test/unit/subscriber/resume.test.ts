import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../main/audit';
import {
  demoDestinations,
  type SentLight,
  type SubscriberFixture,
  sendLight,
  startSubscriber,
  syncInChild,
} from './fixtures';

const COUNT = 30;
const sha512 = (bytes: Uint8Array) => createHash('sha512').update(bytes).digest('hex');

describe('a sync killed half-way', () => {
  let f: SubscriberFixture;
  let sent: SentLight[];

  beforeAll(async () => {
    f = await startSubscriber();
    sent = await sendLight(f.sender, demoDestinations(f.platform), COUNT, {
      seed: 61,
      attachmentSizes: [20_000, 30_000],
    });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('is resumed by the next sync, and every submission is stored exactly once', async () => {
    const killed = await syncInChild(f, { killAfter: 8, settings: { submissionConcurrency: 3 } });
    expect(killed).toBe('killed');
    const storedByKilled = sent.filter(
      ({ sent: s }) => f.vault.vault.cases.findSubmission(s.submissionId) !== null,
    );
    expect(storedByKilled.length).toBeGreaterThanOrEqual(8);
    expect(storedByKilled.length).toBeLessThan(COUNT);

    const resumed = await syncInChild(f);
    if (resumed === 'killed') throw new Error('unexpected kill');
    expect(resumed.result).toMatchObject({
      listed: COUNT,
      fetched: COUNT - storedByKilled.length,
      failed: 0,
    });

    const { vault } = f.vault;
    expect(vault.integrityCheck()).toEqual([]);
    expect(vault.cases.list({ department: 'buergerservice' }).total).toBe(COUNT);
    // The fixture's audit log holds the vault closed for the children; read through the reopened one.
    const intakes = new AuditLog({ vault }).list({}).filter((entry) => entry.action === 'fitconnect.intake');
    expect(intakes.map((entry) => entry.details.submissionId).sort()).toEqual(
      sent.map(({ sent: s }) => s.submissionId).sort(),
    );
    let attachments = 0;
    for (const { sent: submission, light } of sent) {
      const detail = vault.cases.get(vault.cases.findSubmission(submission.submissionId)?.caseId ?? '');
      expect(detail.case.verification).toBe('passed');
      expect(detail.submissions).toHaveLength(1);
      for (const original of light.app.attachments) {
        const stored = detail.attachments.find((a) => a.attachmentId === original.attachmentId);
        expect(sha512(await vault.attachments.readAttachment(stored?.id ?? ''))).toBe(sha512(original.bytes));
        attachments++;
      }
    }
    // Files written for submissions the killed run never committed were swept when the vault opened again.
    expect(readdirSync(join(f.vault.dir, 'attachments'))).toHaveLength(attachments);

    const again = await syncInChild(f);
    expect(again !== 'killed' && again.result).toMatchObject({ listed: COUNT, fetched: 0 });
  });
});
