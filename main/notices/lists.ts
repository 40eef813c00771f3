/** One item of a list paragraph: its label ("–", "2."), the space after it, and its text. */
export interface ListItemText {
  readonly label: string;
  readonly separator: string;
  readonly body: string;
}

const bulleted = /^([–•\-*])([ \u00a0])(.*\S.*)$/;
const numbered = /^(\d{1,3}[.)])([ \u00a0])(.*\S.*)$/;

/**
 * The items of a paragraph that is a list, as templates and list merge fields write one: every line starts
 * with a bullet ("–", "•", "-") or with the numbers 1, 2, 3 … ("1.", "2)"), then a space. A single numbered
 * line stays a paragraph, since a sentence may begin like one ("12. März …").
 */
export function listItemsOf(text: string): ListItemText[] | undefined {
  const lines = text.split(/\r\n?|\n/);
  const items = (pattern: RegExp) =>
    lines
      .map((line) => pattern.exec(line))
      .map((match) => match && { label: match[1] ?? '', separator: match[2] ?? '', body: match[3] ?? '' });
  const bullets = items(bulleted);
  if (bullets.every((item) => item !== null)) return bullets;
  const numbers = items(numbered);
  const counted = numbers.every(
    (item, index) => item !== null && Number.parseInt(item.label, 10) === index + 1,
  );
  return counted && numbers.length >= 2 ? (numbers as ListItemText[]) : undefined;
}
