import { describe, expect, it } from 'vitest';
import {
  createSequenceMatcher,
  keyName,
  shortcutFor,
  shortcutTable,
} from '../../../renderer/src/keyboard/shortcuts';

const press = (
  key: string,
  mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {},
) => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...mods,
});

describe('keyName', () => {
  it('spells printable keys as typed and named keys with Shift', () => {
    expect(keyName(press('j'))).toBe('j');
    expect(keyName(press('J', { shiftKey: true }))).toBe('J');
    expect(keyName(press('?', { shiftKey: true }))).toBe('?');
    expect(keyName(press('ArrowDown'))).toBe('ArrowDown');
    expect(keyName(press('ArrowDown', { shiftKey: true }))).toBe('Shift+ArrowDown');
  });

  it('leaves chords with Ctrl, Alt or Meta to others', () => {
    expect(keyName(press('c', { ctrlKey: true }))).toBeNull();
    expect(keyName(press('a', { metaKey: true }))).toBeNull();
    expect(keyName(press('s', { altKey: true }))).toBeNull();
  });
});

describe('shortcut table', () => {
  it('binds no key twice, across all scopes (the page-wide listener matches them all)', () => {
    const seen = new Set<string>();
    for (const entry of shortcutTable) {
      for (const key of entry.keys) {
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
    }
  });

  it('list keys map to list actions', () => {
    expect(shortcutFor('j', 'list')).toBe('next');
    expect(shortcutFor('Shift+ArrowUp', 'list')).toBe('extendPrevious');
    expect(shortcutFor(' ', 'list')).toBe('toggleSelection');
    expect(shortcutFor('j', 'global')).toBeNull();
  });
});

describe('sequence matcher', () => {
  it('matches single keys and g-sequences within the window', () => {
    const match = createSequenceMatcher(['global', 'case']);
    expect(match('?', 0)).toEqual({ kind: 'shortcut', id: 'help' });
    expect(match('g', 100)).toEqual({ kind: 'pending' });
    expect(match('i', 600)).toEqual({ kind: 'shortcut', id: 'goInbox' });
    expect(match('g', 1000)).toEqual({ kind: 'pending' });
    expect(match('e', 1200)).toEqual({ kind: 'shortcut', id: 'goSettings' });
    expect(match('a', 1300)).toEqual({ kind: 'shortcut', id: 'accept' });
  });

  it('forgets a started sequence after the window and treats the key on its own', () => {
    const match = createSequenceMatcher(['global', 'case']);
    expect(match('g', 0)).toEqual({ kind: 'pending' });
    expect(match('i', 5000)).toEqual({ kind: 'none' });
    expect(match('g', 6000)).toEqual({ kind: 'pending' });
    expect(match('c', 6500)).toEqual({ kind: 'shortcut', id: 'claim' });
  });

  it('ignores scopes it was not given', () => {
    const match = createSequenceMatcher(['global']);
    expect(match('a', 0)).toEqual({ kind: 'none' });
    expect(match('ArrowDown', 0)).toEqual({ kind: 'none' });
  });
});
