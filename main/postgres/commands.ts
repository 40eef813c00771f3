/**
 * The ledger of applied offline commands (migration 10). The command's row is inserted first, in a
 * transaction that stays open while the command runs: a concurrent replay of the same id waits on the key,
 * then finds the row and answers what the first run answered. Only an applied command is recorded; a
 * conflict or a refused step rolls the row back, so nothing is kept for a command that changed nothing.
 */
import type pg from 'pg';
import { ApiError } from '../../shared/api/result';
import type { CommandOutcome } from '../commands/api';
import type { CommandLedger } from '../commands/apply';
import { inDepartmentTransaction } from './sql';

class NotRecorded extends Error {
  constructor(readonly outcome: CommandOutcome) {
    super('not recorded');
  }
}

export function postgresCommandLedger(pool: pg.Pool, department: string, now: () => Date): CommandLedger {
  return {
    async once(command, apply) {
      try {
        return await inDepartmentTransaction(pool, department, async (tx) => {
          const inserted = await tx.db.query(
            `INSERT INTO applied_commands (command_id, department, case_id, user_id, outcome, applied_at)
             VALUES ($1, $2, $3, $4, 'null', $5)
             ON CONFLICT (command_id) DO NOTHING`,
            [command.commandId, department, command.caseId, command.userId, now()],
          );
          if (inserted.rowCount === 0) {
            const { rows } = await tx.db.query<{ case_id: string; user_id: string; outcome: CommandOutcome }>(
              'SELECT case_id, user_id, outcome FROM applied_commands WHERE command_id = $1',
              [command.commandId],
            );
            const first = rows[0];
            // Another department's or person's command id is not this command.
            if (first === undefined || first.user_id !== command.userId || first.case_id !== command.caseId) {
              throw new ApiError(
                'conflict',
                'This command id was used for another command.',
                undefined,
                'command-id-taken',
              );
            }
            return first.outcome;
          }
          const outcome = await apply();
          if (outcome.outcome !== 'applied') throw new NotRecorded(outcome);
          await tx.db.query('UPDATE applied_commands SET outcome = $2 WHERE command_id = $1', [
            command.commandId,
            JSON.stringify(outcome),
          ]);
          return outcome;
        });
      } catch (error) {
        if (error instanceof NotRecorded) return error.outcome;
        throw error;
      }
    },
  };
}
