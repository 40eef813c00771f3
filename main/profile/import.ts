/**
 * Importing a department profile: read it, validate everything (schema, rules, every key, the seal) before
 * writing anything, then put the secrets into the secret store and the rest into the settings store. A
 * failure on the way rolls back what was written, so a profile is imported entirely or not at all.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { SecretStore } from '../auth/secret-store';
import type { KeyValueStore } from '../settings/user-settings';
import { ProfileError, type ProfileIssue, profileIssue } from './errors';
import { type CheckedKey, type KeyPurpose, loadPrivateKeys } from './keys';
import { checkDepartmentModeRules, checkProfileRules } from './rules';
import { validateProfileSchema } from './schema';
import { checkSeal } from './seal';
import { resolveReference, resolveSecret, type SourceContext } from './sources';
import { PROFILES_SETTING, readDepartmentProfiles, secretNameFor } from './stored';
import type {
  DepartmentModeProfile,
  DepartmentProfile,
  PrivateKeySource,
  ProfileTarget,
  StoredDepartmentModeProfile,
  StoredDepartmentProfile,
  StoredDestination,
  StoredProfile,
  StoredTarget,
} from './types';

export interface ImportOptions {
  secretStore: SecretStore;
  /** The plain settings store (electron-store on the desktop). */
  settingsStore: KeyValueStore;
  /** For the seal's validity; default the current time. */
  now?: Date;
  /** Folder relative file references are resolved against; default the profile file's folder. */
  baseDir?: string;
}

/**
 * A workstation works either on its own (FIT-Connect, seal and vault here) or through the department service:
 * a profile of the other kind than those already imported (other departments') is refused.
 */
function checkSameMode(stored: StoredProfile, settingsStore: KeyValueStore): void {
  const departmentMode = 'departmentService' in stored;
  const others = Object.values(readDepartmentProfiles(settingsStore)).filter(
    (profile) => profile.department.id !== stored.department.id,
  );
  if (others.some((profile) => 'departmentService' in profile !== departmentMode)) {
    throw invalid([profileIssue(departmentMode ? '/departmentService' : '/', 'mixed-modes')]);
  }
}

interface PreparedImport {
  stored: StoredProfile;
  secrets: Map<string, string>;
}

function invalid(issues: ProfileIssue[]): ProfileError {
  return new ProfileError('profile-invalid', issues);
}

async function readInput(fileOrJson: string | object, baseDir: string | undefined) {
  if (typeof fileOrJson !== 'string') return { value: fileOrJson as unknown, baseDir };
  let text: string;
  try {
    text = await readFile(fileOrJson, 'utf8');
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new ProfileError('profile-unreadable', [profileIssue('/', 'file-unreadable', { errno }, errno)]);
  }
  return { value: parseProfileText(text), baseDir: baseDir ?? dirname(resolve(fileOrJson)) };
}

/**
 * A profile's text as JSON; refused as `profile-invalid` with the position of the error (not the text).
 * Anything but an object is refused here, so a bare JSON string is never taken for a file name.
 */
export function parseProfileText(text: string): object {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    // V8's message may quote the text around the error; only the position is passed on.
    const position = /line (\d+) column (\d+)/.exec((error as Error).message);
    const params = position ? { line: Number(position[1]), column: Number(position[2]) } : undefined;
    throw invalid([profileIssue('/', 'not-json', params, position ? `line ${position[1]}` : undefined)]);
  }
  if (typeof value !== 'object' || value === null) {
    throw invalid([profileIssue('/', 'wrong-type', { expected: 'object' })]);
  }
  return value;
}

