import { type ReactNode, Suspense } from 'react';

/**
 * Renders a dialog only while it is open (react-aria renders nothing for a closed one either), so a
 * dialog imported with React.lazy loads its code when it first opens and adds nothing to the start.
 */
export function WhenOpen({ isOpen, children }: { isOpen: boolean; children: ReactNode }) {
  return isOpen ? <Suspense fallback={null}>{children}</Suspense> : null;
}
