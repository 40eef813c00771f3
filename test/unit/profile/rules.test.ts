import { describe, expect, it } from 'vitest';
import { ibanChecksumValid, isAllowedUrl } from '../../../main/profile/rules';

describe('profile rules', () => {
  it('checks IBAN check digits', () => {
    expect(ibanChecksumValid('DE89370400440532013000')).toBe(true);
    expect(ibanChecksumValid('DE02120300000000202051')).toBe(true);
    expect(ibanChecksumValid('DE89370400440532013001')).toBe(false);
    expect(ibanChecksumValid('DE98370400440532013000')).toBe(false);
  });

  it('allows https everywhere, http only to loopback in a demo profile', () => {
    expect(isAllowedUrl('https://login.example/realms/x', false)).toBe(true);
    expect(isAllowedUrl('http://127.0.0.1:8470', false)).toBe(false);
    expect(isAllowedUrl('http://127.0.0.1:8470', true)).toBe(true);
    expect(isAllowedUrl('http://localhost:8470', true)).toBe(true);
    expect(isAllowedUrl('http://login.example', true)).toBe(false);
    expect(isAllowedUrl('ftp://127.0.0.1', true)).toBe(false);
  });
});
