import { beforeAll, describe, expect, it } from 'vitest';
import {
  composeNotice,
  countMissingMarkers,
  missingValueMarker,
  type NoticeTemplate,
  noticePlainText,
  readNoticeTemplates,
} from '../../../main/notices';
import { caseFields, profile } from './fixtures';

describe('composeNotice', () => {
  let templates: Map<string, NoticeTemplate>;
  beforeAll(async () => {
    templates = new Map((await readNoticeTemplates()).map((t) => [t.id, t]));
  });
  const byId = (id: string): NoticeTemplate => {
    const found = templates.get(id);
    if (!found) throw new Error(`template ${id} missing`);
    return found;
  };

  it('fills a Bescheid completely from case and profile', () => {
    const draft = composeNotice(byId('bescheid-bewilligung'), caseFields, profile);
    expect(draft.missingFields).toEqual([]);
    expect(countMissingMarkers(draft)).toBe(0);
    expect(draft.kind).toBe('approval');
    expect(draft.title).toBe('Bescheid über Ihren Antrag auf Bewohnerparkausweis');
    expect(draft.recipient).toEqual(['Jürgen Größe-Äßling', 'Fröbelstraße 12', '12345 Musterhausen']);
    expect(draft.fileReference).toBe('32.1-BPA-2025/0042');
    expect(draft.date).toBe('10.03.2025');
    const text = noticePlainText(draft);
    expect(text).toContain('auf Ihren Antrag vom 03.03.2025');
    expect(text).toContain('Verwaltungsgebühr in Höhe von 30,60\u00a0€ festgesetzt');
    expect(text).toContain('Die Gebühr ergibt sich aus Nr. 265 der Anlage zur GebOSt.');
    expect(text).toContain('Bitte überweisen Sie 30,60\u00a0€ bis zum 10.04.2025');
    expect(text).toContain('IBAN DE02 1203 0000 0000 2020 51');
    expect(text).toContain('„32.1-BPA-2025/0042“');
    expect(text).toContain(profile.legalRemedy);
    expect(text.startsWith(draft.title)).toBe(true);
  });

  it('a fee booked with the application is not asked for again', () => {
    const text = noticePlainText(
      composeNotice(byId('bescheid-bewilligung'), { ...caseFields, feePaid: true }, profile),
    );
    expect(text).toContain('Verwaltungsgebühr in Höhe von 30,60\u00a0€ festgesetzt');
    expect(text).toContain('Die Gebühr wurde bereits entrichtet.');
    expect(text).not.toContain('Bitte überweisen Sie');
    expect(text).not.toContain('IBAN');
  });

  it('a gebührenfrei service: the Bescheid says so and asks for no fee, no deadline, no payment', () => {
    const { feeCents: _fee, feeDueOn: _due, feeLegalBasis: _basis, ...free } = caseFields;
    const draft = composeNotice(byId('bescheid-bewilligung'), { ...free, feeFree: true }, profile);
    expect(draft.missingFields).toEqual([]);
    expect(countMissingMarkers(draft)).toBe(0);
    const text = noticePlainText(draft);
    expect(text).toContain('2. Dieser Bescheid ist gebührenfrei.');
    expect(text).not.toMatch(/Verwaltungsgebühr|Zahlungshinweis|überweisen|IBAN|Die Gebühr/);
    expect(text).toContain(profile.legalRemedy);
  });

  it('lists requested documents one per line', () => {
    const draft = composeNotice(byId('nachforderung-unterlagen'), caseFields, profile);
    expect(draft.paragraphs.map((p) => p.text)).toContain(
      '–\u00a0Meldebescheinigung\n–\u00a0Fahrzeugschein (Zulassungsbescheinigung Teil I)',
    );
  });

  it('marks every missing value visibly and lists the fields once, in order of use', () => {
    const { feeCents: _fee, decisionReason: _reason, applicantStreet: _street, ...partial } = caseFields;
    const draft = composeNotice(
      byId('bescheid-bewilligung'),
      { ...partial, serviceName: '   ' },
      { ...profile, bic: '' },
    );
    expect(draft.missingFields).toEqual([
      'case.applicantStreet',
      'case.serviceName',
      'case.fee',
      'case.payment',
    ]);
    expect(draft.recipient[1]).toBe(missingValueMarker('case.applicantStreet'));
    expect(draft.title).toBe('Bescheid über Ihren Antrag auf [fehlt: Leistung]');
    expect(noticePlainText(draft)).toContain('Verwaltungsgebühr in Höhe von [fehlt: Gebühr] festgesetzt');
    expect(noticePlainText(draft)).toContain('[fehlt: Zahlungshinweis]');
    expect(countMissingMarkers(draft)).toBe(5);
  });

  it('counts markers in the edited text, not in the composed one', () => {
    const draft = composeNotice(
      byId('zwischenmitteilung'),
      { ...caseFields, expectedDecisionOn: undefined },
      profile,
    );
    expect(countMissingMarkers(draft)).toBe(1);
    const edited = {
      ...draft,
      paragraphs: draft.paragraphs.map((p) => ({
        ...p,
        text: p.text.replace('[fehlt: voraussichtliches Entscheidungsdatum]', '30.04.2025'),
      })),
    };
    expect(countMissingMarkers(edited)).toBe(0);
  });

  it('rejects case values of the wrong shape, naming the field and not the value', () => {
    expect(() =>
      composeNotice(byId('zwischenmitteilung'), { ...caseFields, receivedOn: '31.02.2025' }, profile),
    ).toThrow(expect.objectContaining({ code: 'case-field-invalid', subject: 'receivedOn' }));
    expect(() =>
      composeNotice(byId('bescheid-bewilligung'), { ...caseFields, feeCents: 12.5 }, profile),
    ).toThrow(expect.objectContaining({ code: 'case-field-invalid', subject: 'feeCents' }));
  });

  it('is pure: the same input composes the same draft', () => {
    const t = byId('ablehnungsbescheid');
    expect(composeNotice(t, caseFields, profile)).toEqual(composeNotice(t, caseFields, profile));
  });
});
