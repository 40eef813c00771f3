/** The Aktenzeichen counters: one per department and year (migration 9). */
import { prepared, reportDamageAs, type SqliteDatabase } from './sql';

export class FileReferenceSequences {
  constructor(private readonly db: SqliteDatabase) {}

  /** The next number of the department's year, counted in one statement so no two claims get the same. */
  next(department: string, year: number): number {
    const row = reportDamageAs({}, () =>
      prepared(
        this.db,
        `INSERT INTO file_reference_sequences (department, year, last) VALUES (?, ?, 1)
         ON CONFLICT (department, year) DO UPDATE SET last = last + 1 RETURNING last`,
      ).get(department, year),
    ) as { last: number };
    return row.last;
  }
}
