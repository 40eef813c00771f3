/**
 * Every keyboard shortcut in one table: the key handlers match against it and the help overlay lists it,
 * so the two cannot drift apart. Keys are `KeyboardEvent.key` values; printable keys as typed (`?`, `J`),
 * named keys with an optional `Shift+`; `g i` is a sequence (g, then i). Pure.
 */
export type ShortcutScope = 'global' | 'list' | 'case' | 'caseView';

export const shortcutTable = [
  { id: 'help', keys: ['?'], scope: 'global' },
  { id: 'focusSearch', keys: ['/'], scope: 'global' },
  { id: 'goInbox', keys: ['g i'], scope: 'global' },
  { id: 'goSettings', keys: ['g e'], scope: 'global' },
  { id: 'sync', keys: ['s'], scope: 'global' },
  { id: 'outbox', keys: ['o'], scope: 'global' },
  { id: 'next', keys: ['ArrowDown', 'j'], scope: 'list' },
  { id: 'previous', keys: ['ArrowUp', 'k'], scope: 'list' },
  { id: 'extendNext', keys: ['Shift+ArrowDown', 'J'], scope: 'list' },
  { id: 'extendPrevious', keys: ['Shift+ArrowUp', 'K'], scope: 'list' },
  { id: 'pageDown', keys: ['PageDown'], scope: 'list' },
  { id: 'pageUp', keys: ['PageUp'], scope: 'list' },
  { id: 'first', keys: ['Home'], scope: 'list' },
  { id: 'last', keys: ['End'], scope: 'list' },
  { id: 'open', keys: ['Enter'], scope: 'list' },
  { id: 'toggleSelection', keys: ['x', ' '], scope: 'list' },
  { id: 'clearSelection', keys: ['Escape'], scope: 'list' },
  { id: 'claim', keys: ['c'], scope: 'case' },
  { id: 'accept', keys: ['a'], scope: 'case' },
  { id: 'reject', keys: ['r'], scope: 'case' },
  { id: 'nextStep', keys: ['n'], scope: 'caseView' },
  { id: 'verification', keys: ['v'], scope: 'caseView' },
  { id: 'handOver', keys: ['h'], scope: 'caseView' },
  { id: 'inquire', keys: ['f'], scope: 'caseView' },
  { id: 'compose', keys: ['b'], scope: 'caseView' },
  { id: 'seal', keys: ['S'], scope: 'caseView' },
  { id: 'send', keys: ['d'], scope: 'caseView' },
  { id: 'markPosted', keys: ['p'], scope: 'caseView' },
  { id: 'archive', keys: ['A'], scope: 'caseView' },
] as const satisfies readonly { id: string; keys: readonly string[]; scope: ShortcutScope }[];

export type ShortcutId = (typeof shortcutTable)[number]['id'];

export interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

/** The table's spelling of a key press, or null for chords with Ctrl/Alt/Meta (those belong to others). */
export function keyName(event: KeyLike): string | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (event.key.length === 1) return event.key;
  return event.shiftKey ? `Shift+${event.key}` : event.key;
}

export function shortcutFor(key: string, scope: ShortcutScope): ShortcutId | null {
  const found = shortcutTable.find(
    (entry) => entry.scope === scope && (entry.keys as readonly string[]).includes(key),
  );
  return found?.id ?? null;
}

const SEQUENCE_WINDOW_MS = 1500;

export type MatchResult = { kind: 'shortcut'; id: ShortcutId } | { kind: 'pending' } | { kind: 'none' };

/**
 * Matches key presses against the global and case shortcuts, sequences included. A sequence's first key
 * is held for 1.5 s; `at` is the press time in ms.
 */
export function createSequenceMatcher(scopes: readonly ShortcutScope[]) {
  const entries = shortcutTable.filter((entry) => scopes.includes(entry.scope));
  const starts = new Set(
    entries.flatMap((entry) => entry.keys.filter((key) => key.includes(' ')).map((key) => key.split(' ')[0])),
  );
  let pending: { key: string; at: number } | null = null;
  return (key: string, at: number): MatchResult => {
    const previous = pending;
    pending = null;
    if (previous && at - previous.at <= SEQUENCE_WINDOW_MS) {
      const sequence = `${previous.key} ${key}`;
      const found = entries.find((entry) => (entry.keys as readonly string[]).includes(sequence));
      if (found) return { kind: 'shortcut', id: found.id };
    }
    if (starts.has(key)) {
      pending = { key, at };
      return { kind: 'pending' };
    }
    const found = entries.find((entry) => (entry.keys as readonly string[]).includes(key));
    return found ? { kind: 'shortcut', id: found.id } : { kind: 'none' };
  };
}
