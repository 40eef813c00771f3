import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileError } from '../../../main/profile/errors';
import { defaultManagedProfilePaths, findManagedProfile } from '../../../main/profile/managed';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'antragsdesk-managed-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('managed profile', () => {
  it('picks the first path that is a file', async () => {
    const folder = join(dir, 'a-folder');
    await mkdir(folder);
    const second = join(dir, 'second.json');
    const third = join(dir, 'third.json');
    await writeFile(second, '{}', { mode: 0o600 });
    await writeFile(third, '{}', { mode: 0o600 });
    await chmod(second, 0o600);
    expect(await findManagedProfile([join(dir, 'missing.json'), folder, second, third], 'linux')).toBe(
      second,
    );
    expect(await findManagedProfile([join(dir, 'missing.json')], 'linux')).toBeUndefined();
    expect(await findManagedProfile([], 'linux')).toBeUndefined();
  });

  it('refuses a profile others may change (it names the sign-in and the keys)', async () => {
    const file = join(dir, 'open.json');
    await writeFile(file, '{}');
    await chmod(file, 0o666);
    const error = await findManagedProfile([file], 'linux').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).code).toBe('managed-profile-insecure');
    expect((error as ProfileError).message).not.toContain(file);
    await chmod(file, 0o644);
    expect(await findManagedProfile([file], 'linux')).toBe(file);
  });

  it('knows the usual places per platform', () => {
    expect(defaultManagedProfilePaths('linux', {})).toEqual(['/etc/antragsdesk/profile.json']);
    expect(defaultManagedProfilePaths('win32', { ProgramData: 'D:\\PD' })[0]).toMatch(
      /^D:\\PD.Antragsdesk.profile\.json$/,
    );
    expect(defaultManagedProfilePaths('darwin', {})).toEqual([
      '/Library/Application Support/Antragsdesk/profile.json',
    ]);
  });
});
