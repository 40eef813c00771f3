/**
 * The PostgreSQL store passes the repository contract of the store interfaces (test/contract/store), on a
 * private cluster with a fresh migrated database per test. The store serves one department; the suites'
 * other departments get their own store over the same database.
 */
import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { openPostgresStore } from '../../../main/postgres';
import { caseStoreContract } from '../../contract/store/cases';
import type { OpenStore } from '../../contract/store/harness';
import { inboxContract } from '../../contract/store/inbox';
import { recordStoresContract } from '../../contract/store/records';
import { teamStoreContract } from '../../contract/store/team';
import { transactionContract } from '../../contract/store/transactions';
import { postgresPerFile } from '../../support/postgres';

const postgres = postgresPerFile();

const openStore: OpenStore = async () => {
  const database = await postgres().database();
  const masterKey = randomBytes(32);
  const forDepartment = (department: string) =>
    openPostgresStore({ pool: database.pool, department, masterKey });
  return { store: forDepartment('sozialamt'), forDepartment, close: () => database.drop() };
};

describe('PostgreSQL as a store', () => {
  caseStoreContract(openStore);
  inboxContract(openStore);
  transactionContract(openStore);
  recordStoresContract(openStore);
  teamStoreContract(openStore);
});
