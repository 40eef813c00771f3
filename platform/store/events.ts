import type { EventName } from '../../main/fitconnect/set';
import type { SqliteDatabase } from './sqlite';

export interface EventEntry {
  caseId: string;
  submissionId: string;
  event: EventName;
  jti: string;
  token: string;
  createdAt: number;
}

/** The event log of each case: signed tokens in the order they were written. */
export class EventRepository {
  constructor(private readonly db: SqliteDatabase) {}

  append(entry: EventEntry): void {
    this.db
      .prepare(
        'INSERT INTO events (case_id, submission_id, event, jti, token, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(entry.caseId, entry.submissionId, entry.event, entry.jti, entry.token, entry.createdAt);
  }

  hasJti(jti: string): boolean {
    return this.db.prepare('SELECT 1 FROM events WHERE jti = ?').get(jti) !== undefined;
  }

  page(caseId: string, offset: number, limit: number): { totalCount: number; tokens: string[] } {
    const total = this.db.prepare('SELECT COUNT(*) AS n FROM events WHERE case_id = ?').get(caseId) as {
      n: number;
    };
    const rows = this.db
      .prepare('SELECT token FROM events WHERE case_id = ? ORDER BY seq LIMIT ? OFFSET ?')
      .all(caseId, limit, offset) as { token: string }[];
    return { totalCount: total.n, tokens: rows.map((row) => row.token) };
  }
}
