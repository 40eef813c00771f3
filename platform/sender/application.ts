import type { PlainAttachment } from '../../main/fitconnect/attachment-metadata';
import type {
  AuthenticationInformation,
  PaymentInformation,
  ReplyChannel,
} from '../../main/fitconnect/metadata';
import { createRandom, type Random } from '../random';
import { type ServiceEntry, type ServiceId, serviceEntry, serviceSchema } from '../services';
import { FIT_CONNECT } from '../settings';
import { formLines } from './form-text';
import { renderPdf } from './pdf';
import { email, isoDate } from './people';
import { drawPicture } from './png';
import { GENERATORS } from './services';
import type { DocumentSpec } from './services/draft';

/**
 * The metadata versions the sender writes (those the demo destinations publish): 1.0.0 without `$schema`, and a
 * 1.x with `$schema` and the BundID mailbox.
 */
export const METADATA_VERSIONS = FIT_CONNECT.metadataVersions;
export type MetadataVersion = (typeof METADATA_VERSIONS)[number];

/** An application before encryption: what an online service holds when it submits. */
export interface Application {
  service: ServiceEntry;
  data: Record<string, unknown>;
  attachments: PlainAttachment[];
  metadataVersion: MetadataVersion;
  replyChannel?: ReplyChannel;
  paymentInformation?: PaymentInformation;
  authenticationInformation?: AuthenticationInformation[];
  senderReference: string;
  applicationDate: string;
}

export interface ApplicationOptions {
  /** Same seed, same application (ids included). */
  random?: Random;
  metadataVersion?: MetadataVersion;
  today?: Date;
}

const FORM_NOTES = [
  'Erklärung: Ich versichere, dass die Angaben in diesem Antrag vollständig sind und der Wahrheit entsprechen. Mir ist bekannt, dass unrichtige oder unvollständige Angaben rechtliche Folgen haben können und die Bearbeitung verzögern.',
  'Hinweise zum Datenschutz: Die Angaben werden zur Bearbeitung dieses Antrags erhoben und verarbeitet. Rechtsgrundlage ist Art. 6 Abs. 1 Buchst. c und e DSGVO in Verbindung mit den jeweiligen Fachgesetzen. Die Daten werden nur an die zuständige Stelle übermittelt und nach Ablauf der gesetzlichen Aufbewahrungsfristen gelöscht.',
  'Sie haben das Recht auf Auskunft über die zu Ihrer Person gespeicherten Daten, auf Berichtigung unrichtiger Daten, auf Einschränkung der Verarbeitung sowie das Recht, sich bei der Landesbeauftragten für den Datenschutz Niedersachsen zu beschweren.',
  'Dieser Antrag wurde elektronisch über einen Onlinedienst gestellt und über FIT-Connect Ende-zu-Ende-verschlüsselt an die zuständige Behörde übermittelt. Eine Unterschrift ist nicht erforderlich, soweit die Identität über ein Nutzerkonto nachgewiesen wurde.',
];

async function documentBytes(spec: DocumentSpec, random: Random, createdAt: Date): Promise<PlainAttachment> {
  const base = {
    attachmentId: random.uuid(),
    filename: spec.filename,
    purpose: 'attachment' as const,
    description: spec.description,
  };
  if (spec.kind === 'png')
    return { ...base, mimeType: 'image/png', bytes: drawPicture(spec.picture, random) };
  return {
    ...base,
    mimeType: 'application/pdf',
    bytes: await renderPdf({ title: spec.title, paragraphs: spec.paragraphs, createdAt }),
  };
}

/** A plausible, schema-valid application for a service, with its form PDF and real attachments. */
export async function generateApplication(
  serviceId: ServiceId,
  options: ApplicationOptions = {},
): Promise<Application> {
  const random = options.random ?? createRandom();
  const today = options.today ?? new Date();
  const service = serviceEntry(serviceId);
  const draft = GENERATORS[serviceId](random, today);
  const metadataVersion = options.metadataVersion ?? random.pick(METADATA_VERSIONS);
  const applicationDate = isoDate(today);
  const form: PlainAttachment = {
    attachmentId: random.uuid(),
    filename: `Antrag_${service.title.replace(/\s+/g, '_')}.pdf`,
    mimeType: 'application/pdf',
    purpose: 'form',
    description: 'Antragsformular (PDF-Darstellung)',
    bytes: await renderPdf({
      title: service.title,
      subtitle: `Antrag vom ${applicationDate.split('-').reverse().join('.')}`,
      lines: formLines(serviceSchema(serviceId), draft.data),
      paragraphs: FORM_NOTES,
      createdAt: today,
    }),
  };
  const attachments = [form];
  for (const spec of draft.documents) attachments.push(await documentBytes(spec, random, today));

  const useMailbox = metadataVersion !== '1.0.0' && random.chance(0.6);
  const replyChannel: ReplyChannel | undefined = useMailbox
    ? { idBundDeMailbox: { mailboxUuid: random.uuid() } }
    : random.chance(0.8)
      ? { eMail: { address: email(random, draft.applicant) } }
      : undefined;
  const paymentInformation: PaymentInformation | undefined =
    draft.fee === undefined
      ? undefined
      : {
          transactionId: random.uuid(),
          transactionReference: `KZ-${today.getUTCFullYear()}-${String(random.int(1, 999_999)).padStart(6, '0')}`,
          transactionTimestamp: today.toISOString(),
          paymentMethod: random.pick(['GIROPAY', 'PAYDIRECT', 'CREDITCARD', 'PAYPAL'] as const),
          status: 'BOOKED',
          grossAmount: draft.fee,
        };
  const authenticationInformation: AuthenticationInformation[] | undefined = random.chance(0.5)
    ? [
        {
          type: 'identificationReport',
          version: '1.0.0',
          content: Buffer.from(
            JSON.stringify({
              idp: 'BundID',
              assuranceLevel: random.pick(['substantial', 'high']),
              issuedAt: today.toISOString(),
            }),
          ).toString('base64url'),
        },
      ]
    : undefined;
  return {
    service,
    data: draft.data,
    attachments,
    metadataVersion,
    ...(replyChannel === undefined ? {} : { replyChannel }),
    ...(paymentInformation === undefined ? {} : { paymentInformation }),
    ...(authenticationInformation === undefined ? {} : { authenticationInformation }),
    senderReference: `OD-${random.uuid().slice(0, 8).toUpperCase()}`,
    applicationDate,
  };
}
