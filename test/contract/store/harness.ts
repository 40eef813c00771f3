/**
 * The repository contract: what any implementation of the store interfaces (main/store) must do. Each suite
 * takes a factory for a fresh, empty store; an implementation's test file runs every suite against its own
 * (the vault: test/unit/vault/store-contract.test.ts; the PostgreSQL store runs the same suites).
 */
import { afterEach, beforeEach } from 'vitest';
import type { Store } from '../../../main/store';

export interface StoreUnderTest {
  /** The store the suites work with; it serves at least `sampleIntake`'s default department, sozialamt. */
  store: Store;
  /**
   * Another department's store over the same data. A store that serves one department (PostgreSQL) answers
   * that department's; a workstation-wide store (the vault) leaves this out, as it serves every department.
   */
  forDepartment?(department: string): Store;
  close(): Promise<void>;
}

export type OpenStore = () => Promise<StoreUnderTest>;

/** The error code a promise rejects with, or `resolved` when it does not. */
export async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return String((error as { code?: unknown }).code ?? (error as Error).message);
  }
}

/**
 * A fresh store for each test of the suite around the call; the returned function answers the current one,
 * or, given a department, the store that department works with.
 */
export function freshStore(open: OpenStore): (department?: string) => Store {
  let subject: StoreUnderTest | undefined;
  beforeEach(async () => {
    subject = await open();
  });
  afterEach(async () => {
    await subject?.close();
    subject = undefined;
  });
  return (department) => {
    if (subject === undefined) throw new Error('no store outside a test');
    if (department === undefined || subject.forDepartment === undefined) return subject.store;
    return subject.forDepartment(department);
  };
}
