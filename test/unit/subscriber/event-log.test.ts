import type { KeyObject } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { CompactSign } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthenticationTags,
  type EventName,
  type EventPayload,
  signSet,
} from '../../../main/fitconnect/set';
import { buildReport } from '../../../main/fitconnect/subscriber/report';
import {
  checkEventLog,
  decisionOf,
  type TagEvidence,
  verifyEventLog,
} from '../../../main/fitconnect/subscriber/verify-event-log';
import { testKeyPair } from '../../support/platform-keys';

const SERVICE = 'https://submission-api.example';
const DESTINATION = randomUUID();
const CASE = randomUUID();
const SUBMISSION = randomUUID();
const ATTACHMENT = randomUUID();
const NOW = 1_750_000_000;
const TAGS: AuthenticationTags = {
  metadata: 'bWV0YQ',
  data: 'ZGF0YQ',
  attachments: { [ATTACHMENT]: 'YXR0YQ' },
};

let service: KeyObject;
let destination: KeyObject;
let stranger: KeyObject;
let servicePublic: KeyObject;
let destinationPublic: KeyObject;

beforeAll(async () => {
  const [s, d, x] = await Promise.all([testKeyPair(0), testKeyPair(1), testKeyPair(2)]);
  service = s.privateKey;
  servicePublic = s.publicKey;
  destination = d.privateKey;
  destinationPublic = d.publicKey;
  stranger = x.privateKey;
});

const resolveKey = ({ kid, issuer }: { kid: string; issuer: string }) => {
  if (issuer === SERVICE && kid === 'service') return servicePublic;
  if (issuer === DESTINATION && kid === 'destination') return destinationPublic;
  return undefined;
};

function token(
  event: EventName,
  options: {
    payload?: EventPayload;
    issuer?: string;
    key?: KeyObject;
    kid?: string;
    caseId?: string;
    iat?: number;
  } = {},
): Promise<string> {
  const issuer = options.issuer ?? SERVICE;
  return signSet(
    {
      issuer,
      submissionId: SUBMISSION,
      caseId: options.caseId ?? CASE,
      event,
      ...(options.payload ? { payload: options.payload } : {}),
      issuedAt: options.iat ?? NOW - 60,
    },
    {
      kid: options.kid ?? (issuer === SERVICE ? 'service' : 'destination'),
      key: options.key ?? (issuer === SERVICE ? service : destination),
    },
  );
}

async function judge(tokens: string[], evidence: TagEvidence = { actual: TAGS, unreadable: new Set() }) {
  const log = await verifyEventLog(tokens, CASE, resolveKey, { now: NOW, maxClockSkewSeconds: 60 });
  const findings = checkEventLog(log, SUBMISSION, SERVICE, evidence);
  const report = buildReport(findings.outcomes);
  return {
    log,
    findings,
    failing: report.checks.filter((c) => !c.passed).map((c) => c.check),
    problems: report.suggestedProblems.map((p) => `${p.type.split('/').at(-1)}@${p.instance}`),
    detail: (check: string) => report.checks.find((c) => c.check === check)?.detail ?? '',
    said: (check: string) => {
      const found = report.checks.find((c) => c.check === check);
      return { reason: found?.reason, params: found?.params };
    },
  };
}

