/**
 * The managed profile: IT rolls a department profile out to a fixed place on the machine, and Antragsdesk
 * picks it up from there at start. Which places is a parameter; the defaults per platform are below.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ProfileError } from './errors';

export const MANAGED_PROFILE_FILE = 'profile.json';

export function defaultManagedProfilePaths(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  switch (platform) {
    case 'win32':
      return [join(env.ProgramData ?? 'C:\\ProgramData', 'Antragsdesk', MANAGED_PROFILE_FILE)];
    case 'darwin':
      return [join('/Library/Application Support/Antragsdesk', MANAGED_PROFILE_FILE)];
    default:
      return [join('/etc/antragsdesk', MANAGED_PROFILE_FILE)];
  }
}

/**
 * The first of `paths` that is a file, or undefined if none is. On POSIX systems a profile that users other
 * than its owner may change is refused: it names the identity provider and the keys, and whoever may edit
 * it could send staff to a look-alike sign-in.
 */
export async function findManagedProfile(
  paths: readonly string[],
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  for (const path of paths) {
    const stats = await stat(path).catch(() => undefined);
    if (stats?.isFile() !== true) continue;
    if (platform !== 'win32' && (stats.mode & 0o022) !== 0)
      throw new ProfileError('managed-profile-insecure');
    return path;
  }
  return undefined;
}
