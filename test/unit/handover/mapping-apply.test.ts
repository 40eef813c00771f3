import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HandoverError } from '../../../main/handover/errors';
import { dryRun } from '../../../main/handover/handover';
import { applyMapping } from '../../../main/handover/mapping/apply';
import { parseMapping, readMappingDirectory, serviceUrn } from '../../../main/handover/mapping/load';
import type { Transform } from '../../../main/handover/mapping/model';
import { createRandom } from '../../../platform/random';
import { GENERATORS } from '../../../platform/sender/services';
import { SERVICE_IDS, serviceEntry } from '../../../platform/services';
import { caught, GEWERBE, gewerbeCase, gewerbeData, jsonMapping, MAPPINGS_DIR } from './support';

/** The value one transform makes of one form value (the field is optional, so failures become problems). */
function transformed(value: unknown, transform: Transform) {
  const result = applyMapping(
    gewerbeCase({ data: { value } }),
    jsonMapping([{ target: 'out', source: '/value', transform }]),
  );
  return result.problems.length > 0 ? { problem: result.problems[0]?.reason } : { value: result.fields.out };
}

describe('transforms', () => {
  it('date: reformats ISO and German dates and refuses impossible ones', () => {
    const toGerman: Transform = { kind: 'date', from: 'iso', to: 'dd.MM.yyyy' };
    expect(transformed('2024-02-29', toGerman)).toEqual({ value: '29.02.2024' });
    expect(transformed('2025-02-29', toGerman)).toEqual({ problem: 'invalid-date' });
    expect(transformed('2025-13-01', toGerman)).toEqual({ problem: 'invalid-date' });
    expect(transformed('01.04.2025', toGerman)).toEqual({ problem: 'invalid-date' });
    expect(transformed(20250401, toGerman)).toEqual({ problem: 'invalid-date' });
    expect(transformed('1.4.2025', { kind: 'date', from: 'dd.MM.yyyy', to: 'iso' })).toEqual({
      value: '2025-04-01',
    });
    expect(transformed('31.04.2025', { kind: 'date', from: 'dd.MM.yyyy', to: 'iso' })).toEqual({
      problem: 'invalid-date',
    });
    expect(transformed('2025-04-01', { kind: 'date', from: 'iso', to: 'yyyyMMdd' })).toEqual({
      value: '20250401',
    });
  });

  it('date: reads a timestamp with a zone as the date in Germany, one without as written', () => {
    const toGerman: Transform = { kind: 'date', from: 'iso', to: 'dd.MM.yyyy' };
    // 22:30 UTC on 31 March (summer time) is 00:30 on 1 April in Germany; 22:30 UTC on 31 January is 23:30.
    expect(transformed('2025-03-31T22:30:00.000Z', toGerman)).toEqual({ value: '01.04.2025' });
    expect(transformed('2025-01-31T22:30:00Z', toGerman)).toEqual({ value: '31.01.2025' });
    expect(transformed('2025-03-31T23:30:00+02:00', toGerman)).toEqual({ value: '31.03.2025' });
    expect(transformed('2025-03-31T23:30:00', toGerman)).toEqual({ value: '31.03.2025' });
  });

  it('splitName: given and family name, with particles and the comma form', () => {
    const given: Transform = { kind: 'splitName', part: 'given' };
    const family: Transform = { kind: 'splitName', part: 'family' };
    expect(transformed('Erika Mustermann', given)).toEqual({ value: 'Erika' });
    expect(transformed('Erika Mustermann', family)).toEqual({ value: 'Mustermann' });
    expect(transformed('  Anna   Maria Schmidt ', given)).toEqual({ value: 'Anna Maria' });
    expect(transformed('Karl-Theodor zu Guttenberg', family)).toEqual({ value: 'zu Guttenberg' });
    expect(transformed('Maria de la Cruz', family)).toEqual({ value: 'de la Cruz' });
    expect(transformed('Mustermann, Erika', given)).toEqual({ value: 'Erika' });
    expect(transformed('Mustermann, Erika', family)).toEqual({ value: 'Mustermann' });
    expect(transformed('Cher', family)).toEqual({ value: 'Cher' });
    expect(transformed('Cher', given)).toEqual({ problem: 'missing' });
    expect(transformed(42, given)).toEqual({ problem: 'not-text' });
  });

  it('codeList: maps, falls back to the default, or reports an unknown code', () => {
    const withDefault: Transform = { kind: 'codeList', map: { gmbh: 'GMBH', true: 'J' }, default: 'SONST' };
    const strict: Transform = { kind: 'codeList', map: { gmbh: '01' } };
    expect(transformed('gmbh', withDefault)).toEqual({ value: 'GMBH' });
    expect(transformed(true, withDefault)).toEqual({ value: 'J' });
    expect(transformed('ag', withDefault)).toEqual({ value: 'SONST' });
    expect(transformed('ag', strict)).toEqual({ problem: 'unknown-code' });
    // Only the map's own keys count, not inherited ones.
    expect(transformed('toString', strict)).toEqual({ problem: 'unknown-code' });
    expect(transformed(12, { kind: 'codeList', map: { '12': 7 } })).toEqual({ value: 7 });
  });

  it('upper: German upper case', () => {
    expect(transformed('Müller-Straß', { kind: 'upper' })).toEqual({ value: 'MÜLLER-STRASS' });
    expect(transformed(7, { kind: 'upper' })).toEqual({ value: '7' });
  });

  it('constant: the mapping value, whatever the form says', () => {
    const result = applyMapping(
      gewerbeCase(),
      jsonMapping([
        { target: 'a', transform: { kind: 'constant', value: 'GewA1' } },
        { target: 'b', transform: { kind: 'constant', value: false } },
      ]),
    );
    expect(result.fields).toEqual({ a: 'GewA1', b: false });
  });
});

