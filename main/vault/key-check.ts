/**
 * A key check value kept next to the database. SQLCipher answers a wrong key and a damaged first page
 * with the same "not a database"; comparing an HMAC of a fixed label under the key tells the two apart,
 * so a person is told "wrong key" or "damaged file" correctly. The value reveals nothing about the key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { replaceFileSync } from './durable-file';

const LABEL = 'antragsdesk/vault/key-check/v1';

export type KeyCheckResult = 'match' | 'mismatch' | 'absent';

interface KeyCheckFile {
  format: 1;
  check: string;
}

function checkValue(key: Buffer): Buffer {
  return createHmac('sha256', key).update(LABEL).digest();
}

export function compareKeyCheck(path: string, key: Buffer): KeyCheckResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
  const stored = parse(text);
  if (!stored) return 'mismatch';
  const expected = checkValue(key);
  return stored.length === expected.length && timingSafeEqual(stored, expected) ? 'match' : 'mismatch';
}

export function writeKeyCheck(path: string, key: Buffer): void {
  const file: KeyCheckFile = { format: 1, check: checkValue(key).toString('hex') };
  replaceFileSync(path, `${JSON.stringify(file)}\n`);
}

function parse(text: string): Buffer | null {
  try {
    const file = JSON.parse(text) as Partial<KeyCheckFile>;
    return file.format === 1 && typeof file.check === 'string' && /^[0-9a-f]{64}$/.test(file.check)
      ? Buffer.from(file.check, 'hex')
      : null;
  } catch {
    return null;
  }
}
