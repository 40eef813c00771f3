import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha512Hex } from '../../../main/fitconnect/hash';
import type { Metadata } from '../../../main/fitconnect/metadata';
import { applicantNameOf, levelOfAssuranceOf } from '../../../main/fitconnect/subscriber/case-fields';
import { contentMatchesType } from '../../../main/fitconnect/subscriber/content-type';
import { DataSchemas } from '../../../main/fitconnect/subscriber/data-schemas';
import type { DecryptOutcome } from '../../../main/fitconnect/subscriber/decrypt-outcome';
import { VERIFICATION_REASONS } from '../../../main/fitconnect/subscriber/reasons';
import {
  buildReport,
  type CheckOutcome,
  fail,
  pass,
  problem,
} from '../../../main/fitconnect/subscriber/report';
import {
  type AttachmentFacts,
  checkAttachments,
} from '../../../main/fitconnect/subscriber/verify-attachments';
import { checkData } from '../../../main/fitconnect/subscriber/verify-data';
import { checkMetadata } from '../../../main/fitconnect/subscriber/verify-metadata';
import { catalog } from './fixtures';

const schemas = new DataSchemas(catalog);
const WOHNSITZ = catalog.entries.find((entry) => entry.id === 'wohnsitzanmeldung');
if (WOHNSITZ === undefined) throw new Error('catalog without wohnsitzanmeldung');
const PDF = Buffer.from('%PDF-1.7\n...');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

/** Every outcome gives a reason of the table, with exactly the parameters the table names for it. */
function expectReasoned(outcomes: readonly CheckOutcome[]) {
  for (const outcome of outcomes) {
    const declared = VERIFICATION_REASONS[outcome.reason as keyof typeof VERIFICATION_REASONS];
    expect(declared, `${outcome.check}: ${outcome.reason}`).toBeDefined();
    expect(Object.keys(outcome.params ?? {}).sort(), outcome.check).toEqual([...declared].sort());
  }
}

const reasonsOf = (outcomes: readonly CheckOutcome[]) => outcomes.map((o) => o.reason);

function summary(outcomes: CheckOutcome[]) {
  expectReasoned(outcomes);
  const report = buildReport(outcomes);
  return {
    passed: report.passed,
    failing: report.checks.filter((c) => !c.passed).map((c) => c.check),
    problems: report.suggestedProblems.map((p) => `${p.type.split('/').at(-1)}@${p.instance}`),
  };
}

function decrypted(bytes: Uint8Array, cty?: string): DecryptOutcome {
  return {
    ok: true,
    plaintext: bytes,
    header: { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'k', ...(cty === undefined ? {} : { cty }) },
  };
}

function metadataWithData(
  bytes: Uint8Array,
  mimeType: 'application/json' | 'application/xml',
  schemaUri: string,
): Metadata {
  return {
    contentStructure: {
      data: {
        hash: { type: 'sha512', content: sha512Hex(bytes) },
        submissionSchema: { schemaUri, mimeType },
      },
      attachments: [],
    },
  };
}

describe('the report', () => {
  it('passes only with checks that all passed and suggests each problem once', () => {
    expect(buildReport([]).passed).toBe(false);
    expect(
      buildReport([pass('a', { reason: 'data.schema-valid', params: { schemaUri: 'urn:s' } }, 'fine')]),
    ).toEqual({
      passed: true,
      checks: [
        {
          check: 'a',
          passed: true,
          reason: 'data.schema-valid',
          params: { schemaUri: 'urn:s' },
          detail: 'fine',
        },
      ],
      suggestedProblems: [],
      verdict: 'passed',
    });
    const report = buildReport([
      fail('x', { reason: 'tags.missing' }, 'first', problem('attachments-mismatch', 'submission')),
      fail(
        'y',
        { reason: 'data.hash-differs' },
        'second',
        problem('attachments-mismatch', 'submission'),
        problem('hash-mismatch', 'data'),
      ),
    ]);
    expect(report.suggestedProblems).toEqual([
      expect.objectContaining({
        title: 'Anlagen stimmen nicht überein',
        instance: 'submission',
        detail: 'first',
      }),
      expect.objectContaining({ type: 'https://schema.fitko.de/fit-connect/events/problems/hash-mismatch' }),
    ]);
    expect(report.verdict).toBe('failed');
  });

  it('waits for a person when a failure may come from local configuration, even beside others', () => {
    const definite = fail('y', { reason: 'data.hash-differs' }, 'hash', problem('hash-mismatch', 'data'));
    for (const local of [
      fail('d', { reason: 'decrypt.unknown-kid' }, 'kid', problem('encryption-issue', 'data')),
      fail('s', { reason: 'data.schema-unknown', params: { schemaUri: 'urn:s' } }, 'schema'),
      fail('e', { reason: 'events.issuer-unknown', params: { issuers: ['https://x'] } }, 'issuer'),
    ]) {
      expect(buildReport([local]).verdict).toBe('pending');
      expect(buildReport([definite, local]).verdict).toBe('pending');
    }
    expect(buildReport([definite]).verdict).toBe('failed');
  });
});