/** All keys of one purpose of a destination, with duplicate key ids reported. */
async function keySet(
  sources: readonly PrivateKeySource[],
  purpose: KeyPurpose,
  path: string,
  context: SourceContext,
): Promise<{ keys: CheckedKey[]; paths: string[] }> {
  const loaded = await Promise.all(
    sources.map((source, index) => loadPrivateKeys(source, purpose, `${path}/${index}`, context)),
  );
  const keys = loaded.flat();
  const paths = loaded.flatMap((group, index) => group.map(() => `${path}/${index}`));
  const seen = new Set<string>();
  keys.forEach((key, index) => {
    if (seen.has(key.kid))
      context.issues.push(profileIssue(paths[index] ?? path, 'key-duplicate-id', { kid: key.kid }));
    seen.add(key.kid);
  });
  return { keys, paths };
}

async function storedTarget(
  target: ProfileTarget,
  name: 'handover' | 'archive',
  departmentId: string,
  context: SourceContext,
  secrets: Map<string, string>,
): Promise<StoredTarget> {
  if (target.kind === 'hotFolder') {
    // Resolved now: later readers do not know where the profile came from. The folder may not exist yet.
    return {
      kind: 'hotFolder',
      path: resolveReference(target.path, `/${name}/path`, context) ?? target.path,
      ...(target.readerGroup !== undefined && { readerGroup: target.readerGroup }),
    };
  }
  if (target.kind === 'fitconnect') {
    const clientSecretName = secretNameFor.targetClientSecret(departmentId, name);
    const clientSecret = await resolveSecret(target.clientSecret, `/${name}/clientSecret`, context);
    if (clientSecret !== undefined) secrets.set(clientSecretName, clientSecret);
    const { clientSecret: _secret, ...settings } = target;
    return { ...settings, clientSecretName };
  }
  if (target.token === undefined) return { kind: 'http', url: target.url };
  const token = await resolveSecret(target.token, `/${name}/token`, context);
  const tokenSecret = secretNameFor.targetToken(departmentId, name);
  if (token !== undefined) secrets.set(tokenSecret, token);
  return { kind: 'http', url: target.url, tokenSecret };
}

/** The delivery channels in the shape main/delivery reads, their secrets put aside under fixed names. */
async function storedDelivery(
  profile: DepartmentProfile,
  context: SourceContext,
  secrets: Map<string, string>,
): Promise<NonNullable<StoredDepartmentProfile['delivery']>> {
  const departmentId = profile.department.id;
  const { zbp, email } = profile.delivery ?? {};
  const delivery: NonNullable<StoredDepartmentProfile['delivery']> = {};
  if (zbp !== undefined) {
    const clientSecretName = secretNameFor.zbpClientSecret(departmentId);
    const clientSecret = await resolveSecret(zbp.clientSecret, '/delivery/zbp/clientSecret', context);
    if (clientSecret !== undefined) secrets.set(clientSecretName, clientSecret);
    // The ZBP is reached in the department's own FIT-Connect environment.
    delivery.zbp = {
      destinationId: zbp.destinationId,
      tokenUrl: profile.fitConnect.tokenUrl,
      submissionApiUrl: profile.fitConnect.submissionApiUrl,
      apiPrefix: profile.fitConnect.versionPrefix,
      clientId: zbp.clientId,
      clientSecretName,
      ...(zbp.defaultStorkQaaLevel === undefined ? {} : { defaultStorkQaaLevel: zbp.defaultStorkQaaLevel }),
    };
  }
  if (email !== undefined) {
    const passwordSecretName = secretNameFor.smtpPassword(departmentId);
    const password =
      email.password === undefined
        ? undefined
        : await resolveSecret(email.password, '/delivery/email/password', context);
    if (password !== undefined) secrets.set(passwordSecretName, password);
    delivery.email = {
      host: email.host,
      port: email.port,
      secure: email.secure,
      ...(email.requireTls === undefined ? {} : { requireTls: email.requireTls }),
      ...(email.user === undefined ? {} : { auth: { user: email.user, passwordSecretName } }),
      from: email.from,
      allowUnencryptedEmail: email.allowUnencryptedEmail === true,
    };
  }
  return delivery;
}

