/**
 * The ZBP as the subscriber of its destination, inside the platform: it picks up what was submitted to it,
 * decrypts with its own keys, checks hashes and attachments as every receiver must (reference note §4),
 * verifies the signed envelope, files the message (or status update) and accepts, or rejects with a
 * problem, through the platform's own event intake, so the sender's event log shows the outcome.
 */
import { createPrivateKey, type JsonWebKey, randomUUID } from 'node:crypto';
import { ZBP, type ZbpKind } from '../../main/delivery/zbp/fields';
import { authenticationTagsOf, type EncryptedParts } from '../../main/fitconnect/authentication-tags';
import {
  CryptoError,
  type DecryptionKeys,
  decryptPart,
  importDecryptionKeys,
} from '../../main/fitconnect/crypto';
import { sha512Hex } from '../../main/fitconnect/hash';
import { parseMetadata } from '../../main/fitconnect/metadata-schema';
import { type EventPayload, type SigningKey, signSet } from '../../main/fitconnect/set';
import {
  type ProblemInstance,
  type RejectionProblemName,
  rejectionProblem,
} from '../../shared/fitconnect/problems';
import type { Principal } from '../auth';
import type { PlatformContext } from '../context';
import { postCaseEvent } from '../event-intake';
import { ApiProblem } from '../problems';
import type { SubmissionRecord } from '../store/submissions';
import { ENVELOPE_PROBLEMS } from './problems';
import type { FiledDocument, MailboxStore, ZbpProvisioning } from './store';
import { verifyEnvelope } from './verify';

/** The largest part the ZBP decrypts (a sealed notice is tens of kilobytes). */
const MAX_PART_BYTES = 64 * 1024 * 1024;
const PAGE = 100;

class Refusal extends Error {
  constructor(
    readonly problem: RejectionProblemName,
    readonly instance: ProblemInstance,
    readonly detail: string,
  ) {
    super(detail);
  }
}

type Verdict =
  | {
      accept: true;
      tags: EventPayload['authenticationTags'];
      file: (store: MailboxStore, at: number) => void;
    }
  | { accept: false; refusal: Refusal };

export class ZbpIntake {
  private readonly keys: DecryptionKeys;
  private readonly signingKey: SigningKey;
  private readonly principal: Principal;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: PlatformContext,
    private readonly store: MailboxStore,
    private readonly zbp: ZbpProvisioning,
  ) {
    this.keys = importDecryptionKeys(zbp.encryptionKeys);
    this.signingKey = {
      kid: zbp.signingKey.kid ?? '',
      key: createPrivateKey({ key: zbp.signingKey as JsonWebKey, format: 'jwk' }),
    };
    this.principal = {
      clientId: zbp.subscriberClientId,
      role: 'subscriber',
      destinations: new Set([zbp.destinationId]),
    };
  }

  /**
   * Decides everything submitted to the ZBP so far. Runs are queued, not joined: a run asked for after a
   * submission was stored always sees it. Returns how many submissions this run decided.
   */
  processPending(): Promise<number> {
    const run = this.queue.then(() => this.run());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(): Promise<number> {
    const { items } = this.ctx.submissions.pickupPage([this.zbp.destinationId], 0, PAGE);
    for (const item of items) {
      const submission = this.ctx.submissions.find(item.submissionId);
      if (submission !== undefined) await this.process(submission);
    }
    return items.length;
  }

  private async process(submission: SubmissionRecord): Promise<void> {
    const now = this.ctx.clock();
    let verdict: Verdict;
    try {
      verdict = await examine(await this.parts(submission), submission, this.keys, new Date(now));
    } catch (error) {
      if (!(error instanceof Refusal)) {
        // Only the class reaches the log: messages of foreign errors may quote content.
        console.error(`[zbp] internal error (${error instanceof Error ? error.name : typeof error})`);
      }
      const refusal =
        error instanceof Refusal ? error : new Refusal('technical-error', 'submission', 'The ZBP failed.');
      verdict = { accept: false, refusal };
    }
    if (verdict.accept) verdict.file(this.store, now);
    const payload: EventPayload = verdict.accept
      ? { authenticationTags: verdict.tags }
      : {
          problems: [
            rejectionProblem(verdict.refusal.problem, verdict.refusal.instance, verdict.refusal.detail),
          ],
        };
    const token = await signSet(
      {
        issuer: this.zbp.destinationId,
        submissionId: submission.submissionId,
        caseId: submission.caseId,
        event: verdict.accept ? 'accept-submission' : 'reject-submission',
        payload,
        issuedAt: Math.floor(now / 1000),
        jti: randomUUID(),
      },
      this.signingKey,
    );
    try {
      await postCaseEvent(this.ctx, this.principal, submission.caseId, token);
    } catch (error) {
      // Decided meanwhile (the 14-day sweep): nothing left to do.
      if (!(error instanceof ApiProblem && error.code === 'submission-state-invalid')) throw error;
    }
  }

  private async parts(submission: SubmissionRecord): Promise<EncryptedParts> {
    const attachments = new Map<string, string>();
    for (const stored of this.ctx.submissions.attachments(submission.submissionId)) {
      const chunks: Buffer[] = [];
      for await (const chunk of this.ctx.parts.open(submission.submissionId, stored.file)) {
        chunks.push(chunk as Buffer);
      }
      attachments.set(stored.attachmentId, Buffer.concat(chunks).toString('ascii'));
    }
    return {
      metadata: submission.encryptedMetadata ?? '',
      ...(submission.encryptedData === undefined ? {} : { data: submission.encryptedData }),
      attachments,
    };
  }
}

