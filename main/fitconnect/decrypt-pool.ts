import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CodedError } from '../../shared/coded-error';
import {
  assertDecompressionLimit,
  type ContentKeyUnwrap,
  CryptoError,
  type DecryptedPart,
  type DecryptionKeys,
  type DecryptOptions,
  decryptPart,
  unwrapContentKey,
} from './crypto';
import type { DecryptAnswer, DecryptRequest } from './decrypt-protocol';

/**
 * Where intake decrypts: whole parts (base64, RSA-OAEP-256 unwrap, AES-GCM, inflate) and the content keys of
 * streamed parts. The same checks and `CryptoError` codes wherever it runs.
 */
export interface Decryption {
  decryptPart(jwe: string, keys: DecryptionKeys, options: DecryptOptions): Promise<DecryptedPart>;
  readonly unwrap: ContentKeyUnwrap;
}

/** In the calling thread. */
export const decryptionHere: Decryption = {
  decryptPart,
  unwrap: async (key, encryptedKey) => unwrapContentKey(key, encryptedKey),
};

export class DecryptionWorkerError extends CodedError<'decryption-worker-failed'> {
  constructor(options?: ErrorOptions) {
    super(
      'decryption-worker-failed',
      'A decryption worker thread stopped or failed before it answered; the part was not decrypted.',
      options,
    );
    this.name = 'DecryptionWorkerError';
  }
}

/** Enough for the machines a department runs on; more threads would only compete with the main thread. */
export const MAX_DECRYPTION_THREADS = 8;

export interface WorkerEntry {
  url: URL;
  execArgv?: string[];
}

export interface DecryptionPoolOptions {
  /** Default: the available parallelism, at most `MAX_DECRYPTION_THREADS`. */
  threads?: number;
  /** The worker module; default `decrypt-worker` beside this module (built or, from the sources, via tsx). */
  entry?: WorkerEntry;
}

interface Pending {
  resolve(answer: DecryptAnswer & { ok: true }): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Decryption on a few worker threads, started on first use: intake's RSA-4096 unwraps (about 8 ms each, five
 * per application) and base64/AES work leave the main thread to I/O, verification and the store. Private keys
 * travel in the request messages as KeyObjects (cloned in memory, never written anywhere; a worker keeps none
 * between requests). A thread that dies fails its open requests with `DecryptionWorkerError` and is replaced
 * on the next request. Idle threads do not keep the process alive.
 */
export class DecryptionPool implements Decryption {
  readonly size: number;
  private readonly entry: WorkerEntry;
  private readonly threads: Thread[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: DecryptionPoolOptions = {}) {
    const threads = options.threads ?? Math.min(availableParallelism(), MAX_DECRYPTION_THREADS);
    if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError('threads must be at least 1');
    this.size = threads;
    this.entry = options.entry ?? defaultEntry();
  }

  async decryptPart(jwe: string, keys: DecryptionKeys, options: DecryptOptions): Promise<DecryptedPart> {
    assertDecompressionLimit(options.maxDecompressedLength);
    const answer = await this.request({
      op: 'part',
      jwe,
      keys: [...keys],
      maxDecompressedLength: options.maxDecompressedLength,
    });
    if (!('plaintext' in answer)) throw new DecryptionWorkerError();
    return { plaintext: answer.plaintext, header: answer.header };
  }

  readonly unwrap: ContentKeyUnwrap = async (key, encryptedKey) => {
    const answer = await this.request({ op: 'unwrap', key, encryptedKey });
    if (!('cek' in answer)) throw new DecryptionWorkerError();
    return answer.cek;
  };

  /** Threads running (started and not stopped). */
  get started(): number {
    return this.threads.length;
  }

  /** Starts every thread now: loading one takes longer than a sync of a few applications needs it for. */
  warmUp(): void {
    while (!this.closed && this.threads.length < this.size) this.start();
  }

  /** Stops every thread; open requests fail with `DecryptionWorkerError`. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.threads.map((thread) => thread.worker.terminate()));
  }

  private request(message: DistributiveOmit<DecryptRequest, 'id'>): Promise<DecryptAnswer & { ok: true }> {
    if (this.closed) return Promise.reject(new DecryptionWorkerError());
    const thread = this.pick();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (thread.pending.size === 0) thread.worker.ref();
      thread.pending.set(id, { resolve, reject });
      thread.worker.postMessage({ ...message, id } as DecryptRequest);
    });
  }

  /** The least busy thread, or a new one while some are still to be started and all are busy. */
  private pick(): Thread {
    let best: Thread | undefined;
    for (const thread of this.threads) {
      if (best === undefined || thread.pending.size < best.pending.size) best = thread;
    }
    if (best !== undefined && (best.pending.size === 0 || this.threads.length >= this.size)) return best;
    return this.start();
  }

  private start(): Thread {
    const worker = new Worker(this.entry.url, {
      ...(this.entry.execArgv && { execArgv: this.entry.execArgv }),
      stdout: false,
      stderr: false,
    });
    worker.unref();
    const thread: Thread = { worker, pending: new Map() };
    this.threads.push(thread);
    const fail = (cause?: unknown) => {
      const index = this.threads.indexOf(thread);
      if (index !== -1) this.threads.splice(index, 1);
      for (const pending of thread.pending.values()) pending.reject(new DecryptionWorkerError({ cause }));
      thread.pending.clear();
    };
    worker.on('message', (answer: DecryptAnswer) => {
      const pending = thread.pending.get(answer.id);
      if (pending === undefined) return;
      thread.pending.delete(answer.id);
      if (thread.pending.size === 0) worker.unref();
      if (answer.ok) pending.resolve(answer);
      else if ('code' in answer) pending.reject(new CryptoError(answer.code));
      else pending.reject(new DecryptionWorkerError({ cause: answer.unexpected }));
    });
    worker.on('error', fail);
    worker.on('messageerror', (cause) => {
      fail(cause);
      void worker.terminate();
    });
    worker.on('exit', (exitCode) => fail(`exit code ${exitCode}`));
    return thread;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const BUILT_ENTRY = new URL('./decrypt-worker.js', import.meta.url);

/** The built worker beside the bundle's chunks (out/main/), or from the sources the TypeScript via tsx. */
function defaultEntry(): WorkerEntry {
  if (existsSync(fileURLToPath(BUILT_ENTRY))) return { url: BUILT_ENTRY };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { url: new URL(BUILT_ENTRY.href.replace(/\.js$/, '.ts')), execArgv: ['--import', tsx] };
}

let shared: DecryptionPool | undefined;

/** The process's pool, shared by every department's connections (one set of threads per process). */
export function sharedDecryptionPool(): DecryptionPool {
  shared ??= new DecryptionPool();
  return shared;
}
