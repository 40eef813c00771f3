import { describe, expect, it } from 'vitest';
import { latestOnly } from '../../../renderer/src/app/latest-only';

describe('latestOnly (the inbox asks for one new query at a time)', () => {
  it('starts at once when idle, folds requests made meanwhile into one, and runs it when done', () => {
    let current = 'Mü';
    const asked: string[] = [];
    const pending: (() => void)[] = [];
    const request = latestOnly((done) => {
      asked.push(current);
      pending.push(done);
    });

    request();
    expect(asked).toEqual(['Mü']);
    current = 'Mül';
    request();
    current = 'Müll';
    request();
    current = 'Mülle';
    request();
    expect(asked).toEqual(['Mü']);

    pending.shift()?.();
    expect(asked).toEqual(['Mü', 'Mülle']);
    pending.shift()?.();
    expect(asked).toEqual(['Mü', 'Mülle']);

    current = 'Müller';
    request();
    expect(asked).toEqual(['Mü', 'Mülle', 'Müller']);
  });
});
