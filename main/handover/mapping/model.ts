/**
 * A field mapping: which value of an application goes where in the record the specialist procedure
 * imports. `MappingFile` is the JSON a department writes (schema: assets/mappings/mapping.schema.json);
 * `Mapping` is the same after loading, with every path parsed and checked.
 */
import type { Scalar } from '../types';

export type DateInputFormat = 'iso' | 'dd.MM.yyyy';

export type Transform =
  | { kind: 'date'; from: DateInputFormat; to: string }
  | { kind: 'splitName'; part: 'given' | 'family' }
  | { kind: 'codeList'; map: Readonly<Record<string, Scalar>>; default?: Scalar }
  | { kind: 'upper' }
  | { kind: 'constant'; value: Scalar };

export interface FieldMappingFile {
  target: string;
  source?: string;
  transform?: Transform;
  required?: boolean;
  description?: string;
}

export interface MappingFile {
  $schema?: string;
  service: string;
  description?: string;
  format: 'json' | 'xml';
  /** Root element of an XML record. */
  root?: string;
  fields: FieldMappingFile[];
}

/** The case fields a mapping may read through `$case/<name>`. */
export const CASE_SOURCE_FIELDS = [
  'caseId',
  'fileReference',
  'serviceIdentifier',
  'serviceName',
  'receivedAt',
  'submissionId',
  'fitCaseId',
] as const;
export type CaseSourceField = (typeof CASE_SOURCE_FIELDS)[number];

/** Where a value comes from: the form data, the FIT-Connect metadata or the case, and the path inside. */
export type Source =
  | { from: 'data'; pointer: readonly string[] }
  | { from: 'metadata'; pointer: readonly string[] }
  | { from: 'case'; field: CaseSourceField };

export interface FieldMapping {
  /** As written, for messages. */
  target: string;
  /** The target split at dots; each segment is a valid XML name. */
  path: readonly string[];
  /** As written, for messages; absent for constants. */
  sourceText?: string;
  source?: Source;
  transform?: Transform;
  required: boolean;
}

export type Mapping = {
  /** Where it was loaded from, for messages (e.g. the file name). */
  origin: string;
  /** The service identifier as a URN (a bare LeiKa id is expanded). */
  service: string;
  fields: readonly FieldMapping[];
} & ({ format: 'json' } | { format: 'xml' /** Root element of the record. */; root: string });
