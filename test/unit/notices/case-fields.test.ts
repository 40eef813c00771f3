import { describe, expect, it } from 'vitest';
import { noticeCaseFields } from '../../../main/notices/service/case-fields';
import type { CaseDetail } from '../../../main/vault';

function detail(
  data: string,
  dataMimeType = 'application/json',
  paymentStatus: string | null = null,
): CaseDetail {
  return {
    case: {
      paymentStatus,
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
      responseDueOn: '2026-04-21',
    });
  });

  it("takes the fee from the department's Gebührenordnung, due its days after the notice's date", () => {
    const fee = { amountCents: 3070, legalBasis: 'Nr. 265 GebOSt', dueDays: 30 };
    const open = noticeCaseFields(detail('{}'), new Date(2026, 3, 7, 12), { fee });
    expect(open).toMatchObject({ feeCents: 3070, feeLegalBasis: 'Nr. 265 GebOSt', feeDueOn: '2026-05-07' });
    expect(open.feePaid).toBeUndefined();
    const paid = noticeCaseFields(detail('{}', 'application/json', 'BOOKED'), new Date(2026, 3, 7, 12), {
      fee,
    });
    expect(paid).toMatchObject({ feeCents: 3070, feePaid: true });
  });

  it('a gebührenfrei service gets no fee, no legal basis and no deadline to pay', () => {
    const fields = noticeCaseFields(detail('{}'), new Date(2026, 3, 7, 12), { fee: { free: true } });
    expect(fields.feeFree).toBe(true);
    expect([fields.feeCents, fields.feeLegalBasis, fields.feeDueOn]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("gives a Rückfrage the department's reply days from the letter's date", () => {
    expect(noticeCaseFields(detail('{}'), new Date(2026, 3, 7, 12), { replyDays: 10 }).responseDueOn).toBe(
      '2026-04-17',
    );
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
