import { describe, expect, it } from 'vitest';
import { trackConnectivity } from '../../../main/replica/connectivity';
import { offlineBannerText } from '../../../renderer/src/replica/offline-text';
import type { Connectivity } from '../../../shared/replica/types';
import { testI18n } from '../../support/i18n';

describe('the offline banner', () => {
  it('says since when, in German first and in English, at the authority’s time', async () => {
    const i18n = await testI18n();
    expect(offlineBannerText(i18n.t, '2026-12-07T13:05:00.000Z', 'de-DE')).toBe(
      'Offline seit 14:05 – Sie arbeiten mit Ihren lokal verfügbaren Vorgängen',
    );
    await i18n.changeLanguage('en');
    expect(offlineBannerText(i18n.t, '2026-12-07T13:05:00.000Z', 'en-GB')).toBe(
      'Offline since 14:05 – you are working with the cases available on this workstation',
    );
  });

  it('is told once per change, and keeps the time the service was first lost', () => {
    const told: Connectivity[] = [];
    let time = Date.parse('2026-12-07T13:05:00.000Z');
    const connectivity = trackConnectivity(
      (state) => told.push(state),
      () => new Date(time),
    );
    connectivity.update(true);
    connectivity.update(false);
    time += 60_000;
    // The event stream failing again on its retry does not move the time.
    connectivity.update(false);
    expect(connectivity.current()).toEqual({ online: false, since: '2026-12-07T13:05:00.000Z' });
    connectivity.update(true);
    expect(told).toEqual([{ online: false, since: '2026-12-07T13:05:00.000Z' }, { online: true }]);
  });
});
