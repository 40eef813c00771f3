/**
 * Keeps the form-text column of the search index in step with a case's submissions. The case's own
 * columns are kept in step by triggers (migration 2).
 */
import { flattenFormData } from './form-text';
import { prepared, type SqliteDatabase } from './sql';

export function refreshFormText(db: SqliteDatabase, caseId: string): void {
  const submissions = prepared(
    db,
    'SELECT data, data_mime_type AS mimeType FROM submissions WHERE case_id = ? ORDER BY received_at, submission_id',
  ).all(caseId) as { data: string; mimeType: string }[];
  const text = submissions.map((s) => flattenFormData(s.data, s.mimeType)).join('\n');
  prepared(db, 'UPDATE case_search SET form_text = ? WHERE rowid = (SELECT seq FROM cases WHERE id = ?)').run(
    text,
    caseId,
  );
}
