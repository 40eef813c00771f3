import type { SyncStateRepository } from '../../vault/sync-state';

const KEY = 'fitconnect.open-submissions';

/**
 * The submissions stored in the vault and still awaiting a decision on the platform, per destination: a
 * later sync that no longer finds one in the listing knows to look into what happened to it. Kept in the
 * vault's sync state and written in the transaction that changes it.
 */
export class OpenSubmissions {
  private constructor(
    private readonly state: Pick<SyncStateRepository, 'get' | 'set'>,
    private readonly byDestination: Map<string, Set<string>>,
  ) {}

  static load(state: Pick<SyncStateRepository, 'get' | 'set'>): OpenSubmissions {
    const byDestination = new Map<string, Set<string>>();
    const stored = parse(state.get(KEY));
    for (const [destinationId, ids] of Object.entries(stored)) byDestination.set(destinationId, new Set(ids));
    return new OpenSubmissions(state, byDestination);
  }

  of(destinationId: string): string[] {
    return [...(this.byDestination.get(destinationId) ?? [])];
  }

  has(destinationId: string, submissionId: string): boolean {
    return this.byDestination.get(destinationId)?.has(submissionId) ?? false;
  }

  add(destinationId: string, submissionId: string): void {
    let ids = this.byDestination.get(destinationId);
    if (ids === undefined) {
      ids = new Set();
      this.byDestination.set(destinationId, ids);
    }
    ids.add(submissionId);
    this.save();
  }

  remove(destinationId: string, submissionId: string): void {
    if (this.byDestination.get(destinationId)?.delete(submissionId)) this.save();
  }

  private save(): void {
    this.state.set(
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
