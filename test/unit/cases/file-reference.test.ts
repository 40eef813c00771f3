import { describe, expect, it } from 'vitest';
import { formatFileReference, validateFileReferencePattern } from '../../../main/cases/file-reference';
import { daysLeft, pickupDeadline, processingDeadline } from '../../../shared/cases/deadlines';

describe('file references', () => {
  const values = { serviceCode: 'ANM', receivedAt: new Date('2026-03-04T10:00:00Z'), sequence: 42 };

  it.each([
    ['BS-{service}-{yyyy}-{seq:5}', 'BS-ANM-2026-00042'],
    ['{yy}{mm}.{seq:3}', '2603.042'],
    ['OA {seq}', 'OA 42'],
  ])('%s → %s', (pattern, expected) => {
    expect(formatFileReference(pattern, values)).toBe(expected);
  });

  it.each([
    ['BS-{service}-{yyyy}', 'needs a {seq}'],
    ['BS-{seq}-{unknown}', 'unknown placeholder'],
    ['BS/{seq}', 'slashes'],
    ['BS-{seq}\u0007', 'control characters'],
  ])('refuses %j', (pattern, message) => {
    expect(() => validateFileReferencePattern(pattern)).toThrow(message);
  });
});

describe('deadlines', () => {
  it('counts 14 days for FIT-Connect pickup and the service days after acceptance', () => {
    expect(pickupDeadline('2026-03-01T08:00:00.000Z')).toEqual({
      kind: 'fitconnect-pickup',
      at: '2026-03-15T08:00:00.000Z',
    });
    expect(processingDeadline('2026-03-01T08:00:00.000Z', 30).at).toBe('2026-03-31T08:00:00.000Z');
  });

  it('counts whole days left, negative when overdue', () => {
    const at = '2026-03-15T08:00:00.000Z';
    expect(daysLeft(at, new Date('2026-03-10T09:00:00Z'))).toBe(4);
    expect(daysLeft(at, new Date('2026-03-16T09:00:00Z'))).toBe(-2);
  });
});
