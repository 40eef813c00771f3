/**
 * What the delivery handlers work on and what they need from outside: a notice's delivery job (read from the
 * vault by whoever owns the notice tables), the department's delivery settings, its seal and its secrets.
 */

import type { JsonObject } from '../../shared/cases/types';
import type { NoticeChannel } from '../../shared/delivery/channel';
import type { NoticeKind } from '../../shared/notices/kinds';
import type { SecretStore } from '../auth/secret-store';
import type { AttemptOutcome } from '../outbox/attempt';
import type { SealCredentials } from '../pki/seal/credentials';
import type { DeliveryError } from './errors';
import type { StorkQaaLevel } from './zbp/fields';

/** The case as delivery needs it. */
export interface DeliveryCase {
  id: string;
  /** The FIT-Connect case id of the application: the ZBP's `applicationId`. */
  fitCaseId: string;
  department: string;
  serviceName: string;
  /** Aktenzeichen, once assigned. */
  fileReference: string | null;
  replyChannel: JsonObject | null;
  /** eID level of assurance of the application (`low`, `substantial`, `high`). */
  levelOfAssurance: string | null;
}

/** A FIT-Connect submission made for a delivery, recorded before anything is uploaded. */
export interface SubmissionRef {
  submissionId: string;
  caseId: string;
  destinationId: string;
}

export interface NoticeDeliveryJob {
  deliveryId: string;
  channel: Exclude<NoticeChannel, 'post'>;
  notice: {
    id: string;
    version: number;
    kind: NoticeKind;
    title: string;
    sealedAt: string;
    /** The sealed PDF exactly as stored. */
    pdf: Uint8Array;
  };
  case: DeliveryCase;
  /** The ZBP submission an earlier attempt created, if any. */
  submission: SubmissionRef | null;
  /**
   * The receipt of an earlier attempt whose delivery was recorded, when the process died before the outbox
   * heard of it: that delivery is done and nothing is sent again.
   */
  delivered: JsonObject | null;
}

export type DeliveryOutcome = AttemptOutcome<JsonObject, DeliveryError>;

/** Where the handlers read jobs and record what happened; the notice service provides it over the vault. */
export interface NoticeDeliveryJobs {
  /** The job, or undefined when the delivery (or its notice) no longer exists. */
  load(deliveryId: string): Promise<NoticeDeliveryJob | undefined>;
  /** Keeps the ZBP submission of the current attempt with the delivery (its own transaction). */
  recordSubmission(deliveryId: string, submission: SubmissionRef): Promise<void>;
  /** Writes the outcome of an attempt to the delivery and the audit log (one transaction). */
  recordOutcome(deliveryId: string, outcome: DeliveryOutcome): Promise<void>;
  /** The case a status update is about, or undefined when it no longer exists. */
  statusCase(caseId: string): Promise<DeliveryCase | undefined>;
}

export interface SmtpSettings {
  host: string;
  port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS. */
  secure: boolean;
  /** Refuse to send without STARTTLS on a non-secure port. Default true; only a local test server may say false. */
  requireTls?: boolean;
  /** SMTP sign-in; the password is read from the key store under `passwordSecretName`. */
  auth?: { user: string; passwordSecretName: string };
  /** The department's sending address (no display name; the sender name is added). */
  from: string;
  /** Send without PGP when the citizen gave no key. */
  allowUnencryptedEmail: boolean;
}

export interface ZbpSettings {
  /** The ZBP's FIT-Connect destination. */
  destinationId: string;
  tokenUrl: string;
  /** Base URL of the Submission API, without the version prefix. */
  submissionApiUrl: string;
  apiPrefix?: string;
  /** The department's FIT-Connect sender client; its secret is read from the key store under `clientSecretName`. */
  clientId: string;
  clientSecretName: string;
  /** STORK QAA level of messages when the application does not say how the citizen signed in. */
  defaultStorkQaaLevel?: StorkQaaLevel;
}

/** A department's delivery settings (the part of its profile that delivery reads). */
export interface DeliverySettings {
  /** Shown to the citizen as the sender (`notices.senderName` of the profile). */
  senderName: string;
  email?: SmtpSettings;
  zbp?: ZbpSettings;
}

/** What every channel gets from the workstation. */
export interface DeliveryEnvironment {
  settings(department: string): DeliverySettings;
  /** The department seal, read from the key store; it signs ZBP envelopes. */
  sealCredentials(department: string): Promise<SealCredentials>;
  secrets: SecretStore;
  now(): Date;
}
