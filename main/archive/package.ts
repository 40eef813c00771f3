/**
 * Writes one case as the xdomea package `<ProzessID>_FVDaten.SGOAblegen.0605.zip` into the DMS import
 * folder: the message, every document streamed through (never held in memory whole) and, because 0605
 * has no checksum element, a SHA-256 manifest. The ZIP appears in the folder only when complete.
 */
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type PassThrough, pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import { ZipFile } from 'yazl';
import { writeFileAtomic } from '../files/atomic';
import { FileError, type FileErrorCode } from '../files/errors';
import type { FileSystem } from '../files/fs';
import type { ChainHead } from '../vault/audit-anchor';
import { ArchiveError, type ArchiveErrorCode, type ArchiveErrorContext } from './errors';
import { isCompressedFormat } from './formats';
import { type ArchiveCase, type ArchiveDocumentKind, type ArchiveSettings, assertArchivable } from './model';
import {
  buildSgoAblegen,
  messageFileName,
  type PlannedDocument,
  packageFileName,
  planDocuments,
} from './xdomea';

export interface PackageOptions {
  /** The folder the DMS imports from. It must exist. */
  importDir: string;
  settings: ArchiveSettings;
  fs?: FileSystem;
  /**
   * The ProzessID (a UUID); random when not given. A delivery that may be attempted again passes a stable
   * one, so the DMS sees the same message (and the upload the same idempotency key) every time.
   */
  processId?: string;
  /** The audit chain's head at export, carried in the message. */
  auditHead?: ChainHead;
}

export type ArchivedFileKind = ArchiveDocumentKind | 'message' | 'manifest';

export interface ArchivedFile {
  /** The entry's name in the ZIP. */
  name: string;
  kind: ArchivedFileKind;
  /** The Dokument's UUID in the message, for documents. */
  documentId?: string;
  sha256: string;
  bytes: number;
}

export interface ArchiveReceipt {
  caseId: string;
  processId: string;
  zipPath: string;
  /** Of the whole ZIP file. */
  sha256: string;
  bytes: number;
  files: ArchivedFile[];
}

export type CaseArchiveResult =
  | { caseId: string; ok: true; receipt: ArchiveReceipt }
  | { caseId: string; ok: false; error: { code: ArchiveErrorCode | FileErrorCode; message: string } };

export function manifestFileName(processId: string): string {
  return `${processId}_Pruefsummen.sha256`;
}

export async function packageCase(
  archiveCase: ArchiveCase,
  options: PackageOptions,
): Promise<ArchiveReceipt> {
  assertArchivable(archiveCase);
  const { caseId } = archiveCase;
  const processId = options.processId ?? randomUUID();
  const createdAt = new Date();
  const documents = planDocuments(archiveCase.documents);
  const message = Buffer.from(
    buildSgoAblegen({
      processId,
      createdAt,
      settings: options.settings,
      archiveCase,
      vorgangId: randomUUID(),
      documents,
      ...(options.auditHead && { auditHead: options.auditHead }),
    }),
    'utf8',
  );

  const zip = new ZipFile();
  const output = zip.outputStream as PassThrough;
  const run = new Run(output);
  zip.on('error', run.abort);
  // The output's own errors reach us through `writing`, which consumes it; here they are only echoes
  // (e.g. the abort when the writer stops reading), and must not replace the real cause.
  output.on('error', () => undefined);

  const messageFile = bufferFile(messageFileName(processId), 'message', message);
  zip.addBuffer(message, messageFile.name, { mtime: createdAt });
  const streamed = documents.map((planned, index) =>
    addDocument(zip, planned, { caseId, document: index + 1 }, createdAt, run),
  );

  const zipDigest = new Digest();
  const zipPath = join(options.importDir, packageFileName(processId));
  const writing = writeFileAtomic(zipPath, digesting(output, zipDigest), { fs: options.fs });
  writing.catch(run.abort);
  try {
    const listed = [messageFile, ...(await Promise.race([Promise.all(streamed), run.aborted]))];
    const manifest = Buffer.from(listed.map((file) => `${file.sha256}  ${file.name}\n`).join(''), 'utf8');
    const manifestFile = bufferFile(manifestFileName(processId), 'manifest', manifest);
    zip.addBuffer(manifest, manifestFile.name, { mtime: createdAt });
    zip.end();
    await writing;
    return {
      caseId,
      processId,
      zipPath,
      sha256: zipDigest.hex(),
      bytes: zipDigest.bytes,
      files: [...listed, manifestFile],
    };
  } catch (error) {
    run.abort(error);
    // The temp file must be gone before the caller hears of the failure.
    await writing.catch(() => undefined);
    throw run.failure;
  }
}

