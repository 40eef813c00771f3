/**
 * File names for a record's attachments: sanitized (no directory parts, nothing invisible, nothing a
 * file system refuses) and made unique, case-insensitively as Windows and macOS compare them, against each
 * other and against the record's own files.
 */
import { sanitizeFileName } from '../../../shared/files/file-names';

/** Leaves room for a " (99)" suffix within 255 bytes. */
const MAX_BASE_BYTES = 240;

export function attachmentFileNames(filenames: readonly string[], reserved: readonly string[]): string[] {
  const taken = new Set(reserved.map((name) => name.toLowerCase()));
  return filenames.map((filename) => {
    const base = sanitizeFileName(filename, { maxBytes: MAX_BASE_BYTES, fallback: 'Anlage' });
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = withSuffix(base, n);
    taken.add(name.toLowerCase());
    return name;
  });
}

function withSuffix(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}