describe('the metadata checks', () => {
  it('report undecryptable, non-JSON and foreign-service metadata', () => {
    const undecryptable = checkMetadata({ ok: false, code: 'unknown-kid' }, 'x').outcomes;
    expect(summary(undecryptable)).toMatchObject({
      failing: ['metadata.decrypt'],
      problems: ['encryption-issue@metadata'],
    });
    expect(reasonsOf(undecryptable)).toEqual(['decrypt.unknown-kid']);
    const notJson = checkMetadata(decrypted(Buffer.from('{not json')), 'x').outcomes;
    expect(summary(notJson).problems).toEqual(['syntax-violation@metadata']);
    expect(reasonsOf(notJson)).toEqual(['metadata.decrypted', 'metadata.not-json']);
    const metadata = {
      contentStructure: { attachments: [] },
      publicServiceType: { identifier: 'urn:de:fim:leika:leistung:99050012104000' },
    };
    const findings = checkMetadata(
      decrypted(Buffer.from(JSON.stringify(metadata))),
      'urn:de:fim:leika:leistung:99115001007000',
    );
    expect(summary(findings.outcomes).problems).toEqual(['service-mismatch@metadata']);
    expect(findings.outcomes.slice(1)).toMatchObject([
      { reason: 'metadata.schema-valid', params: { version: '1.0.0' } },
      { reason: 'metadata.service-differs' },
    ]);
    expect(findings.document).toEqual(metadata);
  });

  it('name the paths and rules a schema violation breaks, and an unsupported version', () => {
    const invalid = checkMetadata(decrypted(Buffer.from('{"contentStructure":{}}')), 'x').outcomes;
    expect(summary(invalid).failing).toEqual(['metadata.schema']);
    expect(invalid[1]).toMatchObject({
      reason: 'metadata.schema-violated',
      params: { count: 1, issues: ['/contentStructure (required)'] },
    });
    const future = { $schema: 'https://schema.fitko.de/fit-connect/metadata/2.0.0/metadata.schema.json' };
    const unsupported = checkMetadata(decrypted(Buffer.from(JSON.stringify(future))), 'x').outcomes;
    expect(summary(unsupported).failing).toEqual(['metadata.schema']);
    expect(reasonsOf(unsupported)).toEqual(['metadata.decrypted', 'metadata.unsupported-version']);
  });
});

