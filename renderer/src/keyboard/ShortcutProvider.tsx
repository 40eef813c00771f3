/**
 * One document-level key listener for the shortcut table. Screens register what a shortcut does while
 * they are shown (`useShortcut`); keys typed into fields, and keys that operate the focused control
 * (Enter, Space, arrows on a button), are left alone. A handler that took a key calls preventDefault,
 * so the grid's own handling and this listener never both act.
 */
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
} from 'react';
import { createSequenceMatcher, keyName, type ShortcutId } from './shortcuts';

type Handlers = Map<ShortcutId, () => void>;

const ShortcutContext = createContext<Handlers | null>(null);

const TEXT_ENTRY =
  'input:not([type="checkbox"]):not([type="radio"]), textarea, select, [contenteditable="true"], [role="spinbutton"], [role="textbox"]';
const OWN_KEYS = '[role="dialog"], [role="listbox"], [role="menu"], [role="alertdialog"]';
const INTERACTIVE =
  'a[href], button, input, [role="button"], [role="checkbox"], [role="radio"], [role="tab"], [role="link"], [role="grid"], canvas';

function isControlKey(key: string): boolean {
  return key === ' ' || key.length > 1;
}

export function ShortcutProvider({ children }: { children: ReactNode }) {
  const handlers = useRef<Handlers>(new Map()).current;
  useEffect(() => {
    const match = createSequenceMatcher(['global', 'case', 'caseView', 'list']);
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const key = keyName(event);
      if (key === null) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest(TEXT_ENTRY) || target?.closest(OWN_KEYS)) return;
      if (document.querySelector('.modal-overlay')) return;
      if (isControlKey(key) && target?.closest(INTERACTIVE)) return;
      const result = match(key, event.timeStamp);
      if (result.kind === 'pending') event.preventDefault();
      if (result.kind !== 'shortcut') return;
      const handler = handlers.get(result.id);
      if (handler) {
        event.preventDefault();
        handler();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [handlers]);
  return <ShortcutContext.Provider value={handlers}>{children}</ShortcutContext.Provider>;
}

/** While mounted (and `enabled`), pressing the shortcut runs `handler` (the latest one given). */
export function useShortcut(id: ShortcutId, handler: () => void, enabled = true): void {
  const handlers = useContext(ShortcutContext);
  if (!handlers) throw new Error('useShortcut outside ShortcutProvider');
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  const run = useMemo(() => () => latest.current(), []);
  useEffect(() => {
    if (!enabled) return;
    handlers.set(id, run);
    return () => {
      if (handlers.get(id) === run) handlers.delete(id);
    };
  }, [handlers, id, run, enabled]);
}
