/**
 * Reads a tagged PDF back with readers that share no code with pdf-lib: poppler for the structure tree and
 * its text, pdf.js for the marked content of every page, qpdf for the ParentTree.
 */
import { readFileSync } from 'node:fs';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { run } from './fixtures';

export interface StructureNode {
  readonly type: string;
  /** The element's own text lines, joined by a space. */
  readonly text: string;
  /** Attribute lines as poppler prints them, e.g. "/Scope /Row". */
  readonly attributes: string[];
  readonly children: StructureNode[];
}

/** The structure tree as `pdfinfo -struct-text` prints it: two spaces of indent per level. */
export function structureTree(file: string): StructureNode {
  const root: StructureNode = { type: '(root)', text: '', attributes: [], children: [] };
  const stack: { indent: number; node: StructureNode & { lines: string[] } }[] = [
    { indent: -2, node: { ...root, lines: [] } },
  ];
  for (const line of run('pdfinfo', ['-struct-text', file]).split('\n')) {
    if (line.trim() === '') continue;
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    while ((stack.at(-1)?.indent ?? -2) >= indent && stack.length > 1) stack.pop();
    const parent = stack.at(-1)?.node;
    if (!parent) throw new Error('unreachable');
    if (content.startsWith('"')) parent.lines.push(content.slice(1, -1));
    else if (content.startsWith('/')) parent.attributes.push(content);
    else {
      const node = {
        type: content.split(/[\s:]/)[0] ?? '',
        text: '',
        attributes: [],
        children: [],
        lines: [],
      };
      parent.children.push(node);
      stack.push({ indent, node });
    }
  }
  const finish = (node: StructureNode & { lines?: string[] }): StructureNode => ({
    type: node.type,
    text: (node.lines ?? []).join(' '),
    attributes: node.attributes,
    children: node.children.map(finish),
  });
  return finish(stack[0]?.node ?? { ...root, lines: [] });
}

/** One line per element, indented by depth: `H2 Begründung`, `TH Aktenzeichen`. */
export function outline(node: StructureNode, depth = 0): string[] {
  const self = `${'  '.repeat(depth)}${node.type}${node.text === '' ? '' : ` ${node.text}`}`;
  return [self, ...node.children.flatMap((child) => outline(child, depth + 1))];
}

const contentOps = new Set<number>(
  [
    OPS.showText,
    OPS.showSpacedText,
    OPS.nextLineShowText,
    OPS.nextLineSetSpacingShowText,
    OPS.constructPath,
    OPS.stroke,
    OPS.fill,
    OPS.eoFill,
    OPS.fillStroke,
    OPS.shadingFill,
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintFormXObjectBegin,
  ].filter((op) => op !== undefined),
);

function openPdf(file: string) {
  const data = new Uint8Array(readFileSync(file));
  return getDocument({ data, useSystemFonts: false });
}

export interface MarkedContentReport {
  /** Drawing operators outside any marked-content sequence, as "page n: op". */
  readonly unmarked: string[];
  /** Marked-content tags per page, in content order; MCIDs as "P#3", artifacts as "Artifact". */
  readonly sequences: string[][];
  /** MCIDs drawn on a page but not referenced from the structure tree pdf.js reads, as "page n: mcid". */
  readonly orphans: string[];
}

/** Walks every page's operators with pdf.js: what is drawn outside marked content, and which MCIDs. */
export async function markedContent(file: string): Promise<MarkedContentReport> {
  const task = openPdf(file);
  const doc = await task.promise;
  const opNames = new Map(Object.entries(OPS).map(([name, code]) => [code as number, name]));
  const unmarked: string[] = [];
  const sequences: string[][] = [];
  const orphans: string[] = [];
  try {
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      const { fnArray, argsArray } = await page.getOperatorList();
      const tags: string[] = [];
      const mcids = new Set<number>();
      let depth = 0;
      fnArray.forEach((op, index) => {
        if (op === OPS.beginMarkedContent || op === OPS.beginMarkedContentProps) {
          depth++;
          const [tag, mcid] = (argsArray[index] ?? []) as [string, number | null];
          tags.push(typeof mcid === 'number' ? `${tag}#${mcid}` : tag);
          if (typeof mcid === 'number') mcids.add(mcid);
        } else if (op === OPS.endMarkedContent) {
          depth--;
        } else if (depth === 0 && contentOps.has(op)) {
          unmarked.push(`page ${number}: ${opNames.get(op)}`);
        }
      });
      const referenced = new Set<number>();
      const visit = (node: unknown): void => {
        if (typeof node !== 'object' || node === null) return;
        const { type, id, children } = node as { type?: string; id?: string; children?: unknown[] };
        if (type === 'content' && id) referenced.add(Number(/_mc(\d+)$/.exec(id)?.[1]));
        for (const child of children ?? []) visit(child);
      };
      visit(await page.getStructTree());
      for (const mcid of mcids) if (!referenced.has(mcid)) orphans.push(`page ${number}: ${mcid}`);
      sequences.push(tags);
    }
  } finally {
    await task.destroy();
  }
  return { unmarked, sequences, orphans };
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type JsonDict = { [key: string]: JsonValue };

