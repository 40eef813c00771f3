import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applicationSummary,
  caseSummaryRenderer,
  type SummarySource,
} from '../../../main/app/application-summary';
import type { JsonValue } from '../../../shared/cases/types';

const schemaUri = 'urn:test:hundesteuer';
const schema: JsonValue = {
  title: 'Anmeldung eines Hundes',
  type: 'object',
  properties: {
    antragsteller: {
      title: 'Antragstellende Person',
      type: 'object',
      properties: {
        vorname: { title: 'Vorname', type: 'string' },
        familienname: { title: 'Familienname', type: 'string' },
        anschrift: {
          title: 'Anschrift',
          type: 'object',
          properties: { strasse: { title: 'Straße' }, ort: { title: 'Ort' } },
        },
      },
    },
    hunde: {
      title: 'Hunde',
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { title: 'Rufname' }, geboren: { title: 'Wurftag', format: 'date' } },
      },
    },
    gefaehrlich: { title: 'Gefährlicher Hund', type: 'boolean' },
    bemerkung: { title: 'Bemerkung', type: 'string' },
  },
};

const source: SummarySource = {
  case: {
    serviceName: 'Hundesteuer',
    fileReference: 'BS-HST-2026-00007',
    receivedAt: '2026-11-28T09:30:00Z',
  },
  submissions: [
    {
      submissionId: '0b7c8a52-44a4-4f3a-9d0e-3c1b2a4f5e6d',
      receivedAt: '2026-11-28T09:30:00Z',
      dataMimeType: 'application/json',
      submissionSchemaUri: schemaUri,
      data: JSON.stringify({
        antragsteller: {
          vorname: 'Jürgen',
          familienname: 'Größe-Äßling',
          anschrift: { strasse: 'Lindenstraße 4a', ort: 'Hannover' },
        },
        hunde: [
          { name: 'Bello', geboren: '2024-03-01' },
          { name: 'Fiffi', geboren: '2025-07-14' },
        ],
        gefaehrlich: false,
        bemerkung: '',
      }),
    },
  ],
  attachments: [{ filename: 'Impfpass.pdf', mimeType: 'application/pdf', size: 123_456 }],
};

const schemaFor = (uri: string) => (uri === schemaUri ? schema : null);
const work = mkdtempSync(join(tmpdir(), 'ad-summary-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the Antragsübersicht of a case', () => {
  it('has the form data under the schema’s German titles, nested sections flattened by path', () => {
    const summary = applicationSummary(source, { schemaFor, authorityName: 'Stadt Musterstadt' });
    expect(summary.fileReference).toBe('BS-HST-2026-00007');
    expect(summary.sections.map((section) => section.title)).toEqual([
      'Anmeldung eines Hundes',
      'Antragstellende Person',
    ]);
    expect(summary.sections[1]?.rows).toEqual([
      { label: 'Vorname', value: 'Jürgen' },
      { label: 'Familienname', value: 'Größe-Äßling' },
      { label: 'Anschrift › Straße', value: 'Lindenstraße 4a' },
      { label: 'Anschrift › Ort', value: 'Hannover' },
    ]);
    expect(summary.sections[0]?.rows).toEqual([
      { label: 'Hunde 1', value: 'Rufname: Bello\nWurftag: 01.03.2024' },
      { label: 'Hunde 2', value: 'Rufname: Fiffi\nWurftag: 14.07.2025' },
      { label: 'Gefährlicher Hund', value: 'Nein' },
      { label: 'Bemerkung', value: '' },
    ]);
    expect(summary.attachments).toEqual([
      { name: 'Impfpass.pdf', mediaType: 'application/pdf', sizeBytes: 123_456 },
    ]);
  });

  it('XML data without titles is printed as received, so nothing is hidden', () => {
    const xml = '<antrag><name>Jürgen</name></antrag>';
    const first = source.submissions[0];
    if (!first) throw new Error('fixture');
    const summary = applicationSummary(
      { ...source, submissions: [{ ...first, dataMimeType: 'application/xml', data: xml }] },
      { schemaFor, authorityName: 'Stadt Musterstadt' },
    );
    expect(summary.sections).toEqual([{ title: 'Formulardaten', rows: [{ label: 'Daten', value: xml }] }]);
  });

  it('renders as a PDF whose text holds the German labels and values', async () => {
    const render = caseSummaryRenderer({ schemaFor, now: () => new Date('2026-11-29T08:00:00Z') });
    const file = join(work, 'summary.pdf');
    writeFileSync(file, await render(source, { authorityName: 'Stadt Musterstadt', name: 'Bürgerservice' }));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const expected of [
      'Antragsübersicht',
      'Hundesteuer',
      'Stadt Musterstadt',
      'Stadt Musterstadt · Bürgerservice',
      'Größe-Äßling',
      'Anschrift › Ort',
      'Impfpass.pdf',
    ]) {
      expect(text).toContain(expected);
    }
  });
});
