/**
 * Accounts of the local identity provider: demo staff of two departments, and the password check.
 * The provider is for demo, training and tests; a department signs in against its own identity provider.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface IdentityUser {
  /** The login name; also the stable subject (`sub`) of the account. */
  username: string;
  password: string;
  /** Claims released with the `profile` scope, e.g. `name`, `department`, `roles`. */
  claims: Record<string, unknown>;
}

export const DEMO_PASSWORD = 'demo';

export const demoUsers: readonly IdentityUser[] = [
  {
    username: 'anna.schmidt',
    password: DEMO_PASSWORD,
    claims: { name: 'Anna Schmidt', department: 'buergerservice', roles: ['Sachbearbeitung'] },
  },
  {
    username: 'tom.becker',
    password: DEMO_PASSWORD,
    claims: { name: 'Tom Becker', department: 'buergerservice', roles: ['Teamleitung'] },
  },
  {
    // A second case worker of the Bürgerservice: someone to hand a case to, and to cover for.
    username: 'jan.koch',
    password: DEMO_PASSWORD,
    claims: { name: 'Jan Koch', department: 'buergerservice', roles: ['Sachbearbeitung'] },
  },
  {
    username: 'lea.wagner',
    password: DEMO_PASSWORD,
    claims: { name: 'Lea Wagner', department: 'ordnungsamt', roles: ['Sachbearbeitung'] },
  },
  {
    username: 'admin',
    password: DEMO_PASSWORD,
    claims: { name: 'Fachadministration', department: 'buergerservice', roles: ['Administration'] },
  },
];

export interface UserDirectory {
  find(username: string): IdentityUser | undefined;
  /** The account if the password is right; compares in constant time so timing tells nothing. */
  authenticate(username: string, password: string): IdentityUser | undefined;
  /** Every claim name any account carries (the provider announces and releases these). */
  claimNames(): string[];
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

export function createUserDirectory(users: readonly IdentityUser[]): UserDirectory {
  const byName = new Map(users.map((user) => [user.username, user]));
  return {
    find: (username) => byName.get(username),
    authenticate(username, password) {
      const user = byName.get(username);
      // Compare against something even for an unknown name, so both cases take the same path.
      const ok = timingSafeEqual(digest(user?.password ?? ''), digest(password));
      return user !== undefined && ok ? user : undefined;
    },
    claimNames: () => [...new Set(users.flatMap((user) => Object.keys(user.claims)))],
  };
}
