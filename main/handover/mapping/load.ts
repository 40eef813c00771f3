/**
 * Loads mapping files: the structure is checked against the mapping schema (ajv), then every path inside
 * the strings (targets, sources, date patterns). All problems are reported at once, each with a JSON
 * Pointer into the file and a reason a department's administrator can act on.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ErrorObject } from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import mappingSchema from '../../../assets/mappings/mapping.schema.json' with { type: 'json' };
import { HandoverError, type MappingIssue } from '../errors';
import { datePatternProblem } from './dates';
import type { FieldMapping, FieldMappingFile, Mapping, MappingFile } from './model';
import { parseSource } from './pointer';
import { isElementName } from './xml-name';

export const MAPPING_SCHEMA_FILE = 'mapping.schema.json';
const LEIKA_ID = /^\d{14}$/;
const LEIKA_PREFIX = 'urn:de:fim:leika:leistung:';
/** The identifier pattern of the FIT-Connect metadata schema (`publicServiceType.identifier`). */
const SERVICE_URN = /^urn:[a-z0-9][a-z0-9-]{0,31}:[a-z0-9()+,.:=@;$_!*'%/?#-]+$/;
const TRANSFORM_KINDS = mappingSchema.$defs.transform.oneOf.map((variant) => variant.properties.kind.const);

let compiled: ReturnType<Ajv2020['compile']> | undefined;

function validateStructure(value: unknown): MappingIssue[] {
  compiled ??= new Ajv2020({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    discriminator: true,
  }).compile(mappingSchema);
  if (compiled(value)) return [];
  return (compiled.errors ?? []).filter((error) => error.keyword !== 'if').map(describeSchemaError);
}

function describeSchemaError(error: ErrorObject): MappingIssue {
  const path = error.instancePath === '' ? '/' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { path, message: `unknown property "${String(params.additionalProperty)}"` };
    case 'required':
      return { path: `${error.instancePath}/${String(params.missingProperty)}`, message: 'is required' };
    case 'enum':
      return { path, message: `must be one of ${(params.allowedValues as unknown[]).map(quote).join(', ')}` };
    case 'discriminator':
      return params.error === 'mapping'
        ? {
            path: `${path}/kind`,
            message: `unknown transform ${quote(params.tagValue)} (expected one of ${TRANSFORM_KINDS.map(quote).join(', ')})`,
          }
        : { path: `${path}/kind`, message: 'must be a string naming the transform' };
    default:
      return { path, message: error.message ?? error.keyword };
  }
}

function quote(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Checks and compiles a mapping. `origin` names it in messages (a file name). Throws `mapping-invalid`
 * with every issue found.
 */
export function parseMapping(value: unknown, origin: string): Mapping {
  const structural = validateStructure(value);
  if (structural.length > 0)
    throw new HandoverError('mapping-invalid', { mapping: origin, issues: structural });
  const file = value as MappingFile;
  const issues: MappingIssue[] = [];
  const service = serviceUrn(file.service);
  if (service === undefined) {
    issues.push({ path: '/service', message: 'must be a URN or a 14-digit LeiKa id' });
  }
  if (file.root !== undefined && !isElementName(file.root)) {
    issues.push({ path: '/root', message: `${quote(file.root)} is not a valid XML element name` });
  }
  const fields = compileFields(file.fields, issues);
  if (issues.length > 0) throw new HandoverError('mapping-invalid', { mapping: origin, issues });
  const common = { origin, service: service as string, fields };
  // The schema requires a root for XML.
  return file.format === 'xml'
    ? { ...common, format: 'xml', root: file.root as string }
    : { ...common, format: 'json' };
}

/** Parses the JSON text of a mapping file and checks it. */
export function parseMappingText(text: string, origin: string): Mapping {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HandoverError('mapping-invalid', {
      mapping: origin,
      issues: [{ path: '/', message: 'is not valid JSON' }],
    });
  }
  return parseMapping(value, origin);
}

