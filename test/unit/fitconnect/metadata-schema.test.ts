import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha512Hex } from '../../../main/fitconnect/hash';
import { metadataSchemaUri } from '../../../main/fitconnect/metadata';
import { parseMetadata, validateMetadata } from '../../../main/fitconnect/metadata-schema';

function metadata(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    contentStructure: {
      data: {
        hash: { type: 'sha512', content: sha512Hex('{}') },
        submissionSchema: {
          schemaUri: 'https://schemas.antragsdesk.example/x.schema.json',
          mimeType: 'application/json',
        },
      },
      attachments: [
        {
          attachmentId: randomUUID(),
          hash: { type: 'sha512', content: sha512Hex('pdf') },
          purpose: 'form',
          mimeType: 'application/pdf',
          filename: 'Antrag.pdf',
        },
      ],
    },
    publicServiceType: {
      name: 'Anmeldung einer Wohnung',
      identifier: 'urn:de:fim:leika:leistung:99115001000000',
    },
    ...extra,
  };
}

describe('metadata validation', () => {
  it('takes metadata without $schema as 1.0.0 against the official schema', () => {
    const result = validateMetadata(
      metadata({ replyChannel: { eMail: { address: 'juergen.weiss@example.org' } } }),
    );
    expect(result).toMatchObject({ ok: true, version: '1.0.0' });
  });

  it('validates 1.x with a BundID mailbox against the derived schema', () => {
    const value = metadata({
      $schema: metadataSchemaUri('1.2.0'),
      replyChannel: { idBundDeMailbox: { mailboxUuid: randomUUID() } },
    });
    expect(validateMetadata(value)).toMatchObject({ ok: true, version: '1.2.0' });
    const bad = metadata({
      $schema: metadataSchemaUri('1.2.0'),
      replyChannel: { idBundDeMailbox: { mailboxUuid: 'x' } },
    });
    expect(validateMetadata(bad)).toMatchObject({ ok: false, code: 'schema-violation' });
  });

  it('holds 1.0.0 to exactly one reply channel (it does not forbid unknown channel names)', () => {
    expect(
      validateMetadata(metadata({ replyChannel: { idBundDeMailbox: { mailboxUuid: randomUUID() } } })).ok,
    ).toBe(true);
    expect(
      validateMetadata(
        metadata({
          replyChannel: { eMail: { address: 'a@example.org' }, deMail: { address: 'b@example.org' } },
        }),
      ),
    ).toMatchObject({
      ok: false,
      code: 'schema-violation',
    });
  });

  it('reports violations by path and rule, without the offending values', () => {
    const value = metadata();
    const attachments = (value.contentStructure as { attachments: Record<string, unknown>[] }).attachments;
    attachments[0] = {
      ...attachments[0],
      purpose: 'Geheimer Zweck',
      hash: { type: 'sha512', content: 'Erika' },
    };
    const result = validateMetadata(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('schema-violation');
    expect(result.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        '/contentStructure/attachments/0/purpose',
        '/contentStructure/attachments/0/hash/content',
      ]),
    );
    expect(JSON.stringify(result.issues)).not.toMatch(/Erika|Geheimer/);
  });

  it('refuses unknown major versions and foreign $schema values as unsupported', () => {
    for (const $schema of [
      metadataSchemaUri('2.0.0'),
      metadataSchemaUri('0.9.0'),
      'https://example.org/metadata.json',
      7,
    ]) {
      expect(validateMetadata(metadata({ $schema }))).toMatchObject({
        ok: false,
        code: 'unsupported-schema',
      });
    }
  });

  it('requires contentStructure and an object', () => {
    expect(validateMetadata({})).toMatchObject({ ok: false, code: 'schema-violation' });
    expect(validateMetadata([])).toMatchObject({ ok: false, code: 'schema-violation' });
  });

  it('parses bytes: broken JSON or UTF-8 is a syntax violation', () => {
    expect(parseMetadata(Buffer.from(JSON.stringify(metadata())))).toMatchObject({ ok: true });
    expect(parseMetadata(Buffer.from('{"contentStructure":'))).toMatchObject({
      ok: false,
      code: 'syntax-violation',
    });
    expect(parseMetadata(Buffer.from([0x7b, 0xff, 0x7d]))).toMatchObject({
      ok: false,
      code: 'syntax-violation',
    });
  });
});
