/**
 * What the PostgreSQL store's records do beyond the contract suite: outbox claims of two service instances
 * (SKIP LOCKED, a claim whose connection died, a lease that ended), one audit chain under appends from two
 * instances, attachments that fail their checks with a clear error and stay stored, a stream of a few
 * hundred megabytes in bounded memory, and row-level security between departments at the SQL level.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../main/postgres';
import { deleteOrphanContents } from '../../../main/postgres/attachments';
import { checkPostgresAuditTrail } from '../../../main/postgres/audit';
import type { Store } from '../../../main/store';
import { rejection } from '../../contract/store/harness';
import { postgresPerFile, type TestDatabase } from '../../support/postgres';
import { attachmentIntake, sampleIntake } from '../../support/vault-fixtures';

const postgres = postgresPerFile();
const AT = new Date('2026-03-01T08:00:00.000Z');
const LEASE_MS = 10 * 60_000;
const MASTER_KEY = randomBytes(32);
const handover = (n: number) =>
  ({
    type: 'handover',
    idempotencyKey: `handover:c-${n}`,
    caseId: null,
    payload: { caseId: `c-${n}` },
  }) as const;

let database: TestDatabase;
const extraPools: pg.Pool[] = [];

beforeEach(async () => {
  database = await postgres().database();
});
afterEach(async () => {
  await Promise.all(extraPools.splice(0).map((pool) => pool.end().catch(() => undefined)));
  await database.drop();
});

function store(pool: pg.Pool, department = 'sozialamt', masterKey: Uint8Array = MASTER_KEY): Store {
  return openPostgresStore({ pool, department, masterKey, outboxLeaseMs: LEASE_MS });
}

/** A pool whose connections carry a name, so a test can cut them as a dying instance's would be. */
function namedPool(name: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: database.url, application_name: name });
  extraPools.push(pool);
  return pool;
}

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Cuts every connection of the named instance, as a crash of its process would. */
async function kill(name: string): Promise<void> {
  await asAdmin((client) =>
    client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
      name,
    ]),
  );
}

describe('outbox claims of several instances', () => {
  it('takes different items on two instances, and an item of an instance that died again after its lease', async () => {
    const a = store(namedPool('instance-a'));
    const b = store(database.newPool());
    await a.outbox.insert(handover(1), AT);
    await a.outbox.insert(handover(2), AT);

    const [fromA, fromB] = await Promise.all([
      a.outbox.claimNext(['handover'], AT),
      b.outbox.claimNext(['handover'], AT),
    ]);
    expect(fromA?.id).toBeDefined();
    expect(fromB?.id).toBeDefined();
    expect(fromA?.id).not.toBe(fromB?.id);

    await kill('instance-a');
    // A's item stays A's while its lease runs: B would deliver it a second time.
    const beforeLeaseEnds = new Date(AT.getTime() + LEASE_MS - 1);
    expect(await b.outbox.claimNext(['handover'], beforeLeaseEnds)).toBeNull();
    const leaseEnded = new Date(AT.getTime() + LEASE_MS);
    const again = await b.outbox.claimNext(['handover'], leaseEnded);
    expect(again).toMatchObject({
      id: fromA?.id,
      idempotencyKey: fromA?.idempotencyKey,
      state: 'in_flight',
      attempts: 2,
    });
    await b.outbox.markDelivered(again?.id as string, { status: 204 }, false, leaseEnded);
    expect(await b.outbox.countByState()).toEqual({ pending: 0, inFlight: 1, delivered: 1, failed: 0 });
  });

  it('skips an item a claim holds locked, and takes it at once when that claim’s connection dies', async () => {
    const b = store(database.newPool());
    const { item: first } = await b.outbox.insert(handover(1), AT);
    const { item: second } = await b.outbox.insert(handover(2), AT);

    // An instance in the middle of claiming the first item: its row locked, nothing committed yet.
    const claimer = new pg.Client({ connectionString: database.url, application_name: 'instance-a' });
    claimer.on('error', () => undefined);
    await claimer.connect();
    await claimer.query('BEGIN');
    await claimer.query("SELECT set_config('app.department', 'sozialamt', true)");
    await claimer.query('SELECT id FROM outbox WHERE id = $1 FOR UPDATE', [first.id]);

    expect((await b.outbox.claimNext(['handover'], AT))?.id).toBe(second.id);
    expect(await b.outbox.claimNext(['handover'], AT)).toBeNull();
    await kill('instance-a');
    await claimer.end().catch(() => undefined);
    expect(await b.outbox.claimNext(['handover'], AT)).toMatchObject({ id: first.id, attempts: 1 });
  });

  it('renews the lease of an item whose worker records progress', async () => {
    const a = store(database.newPool());
    const b = store(database.newPool());
    const { item } = await a.outbox.insert(handover(1), AT);
    await a.outbox.claimNext(['handover'], AT);
    const progressAt = new Date(AT.getTime() + LEASE_MS - 1);
    await a.outbox.recordProgress(item.id, { submissionId: 's-1' }, progressAt);
    expect(await b.outbox.claimNext(['handover'], new Date(AT.getTime() + LEASE_MS))).toBeNull();
    expect(await b.outbox.claimNext(['handover'], new Date(progressAt.getTime() + LEASE_MS))).toMatchObject({
      id: item.id,
      receipt: { submissionId: 's-1' },
      attempts: 2,
    });
  });

  it('recovers at start only items whose lease ended, not those another instance is delivering', async () => {
    const a = store(database.newPool());
    const { item } = await a.outbox.insert(handover(1), AT);
    await a.outbox.claimNext(['handover'], AT);
    expect(await store(database.newPool()).outbox.recoverInFlight(AT)).toEqual([]);
    expect(await a.outbox.get(item.id)).toMatchObject({ state: 'in_flight' });
  });
});