async function decrypt(jwe: string, keys: DecryptionKeys, instance: ProblemInstance): Promise<Uint8Array> {
  try {
    return (await decryptPart(jwe, keys, { maxDecompressedLength: MAX_PART_BYTES })).plaintext;
  } catch (error) {
    if (error instanceof CryptoError)
      throw new Refusal('encryption-issue', instance, `Not decryptable (${error.code}).`);
    throw error;
  }
}

function kindOf(identifier: string | undefined): ZbpKind | undefined {
  if (identifier === ZBP.message.identifier) return 'message';
  if (identifier === ZBP.status.identifier) return 'status';
  return undefined;
}

async function examine(
  parts: EncryptedParts,
  submission: SubmissionRecord,
  keys: DecryptionKeys,
  now: Date,
): Promise<Verdict> {
  const validation = parseMetadata(await decrypt(parts.metadata, keys, 'metadata'));
  if (!validation.ok) throw new Refusal(validation.code, 'metadata', `Metadata ${validation.code}.`);
  const { metadata } = validation;
  const identifier = metadata.publicServiceType?.identifier;
  const kind = kindOf(identifier);
  if (kind === undefined || identifier !== submission.serviceType.identifier) {
    throw new Refusal(
      'service-mismatch',
      'metadata',
      'Not a ZBP service, or not the one the submission names.',
    );
  }

  const described = metadata.contentStructure.data;
  if (described === undefined || parts.data === undefined) {
    throw new Refusal('syntax-violation', 'data', 'The submission carries no data.');
  }
  if (described.submissionSchema.schemaUri !== ZBP[kind].schemaUri) {
    throw new Refusal('unsupported-schema', 'data', `The data must follow ${ZBP[kind].schemaUri}.`);
  }
  const data = await decrypt(parts.data, keys, 'data');
  if (sha512Hex(data) !== described.hash.content) {
    throw new Refusal('hash-mismatch', 'data', 'The data does not match its hash in the metadata.');
  }

  const listed = metadata.contentStructure.attachments;
  const ids = [...parts.attachments.keys()];
  if (listed.length !== ids.length || !listed.every((entry) => parts.attachments.has(entry.attachmentId))) {
    throw new Refusal(
      'attachments-mismatch',
      'submission',
      'Metadata and submission name different attachments.',
    );
  }
  const files: FiledDocument[] = [];
  for (const entry of listed) {
    const instance = { attachmentId: entry.attachmentId };
    const bytes = await decrypt(parts.attachments.get(entry.attachmentId) ?? '', keys, instance);
    const sha512 = sha512Hex(bytes);
    if (sha512 !== entry.hash.content) {
      throw new Refusal('hash-mismatch', instance, 'The attachment does not match its hash in the metadata.');
    }
    files.push({ filename: entry.filename ?? 'Dokument', mimeType: entry.mimeType, sha512, content: bytes });
  }

  const envelope = await verifyEnvelope(data, kind, now);
  if (!envelope.ok) throw new Refusal(ENVELOPE_PROBLEMS[envelope.failure], 'data', `${envelope.detail}.`);
  const tags = authenticationTagsOf(parts);
  if (envelope.kind === 'status') {
    if (files.length > 0)
      throw new Refusal('attachments-mismatch', 'submission', 'A status update has no attachments.');
    const update = envelope.content;
    return { accept: true, tags, file: (store, at) => store.fileStatus(submission.submissionId, update, at) };
  }
  const message = envelope.content;
  // Each document the signed message lists must be one of the attachments, byte for byte, and no other.
  const documents = message.attachments.map((entry) => {
    const file = files.find((candidate) => candidate.sha512 === entry.sha512sum);
    if (file === undefined || file.content.byteLength !== entry.contentLength) {
      throw new Refusal(
        'attachments-mismatch',
        'submission',
        'The message lists a document that was not attached.',
      );
    }
    return { ...file, filename: entry.filename };
  });
  if (documents.length !== files.length) {
    throw new Refusal(
      'attachments-mismatch',
      'submission',
      'The submission carries documents the message does not list.',
    );
  }
  return {
    accept: true,
    tags,
    file: (store, at) => store.fileMessage(submission.submissionId, message, envelope.signer, documents, at),
  };
}