async function templateDirOf(
  profile: DepartmentProfile,
  context: SourceContext,
): Promise<string | undefined> {
  const ref = profile.notices.templateDir;
  if (ref === undefined) return undefined;
  const path = '/notices/templateDir';
  const dir = resolveReference(ref, path, context);
  if (dir === undefined) return undefined;
  const isDir = await stat(dir).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
  if (!isDir) context.issues.push(profileIssue(path, 'file-unreadable', { file: ref }));
  return dir;
}

/** Validates everything and builds what will be written; writes nothing. */
async function prepare(value: unknown, baseDir: string | undefined, now: Date): Promise<PreparedImport> {
  const schema = validateProfileSchema(value);
  if (!schema.ok) throw invalid(schema.issues);
  const { profile } = schema;
  if ('departmentService' in profile) return prepareDepartmentMode(profile, now);
  const departmentId = profile.department.id;
  const context: SourceContext = { baseDir, issues: checkProfileRules(profile) };
  const secrets = new Map<string, string>();

  const destinations: StoredDestination[] = [];
  const decryptionThumbprints = new Set<string>();
  const signingKeys: { key: CheckedKey; path: string }[] = [];
  for (const [index, destination] of profile.destinations.entries()) {
    const path = `/destinations/${index}`;
    const id = destination.destinationId;
    const clientSecret = await resolveSecret(destination.clientSecret, `${path}/clientSecret`, context);
    const decryption = await keySet(
      destination.decryptionKeys,
      'decryption',
      `${path}/decryptionKeys`,
      context,
    );
    const signing = await keySet(destination.signingKeys, 'signing', `${path}/signingKeys`, context);
    for (const key of decryption.keys) decryptionThumbprints.add(key.thumbprint);
    for (const [keyIndex, key] of signing.keys.entries()) {
      signingKeys.push({ key, path: signing.paths[keyIndex] ?? path });
    }

    const callbackSecret =
      destination.callbackSecret === undefined
        ? undefined
        : await resolveSecret(destination.callbackSecret, `${path}/callbackSecret`, context);
    const names = {
      clientSecret: secretNameFor.clientSecret(departmentId, id),
      decryptionKeys: secretNameFor.decryptionKeys(departmentId, id),
      signingKeys: secretNameFor.signingKeys(departmentId, id),
      ...(callbackSecret !== undefined && { callbackSecret: secretNameFor.callbackSecret(departmentId, id) }),
    };
    if (clientSecret !== undefined) secrets.set(names.clientSecret, clientSecret);
    if (callbackSecret !== undefined && names.callbackSecret)
      secrets.set(names.callbackSecret, callbackSecret);
    secrets.set(names.decryptionKeys, JSON.stringify(decryption.keys.map((key) => key.jwk)));
    secrets.set(names.signingKeys, JSON.stringify(signing.keys.map((key) => key.jwk)));
    destinations.push({
      destinationId: id,
      name: destination.name,
      clientId: destination.clientId,
      decryptionKeyIds: decryption.keys.map((key) => key.kid),
      signingKeyIds: signing.keys.map((key) => key.kid),
      secrets: names,
    });
  }
  // A key that decrypts must not also sign (FIT-Connect keeps the two apart).
  for (const { key, path } of signingKeys) {
    if (decryptionThumbprints.has(key.thumbprint))
      context.issues.push(profileIssue(path, 'key-reused', { kid: key.kid }));
  }

  const seal = await checkSeal(profile.seal, now, '/seal', context);
  const sealSecret = secretNameFor.seal(departmentId);
  if (seal !== undefined) secrets.set(sealSecret, JSON.stringify(seal.secret));
  const handover = await storedTarget(profile.handover, 'handover', departmentId, context, secrets);
  const archive = await storedTarget(profile.archive, 'archive', departmentId, context, secrets);
  const templateDir = await templateDirOf(profile, context);
  const delivery = await storedDelivery(profile, context, secrets);

  if (context.issues.length > 0 || seal === undefined) throw invalid(context.issues);
  return {
    secrets,
    stored: {
      format: profile.format,
      importedAt: now.toISOString(),
      demo: profile.demo === true,
      department: profile.department,
      identityProvider: profile.identityProvider,
      fitConnect: profile.fitConnect,
      destinations,
      seal: { secret: sealSecret, ...seal.info },
      handover,
      archive,
      notices: {
        senderName: profile.notices.senderName,
        ...(templateDir === undefined ? {} : { templateDir }),
      },
      delivery,
      ...(profile.retention === undefined ? {} : { retention: profile.retention }),
      services: profile.services,
      secretNames: [...secrets.keys()],
    },
  };
}

