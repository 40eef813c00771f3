/**
 * PostgreSQL restarted while the service works: the transaction that was cut off fails with a clear
 * error and leaves nothing behind, what was committed before is still there, and the store's next call
 * succeeds on a fresh connection without anyone restarting the service.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../main/postgres';
import { rejection } from '../../contract/store/harness';
import { postgresPerFile } from '../../support/postgres';
import { sampleIntake } from '../../support/vault-fixtures';

const postgres = postgresPerFile();

describe('a PostgreSQL restart during work', () => {
  it('fails the interrupted transaction clearly, keeps what was committed, and recovers on the next call', async () => {
    const database = await postgres().database();
    try {
      const store = openPostgresStore({
        pool: database.pool,
        department: 'sozialamt',
        masterKey: randomBytes(32),
      });
      const { caseId } = await store.cases.storeIntake(sampleIntake());
      await store.notes.addNote(caseId, 'sb-1', 'vor dem Neustart');
      // Two calls at once leave two connections in the pool: one lies idle while the restart cuts it.
      await Promise.all([store.cases.row(caseId), store.notes.notes(caseId)]);
      expect(database.pool.totalCount).toBe(2);

      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let written: () => void = () => undefined;
      const hasWritten = new Promise<void>((resolve) => {
        written = resolve;
      });
      const interrupted = store.transaction(async (tx) => {
        await tx.cases.update(caseId, 1, { assignee: 'sb-1' });
        await tx.notes.addNote(caseId, 'sb-1', 'nie gespeichert');
        written();
        await held;
        await tx.notes.addNote(caseId, 'sb-1', 'nach dem Neustart');
      });
      await hasWritten;
      await postgres().cluster.restart();
      release();

      const error = await interrupted.catch((e: Error) => e);
      expect(error).toMatchObject({ code: 'postgres-unavailable' });
      expect((error as Error).message).toMatch(/interrupted/);

      // The next calls succeed on fresh connections; idle ones the restart cut are replaced.
      expect(await store.cases.row(caseId)).toMatchObject({ assignee: null, version: 1 });
      expect((await store.notes.notes(caseId)).map((note) => note.text)).toEqual(['vor dem Neustart']);
      expect(await store.cases.update(caseId, 1, { assignee: 'sb-2' })).toMatchObject({ version: 2 });
      expect(await rejection(store.cases.update(caseId, 1, { assignee: 'sb-3' }))).toBe('version-conflict');
    } finally {
      await database.drop();
    }
  });
});
