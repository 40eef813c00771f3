/**
 * A store-only ZIP writer for "Alle als ZIP": attachments are mostly PDFs and images, which do not
 * compress, so storing keeps the renderer free of a deflate library. Names are UTF-8 (flag bit 11);
 * no ZIP64, so the archive refuses more than 65,535 entries or 4 GiB. Pure.
 */
import { crc32 } from './crc32';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
  modified: Date;
}

export type ZipErrorCode = 'zip-too-large' | 'zip-duplicate-name';

const messages: Record<ZipErrorCode, string> = {
  'zip-too-large': 'The attachments exceed what a ZIP file without ZIP64 can hold.',
  'zip-duplicate-name': 'Two ZIP entries have the same name.',
};

export class ZipError extends Error {
  readonly code: ZipErrorCode;
  constructor(code: ZipErrorCode) {
    super(messages[code]);
    this.name = 'ZipError';
    this.code = code;
  }
}

const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;
const UTF8_FLAG = 0x0800;
const MAX_32 = 0xffffffff;

export function storeZip(entries: readonly ZipEntry[]): Uint8Array<ArrayBuffer> {
  if (entries.length > 0xffff) throw new ZipError('zip-too-large');
  if (new Set(entries.map((entry) => entry.name)).size !== entries.length)
    throw new ZipError('zip-duplicate-name');
  const encoder = new TextEncoder();
  const prepared = entries.map((entry) => ({
    name: encoder.encode(entry.name),
    data: entry.data,
    crc: crc32(entry.data),
    ...dosDateTime(entry.modified),
  }));
  const localSize = prepared.reduce((sum, e) => sum + LOCAL_HEADER + e.name.length + e.data.length, 0);
  const centralSize = prepared.reduce((sum, e) => sum + CENTRAL_HEADER + e.name.length, 0);
  if (localSize > MAX_32 || localSize + centralSize + END_RECORD > MAX_32)
    throw new ZipError('zip-too-large');

  const out = new Uint8Array(localSize + centralSize + END_RECORD);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let at = 0;
  for (const e of prepared) {
    offsets.push(at);
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, 20, true); // version needed: 2.0
    view.setUint16(at + 6, UTF8_FLAG, true);
    view.setUint16(at + 8, 0, true); // method: stored
    view.setUint16(at + 10, e.time, true);
    view.setUint16(at + 12, e.date, true);
    view.setUint32(at + 14, e.crc, true);
    view.setUint32(at + 18, e.data.length, true);
    view.setUint32(at + 22, e.data.length, true);
    view.setUint16(at + 26, e.name.length, true);
    view.setUint16(at + 28, 0, true);
    out.set(e.name, at + LOCAL_HEADER);
    out.set(e.data, at + LOCAL_HEADER + e.name.length);
    at += LOCAL_HEADER + e.name.length + e.data.length;
  }
  const centralStart = at;
  prepared.forEach((e, index) => {
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, 20, true); // version made by: 2.0, MS-DOS attributes
    view.setUint16(at + 6, 20, true);
    view.setUint16(at + 8, UTF8_FLAG, true);
    view.setUint16(at + 10, 0, true);
    view.setUint16(at + 12, e.time, true);
    view.setUint16(at + 14, e.date, true);
    view.setUint32(at + 16, e.crc, true);
    view.setUint32(at + 20, e.data.length, true);
    view.setUint32(at + 24, e.data.length, true);
    view.setUint16(at + 28, e.name.length, true);
    // extra length, comment length, disk number, internal and external attributes stay zero
    view.setUint32(at + 42, offsets[index] ?? 0, true);
    out.set(e.name, at + CENTRAL_HEADER);
    at += CENTRAL_HEADER + e.name.length;
  });
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, prepared.length, true);
  view.setUint16(at + 10, prepared.length, true);
  view.setUint32(at + 12, at - centralStart, true);
  view.setUint32(at + 16, centralStart, true);
  return out;
}

/** MS-DOS local time, 2-second resolution, 1980–2107. */
function dosDateTime(date: Date): { date: number; time: number } {
  const year = Math.min(2107, Math.max(1980, date.getFullYear()));
  return {
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
  };
}

/** Attachments may share a file name; "a.pdf", "a.pdf" become "a.pdf", "a (2).pdf". */
export function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    const dot = name.lastIndexOf('.');
    const stem = dot > 0 ? name.slice(0, dot) : name;
    const extension = dot > 0 ? name.slice(dot) : '';
    for (let n = 2; used.has(candidate); n++) candidate = `${stem} (${n})${extension}`;
    used.add(candidate);
    return candidate;
  });
}
