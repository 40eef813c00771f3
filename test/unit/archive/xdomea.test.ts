import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ArchiveCase, ArchiveDocument, ArchiveSettings } from '../../../main/archive/model';
import {
  buildSgoAblegen,
  MESSAGE_TYPE,
  messageFileName,
  packageFileName,
  planDocuments,
  XDOMEA_NAMESPACE,
} from '../../../main/archive/xdomea';
import { baseCase, L, settings, validateXml, xpathTexts } from './support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function doc(fields: Partial<ArchiveDocument> & Pick<ArchiveDocument, 'kind' | 'name'>): ArchiveDocument {
  return { mimeType: 'application/pdf', size: 0, open: () => Readable.from([]), ...fields };
}

function message(
  archiveCase: ArchiveCase,
  overrides: Partial<ArchiveSettings> = {},
  auditHead?: { count: number; hash: string },
) {
  const processId = randomUUID();
  const documents = planDocuments(archiveCase.documents);
  const xml = buildSgoAblegen({
    processId,
    createdAt: new Date('2024-06-10T09:30:00Z'),
    settings: { ...settings, ...overrides },
    archiveCase,
    vorgangId: randomUUID(),
    documents,
    ...(auditHead && { auditHead }),
  });
  return { xml, processId, documents };
}

function expectValid(xml: string): void {
  const result = validateXml(xml);
  expect(result.output).toContain('validates');
  expect(result.valid).toBe(true);
}

const dokumentOfType = (type: string) => `//${L('Dokument')}[${L('Typ')}='${type}']`;

