/**
 * The xdomea 3.1.0 message FVDaten.SGOAblegen.0605 ("file these records in the DMS") for one case, filed
 * as a Vorgang with one Dokument per file. Element order follows xdomea-Baukasten.xsd and
 * xdomea-Typen-FachverfahrensdatenAustauschen.xsd; code elements (`code`) are unqualified by schema.
 */
import { randomUUID } from 'node:crypto';
import { sanitizeFileName } from '../../shared/files/file-names';
import type { ChainHead } from '../vault/audit-anchor';
import { element, toXml, type XmlElement } from '../xml/writer';
import { FORMAT_LIST_URI, FORMAT_LIST_VERSION, fileFormat } from './formats';
import type {
  Applicant,
  ArchiveCase,
  ArchiveDocument,
  ArchiveDocumentKind,
  ArchiveSettings,
  Organisation,
} from './model';

export const XDOMEA_NAMESPACE = 'urn:xoev-de:xdomea:schema:3.1.0';
export const MESSAGE_TYPE = 'FVDaten.SGOAblegen.0605';
const MESSAGE_TYPE_CODE = '0605';
const MESSAGE_TYPE_LIST_URI = 'urn:xoev-de:xdomea:codeliste:nachrichtentyp';
const MESSAGE_TYPE_LIST_VERSION = '2.0';
const PRODUCT_NAME = 'Antragsdesk';
/** Leaves room for the `<uuid>_` prefix within the 255 bytes most file systems allow per name. */
const ORIGINAL_NAME_MAX_BYTES = 255 - 37;
/** Dates are local to the German authority, not UTC: a submission at 23:30 UTC arrived the next day. */
const AUTHORITY_TIME_ZONE = 'Europe/Berlin';

/** Document type (Dokument/Typ) as the DMS shows it. */
const DOCUMENT_TYPE: Readonly<Record<ArchiveDocumentKind, string>> = {
  application: 'Antrag',
  data: 'Antragsdaten',
  attachment: 'Anlage',
  notice: 'Bescheid',
  report: 'Prüfprotokoll',
};
/** Kinds that came in with the submission and so carry its Posteingangsdatum. */
const INBOUND: ReadonlySet<ArchiveDocumentKind> = new Set(['application', 'data', 'attachment']);

export interface PlannedDocument {
  document: ArchiveDocument;
  /** The Dokument's UUID, also the prefix of its file name. */
  id: string;
  /** The sanitized original name (DateinameOriginal). */
  originalName: string;
  /** `<id>_<originalName>`: the schema requires file names to start with a UUID. */
  fileName: string;
}

export interface SgoAblegenInput {
  processId: string;
  createdAt: Date;
  settings: ArchiveSettings;
  archiveCase: ArchiveCase;
  vorgangId: string;
  documents: readonly PlannedDocument[];
  /** The audit chain's head at export: the DMS keeps it, so a later cut-off of the chain shows. */
  auditHead?: ChainHead;
}

export function messageFileName(processId: string): string {
  return `${processId}_${MESSAGE_TYPE}.xml`;
}

export function packageFileName(processId: string): string {
  return `${processId}_${MESSAGE_TYPE}.zip`;
}

/** Gives every document its UUID and its safe file names. */
export function planDocuments(documents: readonly ArchiveDocument[]): PlannedDocument[] {
  return documents.map((document) => {
    const id = randomUUID();
    const originalName = sanitizeFileName(document.name, { maxBytes: ORIGINAL_NAME_MAX_BYTES });
    return { document, id, originalName, fileName: `${id}_${originalName}` };
  });
}

export function buildSgoAblegen(input: SgoAblegenInput): string {
  const { archiveCase, settings } = input;
  return toXml(
    x(
      MESSAGE_TYPE,
      [
        header(input),
        x('SchriftgutobjektZumAblegen', [
          x('FachverfahrenObjektID', archiveCase.caseId),
          optional('IDContainer', archiveCase.dmsContainerId),
          x('Schriftgutobjekt', [vorgang(input)]),
          optional('Ablageort', settings.storageLocation),
        ]),
      ],
      { 'xmlns:xdomea': XDOMEA_NAMESPACE },
    ),
  );
}

function header({ processId, createdAt, settings }: SgoAblegenInput): XmlElement {
  return x('Kopf', [
    x('ProzessID', processId),
    x('Nachrichtentyp', [element('code', MESSAGE_TYPE_CODE)], {
      listURI: MESSAGE_TYPE_LIST_URI,
      listVersionID: MESSAGE_TYPE_LIST_VERSION,
    }),
    x('Erstellungszeitpunkt', createdAt.toISOString()),
    x('Absender', organisationContact(settings.sender)),
    x('Empfaenger', organisationContact(settings.recipient)),
    x('SendendesSystem', [x('Produktname', PRODUCT_NAME), x('Version', settings.appVersion)]),
    // 0 = no receipt message: the schema's recommended default; the import confirmation is always sent.
    x('Empfangsbestaetigung', '0'),
    x('Importbestaetigung', '1'),
    x('Erstellerkennung', settings.creatorId),
    x('Stapel', '0'),
  ]);
}

