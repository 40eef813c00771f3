/**
 * A small soak in the test run (`npm run soak` runs 200 rounds): a few lives of the workstation killed at
 * random moments while it syncs, accepts, hands over, posts a Bescheid and archives, then one settling
 * start. Nothing lost, nothing delivered twice, the audit trail intact.
 */
import { describe, expect, it } from 'vitest';
import { runSoak } from '../../soak/soak';

describe('soak', () => {
  it('loses no case and no action and delivers nothing twice across random SIGKILLs', async () => {
    const result = await runSoak({ rounds: 2, applications: 6, seed: 7 });
    expect(result).toMatchObject({
      rounds: 2,
      // Each life returned an action before its kill.
      roundsWithActions: 2,
      casesLost: 0,
      actionsLost: 0,
      deliveredTwice: 0,
      audit: 'intact',
    });
  }, 900_000);
});