/** A department-mode profile: nothing secret, only the addresses, which must be https:// (but in a demo). */
function prepareDepartmentMode(profile: DepartmentModeProfile, now: Date): PreparedImport {
  const issues = checkDepartmentModeRules(profile);
  if (issues.length > 0) throw invalid(issues);
  const stored: StoredDepartmentModeProfile = {
    format: profile.format,
    importedAt: now.toISOString(),
    demo: profile.demo === true,
    department: profile.department,
    identityProvider: profile.identityProvider,
    departmentService: profile.departmentService,
    secretNames: [],
  };
  return { secrets: new Map(), stored };
}

/** Writes the secrets, then the settings; on any failure restores every secret as it was before. */
async function commit({ stored, secrets }: PreparedImport, options: ImportOptions): Promise<void> {
  const { secretStore, settingsStore } = options;
  const departmentId = stored.department.id;
  const before = new Map<string, string | null>();
  try {
    for (const [name, value] of secrets) {
      before.set(name, await secretStore.get(name));
      await secretStore.put(name, value);
    }
    const profiles = readDepartmentProfiles(settingsStore);
    const previous = Object.hasOwn(profiles, departmentId) ? profiles[departmentId] : undefined;
    settingsStore.set(PROFILES_SETTING, { ...profiles, [departmentId]: stored });
    // Secrets the previous import of this department needed and this one does not: no longer referenced.
    for (const name of previous?.secretNames ?? []) {
      if (!secrets.has(name)) await secretStore.delete(name).catch(() => undefined);
    }
  } catch (cause) {
    for (const [name, value] of [...before].reverse()) {
      await (value === null ? secretStore.delete(name) : secretStore.put(name, value)).catch(() => undefined);
    }
    throw new ProfileError('profile-store-failed', [], { cause });
  }
}

/** Reads and checks the profile, then writes it if `admit` lets it (it throws otherwise). */
async function importChecked<P extends StoredProfile>(
  fileOrJson: string | object,
  options: ImportOptions,
  admit: (stored: StoredProfile) => P,
): Promise<P> {
  const { value, baseDir } = await readInput(fileOrJson, options.baseDir);
  const prepared = await prepare(value, baseDir, options.now ?? new Date());
  const admitted = admit(prepared.stored);
  await commit(prepared, options);
  return admitted;
}

export function importProfile(fileOrJson: string | object, options: ImportOptions): Promise<StoredProfile> {
  return importChecked(fileOrJson, options, (stored) => {
    checkSameMode(stored, options.settingsStore);
    return stored;
  });
}

/**
 * Imports a profile that sets up FIT-Connect, seal and targets here (the department service's own, a lone
 * workstation's); a department-mode profile, which names a service instead, is refused before anything is
 * written.
 */
export function importWorkstationProfile(
  fileOrJson: string | object,
  options: ImportOptions,
): Promise<StoredDepartmentProfile> {
  return importChecked(fileOrJson, options, (stored) => {
    if ('departmentService' in stored) {
      throw invalid([profileIssue('/departmentService', 'unknown-property')]);
    }
    return stored;
  });
}
