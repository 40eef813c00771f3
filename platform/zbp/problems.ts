/**
 * Which rejection problem the ZBP sends for each way an envelope can fail. FITKO's problem table (itself
 * unconfirmed, see main/fitconnect/problems.ts) names no signature problem: a content signature that does
 * not verify is reported as a checksum mismatch of the data (its field is `sha512sum`), everything else about
 * certificate, token and content as a schema violation of the data. The detail says exactly what failed.
 */
import type { RejectionProblemName } from '../../shared/fitconnect/problems';
import type { EnvelopeFailure } from './verify';

export const ENVELOPE_PROBLEMS: Record<EnvelopeFailure, RejectionProblemName> = {
  'envelope-malformed': 'syntax-violation',
  'certificate-invalid': 'schema-violation',
  'certificate-expired': 'schema-violation',
  'content-signature-invalid': 'hash-mismatch',
  'author-token-invalid': 'schema-violation',
  'author-token-expired': 'schema-violation',
  'author-token-signer-mismatch': 'schema-violation',
  'content-malformed': 'schema-violation',
};
