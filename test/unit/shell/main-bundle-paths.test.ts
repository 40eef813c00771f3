/**
 * Code in main/ finds its assets relative to its own file ('../../assets' from main/pdf/fonts.ts). The
 * bundle keeps those literal paths, so every file of out/main must sit where they still land on the
 * assets: a chunk one folder deeper (out/main/chunks/) would look in out/assets. `npm test` builds `out/`
 * before the tests run.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN_OUT = join(import.meta.dirname, '../../../out/main');

/** Relative paths taken from the file's own location: new URL('…', import.meta.url), join/resolve(import.meta.dirname, '…'). */
const OWN_PATH =
  /new URL\(\s*["'](\.\.?\/[^"']*)["']\s*,\s*import\.meta\.url\s*\)|(?:join|resolve)\(\s*import\.meta\.dirname\s*,\s*["']([^"']+)["']\s*\)/g;

describe('the built main process', () => {
  it('holds the entry of every command that runs from the build', () => {
    const scripts = Object.values(
      (
        JSON.parse(readFileSync(join(MAIN_OUT, '../../package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        }
      ).scripts,
    );
    const entries = scripts.flatMap((script) =>
      [...script.matchAll(/\bnode (out\/main\/[\w-]+\.js)/g)].map((m) => m[1]),
    );
    // Browser mode and the department service (`npm run web`, `npm run server`).
    expect(entries).toEqual(expect.arrayContaining(['out/main/web.js', 'out/main/server.js']));
    expect(entries.filter((entry) => !existsSync(join(MAIN_OUT, '../..', entry as string)))).toEqual([]);
  });

  it('finds every file it locates relative to its own file', () => {
    expect(existsSync(MAIN_OUT), 'out/main is missing: run electron-vite build first').toBe(true);
    const checked: string[] = [];
    const missing: string[] = [];
    for (const entry of readdirSync(MAIN_OUT, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
      const file = join(entry.parentPath, entry.name);
      for (const match of readFileSync(file, 'utf8').matchAll(OWN_PATH)) {
        const target = resolve(dirname(file), (match[1] ?? match[2]) as string);
        checked.push(target);
        if (!existsSync(target)) missing.push(`${relative(MAIN_OUT, file)} → ${relative(MAIN_OUT, target)}`);
      }
    }
    expect(checked.length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });
});
