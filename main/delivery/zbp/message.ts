/**
 * The ZBP's two payloads built from a case: a mailbox message carrying a sealed notice, and a status update
 * for the citizen's application overview. Both are checked against the field table before anything is
 * signed, so a malformed one fails here and names the field, not at the ZBP.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { DeliveryError } from '../errors';
import { coverText, statusTexts } from '../letter';
import type { DeliveryCase, NoticeDeliveryJob } from '../types';
import {
  messageSchema,
  type StorkQaaLevel,
  statusSchema,
  storkLevelOfAssurance,
  type ZbpMessage,
  type ZbpStatus,
  type ZbpStatusUpdate,
} from './fields';

/** A Bescheid carries personal data: without a known sign-in level, the citizen must have used an eID. */
const DEFAULT_STORK_QAA_LEVEL: StorkQaaLevel = 3;

export interface MessageSettings {
  senderName: string;
  defaultStorkQaaLevel?: StorkQaaLevel;
}

function checked<S extends z.ZodType>(schema: S, value: unknown, caseId: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(root)'))];
  throw new DeliveryError('zbp-message-invalid', { caseId, detail: `fields ${fields.join(', ')}` });
}

export function noticeMessage(
  job: NoticeDeliveryJob,
  mailboxUuid: string,
  fileName: string,
  settings: MessageSettings,
): ZbpMessage {
  const { notice, case: deliveryCase } = job;
  const level =
    (deliveryCase.levelOfAssurance === null
      ? undefined
      : storkLevelOfAssurance[deliveryCase.levelOfAssurance]) ??
    settings.defaultStorkQaaLevel ??
    DEFAULT_STORK_QAA_LEVEL;
  return checked(
    messageSchema,
    {
      stork_qaa_level: level,
      mailboxUuid,
      sender: settings.senderName,
      title: notice.title,
      content: coverText(notice, deliveryCase, settings.senderName),
      service: deliveryCase.serviceName,
      applicationId: deliveryCase.fitCaseId,
      ...(deliveryCase.fileReference === null ? {} : { reference: deliveryCase.fileReference }),
      attachments: [
        {
          filename: fileName,
          sha512sum: createHash('sha512').update(notice.pdf).digest('hex'),
          contentLength: notice.pdf.byteLength,
        },
      ],
    },
    deliveryCase.id,
  );
}

export function statusUpdate(
  deliveryCase: DeliveryCase,
  status: ZbpStatus,
  senderName: string,
  now: Date,
): ZbpStatusUpdate {
  return checked(
    statusSchema,
    {
      applicationId: deliveryCase.fitCaseId,
      status,
      publicServiceName: { de: deliveryCase.serviceName },
      senderName,
      createdDate: now.toISOString(),
      statusDetails: { de: statusTexts[status] },
      ...(deliveryCase.fileReference === null ? {} : { reference: deliveryCase.fileReference }),
    },
    deliveryCase.id,
  );
}
