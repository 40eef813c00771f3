/**
 * Forwarding over FIT-Connect: the application (metadata, data, attachments) is encrypted anew for the
 * specialist procedure's own destination and sent there as a new submission, with the mapped record as an
 * extra attachment (purpose `report`). Attachments are checked against their recorded hashes and encrypted
 * while they stream; the metadata is built and checked against its schema before anything is sent.
 */
import { randomUUID } from 'node:crypto';
import { dataKindOf } from '../../cases/form-data-kind';
import { CryptoError, type EncryptionKey, encryptPart } from '../../fitconnect/crypto';
import { encryptCompactStream } from '../../fitconnect/crypto-stream';
import { sha512Hex } from '../../fitconnect/hash';
import { validateMetadata } from '../../fitconnect/metadata-schema';
import { SenderClient } from '../../fitconnect/sender/client';
import type { DestinationInfo } from '../../fitconnect/sender/destination';
import { SenderError } from '../../fitconnect/sender/errors';
import { senderEventKeys } from '../../fitconnect/sender/event-keys';
import type { SenderTokenSource } from '../../fitconnect/sender/tokens';
import { decodeSet, type KeyResolver, SetError, verifySet } from '../../fitconnect/set';
import { classifyStatus } from '../../http/response';
import { errnoDetail, HandoverError } from '../errors';
import { formDataBytes } from '../form-data';
import type { HandoverCase, PreparedRecord } from '../types';
import type { ForwardedSubmission, HandoverAdapter, HandoverContext, HandoverOutcome } from './adapter';
import { forwardedMetadata } from './forward-metadata';
import { targetUrl } from './target-url';
import { verifiedAttachment } from './verified-attachment';

export interface FitConnectForwardOptions {
  /** Base URL of the Submission API, without the version prefix. */
  url: string;
  /** Version prefix of the paths (the reference note asks for a setting); default `/v1`. */
  apiPrefix?: string;
  tokens: SenderTokenSource;
  /** CA certificates for the API's TLS certificate, when not a public CA. */
  ca?: string | Buffer | (string | Buffer)[];
  /** The specialist procedure's own destination (Zustellpunkt). */
  destinationId: string;
}

const RECORD_DESCRIPTION = 'Datensatz für das Fachverfahren (Feldzuordnung von Antragsdesk)';

export function createFitConnectForwardAdapter(options: FitConnectForwardOptions): HandoverAdapter {
  const baseUrl = targetUrl(options.url);
  const api = new SenderClient({
    baseUrl,
    tokens: options.tokens,
    // The outbox decides about retries: a failed call ends the attempt at once.
    retries: 0,
    ...(options.apiPrefix === undefined ? {} : { apiPrefix: options.apiPrefix }),
    ...(options.ca === undefined ? {} : { ca: options.ca }),
  });
  const log: EventLogReader = {
    api,
    destinationId: options.destinationId,
    keys: senderEventKeys(api, baseUrl.href, options.destinationId),
  };
  return {
    kind: 'fit-connect',
    deliver: (handoverCase, record, context) => forward(log, handoverCase, record, context),
    close: () => api.close(),
  };
}

/** Everything unencrypted that goes out, prepared (and checked) before the first call. */
interface Parts {
  data: Uint8Array;
  dataType: 'application/json' | 'application/xml';
  record: { attachmentId: string; bytes: Uint8Array; mimeType: string };
  metadata: Uint8Array;
}

/** The sender client with what reading the procedure destination's event logs needs. */
interface EventLogReader {
  api: SenderClient;
  destinationId: string;
  keys: KeyResolver;
}

async function forward(
  log: EventLogReader,
  handoverCase: HandoverCase,
  record: PreparedRecord,
  context: HandoverContext,
): Promise<HandoverOutcome> {
  const { caseId } = handoverCase;
  const { api, destinationId } = log;
  try {
    const { earlier } = context;
    if (earlier && earlier.destinationId === destinationId && (await submitted(log, earlier))) {
      return { kind: 'delivered', receipt: { adapter: 'fit-connect', ...earlier }, repeat: true };
    }
    const parts = prepare(handoverCase, record);
    const destination = await api.destination(destinationId);
    if (destination.status !== 'active') {
      throw new HandoverError('forward-failed', {
        detail: `destination is ${destination.status.slice(0, 40)}`,
      });
    }
    const key = await encryptionKey(api, destinationId, destination);
    const created = await api.createSubmission({
      destinationId,
      announcedAttachments: [
        ...handoverCase.attachments.map((attachment) => attachment.attachmentId),
        parts.record.attachmentId,
      ],
      serviceType: { name: handoverCase.serviceName, identifier: handoverCase.serviceIdentifier },
    });
    await context.record?.({ destinationId, submissionId: created.submissionId, caseId: created.caseId });
    for (const attachment of handoverCase.attachments) {
      await api.uploadAttachment(created.submissionId, attachment.attachmentId, () =>
        encryptCompactStream(verifiedAttachment(attachment, caseId), key, {
          contentType: attachment.mimeType,
        }),
      );
    }
    const recordJwe = await encryptPart(parts.record.bytes, key, { contentType: parts.record.mimeType });
    await api.uploadAttachment(created.submissionId, parts.record.attachmentId, recordJwe);
    await api.submit(created.submissionId, {
      encryptedMetadata: await encryptPart(parts.metadata, key, { contentType: 'application/json' }),
      encryptedData: await encryptPart(parts.data, key, { contentType: parts.dataType }),
    });
    return {
      kind: 'delivered',
      receipt: {
        adapter: 'fit-connect',
        destinationId,
        submissionId: created.submissionId,
        caseId: created.caseId,
      },
      repeat: false,
    };
  } catch (error) {
    return failed(handoverError(error), caseId);
  }
}