describe('the audit chain of a department', () => {
  it('stays one unbroken chain while two instances append at once', async () => {
    const a = store(database.newPool());
    const b = store(database.newPool());
    const entry = (n: number) =>
      ({
        actor: `sb-${n}`,
        department: 'sozialamt',
        caseId: null,
        action: 'case.view',
        outcome: 'success',
      }) as const;
    await Promise.all(Array.from({ length: 40 }, (_, n) => (n % 2 === 0 ? a : b).audit.append(entry(n))));
    expect(await b.audit.verify()).toMatchObject({
      ok: true,
      checked: 40,
      firstBreak: null,
      triggersIntact: true,
    });
    const ids = (await a.audit.list({ limit: 100 })).map((e) => e.id);
    expect(ids).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
  });

  it('refuses changes to entries, and names the first edited entry when the triggers were taken away', async () => {
    const s = store(database.pool);
    for (const n of [1, 2, 3]) {
      await s.audit.append({
        actor: `sb-${n}`,
        department: null,
        caseId: null,
        action: 'x.y',
        outcome: 'success',
      });
    }
    const edit = (client: pg.Client) =>
      client.query("UPDATE audit_log SET actor = 'someone' WHERE department = 'sozialamt' AND id = 2");
    await expect(asAdmin(edit)).rejects.toThrow(/append-only/);
    await asAdmin(async (client) => {
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update');
      await edit(client);
    });
    expect(await s.audit.verify()).toMatchObject({
      ok: false,
      checked: 1,
      firstBreak: { id: 2, reason: 'hash-mismatch' },
      triggersIntact: false,
    });
  });
  it('is checked at start from the entry verified last, and shows entries cut off its end', async () => {
    const s = store(database.pool);
    const append = (n: number) =>
      s.audit.append({ actor: `sb-${n}`, department: null, caseId: null, action: 'x.y', outcome: 'success' });
    const check = (full: boolean) =>
      checkPostgresAuditTrail({ pool: database.pool, department: 'sozialamt', full, now: () => AT });
    expect(await check(false)).toMatchObject({ intact: true, entries: 0, anchor: 'absent' });
    for (const n of [1, 2, 3]) await append(n);
    expect(await check(false)).toMatchObject({ intact: true, entries: 3, verified: 3, anchor: 'match' });
    for (const n of [4, 5]) await append(n);
    // Entry 3 again (verified before), then 4 and 5.
    expect(await check(false)).toMatchObject({ intact: true, entries: 5, verified: 3, anchor: 'match' });

    await asAdmin(async (client) => {
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_delete');
      await client.query("DELETE FROM audit_log WHERE department = 'sozialamt' AND id = 5");
      await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_delete');
    });
    expect(await check(true)).toMatchObject({ intact: false, anchor: 'shorter', missing: 1, verified: 4 });
    // Another department's check sees its own, empty chain.
    expect(
      await checkPostgresAuditTrail({ pool: database.pool, department: 'bauamt', full: true, now: () => AT }),
    ).toMatchObject({ intact: true, entries: 0 });
  });
});