describe('the event log checks', () => {
  it('pass for a correctly signed log whose tags match what was downloaded', async () => {
    const result = await judge([
      await token('create-submission'),
      await token('submit-submission', { payload: { authenticationTags: TAGS } }),
    ]);
    expect(result.failing).toEqual([]);
    expect(result.findings.submittedAt).toBe(NOW - 60);
    expect(result.said('events.signatures')).toEqual({ reason: 'events.all-verified', params: { count: 2 } });
    expect(result.said('events.submit')).toEqual({
      reason: 'events.submit-verified',
      params: { issuedAt: new Date((NOW - 60) * 1000).toISOString() },
    });
    expect(result.said('authentication-tags')).toEqual({ reason: 'tags.match', params: undefined });
  });

  it('refuse a submit-submission token with a bad signature', async () => {
    const result = await judge([
      await token('create-submission'),
      await token('submit-submission', { payload: { authenticationTags: TAGS }, key: stranger }),
    ]);
    expect(result.failing).toEqual(['events.signatures', 'events.submit']);
    expect(result.detail('events.signatures')).toMatch(/token 2 \(invalid-signature\)/);
    expect(result.said('events.signatures')).toEqual({
      reason: 'events.refused',
      params: { count: 1, total: 2, tokens: ['2 (invalid-signature)'] },
    });
    expect(result.said('events.submit').reason).toBe('events.submit-missing');
    expect(result.problems).toEqual(['invalid-event-log@submission']);
  });

  it('name every part whose tag differs from the submit-submission event (swapped parts)', async () => {
    const result = await judge([
      await token('submit-submission', {
        payload: {
          authenticationTags: { ...TAGS, data: 'b3RoZXI', attachments: { [ATTACHMENT]: 'c3dhcA' } },
        },
      }),
    ]);
    expect(result.failing).toEqual(['authentication-tags']);
    expect(result.said('authentication-tags')).toEqual({
      reason: 'tags.differ',
      params: { parts: ['data', ATTACHMENT] },
    });
    expect(result.problems).toEqual([
      'incorrect-authentication-tag@data',
      `incorrect-authentication-tag@attachment:${ATTACHMENT}`,
    ]);
  });

  it('ignore the tags of parts that could not be read (they fail their own checks)', async () => {
    const submit = await token('submit-submission', { payload: { authenticationTags: TAGS } });
    const result = await judge([submit], {
      actual: { metadata: TAGS.metadata, data: TAGS.data ?? '', attachments: {} },
      unreadable: new Set([ATTACHMENT]),
    });
    expect(result.failing).toEqual([]);
  });

  it('want the submit event from the delivery service, of this case, not from the future', async () => {
    const byDestination = await judge([
      await token('submit-submission', { payload: { authenticationTags: TAGS }, issuer: DESTINATION }),
    ]);
    expect(byDestination.failing).toEqual(['events.submit']);

    const otherCase = await judge([
      await token('submit-submission', { payload: { authenticationTags: TAGS }, caseId: randomUUID() }),
    ]);
    expect(otherCase.detail('events.signatures')).toMatch(/other-case/);

    const future = await judge([
      await token('submit-submission', { payload: { authenticationTags: TAGS }, iat: NOW + 3600 }),
    ]);
    expect(future.detail('events.signatures')).toMatch(/invalid-iat/);

    const twice = await judge([
      await token('submit-submission', { payload: { authenticationTags: TAGS } }),
      await token('submit-submission', { payload: { authenticationTags: TAGS } }),
    ]);
    expect(twice.detail('events.submit')).toMatch(/more than one/);
    expect(twice.said('events.submit').reason).toBe('events.submit-duplicate');

    const unknownIssuer = await judge([
      await token('submit-submission', {
        payload: { authenticationTags: TAGS },
        issuer: 'https://elsewhere.example',
        kid: 'service',
      }),
    ]);
    expect(unknownIssuer.detail('events.signatures')).toMatch(/unknown-key/);
  });

  it('report a submit-submission without authenticationTags', async () => {
    // Without `$schema` a SET may omit the payload its event needs; signSet always adds it, so built by hand.
    const claims = {
      jti: randomUUID(),
      iss: SERVICE,
      iat: NOW - 10,
      sub: `submission:${SUBMISSION}`,
      txn: `case:${CASE}`,
      events: { 'https://schema.fitko.de/fit-connect/events/submit-submission': {} },
    };
    const bare = await new CompactSign(Buffer.from(JSON.stringify(claims)))
      .setProtectedHeader({ typ: 'secevent+jwt', alg: 'PS512', kid: 'service' })
      .sign(service);
    const result = await judge([bare]);
    expect(result.failing).toEqual(['authentication-tags']);
    expect(result.problems).toEqual(['missing-authentication-tags@submission']);
    expect(result.said('authentication-tags').reason).toBe('tags.missing');
  });

  it('tell how a submission was decided', async () => {
    const log = await verifyEventLog(
      [
        await token('submit-submission', { payload: { authenticationTags: TAGS } }),
        await token('accept-submission', { payload: { authenticationTags: TAGS }, issuer: DESTINATION }),
        await token('delete-submission'),
      ],
      CASE,
      resolveKey,
      { now: NOW, maxClockSkewSeconds: 60 },
    );
    expect(decisionOf(log.events, SUBMISSION)).toEqual({ event: 'accept-submission', issuer: DESTINATION });
    expect(
      decisionOf(
        log.events.filter((e) => e.event !== 'accept-submission'),
        SUBMISSION,
      ),
    ).toBe('deleted');
    expect(decisionOf(log.events, randomUUID())).toBeUndefined();
  });
});
