import type { SqliteDatabase } from './sqlite';

export type SchemaMimeType = 'application/json' | 'application/xml';

/** A service (Verwaltungsleistung) in the platform's catalogue, with its submission schema file. */
export interface CatalogService {
  identifier: string;
  name: string;
  schemaUri: string;
  mimeType: SchemaMimeType;
  /** The schema file as text (JSON Schema or XSD). */
  schema: string;
}

interface ServiceRow {
  identifier: string;
  name: string;
  schema_uri: string;
  mime_type: SchemaMimeType;
  schema: string;
}

function fromRow(row: ServiceRow): CatalogService {
  return {
    identifier: row.identifier,
    name: row.name,
    schemaUri: row.schema_uri,
    mimeType: row.mime_type,
    schema: row.schema,
  };
}

/** The services destinations can offer; administrators add them, the first start seeds the demo ones. */
export class ServiceRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** False when a service with this identifier exists already. */
  insert(service: CatalogService, createdAt: number): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO services (identifier, name, schema_uri, mime_type, schema, created_at)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (identifier) DO NOTHING`,
        )
        .run(service.identifier, service.name, service.schemaUri, service.mimeType, service.schema, createdAt)
        .changes === 1
    );
  }

  find(identifier: string): CatalogService | undefined {
    const row = this.db.prepare('SELECT * FROM services WHERE identifier = ?').get(identifier) as
      | ServiceRow
      | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  list(): CatalogService[] {
    return (
      this.db.prepare('SELECT * FROM services ORDER BY created_at, identifier').all() as ServiceRow[]
    ).map(fromRow);
  }

  delete(identifier: string): boolean {
    return this.db.prepare('DELETE FROM services WHERE identifier = ?').run(identifier).changes === 1;
  }
}
