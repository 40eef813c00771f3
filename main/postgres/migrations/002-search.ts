import type { PostgresMigration } from '../migrate';

/**
 * Full-text search with PostgreSQL's German configuration, umlaut-insensitive as the vault is ("schafer"
 * finds Schäfer): `unaccent` (a trusted extension, which the database's owner may create) runs before the
 * German stemmer. The search vector is a generated column over the inbox fields and the form text, with a
 * GIN index. Punctuation separates words before PostgreSQL's parser sees the text, as in the vault's
 * tokenizer: otherwise "SOZ-2025/00002" would be one path-like token that "2025/00002" does not find.
 * The inbox's filter and sort columns get B-tree indexes per department.
 */
export const searchSchema: PostgresMigration = {
  version: 2,
  name: 'search',
  async up(db) {
    await db.query(`
      CREATE EXTENSION IF NOT EXISTS unaccent;
      CREATE TEXT SEARCH CONFIGURATION case_search (COPY = pg_catalog.german);
      ALTER TEXT SEARCH CONFIGURATION case_search
        ALTER MAPPING FOR word, hword, hword_part, asciiword, asciihword, hword_asciipart
        WITH unaccent, german_stem;

      ALTER TABLE cases ADD COLUMN search tsvector GENERATED ALWAYS AS (
        to_tsvector('case_search'::regconfig, regexp_replace(
          applicant_name || ' ' || coalesce(file_reference, '') || ' ' || service_name || ' ' || form_text,
          '[[:punct:]]+', ' ', 'g'))
      ) STORED;
      CREATE INDEX cases_search ON cases USING gin (search);

      CREATE INDEX cases_by_received ON cases (department, received_at, seq);
      CREATE INDEX cases_by_deadline ON cases (department, deadline_at, seq);
      CREATE INDEX cases_by_updated ON cases (department, updated_at, seq);
      CREATE INDEX cases_by_status ON cases (department, status, received_at);
      CREATE INDEX cases_by_assignee ON cases (department, assignee, received_at);
      CREATE INDEX cases_by_service ON cases (department, service_identifier, service_name);
      CREATE INDEX cases_by_applicant ON cases (department, lower(applicant_name), seq);
    `);
  },
};
