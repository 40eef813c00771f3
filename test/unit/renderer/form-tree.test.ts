import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../shared/cases/types';
import { buildFormTree, type FormNode } from '../../../shared/forms/form-tree';

const words = {
  locale: 'de-DE',
  timeZone: 'Europe/Berlin',
  yes: 'Ja',
  no: 'Nein',
  empty: '–',
  item: (n: number) => `Eintrag ${n}`,
};

const find = (nodes: FormNode[], path: string): FormNode | undefined => {
  for (const node of nodes) {
    if (node.path === path) return node;
    if (node.kind === 'section') {
      const inner = find(node.children, path);
      if (inner) return inner;
    }
  }
  return undefined;
};

describe('buildFormTree with a schema', () => {
  const schema: JsonValue = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Antrag auf Wohngeld',
    type: 'object',
    properties: {
      antragsteller: { $ref: '#/$defs/person', title: 'Antragstellende Person' },
      haushaltsgroesse: { type: 'integer', title: 'Haushaltsgröße' },
      miete: { type: 'number', title: 'Monatliche Miete (EUR)' },
      einverstanden: { type: 'boolean', title: 'Einverständnis' },
      wohnart: {
        title: 'Wohnart',
        oneOf: [
          { const: 'miete', title: 'Mietwohnung' },
          { const: 'eigentum', title: 'Eigentum' },
        ],
      },
      familienstand: {
        type: 'string',
        title: 'Familienstand',
        enum: ['ledig', 'verheiratet'],
        'x-enum-labels': ['ledig', 'verheiratet / eingetragene Lebenspartnerschaft'],
      },
      bundesland: {
        type: 'string',
        title: 'Bundesland',
        enum: ['BE', 'HH'],
        'x-enum-labels': { BE: 'Berlin', HH: 'Hamburg' },
      },
      eingangAm: { type: 'string', format: 'date-time', title: 'Eingegangen am' },
      kinder: {
        type: 'array',
        title: 'Kinder',
        items: {
          type: 'object',
          properties: {
            vorname: { type: 'string', title: 'Vorname' },
            geburtsdatum: { type: 'string', format: 'date', title: 'Geburtsdatum' },
            anschrift: { $ref: '#/definitions/anschrift' },
          },
        },
      },
      telefon: { type: 'array', title: 'Telefonnummern', items: { type: 'string' } },
      ausstattung: {
        type: 'array',
        title: 'Ausstattung',
        items: { type: 'string', enum: ['bad', 'balkon'], 'x-enum-labels': ['Bad', 'Balkon'] },
      },
    },
    $defs: {
      person: {
        title: 'Person',
        type: 'object',
        allOf: [
          { properties: { vorname: { type: 'string', title: 'Vorname' } } },
          { properties: { nachname: { type: 'string', title: 'Nachname' } } },
        ],
        properties: { geburtsdatum: { type: 'string', format: 'date', title: 'Geburtsdatum' } },
      },
    },
    definitions: {
      anschrift: {
        title: 'Anschrift',
        type: 'object',
        properties: {
          strasse: { type: 'string', title: 'Straße' },
          plz: { type: 'string', title: 'PLZ' },
        },
      },
    },
  };

  const data: JsonValue = {
    bundesland: 'BE',
    antragsteller: { nachname: 'Muster', vorname: 'Erika', geburtsdatum: '1980-02-29' },
    haushaltsgroesse: 3,
    miete: 1234.5,
    einverstanden: true,
    wohnart: 'miete',
    familienstand: 'verheiratet',
    eingangAm: '2025-03-01T23:30:00Z',
    kinder: [
      { vorname: 'Max', geburtsdatum: '2015-06-01', anschrift: { strasse: 'Hauptstr. 1', plz: '10115' } },
      { vorname: 'Mia' },
    ],
    telefon: ['030 123', '0170 456'],
    ausstattung: ['balkon', 'keller'],
    zusatz: 'nicht im Schema',
  };

  const tree = buildFormTree(schema, data, words);

  it('takes the title from the schema', () => {
    expect(tree.title).toBe('Antrag auf Wohngeld');
  });

  it('orders fields as the schema does, unknown fields last, nothing hidden', () => {
    expect(tree.nodes.map((node) => node.label)).toEqual([
      'Antragstellende Person',
      'Haushaltsgröße',
      'Monatliche Miete (EUR)',
      'Einverständnis',
      'Wohnart',
      'Familienstand',
      'Bundesland',
      'Eingegangen am',
      'Kinder',
      'Telefonnummern',
      'Ausstattung',
      'zusatz',
    ]);
    expect(find(tree.nodes, '/zusatz')).toMatchObject({
      kind: 'field',
      value: { type: 'text', text: 'nicht im Schema' },
    });
  });

  it('renders a nested object ($ref, allOf merged) as a section with German titles', () => {
    const person = find(tree.nodes, '/antragsteller');
    expect(person?.kind).toBe('section');
    if (person?.kind !== 'section') return;
    expect(person.label).toBe('Antragstellende Person');
    expect(
      person.children.map((child) => [child.label, child.kind === 'field' ? child.value.text : null]),
    ).toEqual([
      ['Vorname', 'Erika'],
      ['Nachname', 'Muster'],
      ['Geburtsdatum', '29.02.1980'],
    ]);
  });

  it('formats numbers, booleans and date-times for de-DE', () => {
    expect(find(tree.nodes, '/haushaltsgroesse')).toMatchObject({ value: { type: 'number', text: '3' } });
    expect(find(tree.nodes, '/miete')).toMatchObject({ value: { type: 'number', text: '1.234,5' } });
    expect(find(tree.nodes, '/einverstanden')).toMatchObject({ value: { type: 'boolean', text: 'Ja' } });
    expect(find(tree.nodes, '/eingangAm')).toMatchObject({
      value: { type: 'date', text: '02.03.2025, 00:30' },
    });
  });

  it('shows enum labels from oneOf/const, x-enum-labels as array and as object', () => {
    expect(find(tree.nodes, '/wohnart')).toMatchObject({ value: { type: 'enum', text: 'Mietwohnung' } });
    expect(find(tree.nodes, '/familienstand')).toMatchObject({
      value: { type: 'enum', text: 'verheiratet / eingetragene Lebenspartnerschaft' },
    });
    expect(find(tree.nodes, '/bundesland')).toMatchObject({ value: { type: 'enum', text: 'Berlin' } });
  });

  it('renders arrays of objects as tables with nested objects flattened into labelled columns', () => {
    const table = find(tree.nodes, '/kinder');
    expect(table?.kind).toBe('table');
    if (table?.kind !== 'table') return;
    expect(table.columns.map((column) => column.label)).toEqual([
      'Vorname',
      'Geburtsdatum',
      'Anschrift › Straße',
      'Anschrift › PLZ',
    ]);
    expect(table.rows.map((row) => row.map((cell) => cell.text))).toEqual([
      ['Max', '01.06.2015', 'Hauptstr. 1', '10115'],
      ['Mia', '–', '–', '–'],
    ]);
    expect(table.rows[1]?.[1]?.type).toBe('empty');
  });

  it('renders arrays of scalars as lists, with labels where the item schema has them', () => {
    expect(find(tree.nodes, '/telefon')).toMatchObject({
      kind: 'list',
      items: [
        { type: 'text', text: '030 123' },
        { type: 'text', text: '0170 456' },
      ],
    });
    expect(find(tree.nodes, '/ausstattung')).toMatchObject({
      kind: 'list',
      items: [
        { type: 'enum', text: 'Balkon' },
        { type: 'text', text: 'keller' },
      ],
    });
  });

  it('shows booleans as Nein, null and empty strings as empty', () => {
    const small = buildFormTree(
      {
        type: 'object',
        properties: { a: { type: 'boolean', title: 'A' }, b: { title: 'B' }, c: { title: 'C' } },
      },
      { a: false, b: null, c: '' },
      words,
    );
    expect(small.nodes.map((node) => (node.kind === 'field' ? node.value : null))).toEqual([
      { type: 'boolean', text: 'Nein' },
      { type: 'empty', text: '–' },
      { type: 'empty', text: '–' },
    ]);
  });

  it('uses English words and formats when asked', () => {
    const english = buildFormTree(schema, data, { ...words, locale: 'en-GB', yes: 'Yes', no: 'No' });
    expect(find(english.nodes, '/miete')).toMatchObject({ value: { text: '1,234.5' } });
    expect(find(english.nodes, '/einverstanden')).toMatchObject({ value: { text: 'Yes' } });
  });
});

