import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PROBLEM_TYPE_PREFIX,
  ProblemError,
  parseKnownProblem,
  parseRejectionProblem,
  REJECTION_PROBLEMS,
  type RejectionProblemName,
  rejectionProblem,
} from '../../../shared/fitconnect/problems';

describe('rejection problems', () => {
  it('builds type, title, detail and instance from the table', () => {
    const attachmentId = randomUUID();
    expect(
      rejectionProblem('hash-mismatch', { attachmentId }, 'Attachment hash differs from the metadata.'),
    ).toEqual({
      type: 'https://schema.fitko.de/fit-connect/events/problems/hash-mismatch',
      title: REJECTION_PROBLEMS['hash-mismatch'].title,
      detail: 'Attachment hash differs from the metadata.',
      instance: `attachment:${attachmentId}`,
    });
  });

  it('has a title and at least one instance kind for every entry, and every entry round-trips', () => {
    for (const name of Object.keys(REJECTION_PROBLEMS) as RejectionProblemName[]) {
      const entry = REJECTION_PROBLEMS[name];
      expect(entry.title.length).toBeGreaterThan(0);
      const kind = entry.instances[0];
      const instance = kind === 'attachment' ? { attachmentId: randomUUID() } : kind;
      const problem = rejectionProblem(name, instance ?? 'submission', 'd');
      expect(problem.type).toBe(PROBLEM_TYPE_PREFIX + name);
      expect(parseRejectionProblem(problem).name).toBe(name);
    }
  });

  it('refuses an instance the table does not allow', () => {
    expect(() => rejectionProblem('technical-error', 'metadata', 'd')).toThrow(ProblemError);
    expect(() => rejectionProblem('missing-attachment', 'data', 'd')).toThrow(ProblemError);
    expect(() => rejectionProblem('missing-attachment', { attachmentId: 'nope' }, 'd')).toThrow(ProblemError);
  });

  it('reads received problems strictly', () => {
    const base = { title: 't', instance: 'metadata' };
    expect(() => parseRejectionProblem({ ...base, type: 'https://example.org/schema-violation' })).toThrow(
      expect.objectContaining({ code: 'unknown-problem' }),
    );
    expect(() => parseRejectionProblem({ ...base, type: `${PROBLEM_TYPE_PREFIX}no-such-problem` })).toThrow(
      expect.objectContaining({ code: 'unknown-problem' }),
    );
    expect(() =>
      parseRejectionProblem({ ...base, type: `${PROBLEM_TYPE_PREFIX}missing-attachment` }),
    ).toThrow(expect.objectContaining({ code: 'instance-not-allowed' }));
    expect(parseRejectionProblem({ ...base, type: `${PROBLEM_TYPE_PREFIX}schema-violation` })).toEqual({
      name: 'schema-violation',
      instance: 'metadata',
    });
  });

  it('reads problems leniently for the delivery service: any known type with any well-formed instance', () => {
    const type = (name: string) => `${PROBLEM_TYPE_PREFIX}${name}`;
    const attachment = `attachment:${randomUUID()}`;
    for (const instance of ['metadata', 'data', 'submission', attachment]) {
      for (const name of Object.keys(REJECTION_PROBLEMS)) {
        expect(parseKnownProblem({ type: type(name), title: 't', instance })).toEqual({ name, instance });
      }
    }
    for (const instance of ['attachment:nope', 'attachment:', 'Data', 'anlage']) {
      expect(() => parseKnownProblem({ type: type('technical-error'), title: 't', instance })).toThrow(
        expect.objectContaining({ code: 'instance-not-allowed' }),
      );
    }
    expect(() => parseKnownProblem({ type: type('no-such-problem'), title: 't', instance: 'data' })).toThrow(
      expect.objectContaining({ code: 'unknown-problem' }),
    );
  });
});
