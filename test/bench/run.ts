/**
 * `npm run bench [name…]`: runs every test/bench/*.bench.ts (or the named ones) one after another.
 * Each bench module's default export measures its subject and a baseline in the same run and prints
 * its figures; nothing here asserts on time.
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

console.log(
  `Antragsdesk bench · ${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} cores · load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (const file of files) {
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default: () => Promise<void> };
  await mod.default();
}
