import type { SyncStateStore } from '../../vault/store-types';

/** Where vaults before one key per destination kept every destination's set: read until a set is saved. */
const COMBINED_KEY = 'fitconnect.open-submissions';
const keyOf = (destinationId: string) => `${COMBINED_KEY}/${destinationId}`;

/**
 * The submissions stored in the vault and still awaiting a decision on the platform, per destination: a
 * later sync that no longer finds one in the listing knows to look into what happened to it. Kept in the
 * vault's sync state, one key per destination, written in the transaction that changes it: syncs of
 * different destinations (the department service's instances each holding one) never overwrite each other.
 */
export class OpenSubmissions {
  private constructor(private readonly byDestination: Map<string, Set<string>>) {}

  /** The sets of these destinations (a sync's); only they can be changed through the result. */
  static async load(
    state: Pick<SyncStateStore, 'get'>,
    destinationIds: readonly string[],
  ): Promise<OpenSubmissions> {
    const combined = parse(await state.get(COMBINED_KEY));
    const byDestination = new Map<string, Set<string>>();
    for (const destinationId of destinationIds) {
      const own = await state.get(keyOf(destinationId));
      byDestination.set(destinationId, new Set(own === null ? (combined[destinationId] ?? []) : ids(own)));
    }
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
    const open = this.byDestination.get(destinationId);
    if (open === undefined) throw new RangeError('the destination was not loaded');
    open.add(submissionId);
    return this.save(state, destinationId, open);
  }

  async remove(
    state: Pick<SyncStateStore, 'set'>,
    destinationId: string,
    submissionId: string,
  ): Promise<void> {
    const open = this.byDestination.get(destinationId);
    if (open?.delete(submissionId)) await this.save(state, destinationId, open);
  }

  private save(state: Pick<SyncStateStore, 'set'>, destinationId: string, open: Set<string>): Promise<void> {
    return state.set(keyOf(destinationId), JSON.stringify([...open]));
  }
}

function ids(text: string): string[] {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
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
