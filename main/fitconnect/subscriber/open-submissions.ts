import type { SyncStateStore } from '../../vault/store-types';

const KEY = 'fitconnect.open-submissions';

/**
 * The submissions stored in the vault and still awaiting a decision on the platform, per destination: a
 * later sync that no longer finds one in the listing knows to look into what happened to it. Kept in the
 * vault's sync state and written in the transaction that changes it.
 */
export class OpenSubmissions {
  private constructor(private readonly byDestination: Map<string, Set<string>>) {}

  static async load(state: Pick<SyncStateStore, 'get'>): Promise<OpenSubmissions> {
    const byDestination = new Map<string, Set<string>>();
    const stored = parse(await state.get(KEY));
    for (const [destinationId, ids] of Object.entries(stored)) byDestination.set(destinationId, new Set(ids));
    return new OpenSubmissions(byDestination);
  }

  of(destinationId: string): string[] {
    return [...(this.byDestination.get(destinationId) ?? [])];
  }

  has(destinationId: string, submissionId: string): boolean {
    return this.byDestination.get(destinationId)?.has(submissionId) ?? false;
  }

  /** Remembers one, saved through `state` (the sync state of the caller's transaction). */
  add(state: Pick<SyncStateStore, 'set'>, destinationId: string, submissionId: string): Promise<void> {
    let ids = this.byDestination.get(destinationId);
    if (ids === undefined) {
      ids = new Set();
      this.byDestination.set(destinationId, ids);
    }
    ids.add(submissionId);
    return this.save(state);
  }

  async remove(
    state: Pick<SyncStateStore, 'set'>,
    destinationId: string,
    submissionId: string,
  ): Promise<void> {
    if (this.byDestination.get(destinationId)?.delete(submissionId)) await this.save(state);
  }

  private save(state: Pick<SyncStateStore, 'set'>): Promise<void> {
    return state.set(
      KEY,
      JSON.stringify(
        Object.fromEntries([...this.byDestination].map(([destinationId, ids]) => [destinationId, [...ids]])),
      ),
    );
  }
}

function parse(text: string | null): Record<string, string[]> {
  if (text === null) return {};
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string[]] =>
        Array.isArray(entry[1]) && entry[1].every((id: unknown) => typeof id === 'string'),
    ),
  );
}
