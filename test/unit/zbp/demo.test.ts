import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptPart, importDecryptionKeys } from '../../../main/fitconnect/crypto';
import type { Metadata } from '../../../main/fitconnect/metadata';
import { ApiCaller, startTestPlatform, type TestPlatform } from '../../support/platform-harness';

let test: TestPlatform;

beforeAll(async () => {
  test = await startTestPlatform({ seedDemo: { count: 12 } });
});
afterAll(async () => {
  await test?.close();
});

/** The BundID mailboxes the seeded applications name, as a department reads them from the metadata. */
async function mailboxesOfSeededApplications(): Promise<string[]> {
  const api = new ApiCaller(test.platform.url);
  const mailboxes: string[] = [];
  for (const department of test.platform.demo.departments) {
    const token = await api.token(department.clientId, department.clientSecret);
    const keys = importDecryptionKeys(
      department.destinations.flatMap((destination) => destination.encryptionKeys),
    );
    const { submissions } = (await api.get('/v1/submissions?limit=500', token)).json as {
      submissions: { submissionId: string }[];
    };
    for (const { submissionId } of submissions) {
      const { encryptedMetadata } = (await api.get(`/v1/submissions/${submissionId}`, token)).json as {
        encryptedMetadata: string;
      };
      const { plaintext } = await decryptPart(encryptedMetadata, keys, { maxDecompressedLength: 1024 ** 2 });
      const metadata = JSON.parse(Buffer.from(plaintext).toString('utf8')) as Metadata;
      if (metadata.replyChannel !== undefined && 'idBundDeMailbox' in metadata.replyChannel) {
        mailboxes.push(metadata.replyChannel.idBundDeMailbox.mailboxUuid);
      }
    }
  }
  return mailboxes.sort();
}

describe('the demo mailboxes', () => {
  it('are exactly the BundID mailboxes of the seeded demo applications, each with its page', async () => {
    expect(test.platform.seeded).toEqual({ sent: 12, failed: 0 });
    const demo = test.platform.zbp.demoMailboxes();
    expect(demo.length).toBeGreaterThan(0);
    expect([...demo].sort()).toEqual(await mailboxesOfSeededApplications());
    for (const mailbox of demo) {
      const page = await fetch(test.platform.url + test.platform.zbp.mailboxPath(mailbox));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Ihr Postfach enthält noch keine Nachrichten.');
    }
  });
});