describe('attachments in the database', () => {
  async function stored(s: Store, bytes: Buffer) {
    const file = await s.attachments.write([bytes]);
    await s.cases.storeIntake(sampleIntake({ attachments: [attachmentIntake(file)] }));
    return file.id;
  }
  const chunksOf = (id: string) =>
    asAdmin(async (client) => {
      const { rows } = await client.query<{ index: number; data: Buffer }>(
        'SELECT chunk_index AS index, data FROM attachment_chunks WHERE attachment_id = $1 ORDER BY chunk_index',
        [id],
      );
      return rows;
    });
  const bytes = randomBytes(2.5 * 1024 * 1024);

  it('refuses a tampered chunk and leaves the stored rows as they are', async () => {
    const s = store(database.pool);
    const id = await stored(s, bytes);
    const [, middle] = await chunksOf(id);
    const flipped = Buffer.from(middle?.data as Buffer);
    flipped[100] = (flipped[100] as number) ^ 1;
    await asAdmin((c) =>
      c.query('UPDATE attachment_chunks SET data = $2 WHERE attachment_id = $1 AND chunk_index = 1', [
        id,
        flipped,
      ]),
    );
    const error = await s.attachments.readAttachment(id).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'attachment-tampered' });
    expect((error as Error).message).toContain('chunk 1');
    expect((await chunksOf(id)).map((c) => c.data.equals(c.index === 1 ? flipped : c.data))).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('refuses an attachment with a missing chunk, chunks in another order, or a cut-off end', async () => {
    const s = store(database.pool);
    const missing = await stored(s, bytes);
    await asAdmin((c) =>
      c.query('DELETE FROM attachment_chunks WHERE attachment_id = $1 AND chunk_index = 1', [missing]),
    );
    const error = await s.attachments.readAttachment(missing).catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'attachment-tampered' });
    expect((error as Error).message).toContain('chunk 1 is missing');

    const swapped = await stored(s, bytes);
    await asAdmin(async (c) => {
      const move = (from: number, to: number) =>
        c.query(
          'UPDATE attachment_chunks SET chunk_index = $3 WHERE attachment_id = $1 AND chunk_index = $2',
          [swapped, from, to],
        );
      await move(0, 99);
      await move(1, 0);
      await move(99, 1);
    });
    expect(await rejection(s.attachments.readAttachment(swapped))).toBe('attachment-tampered');

    const cut = await stored(s, bytes);
    await asAdmin(async (c) => {
      await c.query('DELETE FROM attachment_chunks WHERE attachment_id = $1 AND chunk_index = 2', [cut]);
      await c.query('UPDATE attachment_contents SET chunks = 2, size = $2 WHERE id = $1', [
        cut,
        2 * 1024 * 1024,
      ]);
    });
    expect(await rejection(s.attachments.readAttachment(cut))).toBe('attachment-tampered');
    expect((await chunksOf(cut)).length).toBe(2);
  });

  it('does not open an attachment with another master key, and the right key still does', async () => {
    const id = await stored(store(database.pool), bytes);
    const error = await store(database.pool, 'sozialamt', randomBytes(32))
      .attachments.readAttachment(id)
      .catch((e: Error) => e);
    expect(error).toMatchObject({ code: 'attachment-unreadable' });
    expect((error as Error).message).toContain('master key');
    expect((await store(database.pool).attachments.readAttachment(id)).equals(bytes)).toBe(true);
  });

  it('deletes contents no case refers to once they are old enough, and keeps the rest', async () => {
    const s = store(database.pool);
    const linked = await stored(s, Buffer.from('Mietvertrag'));
    const orphan = await s.attachments.write([Buffer.from('Entwurf')]);
    const sweep = (writtenBefore: Date) =>
      deleteOrphanContents({ pool: database.pool, department: 'sozialamt', writtenBefore });
    expect(await sweep(new Date(Date.now() - 60 * 60_000))).toBe(0);
    expect(await sweep(new Date(Date.now() + 60_000))).toBe(1);
    expect(await rejection(s.attachments.readAttachment(orphan.id))).toBe('attachment-not-found');
    expect((await s.attachments.readAttachment(linked)).toString()).toBe('Mietvertrag');
    expect(
      await asAdmin(
        async (c) => (await c.query('SELECT count(*)::int AS n FROM attachment_chunks')).rows[0].n,
      ),
    ).toBe(1);
  });

  it('streams a few hundred megabytes in and out without holding them in memory', {
    timeout: 600_000,
  }, async () => {
    const s = store(database.pool);
    const MiB = 1024 * 1024;
    const total = 256 * MiB;
    const block = randomBytes(MiB);
    const written = createHash('sha256');
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const source = function* () {
      for (let at = 0; at < total; at += 64 * 1024) {
        const piece = block.subarray(at % MiB, (at % MiB) + 64 * 1024);
        written.update(piece);
        sample();
        yield piece;
      }
    };
    const file = await s.attachments.write(source());
    expect(file.size).toBe(total);
    await s.cases.storeIntake(sampleIntake({ attachments: [attachmentIntake(file)] }));

    const read = createHash('sha256');
    let size = 0;
    for await (const chunk of await s.attachments.openAttachmentStream(file.id)) {
      read.update(chunk);
      size += chunk.length;
      sample();
    }
    expect(size).toBe(total);
    expect(read.digest('hex')).toBe(written.digest('hex'));
    // Holding the attachment (or its hex form on the wire) would take at least its size again.
    expect(peak - baseline).toBeLessThan(total / 2);
  });
});