function vorgang({ archiveCase, vorgangId, documents, auditHead }: SgoAblegenInput): XmlElement {
  return x('Vorgang', [
    x('Identifikation', [x('ID', vorgangId)]),
    x('AllgemeineMetadaten', [
      x('Betreff', archiveCase.subject),
      x('Kennzeichen', archiveCase.fileReference),
    ]),
    x('Typ', archiveCase.service),
    x('Laufzeit', [x('Beginn', localDate(archiveCase.receivedAt))]),
    ...documents.map((planned, index) => dokument(planned, index + 1, archiveCase.receivedAt)),
    archiveCase.applicant && applicantContact(archiveCase.applicant),
    auditHead && auditHeadExtension(auditHead),
  ]);
}

/** Where xdomea carries what it has no element for: the application's own fields. */
function auditHeadExtension(head: ChainHead): XmlElement {
  return x('AnwendungsspezifischeErweiterung', [
    x('Kennung', 'antragsdesk-audit-head'),
    x('Name', 'Stand des Prüfprotokolls'),
    x('Beschreibung', 'Einträge und Hash (SHA-256) des letzten Eintrags zum Zeitpunkt des Exports'),
    x('Feld', [x('Name', 'Eintraege'), x('Wert', String(head.count))]),
    x('Feld', [x('Name', 'Kettenkopf'), x('Wert', head.hash)]),
  ]);
}

function dokument(planned: PlannedDocument, position: number, receivedAt: Date): XmlElement {
  const { document } = planned;
  const format = fileFormat(document);
  return x('Dokument', [
    x('Identifikation', [x('ID', planned.id), x('NummerImUebergeordnetenContainer', String(position))]),
    x('AllgemeineMetadaten', [x('Betreff', planned.originalName)]),
    INBOUND.has(document.kind) ? x('Posteingangsdatum', localDate(receivedAt)) : undefined,
    document.sentAt && x('Postausgangsdatum', localDate(document.sentAt)),
    x('Typ', DOCUMENT_TYPE[document.kind]),
    x('Version', [
      x('Nummer', '1'),
      x('Format', [
        x('Name', [element('code', format.code)], {
          listURI: FORMAT_LIST_URI,
          listVersionID: FORMAT_LIST_VERSION,
        }),
        optional('SonstigerName', format.otherName),
        x('Version', format.version),
        x('Primaerdokument', [
          x('Dateiname', planned.fileName),
          x('DateinameOriginal', planned.originalName),
          document.sealed ? x('SignaturSiegel', [x('SignaturSiegelEingebettet', '1')]) : undefined,
        ]),
      ]),
    ]),
  ]);
}

function organisationContact(organisation: Organisation): XmlElement[] {
  return [
    x('Institution', [x('Name', organisation.name), optional('Kurzbezeichnung', organisation.shortName)]),
    ...(organisation.unit === undefined ? [] : [x('Organisationseinheit', [x('Name', organisation.unit)])]),
  ];
}

function applicantContact(applicant: Applicant): XmlElement | undefined {
  const address = applicant.address;
  return ifAny('Kontakt', [
    ifAny('Institution', [optional('Name', applicant.organisation)]),
    ifAny('Name', [
      ifAny('Familienname', [optional('Name', applicant.familyName)]),
      ifAny('Vorname', [optional('Name', applicant.givenName)]),
    ]),
    address &&
      ifAny('Anschrift', [
        optional('Strasse', address.street),
        optional('Hausnummer', address.houseNumber),
        optional('Postleitzahl', address.postalCode),
        optional('Ort', address.city),
      ]),
  ]);
}

/** An element in the xdomea namespace. */
function x(
  name: string,
  content: string | readonly (XmlElement | undefined)[],
  attributes?: Record<string, string>,
): XmlElement {
  return element(`xdomea:${name}`, content, attributes);
}

function optional(name: string, value: string | undefined): XmlElement | undefined {
  return value === undefined ? undefined : x(name, value);
}

/** The element only if at least one child is present (the schema allows empty ones, a DMS shows them). */
function ifAny(name: string, children: readonly (XmlElement | undefined)[]): XmlElement | undefined {
  return children.some((child) => child !== undefined) ? x(name, children) : undefined;
}

const authorityDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: AUTHORITY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** `YYYY-MM-DD` (xs:date) of the authority's calendar day. */
function localDate(date: Date): string {
  const parts = authorityDate.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((candidate) => candidate.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
