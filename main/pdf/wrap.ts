/** Width of a string in points, in the font and size the text will be drawn with. */
export type MeasureWidth = (text: string) => number;

/**
 * Breaks text into lines no wider than `maxWidth`. Explicit line breaks are kept, lines break at
 * ordinary spaces only (so a non-breaking space keeps "45,00 €" together), and a word wider than a
 * whole line (an IBAN without spaces, a long e-mail address) is cut where it has to be.
 */
export function wrapText(text: string, maxWidth: number, measure: MeasureWidth): string[] {
  return text.split('\n').flatMap((hardLine) => wrapHardLine(hardLine, maxWidth, measure));
}

function wrapHardLine(hardLine: string, maxWidth: number, measure: MeasureWidth): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of hardLine.split(' ').filter((w) => w !== '')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (measure(candidate) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
    if (measure(word) > maxWidth) {
      const pieces = cutWord(word, maxWidth, measure);
      lines.push(...pieces.slice(0, -1));
      line = pieces.at(-1) ?? '';
    }
  }
  lines.push(line);
  return lines;
}

function cutWord(word: string, maxWidth: number, measure: MeasureWidth): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const char of word) {
    if (piece !== '' && measure(piece + char) > maxWidth) {
      pieces.push(piece);
      piece = '';
    }
    piece += char;
  }
  pieces.push(piece);
  return pieces;
}