/** One package per case, one case after another; a failing case is reported and the rest go on. */
export async function archiveCases(
  cases: readonly ArchiveCase[],
  options: PackageOptions,
): Promise<CaseArchiveResult[]> {
  const results: CaseArchiveResult[] = [];
  for (const archiveCase of cases) {
    const { caseId } = archiveCase;
    try {
      results.push({ caseId, ok: true, receipt: await packageCase(archiveCase, options) });
    } catch (error) {
      // Unknown errors may quote paths or content; they are replaced, not passed on.
      const known = error instanceof ArchiveError || error instanceof FileError;
      const { code, message } = known ? error : new ArchiveError('archive-failed', { caseId });
      results.push({ caseId, ok: false, error: { code, message } });
    }
  }
  return results;
}

/**
 * One package being written. The first failure wins: it stops the ZIP output (which makes the atomic
 * write discard its temp file) and the open document streams.
 */
class Run {
  failure: unknown;
  readonly aborted: Promise<never>;
  readonly sources = new Set<Readable>();
  readonly abort: (error: unknown) => void;

  constructor(output: PassThrough) {
    let reject: (error: unknown) => void = () => undefined;
    this.aborted = new Promise<never>((_, rejectAborted) => {
      reject = rejectAborted;
    });
    // Settled by whoever races it; a failure after the race is reported through `failure`.
    this.aborted.catch(() => undefined);
    this.abort = (error) => {
      if (this.failure !== undefined) return;
      this.failure = error;
      for (const source of this.sources) source.destroy();
      output.destroy(error instanceof Error ? error : undefined);
      reject(error);
    };
  }
}

function addDocument(
  zip: ZipFile,
  planned: PlannedDocument,
  context: ArchiveErrorContext,
  mtime: Date,
  run: Run,
): Promise<ArchivedFile> {
  const { document } = planned;
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      const failure =
        error instanceof ArchiveError ? error : new ArchiveError('document-unreadable', context);
      reject(failure);
      run.abort(failure);
    };
    // Lazy: the document is opened only when the ZIP reaches it, so one file is open at a time.
    zip.addReadStreamLazy(
      planned.fileName,
      { mtime, compress: !isCompressedFormat(document.mimeType) },
      (provide) => {
        let source: Readable;
        try {
          source = document.open();
        } catch (error) {
          fail(error);
          return;
        }
        run.sources.add(source);
        const check = new DocumentCheck(document, context);
        pipeline(source, check, (error) => {
          run.sources.delete(source);
          if (error) return fail(error);
          resolve({
            name: planned.fileName,
            kind: document.kind,
            documentId: planned.id,
            sha256: check.digest.hex(),
            bytes: check.digest.bytes,
          });
        });
        provide(null, check);
      },
    );
  });
}

class Digest {
  bytes = 0;
  private readonly hash = createHash('sha256');
  private value: string | undefined;

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
  }

  hex(): string {
    this.value ??= this.hash.digest('hex');
    return this.value;
  }
}

/** Passes a document through, failing it if its size or recorded checksum does not match. */
class DocumentCheck extends Transform {
  readonly digest = new Digest();

  constructor(
    private readonly expected: { size: number; sha256?: string },
    private readonly context: ArchiveErrorContext,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.digest.update(chunk);
    // Stop early instead of copying a runaway stream into the archive.
    if (this.digest.bytes > this.expected.size) callback(this.mismatch('document-size-mismatch'));
    else callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const expected = this.expected.sha256?.toLowerCase();
    if (this.digest.bytes !== this.expected.size) callback(this.mismatch('document-size-mismatch'));
    else if (expected !== undefined && expected !== this.digest.hex())
      callback(this.mismatch('document-hash-mismatch'));
    else callback();
  }

  private mismatch(code: 'document-size-mismatch' | 'document-hash-mismatch'): ArchiveError {
    return new ArchiveError(code, this.context);
  }
}

async function* digesting(source: AsyncIterable<Uint8Array>, digest: Digest): AsyncIterable<Uint8Array> {
  for await (const chunk of source) {
    digest.update(chunk);
    yield chunk;
  }
}

function bufferFile(name: string, kind: ArchivedFileKind, content: Buffer): ArchivedFile {
  const digest = new Digest();
  digest.update(content);
  return { name, kind, sha256: digest.hex(), bytes: digest.bytes };
}
