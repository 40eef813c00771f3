import { createHash } from 'node:crypto';

/**
 * The advisory-lock key of a destination's intake: the first 8 bytes of a SHA-256 over a fixed prefix and the
 * destination id, as PostgreSQL's signed bigint (a decimal string, since it exceeds JavaScript's safe
 * integers). The prefix keeps the key apart from other uses of advisory locks in the same database.
 */
export function intakeLockKey(destinationId: string): string {
  const digest = createHash('sha256').update(`antragsdesk.intake\0${destinationId.toLowerCase()}`).digest();
  return digest.readBigInt64BE(0).toString();
}