describe('FVDaten.SGOAblegen.0605', () => {
  it('is valid for a minimal case and carries the required header', () => {
    const { xml, processId } = message(baseCase([doc({ kind: 'application', name: 'Antrag.pdf' })]));
    expectValid(xml);
    expect(xml).toContain(`<xdomea:${MESSAGE_TYPE} xmlns:xdomea="${XDOMEA_NAMESPACE}">`);
    expect(xpathTexts(xml, `//${L('Kopf')}/${L('ProzessID')}/text()`)).toEqual([processId]);
    expect(xpathTexts(xml, `//${L('Nachrichtentyp')}/code/text()`)).toEqual(['0605']);
    expect(xpathTexts(xml, `//${L('Kopf')}/${L('Erstellungszeitpunkt')}/text()`)).toEqual([
      '2024-06-10T09:30:00.000Z',
    ]);
    expect(xpathTexts(xml, `//${L('Importbestaetigung')}/text()`)).toEqual(['1']);
    expect(xpathTexts(xml, `//${L('Erstellerkennung')}/text()`)).toEqual([settings.creatorId]);
    expect(xpathTexts(xml, `//${L('FachverfahrenObjektID')}/text()`)).toEqual(['case-2024-0001']);
    expect(xpathTexts(xml, `//${L('IDContainer')}/text()`)).toEqual([]);
    expect(xpathTexts(xml, `//${L('Ablageort')}/text()`)).toEqual([]);
    expect(xpathTexts(xml, `//${L('Vorgang')}/${L('Kontakt')}`)).toEqual([]);
  });

  it('carries the audit chain’s head at export in the Vorgang’s application extension', () => {
    const hash = 'ab'.repeat(32);
    const archiveCase = baseCase([doc({ kind: 'application', name: 'Antrag.pdf' })], {
      applicant: { givenName: 'Erika', familyName: 'Mustermann' },
    });
    const { xml } = message(archiveCase, {}, { count: 1234, hash });
    expectValid(xml);
    const extension = `//${L('Vorgang')}/${L('AnwendungsspezifischeErweiterung')}`;
    expect(xpathTexts(xml, `${extension}/${L('Kennung')}/text()`)).toEqual(['antragsdesk-audit-head']);
    expect(xpathTexts(xml, `${extension}/${L('Feld')}/${L('Wert')}/text()`)).toEqual(['1234', hash]);
  });

  it('files the case as a Vorgang with Betreff, Kennzeichen and dates', () => {
    // 23:30 UTC on 31 December is already 1 January in Germany.
    const archiveCase = baseCase([doc({ kind: 'application', name: 'Antrag.pdf' })], {
      receivedAt: new Date('2024-12-31T23:30:00Z'),
    });
    const { xml } = message(archiveCase);
    expectValid(xml);
    const vorgang = `//${L('Vorgang')}`;
    expect(xpathTexts(xml, `${vorgang}/${L('Identifikation')}/${L('ID')}/text()`)[0]).toMatch(UUID);
    expect(xpathTexts(xml, `${vorgang}/${L('AllgemeineMetadaten')}/${L('Betreff')}/text()`)).toEqual([
      'Antrag auf Wohngeld',
    ]);
    expect(xpathTexts(xml, `${vorgang}/${L('AllgemeineMetadaten')}/${L('Kennzeichen')}/text()`)).toEqual([
      '50.1-2024/0001',
    ]);
    expect(xpathTexts(xml, `${vorgang}/${L('Typ')}/text()`)).toEqual(['Wohngeld']);
    expect(xpathTexts(xml, `${vorgang}/${L('Laufzeit')}/${L('Beginn')}/text()`)).toEqual(['2025-01-01']);
    expect(xpathTexts(xml, `${dokumentOfType('Antrag')}/${L('Posteingangsdatum')}/text()`)).toEqual([
      '2025-01-01',
    ]);
  });

  it('is valid with umlauts and & < > in every kind of value', () => {
    const archiveCase = baseCase(
      [
        doc({ kind: 'application', name: 'Antragsübersicht & <Größe>.pdf' }),
        doc({ kind: 'attachment', name: 'Müller & Söhne "Vertrag" \'2024\'.pdf' }),
      ],
      {
        subject: 'Gewerbeanmeldung „Müller & Söhne" <GmbH> – Straße',
        fileReference: 'AZ 32/2024 & <7>',
        service: 'Gewerbe & <Handel>',
        applicant: {
          givenName: 'Jürgen',
          familyName: "O'Brien & Ärger",
          organisation: 'Müller & Söhne <GmbH>',
          address: { street: 'Hauptstraße', houseNumber: '1 & 2', postalCode: '50667', city: 'Köln' },
        },
        dmsContainerId: 'akte-4711',
      },
    );
    const { xml, documents } = message(archiveCase, {
      sender: { name: 'Stadt Groß-Umstadt & Co', unit: 'Bürgerbüro <Mitte>' },
      storageLocation: '\\\\dms\\import & übergabe',
    });
    expectValid(xml);
    expect(xpathTexts(xml, `//${L('Vorgang')}/${L('AllgemeineMetadaten')}/${L('Betreff')}/text()`)).toEqual([
      archiveCase.subject,
    ]);
    expect(xpathTexts(xml, `//${L('Kennzeichen')}/text()`)).toEqual(['AZ 32/2024 & <7>']);
    expect(xpathTexts(xml, `//${L('Absender')}/${L('Organisationseinheit')}/${L('Name')}/text()`)).toEqual([
      'Bürgerbüro <Mitte>',
    ]);
    expect(
      xpathTexts(xml, `//${L('Kontakt')}/${L('Name')}/${L('Familienname')}/${L('Name')}/text()`),
    ).toEqual(["O'Brien & Ärger"]);
    expect(xpathTexts(xml, `//${L('Anschrift')}/${L('Ort')}/text()`)).toEqual(['Köln']);
    expect(xpathTexts(xml, `//${L('IDContainer')}/text()`)).toEqual(['akte-4711']);
    expect(xpathTexts(xml, `//${L('Ablageort')}/text()`)).toEqual(['\\\\dms\\import & übergabe']);
    // File names keep umlauts and & but lose what Windows forbids in names.
    expect(documents.map((planned) => planned.originalName)).toEqual([
      'Antragsübersicht & _Größe_.pdf',
      "Müller & Söhne _Vertrag_ '2024'.pdf",
    ]);
    expect(xpathTexts(xml, `//${L('DateinameOriginal')}/text()`)).toEqual(
      documents.map((d) => d.originalName),
    );
    expect(xpathTexts(xml, `//${L('Dateiname')}/text()`)).toEqual(documents.map((d) => d.fileName));
  });

  it('is valid with many attachments, each a Dokument with a UUID-prefixed file name', () => {
    const mimeTypes = [
      'application/pdf',
      'image/jpeg',
      'image/png',
      'text/plain',
      'application/xml',
      'image/tiff',
    ];
    const attachments = Array.from({ length: 60 }, (_, i) =>
      doc({
        kind: 'attachment',
        name: `Anlage ${i + 1}.bin`,
        mimeType: mimeTypes[i % mimeTypes.length] ?? '',
      }),
    );
    const { xml, documents } = message(
      baseCase([doc({ kind: 'application', name: 'Antrag.pdf' }), ...attachments]),
    );
    expectValid(xml);
    const ids = xpathTexts(xml, `//${L('Dokument')}/${L('Identifikation')}/${L('ID')}/text()`);
    expect(ids).toHaveLength(61);
    expect(new Set(ids).size).toBe(61);
    expect(xpathTexts(xml, `//${L('NummerImUebergeordnetenContainer')}/text()`)).toEqual(
      Array.from({ length: 61 }, (_, i) => String(i + 1)),
    );
    documents.forEach((planned, index) => {
      expect(planned.fileName).toBe(`${ids[index]}_${planned.originalName}`);
    });
    expect(xpathTexts(xml, `${dokumentOfType('Anlage')}/${L('Posteingangsdatum')}/text()`)).toHaveLength(60);
  });

  it('marks sealed notices as signed and dates sent ones', () => {
    const { xml } = message(
      baseCase([
        doc({ kind: 'application', name: 'Antrag.pdf' }),
        doc({
          kind: 'notice',
          name: 'Bescheid.pdf',
          sealed: true,
          sentAt: new Date('2024-06-03T10:00:00Z'),
          pdfaConformance: '2b',
        }),
        doc({ kind: 'notice', name: 'Bescheid-Entwurf.pdf' }),
        doc({ kind: 'report', name: 'Prüfbericht.json', mimeType: 'application/json' }),
        doc({ kind: 'data', name: 'antrag.xml', mimeType: 'application/xml; charset=utf-8' }),
      ]),
    );
    expectValid(xml);
    const sealed = `//${L('Dokument')}[.//${L('DateinameOriginal')}='Bescheid.pdf']`;
    const draft = `//${L('Dokument')}[.//${L('DateinameOriginal')}='Bescheid-Entwurf.pdf']`;
    expect(
      xpathTexts(xml, `${sealed}//${L('SignaturSiegel')}/${L('SignaturSiegelEingebettet')}/text()`),
    ).toEqual(['1']);
    expect(xpathTexts(xml, `${sealed}/${L('Postausgangsdatum')}/text()`)).toEqual(['2024-06-03']);
    expect(xpathTexts(xml, `${sealed}/${L('Posteingangsdatum')}/text()`)).toEqual([]);
    expect(xpathTexts(xml, `${sealed}//${L('Format')}/${L('Name')}/code/text()`)).toEqual(['044']);
    expect(xpathTexts(xml, `${sealed}//${L('Format')}/${L('Version')}/text()`)).toEqual(['PDF/A-2b']);
    expect(xpathTexts(xml, `${draft}//${L('SignaturSiegel')}`)).toEqual([]);
    expect(xpathTexts(xml, `${draft}/${L('Postausgangsdatum')}`)).toEqual([]);
    expect(xpathTexts(xml, `${draft}//${L('Format')}/${L('Name')}/code/text()`)).toEqual(['018']);
    // The list has no JSON code: "other" with the MIME type as name.
    const report = dokumentOfType('Prüfprotokoll');
    expect(xpathTexts(xml, `${report}//${L('Format')}/${L('Name')}/code/text()`)).toEqual(['100']);
    expect(xpathTexts(xml, `${report}//${L('SonstigerName')}/text()`)).toEqual(['application/json']);
    expect(xpathTexts(xml, `${report}/${L('Posteingangsdatum')}`)).toEqual([]);
    expect(
      xpathTexts(xml, `${dokumentOfType('Antragsdaten')}//${L('Format')}/${L('Name')}/code/text()`),
    ).toEqual(['030']);
    expect(xpathTexts(xml, `//${L('Format')}/${L('Name')}/@listVersionID`)).toEqual(
      Array(5).fill(' listVersionID="1.0"'),
    );
  });

  it('sanitizes hostile document names in Dateiname and DateinameOriginal', () => {
    const { xml, documents } = message(
      baseCase([
        doc({ kind: 'attachment', name: '../../../etc/passwd' }),
        doc({ kind: 'attachment', name: 'C:\\Windows\\Rechnung\u202Efdp.exe' }),
        doc({ kind: 'attachment', name: 'a\u0000b\u0007c\u001b.pdf' }),
        doc({ kind: 'attachment', name: 'CON.pdf' }),
        doc({ kind: 'attachment', name: '\u2066\u2067..\u2069' }),
      ]),
    );
    expectValid(xml);
    expect(documents.map((planned) => planned.originalName)).toEqual([
      'passwd',
      'Rechnungfdp.exe',
      'abc.pdf',
      '_CON.pdf',
      'Dokument',
    ]);
    for (const name of [
      ...xpathTexts(xml, `//${L('Dateiname')}/text()`),
      ...xpathTexts(xml, `//${L('DateinameOriginal')}/text()`),
    ]) {
      expect(name).not.toMatch(/[\\/]|\.\.|\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u);
    }
  });

  it('keeps file names within 255 bytes including the UUID prefix', () => {
    const { documents } = message(baseCase([doc({ kind: 'attachment', name: `${'Ä'.repeat(300)}.pdf` })]));
    const [planned] = documents;
    expect(Buffer.byteLength(planned?.fileName ?? '', 'utf8')).toBeLessThanOrEqual(255);
    expect(planned?.fileName.endsWith('.pdf')).toBe(true);
  });

  it('names the message and the package after the process id', () => {
    const id = randomUUID();
    expect(messageFileName(id)).toBe(`${id}_FVDaten.SGOAblegen.0605.xml`);
    expect(packageFileName(id)).toBe(`${id}_FVDaten.SGOAblegen.0605.zip`);
  });
});
