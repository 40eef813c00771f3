/**
 * The FIT-Connect sender client: token, destination and its keys, the three sender steps, a case's event
 * log. Used by the hand-over's forwarding, the ZBP delivery channel and the local platform's sender tool.
 */
import type { JWK } from 'jose';
import type { EncryptionKey } from '../crypto';
import { type DestinationInfo, destinationInfoOf, destinationKeyOf, encryptionKeyOf } from './destination';
import { caseEventsOf } from './event-log';
import {
  type AttachmentJwe,
  type CreatedSubmission,
  createSubmission,
  type NewSubmission,
  submitSubmission,
  uploadAttachment,
} from './submission';
import { type ClientCredentials, clientCredentialsTokens, type SenderTokenSource } from './tokens';
import { SenderTransport, type SenderTransportOptions } from './transport';

export type SenderClientOptions = Omit<SenderTransportOptions, 'tokens'> &
  ({ tokens: SenderTokenSource } | ClientCredentials);

export class SenderClient {
  private readonly transport: SenderTransport;
  /** Set when the client made its own token source from credentials (and so closes it). */
  private readonly ownTokens: { close(): Promise<void> } | undefined;

  constructor(options: SenderClientOptions) {
    if ('tokens' in options) {
      this.transport = new SenderTransport(options);
      this.ownTokens = undefined;
    } else {
      const { tokenUrl, clientId, clientSecret, ...endpoint } = options;
      const tokens = clientCredentialsTokens(
        { tokenUrl, clientId, clientSecret },
        { retries: options.retries ?? 3, baseMs: 200, maxMs: 5_000 },
      );
      this.transport = new SenderTransport({ ...endpoint, tokens });
      this.ownTokens = tokens;
    }
  }

  destination(destinationId: string): Promise<DestinationInfo> {
    return destinationInfoOf(this.transport, destinationId);
  }

  destinationKey(destinationId: string, kid: string): Promise<JWK> {
    return destinationKeyOf(this.transport, destinationId, kid);
  }

  /** The destination's current encryption key; pass `info` when it was fetched already. */
  encryptionKey(destinationId: string, info?: DestinationInfo): Promise<EncryptionKey> {
    return encryptionKeyOf(this.transport, destinationId, info);
  }

  createSubmission(submission: NewSubmission): Promise<CreatedSubmission> {
    return createSubmission(this.transport, submission);
  }

  uploadAttachment(submissionId: string, attachmentId: string, jwe: AttachmentJwe): Promise<void> {
    return uploadAttachment(this.transport, submissionId, attachmentId, jwe);
  }

  submit(submissionId: string, parts: { encryptedMetadata: string; encryptedData?: string }): Promise<void> {
    return submitSubmission(this.transport, submissionId, parts);
  }

  caseEvents(caseId: string): Promise<string[]> {
    return caseEventsOf(this.transport, caseId);
  }

  async close(): Promise<void> {
    await Promise.all([this.transport.close(), this.ownTokens?.close()]);
  }
}
