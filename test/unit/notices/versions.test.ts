import { describe, expect, it } from 'vitest';
import {
  currentNoticeVersion,
  isSealedPdfOf,
  type NoticeVersion,
  recordNoticeVersion,
} from '../../../main/notices';
import { sha512Hex } from '../../../main/notices/versions';

const pdfV1 = new TextEncoder().encode('%PDF-1.7 first');
const pdfV2 = new TextEncoder().encode('%PDF-1.7 corrected');

describe('notice versions', () => {
  const first = recordNoticeVersion([], {
    id: 'n-1',
    caseId: 'case-7',
    kind: 'approval',
    text: 'Bescheid',
    sealedAt: new Date('2025-03-10T09:00:00Z'),
    pdf: pdfV1,
  });

  it('records the first sealed notice as version 1 with the hash of its PDF', () => {
    expect(first).toEqual({
      id: 'n-1',
      caseId: 'case-7',
      version: 1,
      kind: 'approval',
      text: 'Bescheid',
      sealedAt: '2025-03-10T09:00:00.000Z',
      sha512: sha512Hex(pdfV1),
    });
    expect(first.sha512).toMatch(/^[0-9a-f]{128}$/);
    expect(isSealedPdfOf(first, pdfV1)).toBe(true);
    expect(isSealedPdfOf(first, pdfV2)).toBe(false);
  });

  it('is immutable; a correction is a new version and leaves the old one as it was', () => {
    expect(() => {
      (first as { text: string }).text = 'changed';
    }).toThrow(TypeError);
    const correction = recordNoticeVersion([first], {
      id: 'n-2',
      caseId: 'case-7',
      kind: 'approval',
      text: 'Bescheid (berichtigt)',
      sealedAt: new Date('2025-03-11T09:00:00Z'),
      pdf: pdfV2,
    });
    expect(correction.version).toBe(2);
    expect(first.text).toBe('Bescheid');
    expect(currentNoticeVersion([first, correction])).toBe(correction);
    expect(currentNoticeVersion([correction, first])).toBe(correction);
    expect(currentNoticeVersion([])).toBeUndefined();
  });

  it('refuses a history of another case, a reused id, and a sealing time before the current version', () => {
    const base = { kind: 'approval' as const, text: 'x', pdf: pdfV2 };
    const cases: [Parameters<typeof recordNoticeVersion>[1], string][] = [
      [{ ...base, id: 'n-9', caseId: 'case-8', sealedAt: new Date('2025-03-12T00:00:00Z') }, 'another case'],
      [
        { ...base, id: 'n-1', caseId: 'case-7', sealedAt: new Date('2025-03-12T00:00:00Z') },
        'already exists',
      ],
      [
        { ...base, id: 'n-3', caseId: 'case-7', sealedAt: new Date('2025-03-01T00:00:00Z') },
        'sealed before version 1',
      ],
      [{ ...base, id: 'n-4', caseId: 'case-7', sealedAt: new Date('nonsense') }, 'invalid sealing time'],
    ];
    const history: NoticeVersion[] = [first];
    for (const [sealed, reason] of cases) {
      expect(() => recordNoticeVersion(history, sealed)).toThrow(
        expect.objectContaining({ code: 'notice-version-invalid', message: expect.stringContaining(reason) }),
      );
    }
  });
});
