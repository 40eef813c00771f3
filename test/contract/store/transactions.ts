import { describe, expect, it } from 'vitest';
import type { TransactionSession } from '../../../main/store';
import { sampleIntake } from '../../support/vault-fixtures';
import { freshStore, type OpenStore, rejection } from './harness';

/** A transaction takes an async function: all of its writes commit together, or none. */
export function transactionContract(open: OpenStore): void {
  describe('store transactions', () => {
    const store = freshStore(open);

    it('commits the writes of a resolved function together and answers its result', async () => {
      const result = await store().transaction(async (tx) => {
        const { caseId } = await tx.cases.storeIntake(sampleIntake());
        await tx.cases.update(caseId, 1, { status: 'in_review' });
        await tx.notes.addNote(caseId, 'sb-1', 'übernommen');
        return caseId;
      });
      expect(await store().cases.row(result)).toMatchObject({ status: 'in_review', version: 2 });
      expect(await store().notes.notes(result)).toHaveLength(1);
    });

    it('rolls every write back when the function rejects, after awaiting', async () => {
      let caseId = '';
      const failed = store().transaction(async (tx) => {
        caseId = (await tx.cases.storeIntake(sampleIntake())).caseId;
        await new Promise((resolve) => setTimeout(resolve, 5));
        await tx.notes.addNote(caseId, 'sb-1', 'gleich verworfen');
        throw new Error('state change failed');
      });
      expect(await rejection(failed)).toBe('state change failed');
      expect(await rejection(store().cases.row(caseId))).toBe('case-not-found');
      expect((await store().cases.list({ department: 'sozialamt' })).total).toBe(0);
    });

    it('lets no work outside see writes that are rolled back later', async () => {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let written: () => void = () => undefined;
      const hasWritten = new Promise<void>((resolve) => {
        written = resolve;
      });
      const intake = sampleIntake();
      const failed = store().transaction(async (tx) => {
        await tx.cases.storeIntake(intake);
        written();
        await held;
        throw new Error('given up');
      });
      await hasWritten;
      // A reader while the transaction is open: whenever it is answered, the case never existed for it.
      const reader = store().cases.findSubmission(intake.submission.submissionId);
      release();
      expect(await rejection(failed)).toBe('given up');
      expect(await reader).toBeNull();
    });

    it('undoes only a nested transaction that rejects', async () => {
      const caseId = await store().transaction(async (tx) => {
        const { caseId } = await tx.cases.storeIntake(sampleIntake());
        const nested = tx.transaction(async (inner) => {
          await inner.notes.addNote(caseId, 'sb-1', 'verworfen');
          throw new Error('inner');
        });
        expect(await rejection(nested)).toBe('inner');
        await tx.notes.addNote(caseId, 'sb-1', 'bleibt');
        return caseId;
      });
      expect((await store().notes.notes(caseId)).map((note) => note.text)).toEqual(['bleibt']);
    });

    it('lets a nested transaction work through either handle, with calls started together', async () => {
      const caseId = await store().transaction(async (tx) => {
        const { caseId } = await tx.cases.storeIntake(sampleIntake());
        await tx.transaction(async (inner) => {
          await Promise.all([
            inner.notes.addNote(caseId, 'sb-1', 'innen'),
            tx.notes.addNote(caseId, 'sb-1', 'außen'),
          ]);
        });
        const failed = tx.transaction(async (inner) => {
          await Promise.all([
            inner.notes.addNote(caseId, 'sb-1', 'verworfen 1'),
            tx.notes.addNote(caseId, 'sb-1', 'verworfen 2'),
          ]);
          throw new Error('inner');
        });
        expect(await rejection(failed)).toBe('inner');
        return caseId;
      });
      expect((await store().notes.notes(caseId)).map((note) => note.text).sort()).toEqual(['außen', 'innen']);
    });

    it('runs after-commit work once committed, and never after a rollback', async () => {
      const ran: string[] = [];
      await store().transaction(async (tx) => {
        tx.afterCommit(() => ran.push('committed'));
        await tx.cases.storeIntake(sampleIntake());
        expect(ran).toEqual([]);
      });
      expect(ran).toEqual(['committed']);
      await rejection(
        store().transaction(async (tx) => {
          tx.afterCommit(() => ran.push('rolled back'));
          throw new Error('no');
        }),
      );
      expect(ran).toEqual(['committed']);
    });

    it('refuses a handle kept past the end of its transaction', async () => {
      let kept: TransactionSession | undefined;
      const caseId = await store().transaction(async (tx) => {
        kept = tx;
        return (await tx.cases.storeIntake(sampleIntake())).caseId;
      });
      const late = kept as TransactionSession;
      expect(await rejection(late.cases.row(caseId))).toBe('transaction-ended');
      expect(await rejection(late.notes.addNote(caseId, 'sb-1', 'zu spät'))).toBe('transaction-ended');
      expect(await rejection(late.transaction(async () => 'nested'))).toBe('transaction-ended');
      expect(() => late.afterCommit(() => undefined)).toThrow(
        expect.objectContaining({ code: 'transaction-ended' }),
      );
      expect(await store().notes.notes(caseId)).toEqual([]);
    });

    it('runs calls started together inside one transaction each whole, and undoes only a refused one', async () => {
      const { caseId } = await store().transaction(async (tx) => {
        const first = await tx.cases.storeIntake(sampleIntake());
        const results = await Promise.allSettled([
          tx.cases.storeIntake(sampleIntake()),
          tx.cases.update(first.caseId, 1, { assignee: 'sb-1' }),
          tx.cases.update(first.caseId, 1, { assignee: 'sb-2' }),
          tx.notes.addNote(first.caseId, 'sb-1', 'gleichzeitig'),
          tx.cases.storeIntake(sampleIntake()),
        ]);
        expect(
          results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code?: string }).code)),
        ).toEqual(['ok', 'ok', 'version-conflict', 'ok', 'ok']);
        return first;
      });
      expect(await store().cases.row(caseId)).toMatchObject({ assignee: 'sb-1', version: 2 });
      expect(await store().notes.notes(caseId)).toHaveLength(1);
      expect((await store().cases.list({ department: 'sozialamt' })).total).toBe(3);
    });

    it('serves many transactions and reads started together, each whole', async () => {
      const bauamt = store('bauamt');
      const intakes = Array.from({ length: 8 }, () => sampleIntake({ department: 'bauamt' }));
      const work = intakes.map((intake, index) =>
        bauamt.transaction(async (tx) => {
          const { caseId } = await tx.cases.storeIntake(intake);
          await tx.cases.update(caseId, 1, { assignee: `sb-${index}` });
          return caseId;
        }),
      );
      const counts = intakes.map(() => bauamt.cases.list({ department: 'bauamt' }));
      const ids = await Promise.all(work);
      for (const { total } of await Promise.all(counts)) expect(total).toBeLessThanOrEqual(8);
      const rows = await Promise.all(ids.map((id) => bauamt.cases.row(id)));
      expect(rows.map((row) => [row.assignee, row.version])).toEqual(ids.map((_, i) => [`sb-${i}`, 2]));
    });
  });
}