/**
 * Checks the ParentTree against the structure tree with qpdf's JSON view: every MCID and annotation an
 * element holds must map back to that element, and the ParentTree must hold nothing else. Returns the
 * differences (empty when it is right). Reads flat Nums only, which is what the letters write.
 */
export function parentTreeMismatches(file: string): string[] {
  const json = JSON.parse(run('qpdf', ['--json=2', '--json-key=qpdf', file])) as {
    qpdf: [unknown, JsonDict];
  };
  const objects = json.qpdf[1];
  const resolve = (value: JsonValue | undefined): JsonValue | undefined =>
    typeof value === 'string' && /^\d+ \d+ R$/.test(value)
      ? ((objects[`obj:${value}`] as JsonDict | undefined)?.value ?? undefined)
      : value;
  const dict = (value: JsonValue | undefined): JsonDict => (resolve(value) ?? {}) as JsonDict;
  const catalogRef = (dict(objects.trailer).value as JsonDict | undefined)?.['/Root'];
  const treeRoot = dict(dict(catalogRef)['/StructTreeRoot']);
  const nums = (dict(treeRoot['/ParentTree'])['/Nums'] ?? []) as JsonValue[];

  const actual = new Map<string, string>();
  for (let index = 0; index < nums.length; index += 2) {
    const key = nums[index] as number;
    const entry = resolve(nums[index + 1]);
    if (!Array.isArray(entry)) actual.set(`${key}`, String(nums[index + 1]));
    else for (const [mcid, element] of entry.entries()) actual.set(`${key}/${mcid}`, String(element));
  }

  const expected = new Map<string, string>();
  const visit = (ref: JsonValue | undefined): void => {
    const element = dict(ref);
    const kids = element['/K'];
    for (const kid of Array.isArray(kids) ? kids : kids === undefined ? [] : [kids]) {
      const resolved = resolve(kid);
      if (typeof resolved === 'number') {
        expected.set(`${dict(element['/Pg'])['/StructParents']}/${resolved}`, String(ref));
      } else if (typeof resolved === 'object' && resolved !== null && !Array.isArray(resolved)) {
        if (resolved['/Type'] === '/MCR')
          expected.set(`${dict(resolved['/Pg'])['/StructParents']}/${resolved['/MCID']}`, String(ref));
        else if (resolved['/Type'] === '/OBJR')
          expected.set(`${dict(resolved['/Obj'])['/StructParent']}`, String(ref));
        else visit(kid);
      }
    }
  };
  visit(treeRoot['/K']);

  const differences: string[] = [];
  for (const [key, element] of expected)
    if (actual.get(key) !== element)
      differences.push(`${key}: tree ${element}, ParentTree ${actual.get(key)}`);
  for (const [key, element] of actual)
    if (!expected.has(key)) differences.push(`${key}: ParentTree ${element}, not in the tree`);
  return differences;
}

export interface AccessibilityFacts {
  readonly language: string | undefined;
  readonly displayDocTitle: boolean | undefined;
  readonly marked: boolean | undefined;
  readonly suspects: boolean | undefined;
  /** dc:title of the XMP metadata, which a viewer shows when DisplayDocTitle is set. */
  readonly title: string | undefined;
}

/** What pdf.js reads from the catalog and the XMP: /Lang, DisplayDocTitle, MarkInfo, dc:title. */
export async function accessibilityFacts(file: string): Promise<AccessibilityFacts> {
  const task = openPdf(file);
  const doc = await task.promise;
  try {
    const { info, metadata } = await doc.getMetadata();
    // pdf.js hands both dictionaries over as Maps, whatever its typings say.
    const preferences = (await doc.getViewerPreferences()) as Map<string, boolean> | null;
    const markInfo = (await doc.getMarkInfo()) as Map<string, boolean> | null;
    return {
      language: (info as { Language?: string }).Language,
      displayDocTitle: preferences?.get('DisplayDocTitle'),
      marked: markInfo?.get('Marked'),
      suspects: markInfo?.get('Suspects'),
      title: metadata?.get('dc:title') ?? undefined,
    };
  } finally {
    await task.destroy();
  }
}
