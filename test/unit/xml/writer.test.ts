import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { element, escapeAttribute, escapeText, stripNonXmlChars, toXml } from '../../../main/xml/writer';

function wellFormed(xml: string): boolean {
  return spawnSync('xmllint', ['--noout', '--nonet', '-'], { input: xml }).status === 0;
}

/** What a conforming parser reads back (xmllint canonicalises: every reference resolved). */
function parsed(xml: string): string {
  return spawnSync('xmllint', ['--c14n', '-'], { input: xml, encoding: 'utf8' }).stdout;
}

describe('xml writer', () => {
  it('escapes the five special characters in text and attributes', () => {
    expect(escapeText(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
    expect(escapeAttribute(`"'&<>`)).toBe('&quot;&apos;&amp;&lt;&gt;');
  });

  it('keeps whitespace that parsers would otherwise normalise', () => {
    expect(escapeText('a\r\nb\tc')).toBe('a&#xD;\nb\tc');
    expect(escapeAttribute('a\r\nb\tc')).toBe('a&#xD;&#xA;b&#x9;c');
  });

  it('drops characters XML 1.0 does not allow and keeps everything else', () => {
    expect(stripNonXmlChars('a\u0000b\u0001c\u0008d\u000be\u000cf\u001fg')).toBe('abcdefg');
    expect(stripNonXmlChars('x\ud800y\udfffz\ufffe\uffff')).toBe('xyz');
    expect(stripNonXmlChars('tab\tLF\nCR\r äöüß € 😀 \u0085\u007f')).toBe(
      'tab\tLF\nCR\r äöüß € 😀 \u0085\u007f',
    );
  });

  it('writes a document that parses back to the same values', () => {
    const hostile = `Tom & Jerry <script>"quoted" 'single'\u0000\u0007\ud800 ]]> äöü 😀`;
    const xml = toXml(
      element('root', [
        element('text', hostile),
        element('attr', [], { value: hostile }),
        element('empty', ''),
        element('parent', [undefined, element('child', 'x'), undefined]),
      ]),
    );
    expect(wellFormed(xml)).toBe(true);
    const expected = `Tom &amp; Jerry &lt;script&gt;"quoted" 'single' ]]&gt; äöü 😀`;
    const canonical = parsed(xml);
    expect(canonical).toContain(`<text>${expected}</text>`);
    expect(canonical).toContain(
      `<attr value="Tom &amp; Jerry &lt;script>&quot;quoted&quot; 'single' ]]> äöü 😀"></attr>`,
    );
    expect(canonical).toContain('<empty></empty>');
    expect(canonical).toMatch(/<parent>\s*<child>x<\/child>\s*<\/parent>/);
  });

  it('writes the XML declaration and self-closes elements without children', () => {
    const xml = toXml(element('a', [element('b', [])], { 'xmlns:p': 'urn:x' }));
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<a xmlns:p="urn:x">\n  <b/>\n</a>\n');
  });
});
