/**
 * Department mode's replica (issue #18): a workstation keeping 500 of the person's cases (each with a PDF)
 * from a real department service on PostgreSQL. Measured: the replica's first fill and its size in the vault,
 * the workstation process's heap with it held; switching to offline (the service stopped: time until the
 * desk answers a case from the vault, and a change is queued) and back (the service started again: time until
 * the queue is replayed and the service answers again). The baseline in the same run: the same case read
 * from the service while it is up. Nothing asserts.
 * Not measured here (yet): rows painted after a filter and a search with 100,000 cases on the service in the
 * desk, and a colleague's change painted in the other desk (test/bench/server.bench.ts times the service's
 * list, filter and event latencies without a desk).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createEventHub } from '../../main/api/events';
import { departmentReplica } from '../../main/app/department-replica';
import { createRemoteDispatch } from '../../main/department/remote';
import { createLogger } from '../../main/log/logger';
import { migratePostgres, openPostgresStore } from '../../main/postgres';
import { startCluster } from '../../main/postgres/cluster';
import { accessToken, startServiceTestBed } from '../support/department-service';
import type { TestDatabase } from '../support/postgres';
import { attachmentIntake, openTestVault, sampleIntake } from '../support/vault-fixtures';
import { describeSamples, mib, ratio } from './samples';

const CASES = 500;
const ROUNDS = 7;
const PDF = Buffer.alloc(64 * 1024, '%PDF-1.7 Mietvertrag ');

export default async function departmentBench(): Promise<void> {
  const clusterDir = await mkdtemp(join(tmpdir(), 'bench-department-pg-'));
  const cluster = await startCluster({ dir: clusterDir, ephemeral: true });
  const pools: pg.Pool[] = [];
  const newPool = () => {
    const pool = new pg.Pool({ connectionString: cluster.url, max: 4 });
    pools.push(pool);
    return pool;
  };
  const database: TestDatabase = {
    url: cluster.url,
    adminUrl: cluster.adminUrl,
    pool: newPool(),
    newPool,
    drop: async () => undefined,
  };
  await migratePostgres(database.pool);
  const bed = await startServiceTestBed(database);
  const vault = openTestVault();
  try {
    let service = await bed.start();
    const port = Number(new URL(service.url).port);
    const anna = await accessToken(bed.demo.identityProvider.url, 'anna.schmidt');

    const store = openPostgresStore({
      pool: database.pool,
      department: 'buergerservice',
      masterKey: bed.masterKey,
    });
    const ids: string[] = [];
    for (let n = 0; n < CASES; n++) {
      const file = await store.attachments.write([PDF]);
      const { caseId } = await store.cases.storeIntake(
        sampleIntake({ department: 'buergerservice', attachments: [attachmentIntake(file)] }),
      );
      await store.cases.update(caseId, 1, { status: 'accepted', assignee: 'anna.schmidt' });
      ids.push(caseId);
    }

    const events = createEventHub();
    const desk = departmentReplica({
      remote: createRemoteDispatch({
        url: service.url,
        accessToken: async () => anna,
        onUnauthorized: () => undefined,
        log: createLogger('bench', () => undefined),
      }),
      replica: vault.vault.replica,
      events,
      person: () => 'anna.schmidt',
      log: createLogger('bench', () => undefined),
      now: () => new Date(),
    });
    const ctx = { transport: 'ipc' } as const;
    const heapBefore = (globalThis.gc?.(), process.memoryUsage().heapUsed);
    const filled = performance.now();
    await desk.refresh();
    const fillMs = performance.now() - filled;
    const heapAfter = (globalThis.gc?.(), process.memoryUsage().heapUsed);
    const held = vault.vault.replica.caseIds().length;
    const vaultFiles = await Promise.all(
      ['vault.db', 'vault.db-wal'].map((name) => stat(join(vault.dir, name)).then((s) => s.size, () => 0)),
    );

    const online: number[] = [];
    const toOffline: number[] = [];
    const offlineRead: number[] = [];
    const toOnline: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const caseId = ids[round] as string;
      const start = performance.now();
      await desk.dispatch('cases.get', { id: caseId }, ctx);
      online.push(performance.now() - start);

      await service.close();
      // From the service gone: the first call finds it unreachable and is answered from the vault.
      const lost = performance.now();
      const read = await desk.dispatch('cases.get', { id: caseId }, ctx);
      toOffline.push(performance.now() - lost);
      if (!read.ok) throw new Error(`offline read failed: ${read.error.code}`);
      const again = performance.now();
      await desk.dispatch('cases.get', { id: caseId }, ctx);
      offlineRead.push(performance.now() - again);
      await desk.dispatch('cases.addNote', { id: caseId, text: `Offline-Notiz ${randomUUID()}` }, ctx);

      // Back: from the service started until the queue is replayed and the desk reads from it again.
      service = await bed.start({ port });
      const back = performance.now();
      desk.streamState('connected');
      await desk.refresh();
      const after = await desk.dispatch('cases.get', { id: caseId }, ctx);
      toOnline.push(performance.now() - back);
      if (!after.ok || vault.vault.replica.queued().length > 0) throw new Error('the queue was not replayed');
    }
    desk.close();

    console.log(`cases kept offline: ${held} of ${CASES} (each with a ${PDF.length / 1024} KiB PDF)`);
    console.log(`first fill of the replica: ${(fillMs / 1000).toFixed(1)} s`);
    console.log(
      `replica in the vault: ${mib(vaultFiles.reduce((a, b) => a + b, 0))} (vault.db ${mib(vaultFiles[0] ?? 0)}, WAL ${mib(vaultFiles[1] ?? 0)})`,
    );
    console.log(
      `heap of this process, before → after the fill: ${mib(heapBefore)} → ${mib(heapAfter)}${globalThis.gc ? '' : ' (no --expose-gc: not collected first)'}`,
    );
    console.log(describeSamples('baseline: cases.get from the service', online));
    console.log(describeSamples('switch to offline: service gone → case read from the vault', toOffline));
    console.log(`  ${ratio(toOffline, online)}`);
    console.log(describeSamples('offline: cases.get from the vault', offlineRead));
    console.log(describeSamples('switch back: service started → queue replayed, case read from it', toOnline));
    console.log(`  ${ratio(toOnline, online)}`);
  } finally {
    vault.cleanup();
    await bed.close();
    for (const pool of pools) await pool.end().catch(() => undefined);
    await cluster.stop();
    await rm(clusterDir, { recursive: true, force: true });
  }
}
