/**
 * The audit chain's head kept outside the database file, beside the key check: how many entries the
 * chain had at the last commit and the hash of the last one, plus how far the chain was last verified.
 * The database alone cannot show rows cut off at its end (a deleted tail, or a WAL frame SQLite skipped
 * for a bad checksum, which drops it and every later commit without an error); comparing it with this
 * file at start does. An HMAC under a key derived from the vault key makes the file worthless to forge
 * without the key.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type AnchorState, GENESIS_HASH } from '../../shared/audit/types';
import { replaceFileSync } from './durable-file';

const LABEL = 'antragsdesk/vault/audit-anchor/v1';

/** The chain as of one moment: `count` entries, the last with `hash` (64 zeros when there is none). */
export interface ChainHead {
  count: number;
  hash: string;
}

export type AnchorRead =
  | { state: 'absent' }
  /** Unreadable or its MAC does not match: written by someone without the vault key, or damaged. */
  | { state: 'invalid' }
  | { state: 'present'; head: ChainHead; verified: ChainHead };

interface AnchorFile {
  format: 1;
  head: ChainHead;
  verified: ChainHead;
  mac: string;
}

function macKey(vaultKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', vaultKey, Buffer.alloc(0), LABEL, 32));
}

function mac(vaultKey: Buffer, head: ChainHead, verified: ChainHead): Buffer {
  return createHmac('sha256', macKey(vaultKey))
    .update(JSON.stringify([LABEL, head.count, head.hash, verified.count, verified.hash]))
    .digest();
}

export function readAnchor(path: string, vaultKey: Buffer): AnchorRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
    throw error;
  }
  try {
    const file = JSON.parse(text) as Partial<AnchorFile>;
    if (file.format !== 1 || !isHead(file.head) || !isHead(file.verified) || typeof file.mac !== 'string') {
      return { state: 'invalid' };
    }
    const stored = Buffer.from(file.mac, 'hex');
    const expected = mac(vaultKey, file.head, file.verified);
    return stored.length === expected.length && timingSafeEqual(stored, expected)
      ? { state: 'present', head: file.head, verified: file.verified }
      : { state: 'invalid' };
  } catch {
    return { state: 'invalid' };
  }
}

export function writeAnchor(path: string, vaultKey: Buffer, head: ChainHead, verified: ChainHead): void {
  const file: AnchorFile = {
    format: 1,
    head,
    verified,
    mac: mac(vaultKey, head, verified).toString('hex'),
  };
  // The file's own fsync stays: a torn anchor would read as tampering. A lost rename leaves the older one,
  // which the longer chain still matches.
  replaceFileSync(path, `${JSON.stringify(file)}\n`, { durable: false });
}

function isHead(value: unknown): value is ChainHead {
  const head = value as Partial<ChainHead> | null;
  return (
    typeof head === 'object' &&
    head !== null &&
    Number.isSafeInteger(head.count) &&
    (head.count ?? -1) >= 0 &&
    typeof head.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(head.hash)
  );
}

/** How the chain found at open compares with the anchor. */
export interface AnchorCheck {
  state: AnchorState;
  /** Entries the anchor recorded (0 when absent or invalid). */
  anchored: number;
  /** Entries in the database at open. */
  present: number;
}

export const EMPTY_HEAD: ChainHead = { count: 0, hash: GENESIS_HASH };

/**
 * Reads the head of the audit table; the ids count 1, 2, 3, … without gaps (the verifier checks that),
 * so the last id is the count.
 */
export type ReadHead = (atCount?: number) => ChainHead | null;

/**
 * Keeps the anchor file in step with the chain: compared once at open, rewritten after every commit that
 * moved the head. A mismatch found at open freezes the file, so the evidence stays for the next start
 * (until IT restores the vault folder from a backup).
 */
export class AuditAnchorKeeper {
  readonly atOpen: AnchorCheck;
  private written: ChainHead;
  private verified: ChainHead;
  private readonly frozen: boolean;

  constructor(
    private readonly path: string,
    private readonly key: Buffer,
    private readonly readHead: ReadHead,
  ) {
    const anchor = readAnchor(path, key);
    const head = readHead() ?? EMPTY_HEAD;
    this.atOpen = compare(anchor, head, readHead);
    this.frozen = !['match', 'absent'].includes(this.atOpen.state);
    this.verified = anchor.state === 'present' && !this.frozen ? anchor.verified : EMPTY_HEAD;
    this.written = anchor.state === 'present' ? anchor.head : EMPTY_HEAD;
    if (anchor.state === 'absent') this.write(head);
  }

  currentHead(): ChainHead {
    return this.readHead() ?? EMPTY_HEAD;
  }

  /** How far the chain was last verified. */
  verifiedHead(): ChainHead {
    return this.verified;
  }

  markVerified(head: ChainHead): void {
    this.verified = head;
    this.write(this.currentHead());
  }

  /** After a commit: records the new head when it moved. */
  afterCommit(): void {
    const head = this.currentHead();
    if (head.count !== this.written.count || head.hash !== this.written.hash) this.write(head);
  }

  private write(head: ChainHead): void {
    if (this.frozen) return;
    try {
      writeAnchor(this.path, this.key, head, this.verified);
      this.written = head;
    } catch {
      // The commit stands; an anchor left behind the chain is no false alarm (the chain may be longer),
      // and the next commit writes it again.
    }
  }
}

function compare(anchor: AnchorRead, head: ChainHead, readHead: ReadHead): AnchorCheck {
  const present = head.count;
  if (anchor.state !== 'present') return { state: anchor.state, anchored: 0, present };
  const anchored = anchor.head.count;
  if (present < anchored) return { state: 'shorter', anchored, present };
  const atAnchor = anchored === 0 ? EMPTY_HEAD : readHead(anchored);
  return { state: atAnchor?.hash === anchor.head.hash ? 'match' : 'differs', anchored, present };
}
