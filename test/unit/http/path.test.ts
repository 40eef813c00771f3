import { describe, expect, it } from 'vitest';
import { apiPath } from '../../../main/http/path';

describe('apiPath', () => {
  it('leaves the literal path alone and passes plain ids through', () => {
    const id = '0f3c2a1e-6b7d-4c8e-9a10-1b2c3d4e5f60';
    expect(apiPath`/submissions/${id}/attachments/${'a1'}`).toBe(`/submissions/${id}/attachments/a1`);
    expect(apiPath`/submissions`).toBe('/submissions');
  });

  it('keeps every value inside its own segment', () => {
    expect(apiPath`/cases/${'../destinations'}/events`).toBe('/cases/..%2Fdestinations/events');
    expect(apiPath`/keys/${'k?x=1#f'}`).toBe('/keys/k%3Fx%3D1%23f');
    expect(apiPath`/keys/${'Schlüssel 1'}`).toBe('/keys/Schl%C3%BCssel%201');
  });
});