describe('buildFormTree edge cases', () => {
  it('without a schema renders a clean tree of the data itself', () => {
    const tree = buildFormTree(
      null,
      {
        name: 'Erika',
        geboren: '1980-02-29',
        zeitpunkt: '2025-03-01T09:05:00.000Z',
        betrag: 1500,
        ok: true,
        adresse: { ort: 'Berlin' },
        liste: [1, 2],
        zeilen: [{ a: 1 }, { b: 'x' }],
      },
      words,
    );
    expect(tree.title).toBeNull();
    expect(tree.nodes).toEqual([
      { kind: 'field', path: '/name', label: 'name', value: { type: 'text', text: 'Erika' } },
      { kind: 'field', path: '/geboren', label: 'geboren', value: { type: 'date', text: '29.02.1980' } },
      {
        kind: 'field',
        path: '/zeitpunkt',
        label: 'zeitpunkt',
        value: { type: 'date', text: '01.03.2025, 10:05' },
      },
      { kind: 'field', path: '/betrag', label: 'betrag', value: { type: 'number', text: '1.500' } },
      { kind: 'field', path: '/ok', label: 'ok', value: { type: 'boolean', text: 'Ja' } },
      {
        kind: 'section',
        path: '/adresse',
        label: 'adresse',
        children: [
          { kind: 'field', path: '/adresse/ort', label: 'ort', value: { type: 'text', text: 'Berlin' } },
        ],
      },
      {
        kind: 'list',
        path: '/liste',
        label: 'liste',
        items: [
          { type: 'number', text: '1' },
          { type: 'number', text: '2' },
        ],
      },
      {
        kind: 'table',
        path: '/zeilen',
        label: 'zeilen',
        columns: [
          { path: '/zeilen/*/a', label: 'a' },
          { path: '/zeilen/*/b', label: 'b' },
        ],
        rows: [
          [
            { type: 'number', text: '1' },
            { type: 'empty', text: '–' },
          ],
          [
            { type: 'empty', text: '–' },
            { type: 'text', text: 'x' },
          ],
        ],
      },
    ]);
  });

  it('with a schema, a date-like string without format: date stays text', () => {
    const tree = buildFormTree(
      { type: 'object', properties: { code: { type: 'string', title: 'Code' } } },
      { code: '2025-03-01' },
      words,
    );
    expect(tree.nodes[0]).toMatchObject({ value: { type: 'text', text: '2025-03-01' } });
  });

  it('an invalid date under format: date is shown as sent', () => {
    const tree = buildFormTree(
      { type: 'object', properties: { d: { type: 'string', format: 'date', title: 'D' } } },
      { d: '2025-02-30' },
      words,
    );
    expect(tree.nodes[0]).toMatchObject({ value: { type: 'text', text: '2025-02-30' } });
  });

  it('arrays of objects holding arrays become sections per entry', () => {
    const tree = buildFormTree(
      {
        type: 'object',
        properties: {
          personen: {
            title: 'Personen',
            type: 'array',
            items: { type: 'object', properties: { n: { title: 'Name' }, t: { title: 'Telefon' } } },
          },
        },
      },
      { personen: [{ n: 'A', t: ['1', '2'] }] },
      words,
    );
    expect(tree.nodes[0]).toEqual({
      kind: 'section',
      path: '/personen',
      label: 'Personen',
      children: [
        {
          kind: 'section',
          path: '/personen/0',
          label: 'Eintrag 1',
          children: [
            { kind: 'field', path: '/personen/0/n', label: 'Name', value: { type: 'text', text: 'A' } },
            {
              kind: 'list',
              path: '/personen/0/t',
              label: 'Telefon',
              items: [
                { type: 'text', text: '1' },
                { type: 'text', text: '2' },
              ],
            },
          ],
        },
      ],
    });
  });

  it('follows additionalProperties, tuple items and oneOf branch titles', () => {
    const tree = buildFormTree(
      {
        type: 'object',
        properties: {
          paar: {
            type: 'array',
            title: 'Paar',
            prefixItems: [{ title: 'x', format: 'date' }],
            items: { type: 'number' },
          },
          map: {
            type: 'object',
            title: 'Zuordnung',
            additionalProperties: { type: 'boolean', title: 'egal' },
          },
        },
        oneOf: [
          { properties: { firma: { title: 'Firmenname' } } },
          { properties: { person: { title: 'Person' } } },
        ],
      },
      { paar: ['2025-01-02', 3.5], map: { k: true }, firma: 'ACME' },
      words,
    );
    expect(tree.nodes).toEqual([
      {
        kind: 'list',
        path: '/paar',
        label: 'Paar',
        items: [
          { type: 'date', text: '02.01.2025' },
          { type: 'number', text: '3,5' },
        ],
      },
      {
        kind: 'section',
        path: '/map',
        label: 'Zuordnung',
        children: [{ kind: 'field', path: '/map/k', label: 'egal', value: { type: 'boolean', text: 'Ja' } }],
      },
      { kind: 'field', path: '/firma', label: 'Firmenname', value: { type: 'text', text: 'ACME' } },
    ]);
  });

  it('survives $ref cycles, unresolvable and external refs, and escapes odd keys in paths', () => {
    const tree = buildFormTree(
      {
        type: 'object',
        properties: {
          a: { $ref: '#/$defs/a' },
          b: { $ref: 'https://example.org/other.json#/x', title: 'B extern' },
          c: { $ref: '#/$defs/missing' },
          'x/y~z': { title: 'Schräg' },
        },
        $defs: { a: { $ref: '#/$defs/b' }, b: { $ref: '#/$defs/a' } },
      },
      { a: 1, b: 2, c: 3, 'x/y~z': 4 },
      words,
    );
    expect(tree.nodes.map((node) => [node.path, node.label])).toEqual([
      ['/a', 'a'],
      ['/b', 'B extern'],
      ['/c', 'c'],
      ['/x~1y~0z', 'Schräg'],
    ]);
  });

  it('renders data that disagrees with the schema by its own shape', () => {
    const tree = buildFormTree(
      {
        type: 'object',
        properties: { n: { type: 'object', title: 'N', properties: {} }, s: { type: 'string', title: 'S' } },
      },
      { n: 'text statt Objekt', s: { tief: true } },
      words,
    );
    expect(tree.nodes).toEqual([
      { kind: 'field', path: '/n', label: 'N', value: { type: 'text', text: 'text statt Objekt' } },
      {
        kind: 'section',
        path: '/s',
        label: 'S',
        children: [{ kind: 'field', path: '/s/tief', label: 'tief', value: { type: 'boolean', text: 'Ja' } }],
      },
    ]);
  });

  it('renders a root that is not an object as one node titled by the schema', () => {
    expect(buildFormTree({ title: 'Liste', type: 'array' }, ['a'], words)).toEqual({
      title: 'Liste',
      nodes: [{ kind: 'list', path: '', label: 'Liste', items: [{ type: 'text', text: 'a' }] }],
    });
    expect(buildFormTree(null, 42, words).nodes).toEqual([
      { kind: 'field', path: '', label: '', value: { type: 'number', text: '42' } },
    ]);
  });

  it('labels enum values of any JSON type and matches numbers to their labels', () => {
    const tree = buildFormTree(
      {
        type: 'object',
        properties: {
          stufe: { type: 'integer', title: 'Stufe', enum: [1, 2], 'x-enum-labels': ['niedrig', 'hoch'] },
          jaNein: {
            title: 'Antwort',
            oneOf: [
              { const: true, title: 'Zugestimmt' },
              { const: false, title: 'Abgelehnt' },
            ],
          },
        },
      },
      { stufe: 2, jaNein: false },
      words,
    );
    expect(tree.nodes.map((node) => (node.kind === 'field' ? node.value : null))).toEqual([
      { type: 'enum', text: 'hoch' },
      { type: 'enum', text: 'Abgelehnt' },
    ]);
  });
});
