/**
 * react-aria injects a <style> element for pressable elements (touch-action), which the CSP's
 * `style-src 'self'` refuses. styles.css carries the same rule; an element with react-aria's style id
 * tells it the rule is present, so it does not try (and the console stays free of CSP violations).
 */
const PRESSABLE_STYLE_ID = 'react-aria-pressable-style';

export function markPressableStyle(doc: Document): void {
  if (doc.getElementById(PRESSABLE_STYLE_ID)) return;
  const marker = doc.createElement('meta');
  marker.id = PRESSABLE_STYLE_ID;
  doc.head.append(marker);
}
