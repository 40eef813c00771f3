import { describe, expect, it } from 'vitest';
import { isAppFrameUrl, isOwnLoopbackRequest } from '../../../main/api/origin';

describe('isAppFrameUrl', () => {
  it.each([
    ['app://antragsdesk/index.html', true],
    ['app://antragsdesk/', true],
    ['app://other/index.html', false],
    ['file:///opt/antragsdesk/index.html', false],
    ['https://antragsdesk/index.html', false],
    ['http://127.0.0.1:5173/', false],
    ['app://antragsdesk.evil.example/', false],
    ['', false],
    [undefined, false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppFrameUrl(url)).toBe(expected);
  });
});

describe('isOwnLoopbackRequest', () => {
  const port = 4321;
  it.each([
    [{ host: '127.0.0.1:4321' }, true],
    [{ host: 'localhost:4321' }, true],
    [{ host: '127.0.0.1:4321', origin: 'http://127.0.0.1:4321' }, true],
    [{ host: '127.0.0.1:4321', origin: 'http://evil.example' }, false],
    [{ host: '127.0.0.1:4321', origin: 'null' }, false],
    [{ host: '127.0.0.1:4321', origin: 'http://127.0.0.1:9999' }, false],
    [{ host: 'evil.example:4321' }, false],
    [{ host: '127.0.0.1:1' }, false],
    [{}, false],
  ])('%j → %s', (headers, expected) => {
    expect(isOwnLoopbackRequest(headers, port)).toBe(expected);
  });
});
