/**
 * The whole way of an application through the app in demo mode: the platform's seeded submissions arrive by
 * sync (decrypted and verified), the case worker claims and accepts, and the outbox delivers the signed
 * accept event to the platform, whose event log then holds it.
 */

import { resolve } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallInput, CallName } from '../../../main/api/contract';
import { SenderClient } from '../../../main/fitconnect/sender/client';
import { callValue, createTestApp, type TestApp } from '../../support/app';
import { TestBrowser } from '../../support/oidc-browser';
import { pooledKeyFactory } from '../../support/platform-keys';

let testApp: TestApp;
let platform: Awaited<ReturnType<TestApp['app']['startDemo']>>['platform'];
const value = <N extends CallName>(name: N, input?: CallInput<N>) => callValue(testApp.app, name, input);

beforeAll(async () => {
  const browser = new TestBrowser();
  testApp = await createTestApp({
    demo: true,
    openBrowser: (url) => void browser.signIn(url, 'tom.becker', 'demo'),
    demoOptions: { seedCount: 6, keyFactory: await pooledKeyFactory(), sealDir: resolve('.tmp/demo-seal') },
  });
  platform = (await testApp.app.startDemo()).platform;
  await value('session.signIn');
});
afterAll(() => testApp?.close());

describe('demo: sync, accept, event on the platform', () => {
  it('sync brings the seeded Bürgerservice applications, verified', async () => {
    const progress: unknown[] = [];
    const unsubscribe = testApp.app.events.subscribe((name, payload) => {
      if (name === 'sync.progress') progress.push(payload);
    });
    const summary = await value('sync.run');
    unsubscribe();
    expect(summary.failed).toBe(0);
    expect(summary.fetched).toBeGreaterThan(0);
    const list = await value('cases.list');
    expect(list.total).toBe(summary.fetched);
    expect(list.rows.every((row) => row.verification === 'passed')).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    const again = await value('sync.run');
    expect(again.fetched).toBe(0);
  });

  it('a case shows its verification report, form data and attachments', async () => {
    const [row] = (await value('cases.list', { limit: 1 })).rows;
    const view = await value('cases.get', { id: row?.id as string });
    const report = view.submissions[0]?.verificationReport;
    expect(report?.passed).toBe(true);
    expect(report?.checks.length).toBeGreaterThan(3);
    expect(view.submissions[0]?.schema).not.toBeNull();
    expect(view.attachments.length).toBeGreaterThan(0);
  });

  it('accept reaches the platform: its event log holds our signed accept-submission', async () => {
    const [row] = (await value('cases.list', { status: ['new'], limit: 1 })).rows;
    if (!row) throw new Error('no new case');
    const claimed = await value('cases.transition', {
      id: row.id,
      action: 'claim',
      expectedVersion: row.version,
    });
    await value('cases.transition', { id: row.id, action: 'accept', expectedVersion: claimed.version });
    const until = Date.now() + 30_000;
    let state = '';
    while (Date.now() < until) {
      state = testApp.app.outbox.list({ caseId: row.id })[0]?.state ?? '';
      if (state === 'delivered' || state === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(state).toBe('delivered');
    const sender = new SenderClient({
      baseUrl: platform.url,
      tokenUrl: platform.tokenUrl,
      clientId: platform.demo.sender.clientId,
      clientSecret: platform.demo.sender.clientSecret,
    });
    const events = (await sender.caseEvents(claimed.fitCaseId)).map((token) => decodeJwt(token));
    const accept = events.find((claims) =>
      Object.keys(claims.events as object).some((uri) => uri.endsWith('/accept-submission')),
    );
    const view = await value('cases.get', { id: row.id });
    expect(accept?.iss).toBe(view.case.destinationId);
    expect(view.submissions[0]?.platformStatus).toBe('accepted');
  });
});
