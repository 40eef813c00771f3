import type { ButtonHTMLAttributes } from 'react';

/**
 * A button whose action may be unavailable for the moment (running already, or nothing to do): it is then
 * marked aria-disabled, not disabled, so it keeps focus and stays in the tab order and screen readers
 * still find it, and presses are ignored, so an action never starts twice.
 */
export function ActionButton({
  unavailable,
  onPress,
  ...button
}: { unavailable: boolean; onPress: () => void } & Omit<
  ButtonHTMLAttributes<HTMLButtonElement>,
  'type' | 'onClick' | 'aria-disabled'
>) {
  return (
    <button
      {...button}
      type="button"
      aria-disabled={unavailable}
      onClick={() => {
        if (!unavailable) onPress();
      }}
    />
  );
}
