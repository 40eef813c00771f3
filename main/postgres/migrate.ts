// Placeholder with pg-core's shapes until their foundation is merged (theirs replaces it).
import type { SqlSession } from './sql';

export interface PostgresMigration {
  version: number;
  name: string;
  up(db: SqlSession): Promise<void>;
}