/**
 * Whether an earlier attempt's submission was sent off: its case's event log names its submit event (or a
 * decision on it). One never submitted (the process died while uploading) expires on the platform, so a new
 * one is sent. Every event that counts is verified first (the delivery service's with its keys, a decision
 * only from the procedure's destination, with that destination's): a forged or altered log is a permanent
 * failure a person looks at, neither taken as sent nor answered with a second submission.
 */
async function submitted(log: EventLogReader, earlier: ForwardedSubmission): Promise<boolean> {
  const tokens = await log.api.caseEvents(earlier.caseId);
  const wanted = earlier.submissionId.toLowerCase();
  let sent = false;
  for (const token of tokens) {
    const claims = claimsOf(token);
    if (claims?.submissionId.toLowerCase() !== wanted || !SENT.includes(claims.event)) continue;
    if (claims.event !== 'submit-submission' && claims.issuer !== log.destinationId) {
      throw new HandoverError('event-log-invalid', {
        detail: `${claims.event} not issued by the destination`,
      });
    }
    await verified(token, log.keys);
    sent = true;
  }
  return sent;
}

const SENT: readonly string[] = ['submit-submission', 'accept-submission', 'reject-submission'];

/** A token the platform's log holds that cannot be read says nothing about this submission. */
function claimsOf(token: string) {
  try {
    return decodeSet(token).claims;
  } catch {
    return undefined;
  }
}

async function verified(token: string, keys: KeyResolver): Promise<void> {
  try {
    await verifySet(token, keys);
  } catch (error) {
    if (error instanceof SetError) throw new HandoverError('event-log-invalid', { detail: error.code });
    if (error instanceof SenderError) throw error;
    // The keys could not be fetched (the JWKS endpoint is a network peer too).
    throw new HandoverError(
      'network-error',
      { detail: 'event log keys', ...errnoDetail(error) },
      { cause: error },
    );
  }
}

function prepare(handoverCase: HandoverCase, record: PreparedRecord): Parts {
  const { caseId } = handoverCase;
  const data = formDataBytes(handoverCase);
  const dataType = dataKindOf(handoverCase.dataMimeType) === 'xml' ? 'application/xml' : 'application/json';
  const recordBytes = Buffer.from(record.document.text, 'utf8');
  const recordId = randomUUID();
  const metadata = forwardedMetadata(
    handoverCase,
    { sha512: sha512Hex(data.bytes), asReceived: data.asReceived },
    [
      {
        attachmentId: recordId,
        sha512: sha512Hex(recordBytes),
        filename: record.document.fileName,
        mimeType: record.document.mimeType,
        description: RECORD_DESCRIPTION,
      },
    ],
  );
  const validation = validateMetadata(metadata);
  if (!validation.ok) {
    const paths = [...new Set(validation.issues.map((issue) => issue.path))].join(', ');
    throw new HandoverError('forward-failed', { caseId, detail: `metadata ${validation.code} at ${paths}` });
  }
  return {
    data: data.bytes,
    dataType,
    record: { attachmentId: recordId, bytes: recordBytes, mimeType: record.document.mimeType },
    metadata: Buffer.from(JSON.stringify(metadata), 'utf8'),
  };
}

async function encryptionKey(
  api: SenderClient,
  destinationId: string,
  destination: DestinationInfo,
): Promise<EncryptionKey> {
  try {
    return await api.encryptionKey(destinationId, destination);
  } catch (error) {
    if (error instanceof CryptoError)
      throw new HandoverError('forward-failed', { detail: `destination key ${error.code}` });
    throw error;
  }
}

/** The sender client's failures in the hand-over's codes: `network-error`, or `forward-failed` with the status. */
function handoverError(error: unknown): unknown {
  if (!(error instanceof SenderError)) return error;
  const { step, status, problem } = error.details;
  switch (error.code) {
    case 'network-error':
      return new HandoverError('network-error', {
        ...(step && { detail: step }),
        ...errnoDetail(error.cause),
      });
    case 'token-error':
      // The token endpoint is a network peer too; whether its refusal is final, the source alone can tell.
      return new HandoverError('network-error', {
        detail: step ?? 'sender token',
        ...errnoDetail(error.cause),
      });
    case 'invalid-response':
      return new HandoverError('forward-failed', { detail: `${step ?? 'answer'} unusable` });
    case 'http-error':
      return new HandoverError('forward-failed', {
        ...(status === undefined ? {} : { status }),
        ...(step && { detail: step }),
        ...(problem === undefined ? {} : { problem }),
      });
  }
}

/**
 * Unreachable, busy or failing (5xx, 408, 429): retry. Refused (other 4xx), a changed attachment, unusable
 * data or key: permanent. A retry after a submission was sent reports that one (see `submitted`); otherwise
 * it starts a new submission, and the one left incomplete expires on the platform.
 */
function failed(error: unknown, caseId: string): HandoverOutcome {
  if (!(error instanceof HandoverError)) throw error;
  const withCase =
    error.caseId === undefined ? new HandoverError(error.code, { ...error.details, caseId }) : error;
  const { status } = error.details;
  const retry =
    error.code === 'network-error' ||
    (error.code === 'forward-failed' && status !== undefined && classifyStatus(status) === 'retry');
  return retry ? { kind: 'retry', error: withCase } : { kind: 'permanent', error: withCase };
}