export async function readMappingFile(path: string): Promise<Mapping> {
  return parseMappingText(await readFile(path, 'utf8'), basename(path));
}

/** Every `*.json` mapping in a folder (the schema file aside), by service URN; one mapping per service. */
export async function readMappingDirectory(dir: string): Promise<ReadonlyMap<string, Mapping>> {
  const names = (await readdir(dir))
    .filter((name) => name.endsWith('.json') && name !== MAPPING_SCHEMA_FILE)
    .sort();
  const mappings = new Map<string, Mapping>();
  for (const name of names) {
    const mapping = await readMappingFile(join(dir, name));
    const earlier = mappings.get(mapping.service);
    if (earlier !== undefined) {
      throw new HandoverError('mapping-invalid', {
        mapping: name,
        issues: [{ path: '/service', message: `is already mapped by ${earlier.origin}` }],
      });
    }
    mappings.set(mapping.service, mapping);
  }
  return mappings;
}

/** A service identifier as a URN; a bare LeiKa id is expanded. `undefined` when it is neither. */
export function serviceUrn(identifier: string): string | undefined {
  if (LEIKA_ID.test(identifier)) return LEIKA_PREFIX + identifier;
  return SERVICE_URN.test(identifier) ? identifier : undefined;
}

function compileFields(files: readonly FieldMappingFile[], issues: MappingIssue[]): FieldMapping[] {
  /** Which path is a value (leaf) and which holds other fields (branch), with the field that made it so. */
  const occupied = new Map<string, { leaf: boolean; index: number }>();
  return files.map((field, index) => {
    const at = `/fields/${index}`;
    const path = field.target.split('.');
    const badSegment = path.find((segment) => !isElementName(segment));
    if (badSegment !== undefined) {
      issues.push({
        path: `${at}/target`,
        message: `segment ${quote(badSegment)} is not a valid XML element name`,
      });
    } else {
      const clash = claimPath(occupied, path, index);
      if (clash !== undefined) issues.push({ path: `${at}/target`, message: clash });
    }

    const isConstant = field.transform?.kind === 'constant';
    let source: FieldMapping['source'];
    if (field.source === undefined) {
      if (!isConstant)
        issues.push({ path: `${at}/source`, message: 'is required (only a constant has no source)' });
    } else if (isConstant) {
      issues.push({ path: `${at}/source`, message: 'must be left out: a constant has no source' });
    } else {
      const parsed = parseSource(field.source);
      if ('reason' in parsed) issues.push({ path: `${at}/source`, message: parsed.reason });
      else source = parsed.source;
    }

    if (field.transform?.kind === 'date') {
      const problem = datePatternProblem(field.transform.to);
      if (problem !== undefined) issues.push({ path: `${at}/transform/to`, message: problem });
    }

    return {
      target: field.target,
      path,
      ...(field.source === undefined ? {} : { sourceText: field.source }),
      ...(source === undefined ? {} : { source }),
      ...(field.transform === undefined ? {} : { transform: field.transform }),
      required: field.required ?? false,
    };
  });
}

/** Records a target path; returns why it clashes with an earlier one, if it does. */
function claimPath(
  occupied: Map<string, { leaf: boolean; index: number }>,
  path: readonly string[],
  index: number,
): string | undefined {
  const key = path.join('.');
  const existing = occupied.get(key);
  if (existing !== undefined) {
    return existing.leaf
      ? `is already mapped by field ${existing.index}`
      : `is a group of other fields (field ${existing.index}) and cannot hold a value`;
  }
  for (let length = 1; length < path.length; length++) {
    const prefix = path.slice(0, length).join('.');
    const parent = occupied.get(prefix);
    if (parent?.leaf) return `cannot go below ${quote(prefix)}, which holds a value (field ${parent.index})`;
  }
  occupied.set(key, { leaf: true, index });
  for (let length = 1; length < path.length; length++) {
    const prefix = path.slice(0, length).join('.');
    if (!occupied.has(prefix)) occupied.set(prefix, { leaf: false, index });
  }
  return undefined;
}
