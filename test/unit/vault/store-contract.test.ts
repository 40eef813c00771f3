/** The SQLCipher vault passes the repository contract of the store interfaces (test/contract/store). */
import { describe } from 'vitest';
import { vaultStore } from '../../../main/store';
import { caseStoreContract } from '../../contract/store/cases';
import type { OpenStore } from '../../contract/store/harness';
import { inboxContract } from '../../contract/store/inbox';
import { recordStoresContract } from '../../contract/store/records';
import { teamStoreContract } from '../../contract/store/team';
import { transactionContract } from '../../contract/store/transactions';
import { openTestVault } from '../../support/vault-fixtures';

const openVaultStore: OpenStore = async () => {
  const t = openTestVault();
  return {
    store: vaultStore(t.vault),
    close: async () => t.cleanup(),
  };
};

describe('the vault as a store', () => {
  caseStoreContract(openVaultStore);
  inboxContract(openVaultStore);
  transactionContract(openVaultStore);
  recordStoresContract(openVaultStore);
  teamStoreContract(openVaultStore);
});
