/**
 * Health and readiness for load balancers and monitoring, answered without a token and without personal
 * data: `GET /healthz` says the process serves requests at all; `GET /readyz` says whether this instance can
 * do work now (its database answers, the schema is the one this version expects, what its intake holds).
 * A load balancer takes an instance out of rotation while it answers 503 on `/readyz`; a process
 * supervisor restarts one that stops answering `/healthz`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import type { PostgresMigration } from '../postgres/migrate';
import { POSTGRES_MIGRATIONS } from '../postgres/migrations';

export type CheckDetail = Record<string, string | number | boolean | readonly string[]>;

export type CheckResult = { ok: true; detail?: CheckDetail } | { ok: false; reason: string };

/** One part of readiness; `run` may throw or hang, which counts as not ready. */
export interface ReadinessCheck {
  name: string;
  run(): Promise<CheckResult>;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/** A check that answers later than this is not ready: a load balancer should not wait for a dead database. */
export const CHECK_TIMEOUT_MS = 3_000;

export async function readiness(
  checks: readonly ReadinessCheck[],
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<Readiness> {
  const results = await Promise.all(checks.map((check) => withTimeout(check, timeoutMs)));
  const byName = Object.fromEntries(
    checks.map((check, index) => [check.name, results[index] as CheckResult]),
  );
  return { ready: results.every((result) => result.ok), checks: byName };
}

async function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: 'timeout' }), timeoutMs);
  });
  try {
    return await Promise.race([
      check.run().catch((error: unknown): CheckResult => ({ ok: false, reason: reasonOf(error) })),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A code, never a message: driver messages may quote SQL or values. */
function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'failed';
}

/**
 * The database answers, and its schema is the last migration this version knows: older means the
 * migrations have not run (yet), newer means a newer version of the service migrated it.
 */
export function databaseChecks(
  pool: pg.Pool,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): ReadinessCheck[] {
  const expected = migrations.at(-1)?.version ?? 0;
  return [
    {
      name: 'database',
      run: async () => {
        await pool.query('SELECT 1');
        return { ok: true };
      },
    },
    {
      name: 'migrations',
      run: async () => {
        const result = await pool
          .query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations')
          .catch((error: { code?: string }) => {
            // undefined_table: no migration ever ran here.
            if (error.code === '42P01') return { rows: [{ version: 0 }] };
            throw error;
          });
        const current = result.rows[0]?.version ?? 0;
        return current === expected
          ? { ok: true, detail: { version: current } }
          : { ok: false, reason: `schema ${current}, expected ${expected}` };
      },
    },
  ];
}

/** What readiness needs of the intake (main/server/intake): each destination's role on this instance. */
export interface IntakeState {
  states(): readonly { destinationId: string; role: 'holding' | 'standby' | 'connecting' }[];
}

/**
 * The intake is ready when every destination has its lock connection: held here, or waiting while another
 * instance holds it. Which destinations this instance holds is shown (ids, no content).
 */
export function intakeCheck(intake: IntakeState): ReadinessCheck {
  return {
    name: 'intake',
    run: async () => {
      const states = intake.states();
      const of = (role: string) =>
        states.filter((state) => state.role === role).map((state) => state.destinationId);
      const connecting = of('connecting');
      if (connecting.length > 0) return { ok: false, reason: `connecting: ${connecting.join(', ')}` };
      return { ok: true, detail: { holding: of('holding'), standby: of('standby') } };
    },
  };
}

export const HEALTH_PATH = '/healthz';
export const READY_PATH = '/readyz';

/**
 * Answers `/healthz` and `/readyz` and says whether it did, so the service's request handler can call it
 * first and go on with everything else. Both are served before authentication, and say nothing about people
 * or cases.
 */
export function handleOperationsRequest(
  request: IncomingMessage,
  response: ServerResponse,
  checks: () => readonly ReadinessCheck[],
): boolean {
  const path = (request.url ?? '').split('?')[0];
  if (path !== HEALTH_PATH && path !== READY_PATH) return false;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    send(response, 405, { error: 'method-not-allowed' }, { allow: 'GET, HEAD' });
    return true;
  }
  if (path === HEALTH_PATH) {
    send(response, 200, { status: 'alive' });
    return true;
  }
  readiness(checks()).then(
    (result) =>
      send(response, result.ready ? 200 : 503, { status: result.ready ? 'ready' : 'not-ready', ...result }),
    () => send(response, 503, { status: 'not-ready' }),
  );
  return true;
}

function send(
  response: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent) return;
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(JSON.stringify(body));
}
