/**
 * `manifest.json` of a hot-folder record: which files belong to it, with sizes and SHA-256 checksums, so
 * an importer can check that it has the whole record, and a repeated delivery can recognise its own.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sanitizeFileName } from '../../../shared/files/file-names';
import { sha512Hex } from '../../fitconnect/hash';
import type { HandoverCase, RecordDocument } from '../types';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_VERSION = 1;

export interface ManifestEntry {
  name: string;
  role: 'record' | 'attachment';
  attachmentId?: string;
  mimeType: string;
  size: number;
  /** Every file of a hot-folder record has one; `holdsHandover` checks it. */
  sha256?: string;
  sha512?: string;
}

export interface Manifest {
  manifestVersion: typeof MANIFEST_VERSION;
  idempotencyKey: string;
  caseId: string;
  fileReference: string | null;
  submissionId: string;
  fitCaseId: string;
  serviceIdentifier: string;
  /** The record file's name (record.json or record.xml). */
  record: string;
  files: ManifestEntry[];
}

export function buildManifest(
  handoverCase: HandoverCase,
  idempotencyKey: string,
  record: string,
  files: ManifestEntry[],
): Manifest {
  return {
    manifestVersion: MANIFEST_VERSION,
    idempotencyKey,
    caseId: handoverCase.caseId,
    fileReference: handoverCase.fileReference,
    submissionId: handoverCase.submissionId,
    fitCaseId: handoverCase.fitCaseId,
    serviceIdentifier: handoverCase.serviceIdentifier,
    record,
    files,
  };
}

function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The manifest entry of the record file itself. */
export function recordEntry(document: RecordDocument): ManifestEntry {
  return {
    name: document.fileName,
    role: 'record',
    mimeType: document.mimeType,
    size: Buffer.byteLength(document.text),
    sha256: sha256Hex(document.text),
    sha512: sha512Hex(document.text),
  };
}

/**
 * Whether `dir` holds the complete record of this hand-over: its manifest names this key and case, and
 * every file it lists is there with the listed size and checksum.
 */
export async function holdsHandover(dir: string, idempotencyKey: string, caseId: string): Promise<boolean> {
  let manifest: Partial<Manifest>;
  try {
    manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Partial<Manifest>;
  } catch {
    return false;
  }
  if (
    manifest.manifestVersion !== MANIFEST_VERSION ||
    manifest.idempotencyKey !== idempotencyKey ||
    manifest.caseId !== caseId ||
    !Array.isArray(manifest.files)
  ) {
    return false;
  }
  for (const entry of manifest.files as unknown[]) {
    if (!(await fileMatches(dir, entry))) return false;
  }
  return true;
}

async function fileMatches(dir: string, entry: unknown): Promise<boolean> {
  const { name, size, sha256 } = (entry ?? {}) as Partial<ManifestEntry>;
  if (typeof sha256 !== 'string') return false;
  // A manifest found on a share is not trusted to name only files inside the record.
  if (typeof name !== 'string' || sanitizeFileName(name) !== name || name === MANIFEST_FILE) return false;
  try {
    const hash = createHash('sha256');
    let length = 0;
    for await (const chunk of createReadStream(join(dir, name))) {
      hash.update(chunk as Buffer);
      length += (chunk as Buffer).length;
    }
    return length === size && hash.digest('hex') === sha256;
  } catch {
    return false;
  }
}
