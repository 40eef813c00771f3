/**
 * The desk reads a page of the inbox and a case view each in one store transaction: on the department
 * service's shared store every call outside a transaction is a transaction of its own (a pooled connection
 * and its round trips), which multiplied a case view into a dozen. The store here refuses any call made
 * outside a transaction, so a read that strays from its transaction fails loudly.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeskService, type DeskStore } from '../../../main/desk/desk-service';
import type { Outbox } from '../../../main/outbox';
import { type Store, vaultStore } from '../../../main/store';
import type { Principal } from '../../../shared/auth/roles';
import { openTestVault, sampleIntake, type TestVault } from '../../support/vault-fixtures';

const DEPARTMENT = 'sozialamt';
const caseWorker: Principal = {
  userId: 'anna.schmidt',
  displayName: 'Anna Schmidt',
  department: DEPARTMENT,
  roles: ['Sachbearbeitung'],
};

/** The store, with every repository call outside `transaction` refused. */
function transactionsOnly(store: Store, strays: string[]): DeskStore {
  const refuse = (name: string) =>
    new Proxy(
      {},
      {
        get: (_, method) => () => {
          strays.push(`${name}.${String(method)}`);
          return Promise.reject(new Error(`${name}.${String(method)} called outside a transaction`));
        },
      },
    );
  return {
    cases: refuse('cases'),
    notes: refuse('notes'),
    notices: refuse('notices'),
    receipts: refuse('receipts'),
    outbox: refuse('outbox'),
    audit: refuse('audit'),
    fileReferences: refuse('fileReferences'),
    preferences: refuse('preferences'),
    team: refuse('team'),
    attachments: store.attachments,
    transaction: (fn) => store.transaction(fn),
  } as DeskStore;
}

let vault: TestVault;
let store: Store;
let desk: DeskService;
let strays: string[];

beforeEach(async () => {
  vault = openTestVault();
  store = vaultStore(vault.vault);
  strays = [];
  desk = new DeskService({
    store: transactionsOnly(store, strays),
    // The desk's reads go through the store's transaction, not through the outbox service.
    outbox: {} as Outbox,
    schemaFor: () => null,
    fileReferenceRule: () => ({ pattern: 'SZ-{seq:5}', serviceCode: 'WG' }),
    processingDays: () => 30,
    queueStatusUpdate: async () => undefined,
    // Nobody covers for a colleague here: the case worker sees unassigned cases and her own.
    team: { covers: async () => [], seesThrough: async () => false },
    now: () => new Date('2025-02-21T09:00:00.000Z'),
  });
});
afterEach(() => vault.cleanup());

describe('the desk on a shared store', () => {
  it('reads a page of the inbox, its rows’ notices included, in one transaction', async () => {
    for (let i = 0; i < 3; i++) await store.cases.storeIntake(sampleIntake({ department: DEPARTMENT }));
    const listed = await desk.list(caseWorker, { sort: { column: 'receivedAt', dir: 'desc' } });
    expect(listed.total).toBe(3);
    expect(strays).toEqual([]);
  });

  it('reads a case view (history, outbox items, receipts, notices, notes) in one transaction', async () => {
    const { caseId } = await store.cases.storeIntake(sampleIntake({ department: DEPARTMENT }));
    await store.notes.addNote(caseId, 'anna.schmidt', 'Rückruf vereinbart');
    const view = await desk.get(caseWorker, caseId);
    expect(view.case.id).toBe(caseId);
    expect(view.notes.map((note) => note.text)).toEqual(['Rückruf vereinbart']);
    expect(view.actions).toContain('claim');
    expect(strays).toEqual([]);
  });
});