describe('the data checks', () => {
  const valid = Buffer.from('{}');

  it('wait for a person when the schema is not known locally (it may only be missing here)', () => {
    const bytes = Buffer.from('{"a":1}');
    const findings = checkData({
      metadata: metadataWithData(bytes, 'application/json', 'https://schemas.example/unknown.json'),
      data: decrypted(bytes, 'application/json'),
      schemas,
    });
    expect(summary(findings.outcomes)).toMatchObject({
      passed: false,
      problems: ['unsupported-schema@data'],
    });
    expect(findings.outcomes.at(-1)).toMatchObject({
      check: 'data.schema',
      passed: false,
      reason: 'data.schema-unknown',
    });
    expect(buildReport(findings.outcomes).verdict).toBe('pending');
    expect(findings.value).toEqual({ a: 1 });
  });

  it('catch data missing, undescribed, of another type or not well-formed', () => {
    const described = metadataWithData(valid, 'application/json', WOHNSITZ.schemaUri);
    expect(summary(checkData({ metadata: described, data: undefined, schemas }).outcomes).problems).toEqual([
      'technical-error@submission',
    ]);
    const undescribed: Metadata = { contentStructure: { attachments: [] } };
    expect(
      summary(checkData({ metadata: undescribed, data: decrypted(valid), schemas }).outcomes).problems,
    ).toEqual(['missing-schema@data']);
    expect(
      summary(checkData({ metadata: described, data: decrypted(valid, 'application/xml'), schemas }).outcomes)
        .problems,
    ).toEqual(['syntax-violation@data']);
    const xmlForJsonSchema = metadataWithData(valid, 'application/xml', WOHNSITZ.schemaUri);
    expect(
      summary(checkData({ metadata: xmlForJsonSchema, data: decrypted(valid), schemas }).outcomes).problems,
    ).toEqual(['unsupported-schema@data']);
    const broken = Buffer.from('{"a":');
    const brokenJson = metadataWithData(broken, 'application/json', WOHNSITZ.schemaUri);
    expect(
      summary(checkData({ metadata: brokenJson, data: decrypted(broken), schemas }).outcomes).failing,
    ).toEqual(['data.mime-type']);
  });

  it('validate against the local schema, naming paths but no values', () => {
    const bytes = Buffer.from(JSON.stringify({ einzugsdatum: 'Max Mustermann' }));
    const findings = checkData({
      metadata: metadataWithData(bytes, 'application/json', WOHNSITZ.schemaUri),
      data: decrypted(bytes),
      schemas,
    });
    const failed = findings.outcomes.find((o) => !o.passed);
    expect(failed?.check).toBe('data.schema');
    expect(failed?.detail).toMatch(/\/einzugsdatum \(format\)/);
    expect(failed?.detail).not.toMatch(/Mustermann/);
    expect(failed).toMatchObject({
      reason: 'data.schema-violated',
      params: {
        schemaUri: WOHNSITZ.schemaUri,
        count: 3,
        issues: expect.arrayContaining(['/einzugsdatum (format)']),
      },
    });
    expect(JSON.stringify(failed?.params)).not.toMatch(/Mustermann/);
  });
});

describe('the attachment checks', () => {
  const a = randomUUID();
  const b = randomUUID();
  const c = randomUUID();
  const described = (id: string, mimeType: string, bytes: Uint8Array) => ({
    attachmentId: id,
    hash: { type: 'sha512' as const, content: sha512Hex(bytes) },
    purpose: 'attachment' as const,
    mimeType,
  });
  const fact = (id: string, bytes: Uint8Array, contentType?: string): AttachmentFacts => ({
    attachmentId: id,
    decrypted: true,
    sha512: sha512Hex(bytes),
    size: bytes.length,
    head: bytes,
    contentType,
    tag: 'dGFn',
  });

  it('find missing and extra attachments, hash and type mismatches, and undecryptable ones', () => {
    const metadata: Metadata = {
      contentStructure: {
        attachments: [described(a, 'image/png', PDF), described(b, 'application/pdf', PDF)],
      },
    };
    const outcomes = checkAttachments(
      metadata,
      [a, c],
      [fact(a, PDF, 'image/png'), { attachmentId: c, decrypted: false, code: 'decryption-failed' }],
    );
    expect(summary(outcomes)).toEqual({
      passed: false,
      failing: ['attachments.complete', `attachment.mime-type:${a}`, `attachment.decrypt:${c}`],
      problems: [
        `missing-attachment@attachment:${b}`,
        'attachments-mismatch@submission',
        `encryption-issue@attachment:${c}`,
      ],
    });
    expect(reasonsOf(outcomes)).toEqual([
      'attachments.missing-and-extra',
      'attachment.decrypted',
      'attachment.hash-matches',
      'attachment.content-differs',
      'decrypt.decryption-failed',
    ]);
    expect(outcomes[0]?.params).toEqual({ missing: [b], extra: [c] });
    const hashed = checkAttachments(metadata, [a, b], [fact(a, PNG), fact(b, PDF, 'application/zip')]);
    expect(summary(hashed).failing).toEqual([`attachment.hash:${a}`, `attachment.mime-type:${b}`]);
    expect(hashed[0]).toMatchObject({ reason: 'attachments.complete', params: { count: 2 } });
    expect(hashed.find((o) => o.check === `attachment.mime-type:${b}`)).toMatchObject({
      reason: 'attachment.encrypted-as-other',
      params: { encryptedAs: 'application/zip', declared: 'application/pdf' },
    });
  });

  it('pass types it cannot judge by content, and judge only decryption without metadata', () => {
    const metadata: Metadata = { contentStructure: { attachments: [described(a, 'text/plain', PDF)] } };
    expect(summary(checkAttachments(metadata, [a], [fact(a, PDF)])).passed).toBe(true);
    expect(checkAttachments(undefined, [a], [fact(a, PDF)]).map((o) => o.check)).toEqual([
      `attachment.decrypt:${a}`,
    ]);
  });
});

