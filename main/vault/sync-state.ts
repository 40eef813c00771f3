/** Small named values that sync keeps between runs (cursors, last-seen offsets), inside the vault. */
import { prepared, reportDamageAs, type SqliteDatabase } from './sql';

export class SyncStateRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => Date,
  ) {}

  get(key: string): string | null {
    const row = reportDamageAs({}, () =>
      prepared(this.db, 'SELECT value FROM sync_state WHERE key = ?').get(key),
    ) as { value: string } | undefined;
    return row?.value ?? null;
  }

  set(key: string, value: string): void {
    reportDamageAs({}, () =>
      prepared(
        this.db,
        `INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ).run(key, value, this.now().toISOString()),
    );
  }
}
