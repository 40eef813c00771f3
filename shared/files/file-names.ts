/**
 * Turns any name a citizen or a sender chose into one file name that is safe on Windows, macOS and Linux
 * and inside ZIPs: no directory parts, nothing invisible or direction-flipping, no reserved device names.
 */

export interface SanitizeOptions {
  /** Upper bound in UTF-8 bytes (file systems count bytes, not characters). Default 255. */
  maxBytes?: number;
  /** Used when nothing usable is left. Default `Dokument`. */
  fallback?: string;
}

const DEFAULT_MAX_BYTES = 255;
const MIN_MAX_BYTES = 16;
const DEFAULT_FALLBACK = 'Dokument';
/** An extension longer than this is more likely part of the name than a type suffix. */
const MAX_EXTENSION_BYTES = 16;

/**
 * C0/C1 controls and DEL; bidi embeddings, overrides, isolates and marks (they make `exe.pdf` display as
 * `fdp.exe`); the Arabic letter mark; noncharacters; lone surrogates (not encodable as UTF-8).
 */
const INVISIBLE_OR_CONTROL = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|\p{Cs}/gu;
const SEPARATOR = /[\\/]/;
const DRIVE_PREFIX = /^[A-Za-z]:/;
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
const LEADING_DOTS_SPACES = /^[\s.]+/u;
const TRAILING_DOTS_SPACES = /[\s.]+$/u;
/** Windows device names, reserved with any extension; it ignores trailing spaces when comparing. */
const RESERVED_STEM = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;

const encoder = new TextEncoder();
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const byteLength = (text: string): number => encoder.encode(text).length;

export function sanitizeFileName(name: string, options: SanitizeOptions = {}): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const fallback = options.fallback ?? DEFAULT_FALLBACK;
  if (!Number.isInteger(maxBytes) || maxBytes < MIN_MAX_BYTES) {
    throw new RangeError(`maxBytes must be an integer of at least ${MIN_MAX_BYTES}`);
  }

  const visible = name.replace(INVISIBLE_OR_CONTROL, '').normalize('NFC');
  const lastPart =
    visible
      .split(SEPARATOR)
      .filter((part) => part.trim() !== '')
      .at(-1) ?? '';
  const cleaned = trimDotsAndSpaces(lastPart.replace(DRIVE_PREFIX, '').replace(WINDOWS_FORBIDDEN, '_'));
  if (cleaned === '') return fallbackName(fallback, maxBytes);

  const limited = limitBytes(cleaned, maxBytes);
  const safe = isReserved(limited) ? limitBytes(`_${limited}`, maxBytes) : limited;
  return safe === '' ? fallbackName(fallback, maxBytes) : safe;
}

function fallbackName(fallback: string, maxBytes: number): string {
  const name = limitBytes(trimDotsAndSpaces(fallback.replace(INVISIBLE_OR_CONTROL, '')), maxBytes);
  if (name === '' || SEPARATOR.test(name) || isReserved(name))
    throw new RangeError('fallback is not a safe file name');
  return name;
}

function trimDotsAndSpaces(text: string): string {
  return text.replace(LEADING_DOTS_SPACES, '').replace(TRAILING_DOTS_SPACES, '');
}

function isReserved(name: string): boolean {
  const stem = name.split('.', 1)[0] ?? '';
  return RESERVED_STEM.test(stem.trimEnd());
}

/** Cuts the stem at whole characters (grapheme clusters) so the extension survives. */
function limitBytes(name: string, maxBytes: number): string {
  if (byteLength(name) <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  const keepExtension =
    extension !== '' && !/\s/u.test(extension) && byteLength(extension) <= MAX_EXTENSION_BYTES;
  const stem = keepExtension ? name.slice(0, dot) : name;
  const suffix = keepExtension ? extension : '';

  let budget = maxBytes - byteLength(suffix);
  let kept = '';
  for (const { segment } of graphemes.segment(stem)) {
    const size = byteLength(segment);
    if (size > budget) break;
    kept += segment;
    budget -= size;
  }
  const trimmedStem = kept.replace(TRAILING_DOTS_SPACES, '');
  return trimmedStem === '' ? '' : trimmedStem + suffix;
}