describe('content types', () => {
  it('are judged by their first bytes where a rule exists', () => {
    expect(contentMatchesType('application/pdf', PDF)).toBe(true);
    expect(contentMatchesType('Application/PDF; charset=binary', PNG)).toBe(false);
    expect(contentMatchesType('image/png', PNG)).toBe(true);
    expect(contentMatchesType('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
    expect(contentMatchesType('application/json', Buffer.from('\ufeff  [1]'))).toBe(true);
    expect(contentMatchesType('application/xml', Buffer.from('  <?xml version="1.0"?>'))).toBe(true);
    expect(contentMatchesType('application/xml', Buffer.from('{}'))).toBe(false);
    expect(contentMatchesType('text/plain', PDF)).toBeUndefined();
    expect(contentMatchesType('constructor', PDF)).toBeUndefined();
  });
});

describe('case fields from the content', () => {
  it('find the applicant in the shapes of the demo services', () => {
    const name = { vornamen: 'Anna Maria', familienname: 'Beispiel' };
    expect(applicantNameOf({ antragsteller: { name } })).toBe('Anna Maria Beispiel');
    expect(applicantNameOf({ halter: { name: { ...name, doktorgrad: 'Dr.' } } })).toBe(
      'Dr. Anna Maria Beispiel',
    );
    expect(applicantNameOf({ personen: [{ name }, { name: { vornamen: 'B', familienname: 'C' } }] })).toBe(
      'Anna Maria Beispiel',
    );
    expect(applicantNameOf({ antragsteller: { art: 'unternehmen', firma: 'Beispiel GmbH', name } })).toBe(
      'Beispiel GmbH',
    );
    expect(applicantNameOf({ antragsteller: { vorname: 'Jo', nachname: 'Doe' } })).toBe('Jo Doe');
    expect(applicantNameOf({ hunde: [{ name: 'Bello' }] })).toBeUndefined();
    expect(applicantNameOf('text')).toBeUndefined();
  });

  it('read the level of assurance from the identification report', () => {
    const report = (content: object) => ({
      contentStructure: { attachments: [] },
      authenticationInformation: [
        {
          type: 'identificationReport' as const,
          version: '1.0.0',
          content: Buffer.from(JSON.stringify(content)).toString('base64url'),
        },
      ],
    });
    expect(levelOfAssuranceOf(report({ assuranceLevel: 'high' }))).toBe('high');
    expect(levelOfAssuranceOf(report({ levelOfAssurance: 'http://eidas.europa.eu/LoA/substantial' }))).toBe(
      'substantial',
    );
    const jws = `eyJhbGciOiJub25lIn0.${Buffer.from('{"loa":"low"}').toString('base64url')}.c2ln`;
    expect(
      levelOfAssuranceOf({
        contentStructure: { attachments: [] },
        authenticationInformation: [{ type: 'identificationReport', version: '1.0.0', content: jws }],
      }),
    ).toBe('low');
    expect(levelOfAssuranceOf(report({}))).toBeNull();
    expect(levelOfAssuranceOf(undefined)).toBeNull();
  });
});
