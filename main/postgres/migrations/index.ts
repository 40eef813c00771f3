/**
 * The PostgreSQL store's migrations in order. Numbers are shared out between the store's parts:
 * 001–004 cases, search, workstation records and row security; 005–008 outbox, receipts, notices, audit
 * and attachments; 009 team work; 010 offline commands applied once; 013 search terms row security can use.
 */
import type { PostgresMigration } from '../migrate';
import { casesSchema } from './001-cases';
import { searchSchema } from './002-search';
import { workstationSchema } from './003-workstation';
import { rowSecuritySchema } from './004-row-security';
import { outboxSchema } from './005-outbox';
import { receiptsNoticesSchema } from './006-receipts-notices';
import { auditSchema } from './007-audit';
import { attachmentsSchema } from './008-attachments';
import { teamWorkSchema } from './009-team-work';
import { offlineCommandsSchema } from './010-offline-commands';
import { searchTermsSchema } from './013-search-terms';

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  casesSchema,
  searchSchema,
  workstationSchema,
  rowSecuritySchema,
  outboxSchema,
  receiptsNoticesSchema,
  auditSchema,
  attachmentsSchema,
  teamWorkSchema,
  offlineCommandsSchema,
  searchTermsSchema,
];
