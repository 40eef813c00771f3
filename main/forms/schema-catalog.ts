/**
 * The submission schemas known locally (assets/services/index.json and the schema files beside it), looked
 * up by the `schemaUri` a submission's metadata names. Read once at start; unknown URIs answer null.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonValue } from '../../shared/cases/types';

export interface CatalogEntry {
  id: string;
  title: string;
  identifier: string;
  schemaUri: string;
  schemaFile: string;
  mimeType: string;
}

export interface SchemaCatalog {
  entries: readonly CatalogEntry[];
  schemaFor(schemaUri: string): JsonValue | null;
}

export function loadSchemaCatalog(dir: string): SchemaCatalog {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { services: CatalogEntry[] };
  const schemas = new Map<string, JsonValue>();
  for (const entry of index.services) {
    if (entry.schemaFile.includes('/') || entry.schemaFile.includes('\\')) {
      throw new Error(`Schema file of service ${entry.id} must lie beside index.json.`);
    }
    schemas.set(entry.schemaUri, JSON.parse(readFileSync(join(dir, entry.schemaFile), 'utf8')) as JsonValue);
  }
  return { entries: index.services, schemaFor: (uri) => schemas.get(uri) ?? null };
}
