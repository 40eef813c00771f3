/**
 * The department mode's replica in the vault: the service's view of each case kept for offline work, its
 * attachments, the "offline verfügbar" marks, and the queue of commands made offline (see
 * `main/replica/replay.ts`). The desk's offline view of a case is the service's view with the person's queued
 * commands applied (`replicaView`), so the service's version stays intact for a conflict.
 */
import type { OfflineCommand, OfflineConflict, ReplicaCaseView } from '../../shared/replica/types';
import { VaultError } from './errors';
import { prepared, reportDamageAs, type SqliteDatabase } from './sql';

interface CommandRow {
  command_id: string;
  case_id: string;
  base_version: number;
  action: OfflineCommand['action'];
  payload: string;
}

// The payload was checked against its action when the command was made (main/replica/commands.ts).
const commandOf = (row: CommandRow): OfflineCommand =>
  ({
    commandId: row.command_id,
    caseId: row.case_id,
    baseVersion: row.base_version,
    action: row.action,
    payload: JSON.parse(row.payload),
  }) as OfflineCommand;

export class ReplicaRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => Date,
  ) {}

  /** Stores the service's view of a case (after an event named it, or at a replay's answer). */
  put(view: ReplicaCaseView): void {
    this.run(
      `INSERT INTO replica_cases (case_id, version, responsible, snapshot, fetched_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (case_id) DO UPDATE SET version = excluded.version, responsible = excluded.responsible,
         snapshot = excluded.snapshot, fetched_at = excluded.fetched_at`,
      view.caseId,
      view.version,
      view.responsible,
      JSON.stringify(view),
      this.now().toISOString(),
    );
  }

  serviceView(caseId: string): ReplicaCaseView | null {
    const row = this.get<{ snapshot: string }>(
      'SELECT snapshot FROM replica_cases WHERE case_id = ?',
      caseId,
    );
    return row ? (JSON.parse(row.snapshot) as ReplicaCaseView) : null;
  }

  /** The person's commands of the case not yet sent, oldest first (main/replica's `replicaView` applies them). */
  queuedFor(caseId: string): OfflineCommand[] {
    return this.commandsOf(caseId, 'queued');
  }

  caseIds(): string[] {
    return this.all<{ case_id: string }>('SELECT case_id FROM replica_cases ORDER BY case_id').map(
      (row) => row.case_id,
    );
  }

  /** The case view's "offline verfügbar" toggle. */
  mark(caseId: string, offline: boolean): void {
    if (offline) this.run('INSERT OR IGNORE INTO replica_marks (case_id) VALUES (?)', caseId);
    else this.run('DELETE FROM replica_marks WHERE case_id = ?', caseId);
  }

  marked(): string[] {
    return this.all<{ case_id: string }>('SELECT case_id FROM replica_marks ORDER BY case_id').map(
      (row) => row.case_id,
    );
  }

  isMarked(caseId: string): boolean {
    return this.get('SELECT 1 FROM replica_marks WHERE case_id = ?', caseId) !== undefined;
  }

  /**
   * Removes the cases that are no longer `person`'s and not marked, with their attachments. A case that still
   * has commands or conflicts of the person stays until those are settled, so nothing typed is lost.
   */
  prune(person: string): string[] {
    const gone = this.all<{ case_id: string }>(
      `SELECT case_id FROM replica_cases c
       WHERE (responsible IS NULL OR responsible <> ?)
         AND NOT EXISTS (SELECT 1 FROM replica_marks m WHERE m.case_id = c.case_id)
         AND NOT EXISTS (SELECT 1 FROM offline_commands o WHERE o.case_id = c.case_id)`,
      person,
    ).map((row) => row.case_id);
    for (const caseId of gone) this.run('DELETE FROM replica_cases WHERE case_id = ?', caseId);
    return gone;
  }

  putAttachment(caseId: string, attachmentId: string, content: Buffer): void {
    this.run(
      `INSERT INTO replica_attachments (case_id, attachment_id, content) VALUES (?, ?, ?)
       ON CONFLICT (case_id, attachment_id) DO UPDATE SET content = excluded.content`,
      caseId,
      attachmentId,
      content,
    );
  }

  attachment(caseId: string, attachmentId: string): Buffer | null {
    const row = this.get<{ content: Buffer }>(
      'SELECT content FROM replica_attachments WHERE case_id = ? AND attachment_id = ?',
      caseId,
      attachmentId,
    );
    return row?.content ?? null;
  }

  /** Queues a command made offline; the case must be in the replica. */
  enqueue(command: OfflineCommand): void {
    if (!this.serviceView(command.caseId)) throw new VaultError('case-not-found', { caseId: command.caseId });
    this.run(
      `INSERT INTO offline_commands (command_id, case_id, base_version, action, payload, queued_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      command.commandId,
      command.caseId,
      command.baseVersion,
      command.action,
      JSON.stringify(command.payload),
      this.now().toISOString(),
    );
  }

  nextQueued(): OfflineCommand | null {
    const row = this.get<CommandRow>(
      `SELECT command_id, case_id, base_version, action, payload FROM offline_commands
       WHERE state = 'queued' ORDER BY seq LIMIT 1`,
    );
    return row ? commandOf(row) : null;
  }

  queued(): OfflineCommand[] {
    return this.all<CommandRow>(
      `SELECT command_id, case_id, base_version, action, payload FROM offline_commands
       WHERE state = 'queued' ORDER BY seq`,
    ).map(commandOf);
  }

  hasConflict(caseId: string): boolean {
    return (
      this.get(`SELECT 1 FROM offline_commands WHERE case_id = ? AND state = 'conflict'`, caseId) !==
      undefined
    );
  }

  commandsUpTo(caseId: string, commandId: string): OfflineCommand[] {
    return this.all<CommandRow>(
      `SELECT command_id, case_id, base_version, action, payload FROM offline_commands
       WHERE case_id = ? AND seq <= (SELECT seq FROM offline_commands WHERE command_id = ?) ORDER BY seq`,
      caseId,
      commandId,
    ).map(commandOf);
  }

  /**
   * The service applied the command: it leaves the queue, the replica takes the service's view, and the
   * person's later commands of the case now build on that version (they were made on top of this one).
   */
  applied(commandId: string, current: ReplicaCaseView): void {
    this.db.transaction(() => {
      this.run('DELETE FROM offline_commands WHERE command_id = ?', commandId);
      this.put(current);
      this.run(
        `UPDATE offline_commands SET base_version = ? WHERE case_id = ? AND state = 'queued'`,
        current.version,
        current.caseId,
      );
    })();
  }

  /** The service refused the command: it stays, with both versions, until the person settles it. */
  conflict(conflict: OfflineConflict): void {
    this.run(
      `UPDATE offline_commands SET state = 'conflict', conflict = ? WHERE command_id = ?`,
      JSON.stringify({ reason: conflict.reason, theirs: conflict.theirs, service: conflict.service }),
      conflict.command.commandId,
    );
  }

  conflicts(): OfflineConflict[] {
    return this.all<CommandRow & { conflict: string }>(
      `SELECT command_id, case_id, base_version, action, payload, conflict FROM offline_commands
       WHERE state = 'conflict' ORDER BY seq`,
    ).map((row) => ({
      command: commandOf(row),
      ...(JSON.parse(row.conflict) as Omit<OfflineConflict, 'command'>),
    }));
  }

  /** The person has copied or re-applied what they typed; the conflict goes. */
  dismissConflict(commandId: string): void {
    this.run(`DELETE FROM offline_commands WHERE command_id = ? AND state = 'conflict'`, commandId);
  }

  private commandsOf(caseId: string, state: 'queued' | 'conflict'): OfflineCommand[] {
    return this.all<CommandRow>(
      `SELECT command_id, case_id, base_version, action, payload FROM offline_commands
       WHERE case_id = ? AND state = ? ORDER BY seq`,
      caseId,
      state,
    ).map(commandOf);
  }

  private run(sql: string, ...params: unknown[]): void {
    reportDamageAs({}, () => prepared(this.db, sql).run(...params));
  }

  private get<T>(sql: string, ...params: unknown[]): T | undefined {
    return reportDamageAs({}, () => prepared(this.db, sql).get(...params)) as T | undefined;
  }

  private all<T>(sql: string, ...params: unknown[]): T[] {
    return reportDamageAs({}, () => prepared(this.db, sql).all(...params)) as T[];
  }
}
