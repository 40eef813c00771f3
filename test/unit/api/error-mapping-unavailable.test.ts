import { describe, expect, it } from 'vitest';
import { toApiError } from '../../../shared/api/error-mapping';
import { CodedError } from '../../../shared/coded-error';

describe('a lost database as the transports see it', () => {
  it('is "unavailable" with its reason, so the person reads "Verbindung unterbrochen" and may try again', () => {
    const lost = new CodedError('postgres-unavailable', 'The connection to PostgreSQL was interrupted.');
    const mapped = toApiError(lost);
    expect(mapped?.toBody()).toMatchObject({ code: 'unavailable', reason: 'postgres-unavailable' });
  });
});
