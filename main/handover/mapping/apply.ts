/**
 * Applies a mapping to a case: pure, no effects. Optional fields without a usable value are left out and
 * reported as problems; required ones make the whole mapping fail with every such field named.
 */
import { type FieldIssue, HandoverError } from '../errors';
import { formDataTree } from '../form-data';
import type { HandoverCase, MappingProblem, RecordTree, Scalar } from '../types';
import { serviceUrn } from './load';
import type { FieldMapping, Mapping, Source } from './model';
import { resolvePointer } from './pointer';
import { applyTransform, type TransformResult } from './transforms';

export interface MappingResult {
  fields: RecordTree;
  problems: MappingProblem[];
}

export function applyMapping(handoverCase: HandoverCase, mapping: Mapping): MappingResult {
  const { caseId } = handoverCase;
  if (serviceUrn(handoverCase.serviceIdentifier) !== mapping.service) {
    throw new HandoverError('mapping-service-mismatch', {
      caseId,
      mapping: mapping.origin,
      detail: `mapping for ${mapping.service}, case for ${handoverCase.serviceIdentifier}`,
    });
  }
  const resolve = sourceResolver(handoverCase);
  const fields = newNode();
  const problems: MappingProblem[] = [];
  const missing: FieldIssue[] = [];
  for (const field of mapping.fields) {
    const result = fieldValue(field, resolve);
    if ('value' in result) {
      place(fields, field.path, result.value);
      continue;
    }
    const issue: FieldIssue = {
      target: field.target,
      ...(field.sourceText === undefined ? {} : { source: field.sourceText }),
      reason: result.reason,
    };
    (field.required ? missing : problems).push(issue);
  }
  if (missing.length > 0) {
    throw new HandoverError('mapping-missing-field', { caseId, mapping: mapping.origin, fields: missing });
  }
  return { fields, problems };
}

function sourceResolver(handoverCase: HandoverCase): (source: Source) => unknown {
  // Parsed on first use only: a mapping that reads no form data works even with unreadable data.
  let data: { tree: unknown } | undefined;
  return (source) => {
    switch (source.from) {
      case 'case':
        return handoverCase[source.field];
      case 'metadata':
        return resolvePointer(handoverCase.metadata, source.pointer);
      case 'data':
        data ??= { tree: formDataTree(handoverCase) };
        return resolvePointer(data.tree, source.pointer);
    }
  };
}

function fieldValue(field: FieldMapping, resolve: (source: Source) => unknown): TransformResult {
  if (field.transform?.kind === 'constant') return usable(field.transform.value);
  if (field.source === undefined) return { reason: 'missing' };
  const raw = resolve(field.source);
  if (raw === undefined || raw === null || raw === '') return { reason: 'missing' };
  if (!isScalar(raw)) return { reason: 'not-scalar' };
  const result = field.transform === undefined ? { value: raw } : applyTransform(raw, field.transform);
  return 'value' in result ? usable(result.value) : result;
}

function usable(value: Scalar): TransformResult {
  return value === '' ? { reason: 'missing' } : { value };
}

function isScalar(value: unknown): value is Scalar {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** Nodes without a prototype: a target segment such as `__proto__` is then an ordinary key. */
function newNode(): RecordTree {
  return Object.create(null) as RecordTree;
}

/** Sets a leaf; loading the mapping guaranteed that no leaf and group share a path. */
function place(tree: RecordTree, path: readonly string[], value: Scalar): void {
  let node = tree;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (typeof next === 'object') {
      node = next;
    } else {
      const created = newNode();
      node[segment] = created;
      node = created;
    }
  }
  const leaf = path.at(-1);
  if (leaf !== undefined) node[leaf] = value;
}
