import type { PostgresMigration } from '../migrate';
import { isolateDepartments } from './004-row-security';

/**
 * Outgoing actions of a department, written in the transaction of the state change that caused them. An
 * item in flight carries the end of its claim's lease: after it, another instance's worker may take it.
 * JSON columns are `json`, which keeps the text as given.
 */
export const outboxSchema: PostgresMigration = {
  version: 5,
  name: 'outbox',
  async up(db) {
    await db.query(`
      CREATE TABLE outbox (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id text NOT NULL UNIQUE,
        department text NOT NULL CHECK (department <> ''),
        type text NOT NULL,
        idempotency_key text NOT NULL,
        case_id text REFERENCES cases (id) ON DELETE SET NULL,
        payload json NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'in_flight', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        lease_until timestamptz,
        last_error text,
        receipt json,
        delivered_as_repeat boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        delivered_at timestamptz,
        UNIQUE (department, idempotency_key),
        CHECK ((state = 'in_flight') = (lease_until IS NOT NULL))
      );
      CREATE INDEX outbox_due ON outbox (department, state, next_attempt_at);
      CREATE INDEX outbox_case ON outbox (case_id);
    `);
    await isolateDepartments(db, ['outbox']);
  },
};
