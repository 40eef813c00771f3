/**
 * Browser mode from a source tree: builds the app with electron-vite unless `out/` was built from exactly
 * these sources. A content hash of every build input is stamped into `out/` after a build, so a second start
 * skips the build (a minute on a slow machine) and a changed file, a pulled commit or a missing `out/` builds
 * again.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';

/** What electron-vite reads: the sources of main, preload and renderer, what they import, and the configs. */
const BUILD_INPUTS = [
  'main',
  'preload',
  'renderer',
  'platform',
  'assets',
  'package.json',
  'package-lock.json',
  'electron.vite.config.ts',
  'tsconfig.json',
  'tsconfig.web.json',
];
const SKIPPED_DIRS = new Set(['node_modules', 'out', '.tmp']);
export const BUILD_STAMP = '.build-stamp';

export type BuildOutcome = 'built' | 'current';

/** Builds into `<root>/out` when the stamp there does not match the sources; says which it did. */
export async function buildIfChanged(root: string): Promise<BuildOutcome> {
  const hash = await sourceHash(root);
  const stamp = join(root, 'out', BUILD_STAMP);
  const built = await readFile(stamp, 'utf8').catch(() => null);
  if (built?.trim() === hash) return 'current';
  await rm(stamp, { force: true });
  await electronViteBuild(root);
  await writeFile(stamp, `${hash}\n`);
  return 'built';
}

/** SHA-256 over the path and content of every build input, in a stable order. */
export async function sourceHash(root: string): Promise<string> {
  const hash = createHash('sha256');
  for (const input of BUILD_INPUTS) {
    for (const file of await filesUnder(join(root, input))) {
      const content = await readFile(file);
      hash.update(relative(root, file).split('\\').join('/')).update('\0');
      hash.update(String(content.length)).update('\0').update(content);
    }
  }
  return hash.digest('hex');
}

async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOTDIR') return null;
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries === null) return [path];
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) files.push(...(await filesUnder(join(path, entry.name))));
    } else if (entry.isFile()) {
      files.push(join(path, entry.name));
    }
  }
  return files;
}

function electronViteBuild(root: string): Promise<void> {
  const bin = join(
    dirname(createRequire(join(root, 'package.json')).resolve('electron-vite/package.json')),
    'bin/electron-vite.js',
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'build'], { cwd: root, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`electron-vite build failed (${signal ?? `exit code ${code}`})`));
    });
  });
}
