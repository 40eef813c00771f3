import type { Random } from '../../random';
import type { Name } from '../people';

/** A document the online service attaches besides the form PDF. */
export type DocumentSpec =
  | { kind: 'pdf'; filename: string; description: string; title: string; paragraphs: string[] }
  | {
      kind: 'png';
      filename: string;
      description: string;
      picture: 'dog' | 'site-plan' | 'vehicle-document' | 'id-card';
    };

/** What a service's generator produces: the form data (valid against its schema) and what to attach. */
export interface ServiceDraft {
  data: Record<string, unknown>;
  applicant: Name;
  documents: DocumentSpec[];
  /** Fee in euros when the online service took a payment. */
  fee?: number;
}

export type ServiceGenerator = (random: Random, today: Date) => ServiceDraft;
