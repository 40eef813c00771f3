/**
 * Hand-over into a folder the specialist procedure's importer watches: one directory per hand-over with
 * the record, the attachments and `manifest.json`, published atomically, so the importer sees the whole
 * record or nothing. The directory is named by the idempotency key; a repeated delivery finds its own
 * directory (manifest checked) and reports it as delivered.
 */
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { sanitizeFileName } from '../../../shared/files/file-names';
import { publishDirectoryAtomic, type RecordFile } from '../../files/atomic';
import { FileError } from '../../files/errors';
import type { FileSystem } from '../../files/fs';
import { errnoDetail, HandoverError } from '../errors';
import type { HandoverCase, PreparedRecord } from '../types';
import {
  assertIdempotencyKey,
  type HandoverAdapter,
  type HandoverContext,
  type HandoverOutcome,
} from './adapter';
import { attachmentFileNames } from './file-names';
import { buildManifest, holdsHandover, MANIFEST_FILE, type ManifestEntry, recordEntry } from './manifest';
import { type AttachmentDigest, verifiedAttachment } from './verified-attachment';

export interface HotFolderOptions {
  /** The folder the importer watches; it must exist. */
  folder: string;
  /** Injectable for tests; the real disk otherwise. */
  fs?: FileSystem;
}

export function createHotFolderAdapter(options: HotFolderOptions): HandoverAdapter {
  return {
    kind: 'hot-folder',
    deliver: (handoverCase, record, context) => deliver(options, handoverCase, record, context),
    close: async () => undefined,
  };
}

async function deliver(
  options: HotFolderOptions,
  handoverCase: HandoverCase,
  record: PreparedRecord,
  context: HandoverContext,
): Promise<HandoverOutcome> {
  assertIdempotencyKey(context.idempotencyKey);
  const { caseId } = handoverCase;
  const name = sanitizeFileName(context.idempotencyKey);
  const target = join(options.folder, name);
  if (await exists(target)) return existing(options.folder, name, context.idempotencyKey, caseId);
  try {
    await publishDirectoryAtomic(options.folder, name, recordFiles(handoverCase, record, context), {
      ...(options.fs === undefined ? {} : { fs: options.fs }),
    });
  } catch (error) {
    if (error instanceof FileError && error.code === 'target-exists') {
      // Another attempt published the same hand-over in the meantime.
      return existing(options.folder, name, context.idempotencyKey, caseId);
    }
    return failed(error, caseId);
  }
  return { kind: 'delivered', receipt: { adapter: 'hot-folder', directory: name }, repeat: false };
}

/** Record first, then the attachments as they stream in, the manifest last (it needs their checksums). */
function recordFiles(
  handoverCase: HandoverCase,
  record: PreparedRecord,
  context: HandoverContext,
): RecordFile[] {
  const { caseId, attachments } = handoverCase;
  const { document } = record;
  const names = attachmentFileNames(
    attachments.map((attachment) => attachment.filename),
    [document.fileName, MANIFEST_FILE],
  );
  const digests: AttachmentDigest[] = [];
  const manifest = async function* (): AsyncGenerator<Uint8Array> {
    const entries: ManifestEntry[] = [
      recordEntry(document),
      ...attachments.map((attachment, index): ManifestEntry => {
        // Every attachment before the manifest was written and verified, or the publication stopped.
        const digest = digests[index] as AttachmentDigest;
        return {
          name: names[index] as string,
          role: 'attachment',
          attachmentId: attachment.attachmentId,
          mimeType: attachment.mimeType,
          size: digest.size,
          sha256: digest.sha256,
          sha512: digest.sha512,
        };
      }),
    ];
    const content = buildManifest(handoverCase, context.idempotencyKey, document.fileName, entries);
    yield Buffer.from(`${JSON.stringify(content, null, 2)}\n`);
  };
  return [
    { name: document.fileName, content: document.text },
    ...attachments.map(
      (attachment, index): RecordFile => ({
        name: names[index] as string,
        content: () =>
          verifiedAttachment(attachment, caseId, (digest) => {
            digests[index] = digest;
          }),
      }),
    ),
    { name: MANIFEST_FILE, content: manifest },
  ];
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

async function existing(
  folder: string,
  name: string,
  idempotencyKey: string,
  caseId: string,
): Promise<HandoverOutcome> {
  return (await holdsHandover(join(folder, name), idempotencyKey, caseId))
    ? { kind: 'delivered', receipt: { adapter: 'hot-folder', directory: name }, repeat: true }
    : { kind: 'permanent', error: new HandoverError('target-conflict', { caseId }) };
}

/** A share that is offline or a full disk may recover: retry. A changed attachment will not: permanent. */
function failed(error: unknown, caseId: string): HandoverOutcome {
  if (error instanceof HandoverError) return { kind: 'permanent', error };
  if (error instanceof FileError) {
    // A refused name is a fault in this code, not a condition that passes.
    if (error.code === 'invalid-name') {
      return { kind: 'permanent', error: new HandoverError('write-failed', { caseId, detail: error.code }) };
    }
    const code = error.code === 'target-not-writable' ? 'target-not-writable' : 'write-failed';
    return { kind: 'retry', error: new HandoverError(code, { caseId, ...errnoDetail(error) }) };
  }
  // Reading an attachment failed (the vault's file): it may pass. Its message (a path) is not kept.
  return { kind: 'retry', error: new HandoverError('write-failed', { caseId, ...errnoDetail(error) }) };
}
