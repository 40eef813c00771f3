/**
 * The folder-level import graph of the app (one node per capability folder: `main/<folder>`,
 * `shared/<folder>`, `renderer`, `preload`, `platform`), built from the source's import and export statements.
 * It must have no cycle, and the app's runtime graph (value imports, from the Electron entry, the loopback
 * server and the department service) must not reach `platform/`. Biome's noRestrictedImports (biome.json) guards single imports; this
 * guards what no single import shows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const ROOTS = ['main', 'shared', 'renderer/src', 'preload', 'platform'];

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Static imports and re-exports with a relative specifier; `import()` is left out on purpose. */
const STATEMENT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;

function resolveModule(fromFile: string, specifier: string): string {
  const base = resolve(dirname(fromFile), specifier);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ]) {
    if (files.has(candidate)) return candidate;
  }
  return base;
}

const files = new Set(ROOTS.flatMap((top) => sourceFiles(join(root, top))));
const imports: Import[] = [...files].flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(STATEMENT)].map((match) => ({
    from: file,
    to: resolveModule(file, match[3] as string),
    typeOnly: match[2] !== undefined,
  })),
);

function folderOf(file: string): string {
  const parts = relative(root, file).split(sep);
  if ((parts[0] === 'main' || parts[0] === 'shared') && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts[0] as string;
}

/** Every cycle's folders (strongly connected components larger than one folder), by Tarjan's algorithm. */
function cycles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('the folder-level import graph', () => {
  it('has no cycle', () => {
    const edges = new Map<string, Set<string>>();
    for (const { from, to } of imports) {
      const [a, b] = [folderOf(from), folderOf(to)];
      if (a === b) continue;
      edges.set(a, (edges.get(a) ?? new Set()).add(b));
      if (!edges.has(b)) edges.set(b, new Set());
    }
    expect(edges.size).toBeGreaterThan(20);
    expect(cycles(edges)).toEqual([]);
  });

  it('keeps platform/ out of what the app loads at start', () => {
    const reached = new Set<string>();
    const pending = ['main/shell/index.ts', 'main/web/cli.ts', 'main/server/cli.ts'].map((entry) =>
      join(root, entry),
    );
    while (pending.length > 0) {
      const file = pending.pop() as string;
      if (reached.has(file)) continue;
      reached.add(file);
      for (const edge of imports) if (edge.from === file && !edge.typeOnly) pending.push(edge.to);
    }
    expect(reached.size).toBeGreaterThan(100);
    expect(
      [...reached].map((file) => relative(root, file)).filter((file) => file.startsWith('platform')),
    ).toEqual([]);
  });

  it('lets the renderer take only types from the contract', () => {
    const contract = join(root, 'main/api/contract.ts');
    const valueImports = imports.filter(
      (edge) => edge.to === contract && !edge.typeOnly && folderOf(edge.from) === 'renderer',
    );
    expect(valueImports.map((edge) => relative(root, edge.from))).toEqual([]);
  });
});
