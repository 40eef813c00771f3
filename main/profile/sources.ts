/**
 * Reading what a profile refers to: files (relative to the profile's folder) and secrets (inline or from
 * a file). Problems become issues at the JSON path of the reference; nothing is thrown.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { type ProfileIssue, profileIssue } from './errors';
import type { SecretValue } from './types';

export interface SourceContext {
  /** The folder relative paths are resolved against; undefined for a profile given as JSON without one. */
  baseDir: string | undefined;
  issues: ProfileIssue[];
}

/** The absolute path a reference names; undefined (with an issue) for a relative one without a base. */
export function resolveReference(ref: string, path: string, context: SourceContext): string | undefined {
  if (isAbsolute(ref)) return ref;
  if (context.baseDir === undefined) {
    context.issues.push(profileIssue(path, 'file-reference-without-base', { file: ref }));
    return undefined;
  }
  return resolve(context.baseDir, ref);
}

export async function readReferencedFile(
  ref: string,
  path: string,
  context: SourceContext,
): Promise<Buffer | undefined> {
  const file = resolveReference(ref, path, context);
  if (file === undefined) return undefined;
  try {
    return await readFile(file);
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code ?? 'unknown';
    context.issues.push(profileIssue(path, 'file-unreadable', { file: ref, errno }, errno));
    return undefined;
  }
}

export async function resolveSecret(
  value: SecretValue,
  path: string,
  context: SourceContext,
): Promise<string | undefined> {
  if (typeof value === 'string') return value;
  const bytes = await readReferencedFile(value.file, `${path}/file`, context);
  // Editors add a final line break; it is not part of the secret.
  return bytes?.toString('utf8').replace(/\r?\n$/, '');
}
