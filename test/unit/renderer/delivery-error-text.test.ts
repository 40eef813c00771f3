import { describe, expect, it } from 'vitest';
import { deliveryErrorText, outboxTypeText } from '../../../renderer/src/sync/delivery-error-text';
import { testI18n } from '../../support/i18n';

describe('delivery errors in the outbox and the case, in words', () => {
  it('German sentences for known codes and types, never a code or the English message', async () => {
    const { t } = await testI18n();
    const text = deliveryErrorText(
      t,
      'notice.delivery',
      'channel-not-configured: This delivery channel is not configured in the department profile.',
    );
    expect(text).toBe('Dieser Zustellweg ist im Behördenprofil nicht eingerichtet.');
    expect(deliveryErrorText(t, 'handover', 'target-not-writable: The target folder …')).toBe(
      'Der Zielordner fehlt oder ist nicht beschreibbar.',
    );
    expect(deliveryErrorText(t, 'fitconnect.event', 'handler threw TypeError')).toBe(
      'Die Zustellung ist fehlgeschlagen.',
    );
    expect(deliveryErrorText(t, 'notice.delivery', 'some-new-code: Something English.')).toBe(
      'Die Zustellung ist fehlgeschlagen.',
    );
    expect(outboxTypeText(t, 'notice.delivery')).toBe('Zustellung eines Schreibens');
    expect(outboxTypeText(t, 'something.new')).toBe('Sonstige Zustellung');
  });
});
