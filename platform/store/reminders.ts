import type { SqliteDatabase } from './sqlite';

/** A notice to a destination's operator that a submission still waits for pickup (FITKO: days 3 and 9). */
export interface Reminder {
  destinationId: string;
  submissionId: string;
  caseId: string;
  /** Day after the submission's arrival the notice belongs to. */
  day: number;
  /** When the deadline was reached (arrival + day). */
  dueAt: number;
  /** When the platform recorded the notice. */
  recordedAt: number;
}

interface ReminderRow {
  destination_id: string;
  submission_id: string;
  case_id: string;
  day: number;
  due_at: number;
  recorded_at: number;
}

export class ReminderRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** Records the notice once; false when it was recorded before. */
  record(reminder: Reminder): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO reminders (submission_id, day, destination_id, case_id, due_at, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (submission_id, day) DO NOTHING`,
        )
        .run(
          reminder.submissionId,
          reminder.day,
          reminder.destinationId,
          reminder.caseId,
          reminder.dueAt,
          reminder.recordedAt,
        ).changes === 1
    );
  }

  list(destinationId?: string): Reminder[] {
    const rows = (
      destinationId === undefined
        ? this.db.prepare('SELECT * FROM reminders ORDER BY recorded_at, submission_id, day').all()
        : this.db
            .prepare(
              'SELECT * FROM reminders WHERE destination_id = ? ORDER BY recorded_at, submission_id, day',
            )
            .all(destinationId)
    ) as ReminderRow[];
    return rows.map((row) => ({
      destinationId: row.destination_id,
      submissionId: row.submission_id,
      caseId: row.case_id,
      day: row.day,
      dueAt: row.due_at,
      recordedAt: row.recorded_at,
    }));
  }
}
