import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandoverError } from '../../../main/handover/errors';
import {
  parseMapping,
  parseMappingText,
  readMappingDirectory,
  readMappingFile,
} from '../../../main/handover/mapping/load';
import { caught, GEWERBE, MAPPINGS_DIR, makeTempDir } from './support';

const valid = {
  service: GEWERBE,
  format: 'json',
  fields: [{ target: 'betrieb.name', source: '/betrieb/name', required: true }],
};

function invalid(value: unknown): Promise<HandoverError> {
  return caught(() => parseMapping(value, 'broken.json')).then((error) => {
    expect(error).toBeInstanceOf(HandoverError);
    expect((error as HandoverError).code).toBe('mapping-invalid');
    return error as HandoverError;
  });
}

function withField(field: Record<string, unknown>): unknown {
  return { ...valid, fields: [field] };
}

describe('loading mappings', () => {
  it('loads the six example mappings of the demo services, one per service', async () => {
    const mappings = await readMappingDirectory(MAPPINGS_DIR);
    const index = JSON.parse(await readFile(join(MAPPINGS_DIR, '../services/index.json'), 'utf8')) as {
      services: { identifier: string }[];
    };
    expect([...mappings.keys()].sort()).toEqual(index.services.map((service) => service.identifier).sort());
    const gewerbe = mappings.get(GEWERBE);
    // A bare LeiKa id in the file is expanded to the URN.
    expect(gewerbe?.service).toBe(GEWERBE);
    expect(gewerbe?.format).toBe('xml');
  });

  it('compiles sources and targets', () => {
    const mapping = parseMapping(
      {
        service: '99050012104000',
        format: 'xml',
        root: 'Antrag',
        fields: [
          { target: 'a.b', source: '/x~1y/z~0' },
          { target: 'a.c', source: '$meta/publicServiceType/name' },
          { target: 'd', source: '$case/fileReference', required: true },
          { target: 'e', transform: { kind: 'constant', value: 7 } },
        ],
      },
      'ok.json',
    );
    expect(mapping.format === 'xml' && mapping.root).toBe('Antrag');
    expect(mapping.fields.map((field) => field.source)).toEqual([
      { from: 'data', pointer: ['x/y', 'z~'] },
      { from: 'metadata', pointer: ['publicServiceType', 'name'] },
      { from: 'case', field: 'fileReference' },
      undefined,
    ]);
    expect(mapping.fields.map((field) => field.required)).toEqual([false, false, true, false]);
    expect(mapping.fields[0]?.path).toEqual(['a', 'b']);
  });

  it('reports wrong types with the path into the file', async () => {
    const error = await invalid({
      service: 42,
      format: 'json',
      fields: [{ target: 'a', source: '/a', required: 'yes' }],
    });
    expect(error.details.issues).toEqual(
      expect.arrayContaining([
        { path: '/service', message: 'must be string' },
        { path: '/fields/0/required', message: 'must be boolean' },
      ]),
    );
    expect(error.message).toContain('mapping broken.json');
    expect(error.message).toContain('/fields/0/required: must be boolean');
  });

  it('reports missing and unknown properties and a wrong format', async () => {
    const error = await invalid({ service: GEWERBE, format: 'csv', feilds: [] });
    expect(error.details.issues).toEqual(
      expect.arrayContaining([
        { path: '/fields', message: 'is required' },
        { path: '/', message: 'unknown property "feilds"' },
        { path: '/format', message: 'must be one of "json", "xml"' },
      ]),
    );
  });

  it('names an unknown transform and the known ones', async () => {
    const error = await invalid(withField({ target: 'a', source: '/a', transform: { kind: 'lower' } }));
    expect(error.details.issues).toEqual([
      {
        path: '/fields/0/transform/kind',
        message:
          'unknown transform "lower" (expected one of "date", "splitName", "codeList", "upper", "constant")',
      },
    ]);
  });

  it('checks the parameters of a known transform', async () => {
    const error = await invalid(
      withField({
        target: 'a',
        source: '/a',
        transform: { kind: 'date', from: 'us', to: 'dd.MM.yyyy', extra: 1 },
      }),
    );
    expect(error.details.issues).toEqual(
      expect.arrayContaining([
        { path: '/fields/0/transform/from', message: 'must be one of "iso", "dd.MM.yyyy"' },
        { path: '/fields/0/transform', message: 'unknown property "extra"' },
      ]),
    );
  });

  it.each([
    ['antragsteller/name', 'must be a JSON Pointer starting with "/"'],
    ['/a//b', 'must not contain an empty segment'],
    ['/a/~2', 'may use "~" only in the escapes'],
    ['$case/applicantName', '"$case/" must be followed by one of caseId, fileReference'],
    ['$meta', 'must be a JSON Pointer starting with "/"'],
  ])('refuses the bad source pointer %s', async (source, reason) => {
    const error = await invalid(withField({ target: 'a', source }));
    expect(error.details.issues).toHaveLength(1);
    expect(error.details.issues?.[0]?.path).toBe('/fields/0/source');
    expect(error.details.issues?.[0]?.message).toContain(reason);
  });

  it.each([
    ['1st.name', 'segment "1st"'],
    ['a..b', 'segment ""'],
    ['xmlData', 'segment "xmlData"'],
    ['ns:name', 'segment "ns:name"'],
    ['a b', 'segment "a b"'],
  ])('refuses the target %s, which is no XML element path', async (target, reason) => {
    const error = await invalid(withField({ target, source: '/a' }));
    expect(error.details.issues?.[0]).toEqual({
      path: '/fields/0/target',
      message: `${reason} is not a valid XML element name`,
    });
  });

  it('refuses duplicate targets and a value with fields below it', async () => {
    const error = await invalid({
      ...valid,
      fields: [
        { target: 'a.b', source: '/x' },
        { target: 'a.b', source: '/y' },
        { target: 'a', source: '/z' },
        { target: 'c', source: '/z' },
        { target: 'c.d', source: '/z' },
      ],
    });
    expect(error.details.issues).toEqual([
      { path: '/fields/1/target', message: 'is already mapped by field 0' },
      { path: '/fields/2/target', message: 'is a group of other fields (field 0) and cannot hold a value' },
      { path: '/fields/4/target', message: 'cannot go below "c", which holds a value (field 3)' },
    ]);
  });

  it('requires a source except for constants, and none for constants', async () => {
    const error = await invalid({
      ...valid,
      fields: [{ target: 'a' }, { target: 'b', source: '/b', transform: { kind: 'constant', value: 'x' } }],
    });
    expect(error.details.issues).toEqual([
      { path: '/fields/0/source', message: 'is required (only a constant has no source)' },
      { path: '/fields/1/source', message: 'must be left out: a constant has no source' },
    ]);
  });

  it('checks the service, the XML root and date patterns', async () => {
    const error = await invalid({
      service: 'Gewerbeanmeldung',
      format: 'xml',
      root: '1Antrag',
      fields: [
        { target: 'a', source: '/a', transform: { kind: 'date', from: 'iso', to: 'dd.MM.yy' } },
        { target: 'b', source: '/b', transform: { kind: 'date', from: 'iso', to: 'dd.MM' } },
      ],
    });
    expect(error.details.issues).toEqual([
      { path: '/service', message: 'must be a URN or a 14-digit LeiKa id' },
      { path: '/root', message: '"1Antrag" is not a valid XML element name' },
      {
        path: '/fields/0/transform/to',
        message: 'must be "iso" or built from yyyy, MM, dd and the separators . - / and space',
      },
      { path: '/fields/1/transform/to', message: 'must contain yyyy exactly once' },
    ]);
    const noRoot = await invalid({ ...valid, format: 'xml' });
    expect(noRoot.details.issues).toEqual([{ path: '/root', message: 'is required' }]);
  });

  it('reports a file that is not JSON, and a second mapping for the same service', async () => {
    const error = (await caught(() => parseMappingText('{ "service": ', 'cut.json'))) as HandoverError;
    expect(error.code).toBe('mapping-invalid');
    expect(error.message).toBe('The field mapping is invalid. [mapping cut.json; /: is not valid JSON]');

    const { dir, cleanup } = await makeTempDir();
    try {
      await writeFile(join(dir, 'a.json'), JSON.stringify(valid));
      await writeFile(join(dir, 'b.json'), JSON.stringify({ ...valid, service: '99050012104000' }));
      expect((await readMappingFile(join(dir, 'a.json'))).origin).toBe('a.json');
      const duplicate = (await caught(() => readMappingDirectory(dir))) as HandoverError;
      expect(duplicate.code).toBe('mapping-invalid');
      expect(duplicate.message).toContain('mapping b.json; /service: is already mapped by a.json');
    } finally {
      await cleanup();
    }
  });
});

describe('the mapping schema file', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => {
    await cleanup();
  });

  it('is what the example files point editors at', async () => {
    for (const name of ['gewerbeanmeldung.json', 'wohnsitzanmeldung.json']) {
      const file = JSON.parse(await readFile(join(MAPPINGS_DIR, name), 'utf8')) as { $schema: string };
      expect(file.$schema).toBe('./mapping.schema.json');
    }
    // The schema file itself is skipped when a folder is read.
    await writeFile(
      join(dir, 'mapping.schema.json'),
      await readFile(join(MAPPINGS_DIR, 'mapping.schema.json')),
    );
    expect((await readMappingDirectory(dir)).size).toBe(0);
  });
});