describe('row-level security between departments', () => {
  it('shows one department none of another’s outbox items, audit entries, attachments, receipts or notices', async () => {
    const soz = store(database.pool, 'sozialamt');
    const bau = store(database.pool, 'bauamt');
    const { item } = await soz.outbox.insert(handover(1), AT);
    await soz.audit.append({
      actor: 'sb-1',
      department: 'sozialamt',
      caseId: null,
      action: 'x.y',
      outcome: 'success',
    });
    const file = await soz.attachments.write([Buffer.from('Mietvertrag')]);
    const { caseId } = await soz.cases.storeIntake(sampleIntake({ attachments: [attachmentIntake(file)] }));
    const outboxItemId = randomUUID();
    await soz.receipts.record({ caseId, kind: 'archive', outboxItemId, receipt: { processId: 'p-1' } });

    expect(await bau.outbox.get(item.id)).toBeNull();
    expect(await bau.outbox.list({})).toEqual([]);
    expect(await bau.outbox.claimNext(['handover'], AT)).toBeNull();
    expect(await bau.audit.list()).toEqual([]);
    expect(await bau.audit.verify()).toMatchObject({ ok: true, checked: 0 });
    expect(await rejection(bau.attachments.readAttachment(file.id))).toBe('attachment-not-found');
    expect(await bau.receipts.forItem(outboxItemId)).toBeNull();
    // The same department sees them all.
    expect(await soz.outbox.get(item.id)).toMatchObject({ id: item.id });

    // At the SQL level, without the repositories' own checks: the policies alone hide the rows.
    const tables = [
      'outbox',
      'audit_log',
      'audit_heads',
      'attachment_contents',
      'attachment_chunks',
      'case_receipts',
    ];
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const counts = async (department: string | null) => {
        await client.query('BEGIN');
        if (department) await client.query("SELECT set_config('app.department', $1, true)", [department]);
        const result: number[] = [];
        for (const table of tables) {
          result.push(Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n));
        }
        await client.query('COMMIT');
        return result;
      };
      expect(await counts('bauamt')).toEqual([0, 0, 0, 0, 0, 0]);
      expect(await counts(null)).toEqual([0, 0, 0, 0, 0, 0]);
      expect((await counts('sozialamt')).every((n) => n > 0)).toBe(true);
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.department', 'bauamt', true)");
      await expect(
        client.query(
          `INSERT INTO outbox (id, department, type, idempotency_key, payload, state, next_attempt_at, created_at, updated_at)
           VALUES ('x', 'sozialamt', 'handover', 'k', '{}', 'pending', now(), now(), now())`,
        ),
      ).rejects.toThrow(/row-level security/);
      await client.query('ROLLBACK');
    } finally {
      await client.end();
    }
  });
});
