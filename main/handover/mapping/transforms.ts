/** The value transforms a mapping can name; each either yields a scalar or says why it cannot. */

import { splitName } from '../../forms/split-name';
import type { FieldIssueReason } from '../errors';
import type { Scalar } from '../types';
import { formatDate, parseDate } from './dates';
import type { Transform } from './model';

export type TransformResult = { value: Scalar } | { reason: FieldIssueReason };

export function applyTransform(value: Scalar, transform: Transform): TransformResult {
  switch (transform.kind) {
    case 'date': {
      if (typeof value !== 'string') return { reason: 'invalid-date' };
      const date = parseDate(value, transform.from);
      return date ? { value: formatDate(date, transform.to) } : { reason: 'invalid-date' };
    }
    case 'splitName': {
      if (typeof value !== 'string') return { reason: 'not-text' };
      const part = splitName(value)[transform.part];
      return part === '' ? { reason: 'missing' } : { value: part };
    }
    case 'codeList': {
      const key = String(value);
      if (Object.hasOwn(transform.map, key)) return { value: transform.map[key] as Scalar };
      return transform.default === undefined ? { reason: 'unknown-code' } : { value: transform.default };
    }
    case 'upper':
      return { value: String(value).toLocaleUpperCase('de-DE') };
    case 'constant':
      return { value: transform.value };
  }
}