describe('applying a mapping', () => {
  it('reads the form data, the metadata and the case, keeping value types', () => {
    const handoverCase = gewerbeCase();
    const { fields, problems } = applyMapping(
      handoverCase,
      jsonMapping([
        { target: 'betrieb.name', source: '/betrieb/name', required: true },
        { target: 'betrieb.vollzeit', source: '/betrieb/beschaeftigte/vollzeit' },
        { target: 'betrieb.nebenerwerb', source: '/betrieb/nebenerwerb' },
        { target: 'person.vorname', source: '/personen/0/name/vornamen' },
        { target: 'zahlung.betrag', source: '$meta/paymentInformation/grossAmount' },
        { target: 'vorgang.aktenzeichen', source: '$case/fileReference', required: true },
        { target: 'vorgang.id', source: '$case/caseId' },
      ]),
    );
    expect(problems).toEqual([]);
    expect(fields).toEqual({
      betrieb: { name: 'Bäckerei Müller & Söhne <GmbH>', vollzeit: 3, nebenerwerb: false },
      person: { vorname: 'Jördis' },
      zahlung: { betrag: 26 },
      vorgang: { aktenzeichen: '32.10-2025/0042', id: handoverCase.caseId },
    });
  });

  it('leaves out optional fields without value and lists them as problems', () => {
    const { fields, problems } = applyMapping(
      gewerbeCase({ fileReference: null }),
      jsonMapping([
        { target: 'a', source: '/kontakt/telefon' },
        { target: 'b', source: '/betrieb/beschaeftigte' },
        { target: 'c', source: '/personen/0/staatsangehoerigkeiten' },
        { target: 'd', source: '$case/fileReference' },
        { target: 'e', source: '/personen/7/name' },
        { target: 'f', source: '/personen/x' },
        { target: 'g', source: '/betrieb/name' },
      ]),
    );
    expect(fields).toEqual({ g: 'Bäckerei Müller & Söhne <GmbH>' });
    expect(problems).toEqual([
      { target: 'a', source: '/kontakt/telefon', reason: 'missing' },
      { target: 'b', source: '/betrieb/beschaeftigte', reason: 'not-scalar' },
      { target: 'c', source: '/personen/0/staatsangehoerigkeiten', reason: 'not-scalar' },
      { target: 'd', source: '$case/fileReference', reason: 'missing' },
      { target: 'e', source: '/personen/7/name', reason: 'missing' },
      { target: 'f', source: '/personen/x', reason: 'missing' },
    ]);
  });

  it('fails on every required field without value, naming target, source and case, never a value', async () => {
    const handoverCase = gewerbeCase({
      data: { ...gewerbeData(), kontakt: {}, betrieb: { name: 'Bäckerei Müller', beginn: 'bald' } },
    });
    const error = (await caught(() =>
      applyMapping(
        handoverCase,
        jsonMapping(
          [
            { target: 'betrieb.name', source: '/betrieb/name', required: true },
            { target: 'kontakt.telefon', source: '/kontakt/telefon', required: true },
            {
              target: 'betrieb.beginn',
              source: '/betrieb/beginn',
              transform: { kind: 'date', from: 'iso', to: 'dd.MM.yyyy' },
              required: true,
            },
          ],
          'gewerbe.json',
        ),
      ),
    )) as HandoverError;
    expect(error).toBeInstanceOf(HandoverError);
    expect(error.code).toBe('mapping-missing-field');
    expect(error.caseId).toBe(handoverCase.caseId);
    expect(error.details.fields).toEqual([
      { target: 'kontakt.telefon', source: '/kontakt/telefon', reason: 'missing' },
      { target: 'betrieb.beginn', source: '/betrieb/beginn', reason: 'invalid-date' },
    ]);
    expect(error.message).toBe(
      'A field the specialist procedure requires has no usable value in the application. ' +
        `[case ${handoverCase.caseId}; mapping gewerbe.json; kontakt.telefon from /kontakt/telefon: missing; ` +
        'betrieb.beginn from /betrieb/beginn: invalid-date]',
    );
    expect(error.message).not.toContain('bald');
    expect(error.message).not.toContain('Müller');
  });

  it('refuses a mapping for another service', async () => {
    const error = (await caught(() =>
      applyMapping(
        gewerbeCase({ serviceIdentifier: 'urn:de:fim:leika:leistung:99115001007000' }),
        jsonMapping([{ target: 'a', source: '/anlass' }]),
      ),
    )) as HandoverError;
    expect(error.code).toBe('mapping-service-mismatch');
    expect(error.message).toContain('mapping for urn:de:fim:leika:leistung:99050012104000');
  });

  it('reads JSON data given as text', () => {
    const { fields } = applyMapping(
      gewerbeCase({ data: JSON.stringify(gewerbeData()) }),
      jsonMapping([{ target: 'a', source: '/betrieb/rechtsform' }]),
    );
    expect(fields).toEqual({ a: 'gmbh' });
  });

  it('reads XML data through the same pointers: elements, repeats, attributes, namespaces', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <g:Antrag xmlns:g="urn:example:gewerbe" version="2">
        <g:Betrieb><g:Name>Bäckerei &amp; Café</g:Name><g:Beginn>2025-04-01</g:Beginn></g:Betrieb>
        <g:Person rolle="inhaber"><g:Name>Erika Mustermann</g:Name></g:Person>
        <g:Person rolle="prokurist">Text<g:Name><![CDATA[Max <Muster>]]></g:Name></g:Person>
        <__proto__>kein Prototyp</__proto__>
      </g:Antrag>`;
    const { fields, problems } = applyMapping(
      gewerbeCase({ data: xml, dataMimeType: 'application/xml' }),
      jsonMapping([
        { target: 'name', source: '/Antrag/Betrieb/Name' },
        {
          target: 'beginn',
          source: '/Antrag/Betrieb/Beginn',
          transform: { kind: 'date', from: 'iso', to: 'dd.MM.yyyy' },
        },
        { target: 'version', source: '/Antrag/@version' },
        {
          target: 'inhaber',
          source: '/Antrag/Person/0/Name',
          transform: { kind: 'splitName', part: 'family' },
        },
        { target: 'rolle', source: '/Antrag/Person/1/@rolle' },
        { target: 'text', source: '/Antrag/Person/1/#text' },
        { target: 'prokurist', source: '/Antrag/Person/1/Name' },
        { target: 'proto', source: '/Antrag/__proto__' },
      ]),
    );
    expect(problems).toEqual([]);
    expect(fields).toEqual({
      name: 'Bäckerei & Café',
      beginn: '01.04.2025',
      version: '2',
      inhaber: 'Mustermann',
      rolle: 'prokurist',
      text: 'Text',
      prokurist: 'Max <Muster>',
      proto: 'kein Prototyp',
    });
  });

  it('refuses XML with entity declarations and broken data, without quoting it', async () => {
    const bomb = '<!DOCTYPE a [<!ENTITY x "Erika Mustermann">]><a><b>&x;</b></a>';
    for (const [data, dataMimeType] of [
      [bomb, 'application/xml'],
      ['<a><b>Erika</a>', 'text/xml'],
      ['{"name": "Erika"', 'application/json'],
      ['Erika', 'text/plain'],
    ] as const) {
      const handoverCase = gewerbeCase({ data, dataMimeType });
      const error = (await caught(() =>
        applyMapping(handoverCase, jsonMapping([{ target: 'a', source: '/a/b' }])),
      )) as HandoverError;
      expect(error.code).toBe('data-unreadable');
      expect(error.message).not.toContain('Erika');
      expect(error.cause).toBeUndefined();
    }
    // A mapping that reads no form data does not need readable data.
    const onlyCase = applyMapping(
      gewerbeCase({ data: bomb, dataMimeType: 'application/xml' }),
      jsonMapping([{ target: 'a', source: '$case/caseId' }]),
    );
    expect(onlyCase.problems).toEqual([]);
  });

  it('treats __proto__ in targets and sources as plain names', () => {
    const { fields } = applyMapping(
      gewerbeCase({ data: JSON.parse('{"__proto__": {"x": "y"}}') }),
      jsonMapping([
        { target: '__proto__.x', source: '/__proto__/x' },
        { target: 'polluted', source: '/constructor' },
      ]),
    );
    expect(JSON.stringify(fields)).toBe('{"__proto__":{"x":"y"}}');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('the record document', () => {
  it('JSON: the mapped fields, pretty-printed', () => {
    const record = dryRun(
      gewerbeCase(),
      jsonMapping([
        { target: 'betrieb.name', source: '/betrieb/name' },
        { target: 'betrieb.vollzeit', source: '/betrieb/beschaeftigte/vollzeit' },
      ]),
    );
    expect(record.document.fileName).toBe('record.json');
    expect(record.document.mimeType).toBe('application/json');
    expect(JSON.parse(record.document.text)).toEqual(record.fields);
    expect(record.document.text).toBe(`${JSON.stringify(record.fields, null, 2)}\n`);
  });

  it('XML: escaped, characters XML 1.0 forbids removed, well-formed for xmllint', () => {
    const hostile = 'A & B <c> "d" \'e\'\u0000\u0008\u000b\u001f\ud800 \u202e\r\nZ';
    const mapping = parseMapping(
      {
        service: GEWERBE,
        format: 'xml',
        root: 'Gewerbeanzeige',
        fields: [
          { target: 'betrieb.name', source: '/betrieb/name' },
          { target: 'betrieb.vollzeit', source: '/betrieb/beschaeftigte/vollzeit' },
          { target: 'betrieb.nebenerwerb', source: '/betrieb/nebenerwerb' },
          { target: 'größe', transform: { kind: 'constant', value: 'ü' } },
        ],
      },
      'xml.json',
    );
    const data = gewerbeData();
    (data.betrieb as Record<string, unknown>).name = hostile;
    const record = dryRun(gewerbeCase({ data }), mapping);
    expect(record.document).toMatchObject({ fileName: 'record.xml', mimeType: 'application/xml' });
    expect(record.document.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<Gewerbeanzeige>\n' +
        '  <betrieb>\n' +
        '    <name>A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos; \u202e&#xD;\nZ</name>\n' +
        '    <vollzeit>3</vollzeit>\n' +
        '    <nebenerwerb>false</nebenerwerb>\n' +
        '  </betrieb>\n' +
        '  <größe>ü</größe>\n' +
        '</Gewerbeanzeige>\n',
    );
    const lint = spawnSync('xmllint', ['--noout', '-'], { input: record.document.text });
    expect(lint.error).toBeUndefined();
    expect(lint.stderr.toString()).toBe('');
    expect(lint.status).toBe(0);
  });
});

describe('the example mappings with the demo services', () => {
  it('map generated applications of every demo service without a missing required field', async () => {
    const mappings = await readMappingDirectory(MAPPINGS_DIR);
    for (const id of SERVICE_IDS) {
      const service = serviceEntry(id);
      const mapping = mappings.get(serviceUrn(service.identifier) ?? '');
      expect(mapping, id).toBeDefined();
      if (mapping === undefined) continue;
      for (let seed = 1; seed <= 25; seed++) {
        const draft = GENERATORS[id](createRandom(seed), new Date('2025-03-10T09:00:00Z'));
        const record = dryRun(
          gewerbeCase({ serviceIdentifier: service.identifier, data: draft.data }),
          mapping,
        );
        const requiredTargets = mapping.fields.filter((field) => field.required).map((field) => field.target);
        expect(record.problems.filter((problem) => requiredTargets.includes(problem.target))).toEqual([]);
        if (record.format === 'xml') {
          const lint = spawnSync('xmllint', ['--noout', '-'], { input: record.document.text });
          expect(lint.status, `${id} seed ${seed}`).toBe(0);
        }
      }
    }
  });
});
