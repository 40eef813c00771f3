import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  handleOperationsRequest,
  intakeCheck,
  type ReadinessCheck,
  readiness,
} from '../../../main/server/health';

let server: Server | undefined;
afterEach(async () => {
  const open = server;
  server = undefined;
  if (open) await new Promise((resolve) => open.close(resolve));
});

async function serve(checks: ReadinessCheck[]): Promise<string> {
  server = createServer((request, response) => {
    if (!handleOperationsRequest(request, response, () => checks)) {
      response.writeHead(401).end();
    }
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const ok = (name: string): ReadinessCheck => ({ name, run: async () => ({ ok: true }) });

describe('health and readiness', () => {
  it('answers /healthz and /readyz without a token, and leaves every other path to the service', async () => {
    const url = await serve([ok('database')]);
    const health = await fetch(`${url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'alive' }]);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(await ready.json()).toEqual({ status: 'ready', ready: true, checks: { database: { ok: true } } });
    expect((await fetch(`${url}/api/desk.inbox`)).status).toBe(401);
    expect((await fetch(`${url}/readyz`, { method: 'POST' })).status).toBe(405);
  });

  it('is not ready while a check fails, and names the failure by its code only', async () => {
    const url = await serve([
      ok('migrations'),
      {
        name: 'database',
        run: async () => {
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432 Schäfer'), {
            code: 'ECONNREFUSED',
          });
        },
      },
    ]);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    const text = await ready.text();
    expect(JSON.parse(text)).toEqual({
      status: 'not-ready',
      ready: false,
      checks: { migrations: { ok: true }, database: { ok: false, reason: 'ECONNREFUSED' } },
    });
    expect(text).not.toContain('Schäfer');
  });

  it('counts a check that does not answer as not ready', async () => {
    const hanging: ReadinessCheck = { name: 'database', run: () => new Promise(() => undefined) };
    expect(await readiness([hanging, ok('intake')], 20)).toEqual({
      ready: false,
      checks: { database: { ok: false, reason: 'timeout' }, intake: { ok: true } },
    });
  });

  it('shows which destinations this instance holds, and is not ready while one is still connecting', async () => {
    type Role = 'holding' | 'standby' | 'connecting';
    const states: { destinationId: string; role: Role }[] = [
      { destinationId: 'd-1', role: 'holding' },
      { destinationId: 'd-2', role: 'standby' },
    ];
    const check = intakeCheck({ states: () => states });
    expect(await readiness([check])).toEqual({
      ready: true,
      checks: { intake: { ok: true, detail: { holding: ['d-1'], standby: ['d-2'] } } },
    });
    states[1] = { destinationId: 'd-2', role: 'connecting' };
    expect(await readiness([check])).toEqual({
      ready: false,
      checks: { intake: { ok: false, reason: 'connecting: d-2' } },
    });
  });
});
