import { createServer, type Server } from 'node:http';
import { type ChaosSwitch, chaosSettings } from './chaos';

const BODY_LIMIT = 16 * 1024;

/**
 * The admin endpoint, on its own listener bound to loopback: `GET /admin/chaos` shows the chaos switch and
 * the faults injected so far, `PUT /admin/chaos` sets it. Chaos never applies here.
 */
export function createAdminServer(chaos: ChaosSwitch): Server {
  return createServer(async (req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    };
    if (req.url !== '/admin/chaos') return reply(404, { error: 'not found' });
    if (req.method === 'GET') return reply(200, { settings: chaos.get(), injected: chaos.injected });
    if (req.method !== 'PUT') return reply(405, { error: 'method not allowed' });
    let text = '';
    for await (const chunk of req) {
      text += (chunk as Buffer).toString('utf8');
      if (text.length > BODY_LIMIT) return reply(413, { error: 'body too large' });
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return reply(400, { error: 'body is not JSON' });
    }
    const parsed = chaosSettings.safeParse(value);
    if (!parsed.success)
      return reply(400, {
        error: 'invalid chaos settings',
        issues: parsed.error.issues.map((i) => i.path.join('.')),
      });
    return reply(200, { settings: chaos.set(parsed.data), injected: chaos.injected });
  });
}
