import { describe, expect, it } from 'vitest';
import { channelFor } from '../../../main/delivery';
import { noticeFileName } from '../../../main/delivery/letter';

describe('channelFor', () => {
  it('takes the BundID mailbox, then e-mail, and falls back to print and post', () => {
    const mailboxUuid = '0F8FAD5B-D9CB-469F-A165-70867728950E';
    expect(channelFor({ idBundDeMailbox: { mailboxUuid } })).toEqual({
      channel: 'zbp',
      mailboxUuid: mailboxUuid.toLowerCase(),
    });
    expect(channelFor({ eMail: { address: ' buerger@example.org ', pgpPublicKey: '  ' } })).toEqual({
      channel: 'email',
      address: 'buerger@example.org',
    });
    expect(channelFor({ eMail: { address: 'buerger@example.org', pgpPublicKey: 'KEY' } })).toEqual({
      channel: 'email',
      address: 'buerger@example.org',
      pgpPublicKey: 'KEY',
    });
    for (const unusable of [
      null,
      { deMail: { address: 'buerger@example.de-mail.de' } },
      { fink: { finkPostfachRef: 'x' } },
      { idBundDeMailbox: { mailboxUuid: 'kein-uuid' } },
      { eMail: { address: 'buerger@example.org\r\nBcc: alle@example.org' } },
      { eMail: { address: 'Jürgen <buerger@example.org>' } },
      { eMail: {} },
    ]) {
      expect(channelFor(unusable as never), JSON.stringify(unusable)).toEqual({ channel: 'post' });
    }
  });
});

describe('noticeFileName', () => {
  it('names the document kind, the Aktenzeichen without path separators, and a correction’s version', () => {
    const caseInfo = { id: 'c1', serviceName: 'Bewohnerparkausweis', fileReference: '32.1/BPA\\2025' };
    expect(noticeFileName({ version: 1, kind: 'approval', title: 'x' }, caseInfo)).toBe(
      'Bescheid_32.1_BPA_2025.pdf',
    );
    expect(noticeFileName({ version: 3, kind: 'request', title: 'x' }, caseInfo)).toBe(
      'Nachforderung_32.1_BPA_2025_v3.pdf',
    );
    expect(
      noticeFileName({ version: 1, kind: 'interim', title: 'x' }, { ...caseInfo, fileReference: null }),
    ).toBe('Zwischenmitteilung_c1.pdf');
  });
});
