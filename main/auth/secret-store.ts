/**
 * Where secrets live: the vault implements this on the desktop (encrypted at rest); tests and a session
 * without a vault use the memory store below. Values are strings; binary secrets travel as base64.
 */
export interface SecretStore {
  put(name: string, value: string): Promise<void>;
  get(name: string): Promise<string | null>;
  delete(name: string): Promise<void>;
}

export function createMemorySecretStore(): SecretStore & { names(): string[] } {
  const values = new Map<string, string>();
  return {
    put: async (name, value) => void values.set(name, value),
    get: async (name) => values.get(name) ?? null,
    delete: async (name) => void values.delete(name),
    names: () => [...values.keys()],
  };
}
