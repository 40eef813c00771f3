import { describe, expect, it } from 'vitest';
import { fileFormat, isCompressedFormat } from '../../../main/archive/formats';

describe('fileFormat', () => {
  it.each([
    ['application/pdf', { code: '018', version: '' }],
    ['Application/PDF; name="x.pdf"', { code: '018', version: '' }],
    ['application/xml', { code: '030', version: '' }],
    ['text/xml; charset=utf-8', { code: '030', version: '' }],
    ['application/xdomea+xml', { code: '030', version: '' }],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', { code: '035', version: '' }],
    ['text/plain', { code: '045', version: '' }],
    ['application/json', { code: '100', version: '', otherName: 'application/json' }],
    ['image/jpeg', { code: '100', version: '', otherName: 'image/jpeg' }],
  ])('maps %s', (mimeType, expected) => {
    expect(fileFormat({ mimeType })).toEqual(expected);
  });

  it('names PDF/A with its conformance, and only for PDFs', () => {
    expect(fileFormat({ mimeType: 'application/pdf', pdfaConformance: '2b' })).toEqual({
      code: '044',
      version: 'PDF/A-2b',
    });
    expect(fileFormat({ mimeType: 'text/plain', pdfaConformance: '2b' }).code).toBe('045');
  });
});

describe('isCompressedFormat', () => {
  it.each(['image/jpeg', 'IMAGE/PNG', 'application/zip', 'video/mp4', 'audio/mpeg'])(
    'stores %s as is',
    (mimeType) => {
      expect(isCompressedFormat(mimeType)).toBe(true);
    },
  );

  it.each(['application/pdf', 'application/json', 'text/plain', 'image/tiff', 'image/bmp'])(
    'deflates %s',
    (mimeType) => {
      expect(isCompressedFormat(mimeType)).toBe(false);
    },
  );
});
