/**
 * The built main process loads its dependencies with Node's ES module resolver, which needs a file
 * extension where a package has no `exports` map ('ajv/dist/2020' fails, 'ajv/dist/2020.js' works). No
 * Electron binary runs here, so this checks every package import of the bundle the way Electron's Node
 * would resolve it. `npm test` builds `out/` before the tests run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN_OUT = join(import.meta.dirname, '../../../out/main');

function bundleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => join(entry.parentPath, entry.name));
}

const PACKAGE = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]+)?$/;

/** Bare specifiers in static and dynamic imports (not relative, not node: builtins, not electron). */
function packageImports(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"'./][^"']*)["']/g)) {
    const specifier = match[1] as string;
    if (PACKAGE.test(specifier) && specifier !== 'electron') found.add(specifier);
  }
  return [...found];
}

describe('the built main process', () => {
  it('imports only packages that Node resolves as ES modules', () => {
    expect(existsSync(MAIN_OUT), 'out/main is missing: run electron-vite build first').toBe(true);
    const specifiers = [
      ...new Set(bundleFiles(MAIN_OUT).flatMap((file) => packageImports(readFileSync(file, 'utf8')))),
    ];
    expect(specifiers.length).toBeGreaterThan(5);
    // import.meta.resolve does not look at the disk: a resolved file that is not there fails the import.
    const script = `import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const failed = [];
for (const s of ${JSON.stringify(specifiers)}) {
  try {
    const url = import.meta.resolve(s);
    if (url.startsWith('file:') && !existsSync(fileURLToPath(url))) failed.push(s);
  } catch { failed.push(s); }
}
process.stdout.write(JSON.stringify(failed));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: MAIN_OUT,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });
});
