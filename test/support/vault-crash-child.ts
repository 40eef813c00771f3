/**
 * Child process of the crash test: writes cases with outbox items and audit entries as fast as it can
 * while an outbox worker delivers, and reports on stdout (synchronously, so a line is out before the next
 * step starts) `begin <key>` before each transaction and `commit <key> <caseId> [<attachmentId>]` after
 * it committed. The parent kills it with SIGKILL at a random moment.
 *
 *   node --import tsx test/support/vault-crash-child.ts <dir> <key hex> <round>
 */
import { randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Outbox } from '../../main/outbox';
import { vaultStore } from '../../main/store';
import { openVault } from '../../main/vault';
import { attachmentIntake, sampleIntake } from './vault-fixtures';

const [dir, keyHex, round] = process.argv.slice(2);
if (!dir || !keyHex || !round) throw new Error('usage: vault-crash-child <dir> <key hex> <round>');

const say = (line: string) => writeSync(1, `${line}\n`);

const vault = openVault({ dir, key: Buffer.from(keyHex, 'hex') });
const store = vaultStore(vault);
const outbox = new Outbox({ store });
outbox.register('handover', async () => ({ kind: 'delivered', receipt: { status: 204 } }));
outbox.start();

for (let n = 1; ; n++) {
  const key = `r${round}-${n}`;
  const file = n % 4 === 0 ? await vault.attachments.write([randomBytes(4096)]) : null;
  say(`begin ${key}`);
  const caseId = await store.transaction(async (tx) => {
    const { caseId } = await tx.cases.storeIntake(
      sampleIntake({ fitCaseId: key, attachments: file ? [attachmentIntake(file)] : [] }),
    );
    await outbox.enqueue(tx, {
      type: 'handover',
      idempotencyKey: `accept:${key}`,
      payload: { caseId },
      caseId,
    });
    // A repeat of the previous action must not add a second item.
    if (n > 1)
      await outbox.enqueue(tx, {
        type: 'handover',
        idempotencyKey: `accept:r${round}-${n - 1}`,
        payload: { caseId },
      });
    await tx.audit.append({
      actor: 'system',
      department: 'sozialamt',
      caseId,
      action: 'case.receive',
      outcome: 'success',
    });
    return caseId;
  });
  say(`commit ${key} ${caseId}${file ? ` ${file.id}` : ''}`);
  // Lets the outbox worker move items along between writes.
  await yieldToLoop();
}
