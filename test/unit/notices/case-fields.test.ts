import { describe, expect, it } from 'vitest';
import { noticeCaseFields } from '../../../main/notices/service/case-fields';
import type { CaseDetail } from '../../../main/vault';

function detail(data: string, dataMimeType = 'application/json'): CaseDetail {
  return {
    case: {
      applicantName: 'Özlem Weiß',
      serviceName: 'Hundesteuer-Anmeldung',
      fileReference: 'BS-HST-2026-00042',
      receivedAt: '2026-03-02T09:30:00.000Z',
    },
    submissions: [{ submissionId: 'a4c1e2f0-0000-4000-8000-000000000001', data, dataMimeType }],
    attachments: [],
  } as unknown as CaseDetail;
}

describe('the case values of a notice', () => {
  it('takes the applicant, the address from the form data, the Aktenzeichen and the dates', () => {
    const data = {
      halter: {
        vorname: 'Özlem',
        anschrift: { strasse: 'Am Mühlengraben', hausnummer: '12', postleitzahl: '30159', ort: 'Hannover' },
      },
    };
    expect(noticeCaseFields(detail(JSON.stringify(data)), new Date(2026, 3, 7, 12))).toEqual({
      applicantName: 'Özlem Weiß',
      applicantStreet: 'Am Mühlengraben 12',
      applicantPostalCode: '30159',
      applicantCity: 'Hannover',
      serviceName: 'Hundesteuer-Anmeldung',
      fileReference: 'BS-HST-2026-00042',
      submissionId: 'a4c1e2f0-0000-4000-8000-000000000001',
      receivedOn: '2026-03-02',
      noticeDate: '2026-04-07',
    });
  });

  it('dates the letter by the authority’s calendar day, whatever zone the workstation has', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const late = {
        ...detail('{}'),
        case: { ...detail('{}').case, receivedAt: '2026-03-01T23:30:00.000Z' },
      };
      const fields = noticeCaseFields(late as CaseDetail, new Date('2026-04-06T22:30:00.000Z'));
      expect([fields.receivedOn, fields.noticeDate]).toEqual(['2026-03-02', '2026-04-07']);
    } finally {
      process.env.TZ = zone;
    }
  });

  it('reads JSON form data whatever its media type says besides (parameters, +json)', () => {
    const data = JSON.stringify({
      anschrift: { strasse: 'Bahnhofstraße 3', postleitzahl: '38100', ort: 'Braunschweig' },
    });
    for (const mimeType of ['application/json; charset=utf-8', 'application/fim+json']) {
      expect(noticeCaseFields(detail(data, mimeType), new Date()).applicantCity).toBe('Braunschweig');
    }
  });

  it('leaves the address out when the form has none (or is no JSON), so the draft marks it', () => {
    for (const fields of [
      noticeCaseFields(detail(JSON.stringify({ anschrift: { strasse: 'Nur eine Straße' } })), new Date()),
      noticeCaseFields(detail('<xml/>', 'application/xml'), new Date()),
    ]) {
      expect(fields.applicantStreet).toBeUndefined();
      expect(fields.applicantCity).toBeUndefined();
      expect(fields.applicantName).toBe('Özlem Weiß');
    }
  });
});
