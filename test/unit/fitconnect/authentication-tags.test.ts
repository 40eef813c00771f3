import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  authenticationTagsOf,
  compareAuthenticationTags,
} from '../../../main/fitconnect/authentication-tags';

const jwe = (tag: string) => `aGVhZGVy.a2V5.aXY.Y2lwaGVy.${tag}`;

describe('authentication tags', () => {
  it('collects the fifth segment of every part', () => {
    const id = randomUUID();
    expect(
      authenticationTagsOf({ metadata: jwe('M'), data: jwe('D'), attachments: new Map([[id, jwe('A')]]) }),
    ).toEqual({
      metadata: 'M',
      data: 'D',
      attachments: { [id]: 'A' },
    });
    expect(authenticationTagsOf({ metadata: jwe('M'), attachments: new Map() })).toEqual({
      metadata: 'M',
      attachments: {},
    });
  });

  it('finds no difference between equal sets', () => {
    const id = randomUUID();
    const tags = { metadata: 'M', data: 'D', attachments: { [id]: 'A' } };
    expect(compareAuthenticationTags(tags, { ...tags, attachments: { [id]: 'A' } })).toEqual([]);
  });

  it('reports every changed, missing and unexpected part', () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()].sort();
    const expected = { metadata: 'M', data: 'D', attachments: { [a as string]: 'A', [b as string]: 'B' } };
    const actual = { metadata: 'X', attachments: { [a as string]: 'A2', [c as string]: 'C' } };
    expect(compareAuthenticationTags(expected, actual)).toEqual([
      { part: 'metadata', reason: 'different' },
      { part: 'data', reason: 'missing' },
      { part: 'attachment', attachmentId: a, reason: 'different' },
      { part: 'attachment', attachmentId: b, reason: 'missing' },
      { part: 'attachment', attachmentId: c, reason: 'unexpected' },
    ]);
    expect(
      compareAuthenticationTags(
        { metadata: 'M', attachments: {} },
        { metadata: 'M', data: 'D', attachments: {} },
      ),
    ).toEqual([{ part: 'data', reason: 'unexpected' }]);
  });
});
