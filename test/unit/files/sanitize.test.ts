import { describe, expect, it } from 'vitest';
import { sanitizeFileName } from '../../../shared/files/file-names';

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Properties every result must have, whatever went in. */
function expectSafe(result: string, maxBytes = 255): void {
  expect(result).not.toBe('');
  expect(result).not.toMatch(/[\\/<>:"|?*]/);
  expect(result).not.toMatch(/\p{Cc}|\p{Cs}|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/u);
  expect(result).not.toMatch(/^[\s.]|[\s.]$/u);
  expect(result.split('.', 1)[0]?.trimEnd()).not.toMatch(
    /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i,
  );
  expect(utf8Bytes(result)).toBeLessThanOrEqual(maxBytes);
  expect(Buffer.from(result, 'utf8').toString('utf8')).toBe(result);
  expect(sanitizeFileName(result, { maxBytes })).toBe(result);
}

describe('sanitizeFileName', () => {
  it.each([
    ['Antrag.pdf', 'Antrag.pdf'],
    ['Übersicht Größe ß äöü ÄÖÜ.pdf', 'Übersicht Größe ß äöü ÄÖÜ.pdf'],
    ['Bescheid (Entwurf) #2 & Anlage.pdf', 'Bescheid (Entwurf) #2 & Anlage.pdf'],
    ['archive.tar.gz', 'archive.tar.gz'],
    ['日本語 文書.txt', '日本語 文書.txt'],
  ])('keeps an ordinary name %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('composes decomposed umlauts (macOS sends NFD)', () => {
    const decomposed = 'Mu\u0308ller.pdf';
    expect(sanitizeFileName(decomposed)).toBe('Müller.pdf');
  });

  it.each([
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\windows\\system32\\cmd.exe', 'cmd.exe'],
    ['/etc/shadow', 'shadow'],
    ['C:\\Users\\x\\Desktop\\Antrag.pdf', 'Antrag.pdf'],
    ['C:Antrag.pdf', 'Antrag.pdf'],
    ['c:/temp/a.txt', 'a.txt'],
    ['\\\\server\\share\\Anlage.pdf', 'Anlage.pdf'],
    ['folder/sub/', 'sub'],
    ['./.hidden', 'hidden'],
    ['a/../../b.pdf', 'b.pdf'],
    ['..', 'Dokument'],
    ['../..', 'Dokument'],
    ['.../...', 'Dokument'],
  ])('removes path parts and traversal from %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it.each([
    ['a\u0000b.pdf', 'ab.pdf'],
    ['line\nbreak\r.pdf', 'linebreak.pdf'],
    ['tab\there.pdf', 'tabhere.pdf'],
    ['del\u007f.pdf', 'del.pdf'],
    ['c1\u0085\u009f.pdf', 'c1.pdf'],
    ['esc\u001b[31mred.pdf', 'esc[31mred.pdf'],
  ])('strips control characters from %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('strips every bidi control so a name cannot pose as another extension', () => {
    expect(sanitizeFileName('Rechnung\u202Efdp.exe')).toBe('Rechnungfdp.exe');
    const bidi = [
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u061c',
    ];
    for (const char of bidi) {
      expect(sanitizeFileName(`a${char}b.pdf`)).toBe('ab.pdf');
    }
  });

  it('strips lone surrogates and noncharacters but keeps astral characters', () => {
    expect(sanitizeFileName('a\ud800b\udfffc\ufffe\uffff.pdf')).toBe('abc.pdf');
    expect(sanitizeFileName('Foto 📷.jpg')).toBe('Foto 📷.jpg');
  });

  it.each([
    ['a<b>c.pdf', 'a_b_c.pdf'],
    ['what?.pdf', 'what_.pdf'],
    ['star*.pdf', 'star_.pdf'],
    ['pipe|.pdf', 'pipe_.pdf'],
    ['quote".pdf', 'quote_.pdf'],
    ['file.txt:stream', 'file.txt_stream'],
  ])('replaces characters Windows forbids in %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it.each([
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['Prn.pdf', '_Prn.pdf'],
    ['AUX', '_AUX'],
    ['nul.tar.gz', '_nul.tar.gz'],
    ['COM1', '_COM1'],
    ['com9.pdf', '_com9.pdf'],
    ['COM0.pdf', '_COM0.pdf'],
    ['LPT1', '_LPT1'],
    ['lpt9.doc', '_lpt9.doc'],
    ['COM¹.txt', '_COM¹.txt'],
    ['CONIN$', '_CONIN$'],
    ['NUL .txt', '_NUL .txt'],
    ['nul...', '_nul'],
  ])('defuses the reserved Windows name %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it.each(['CONSOLE.txt', 'com10.pdf', 'LPT.pdf', 'nullable.txt', 'auxiliary', 'Icon.png'])(
    'leaves %j alone (not reserved)',
    (input) => {
      expect(sanitizeFileName(input)).toBe(input);
    },
  );

  it.each([
    ['Antrag.pdf.', 'Antrag.pdf'],
    ['Antrag.pdf   ', 'Antrag.pdf'],
    ['Antrag. . .', 'Antrag'],
    ['   Antrag.pdf', 'Antrag.pdf'],
    ['\u00a0Antrag.pdf\u00a0', 'Antrag.pdf'],
  ])('trims dots and spaces at the ends of %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it.each(['', '   ', '.', '...', '\u202e', '\u0000\u0001', '/', '\\\\', 'C:', ' . . '])(
    'never returns an empty name (%j)',
    (input) => {
      expect(sanitizeFileName(input)).toBe('Dokument');
    },
  );

  it('uses the given fallback, and refuses an unsafe one', () => {
    expect(sanitizeFileName('...', { fallback: 'Anlage' })).toBe('Anlage');
    expect(() => sanitizeFileName('...', { fallback: 'CON' })).toThrow(RangeError);
    expect(() => sanitizeFileName('...', { fallback: '..' })).toThrow(RangeError);
  });

  it('limits the length in bytes and keeps the extension', () => {
    const long = `${'a'.repeat(300)}.pdf`;
    const result = sanitizeFileName(long);
    expect(utf8Bytes(result)).toBe(255);
    expect(result.endsWith('.pdf')).toBe(true);
  });

  it('counts multi-byte characters as bytes and never splits one', () => {
    const umlauts = `${'ä'.repeat(200)}.pdf`; // 400 bytes of umlauts
    const result = sanitizeFileName(umlauts, { maxBytes: 100 });
    expect(result).toBe(`${'ä'.repeat(48)}.pdf`);
    const emoji = `${'📄'.repeat(100)}.txt`; // 4 bytes each
    const cut = sanitizeFileName(emoji, { maxBytes: 50 });
    expect(cut).toBe(`${'📄'.repeat(11)}.txt`);
  });

  it('keeps combining sequences whole when cutting', () => {
    const decomposedByNature = `${'e\u0301\u0323'.repeat(40)}.txt`; // no precomposed form for this pair
    const result = sanitizeFileName(decomposedByNature, { maxBytes: 40 });
    expect(result.endsWith('.txt')).toBe(true);
    expect(result.slice(0, -4).normalize('NFC')).toMatch(/^(é\u0323|ẹ\u0301)+$/u);
    expect(utf8Bytes(result)).toBeLessThanOrEqual(40);
  });

  it('cuts the whole name when the "extension" is implausibly long or has spaces', () => {
    const result = sanitizeFileName(`${'x'.repeat(40)}.${'y'.repeat(40)}`, { maxBytes: 32 });
    expect(result).toBe('x'.repeat(32));
    expect(sanitizeFileName(`${'x'.repeat(40)}.final version`, { maxBytes: 20 })).toBe('x'.repeat(20));
  });

  it('does not leave a trailing dot or space after cutting', () => {
    const result = sanitizeFileName(`${'a'.repeat(10)}  . . ${'b'.repeat(30)}.pdf`, { maxBytes: 20 });
    expect(result).toBe(`${'a'.repeat(10)}.pdf`);
  });

  it('rejects a nonsensical limit', () => {
    expect(() => sanitizeFileName('a', { maxBytes: 3 })).toThrow(RangeError);
    expect(() => sanitizeFileName('a', { maxBytes: 20.5 })).toThrow(RangeError);
  });

  it('gives a safe, stable name for hostile combinations', () => {
    const hostile = [
      '../../\u202eexe.pdf',
      '..\\CON.txt',
      'C:\\..\\..\\AUX . .',
      '\u0000\u0000/../\u2066LPT1\u2069.pdf',
      ' .. / .. / .. ',
      'a'.repeat(1000),
      `${'ß'.repeat(300)}.docx`,
      'name\u200f\u200e\u061c.pdf',
    ];
    for (const name of hostile) expectSafe(sanitizeFileName(name));
  });

  it('holds its guarantees for random input', () => {
    // A fixed-seed generator keeps failures reproducible.
    let seed = 0x5eed;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const alphabet = [
      ...'abcXYZ019 ._-/\\:<>|?*"ßäÖ',
      '\u0000',
      '\u001f',
      '\u007f',
      '\u0085',
      '\u202e',
      '\u2066',
      '\u200f',
      '\ud800',
      '\udc00',
      '\ufffe',
      '😀',
      'e\u0301',
      'CON',
      'lpt1',
      '..',
    ];
    for (let run = 0; run < 2000; run++) {
      const length = Math.floor(random() * 80);
      let name = '';
      for (let i = 0; i < length; i++) name += alphabet[Math.floor(random() * alphabet.length)];
      const maxBytes = 16 + Math.floor(random() * 60);
      expectSafe(sanitizeFileName(name, { maxBytes }), maxBytes);
    }
  });
});
