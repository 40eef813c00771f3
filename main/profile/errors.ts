/**
 * Errors of the department profile. A profile error carries a list of issues, each naming the JSON path of
 * what is wrong (`/destinations/0/decryptionKeys/1`) and a stable code the UI translates; parameters are
 * limits and names from the profile itself (bit sizes, dates, key ids), never a secret.
 */
import { CodedError } from '../../shared/coded-error';
export type ProfileErrorCode =
  | 'profile-unreadable'
  | 'profile-invalid'
  | 'profile-store-failed'
  | 'profile-not-found'
  | 'profile-secret-missing'
  | 'managed-profile-insecure';

export type ProfileIssueCode =
  | 'not-json'
  | 'required'
  | 'unknown-property'
  | 'wrong-type'
  | 'invalid-value'
  | 'one-of'
  | 'duplicate'
  | 'insecure-url'
  | 'mixed-modes'
  | 'insecure-smtp'
  | 'file-reference-pattern'
  | 'iban-checksum'
  | 'file-unreadable'
  | 'file-reference-without-base'
  | 'key-unreadable'
  | 'key-not-rsa'
  | 'key-too-small'
  | 'key-not-private'
  | 'key-wrong-use'
  | 'key-missing-id'
  | 'key-duplicate-id'
  | 'key-reused'
  | 'pkcs12-wrong-password'
  | 'pkcs12-unreadable'
  | 'pkcs12-no-key'
  | 'seal-expired'
  | 'seal-not-yet-valid'
  | 'seal-key-mismatch'
  | 'seal-wrong-usage';

export type IssueParams = Readonly<Record<string, string | number | readonly string[]>>;

export interface ProfileIssue {
  /** JSON pointer into the profile; `/` for the whole document. */
  path: string;
  code: ProfileIssueCode;
  /** English, for logs and developers; the UI words it from `code` and `params`. */
  message: string;
  params?: IssueParams;
}

const issueMessages: Record<ProfileIssueCode, string> = {
  'not-json': 'is not valid JSON',
  required: 'is missing',
  'unknown-property': 'is not a known setting',
  'wrong-type': 'has the wrong type',
  'invalid-value': 'has an invalid value',
  'one-of': 'must be exactly one of the allowed forms',
  duplicate: 'occurs more than once',
  'insecure-url': 'must be an https:// address (http:// only on 127.0.0.1 in a demo profile)',
  'mixed-modes': 'is of the other kind than the profiles on this workstation (department mode or not)',
  'insecure-smtp': 'may be false only in a demo profile whose mail server is on 127.0.0.1',
  'file-reference-pattern': 'must contain exactly one {seq:N} placeholder',
  'iban-checksum': 'is not a valid IBAN (check digits)',
  'file-unreadable': 'names a file that cannot be read',
  'file-reference-without-base': 'names a relative file, but the profile was given without a base folder',
  'key-unreadable': 'is not a readable private key',
  'key-not-rsa': 'is not an RSA key',
  'key-too-small': 'is shorter than 4096 bits',
  'key-not-private': 'has no private part',
  'key-wrong-use': 'is marked for a different use',
  'key-missing-id': 'has no key id (kid)',
  'key-duplicate-id': 'has a key id (kid) already used in the same key set',
  'key-reused': 'is the same key as one used for another purpose',
  'pkcs12-wrong-password': 'cannot be opened with the given password',
  'pkcs12-unreadable': 'is not a readable PKCS#12 file',
  'pkcs12-no-key': 'holds no private key',
  'seal-expired': 'is a certificate that has expired',
  'seal-not-yet-valid': 'is a certificate that is not yet valid',
  'seal-key-mismatch': 'holds no certificate matching its private key',
  'seal-wrong-usage': 'is a certificate not meant for signatures (key usage)',
};

export function profileIssue(
  path: string,
  code: ProfileIssueCode,
  params?: IssueParams,
  detail?: string,
): ProfileIssue {
  const message = `${path} ${issueMessages[code]}${detail === undefined ? '' : ` (${detail})`}`;
  return params === undefined ? { path, code, message } : { path, code, message, params };
}

const errorMessages: Record<ProfileErrorCode, string> = {
  'profile-unreadable': 'The department profile could not be read.',
  'profile-invalid': 'The department profile is invalid.',
  'profile-store-failed': 'The department profile could not be stored; nothing was imported.',
  'profile-not-found': 'No department profile is stored for this department.',
  'profile-secret-missing': 'A secret of the department profile is missing; import the profile again.',
  'managed-profile-insecure':
    'The managed department profile may be changed by other users and was not used.',
};

/** How many issues the message lists; all of them are in `issues`. */
const LISTED_ISSUES = 5;

export class ProfileError extends CodedError<ProfileErrorCode> {
  readonly issues: readonly ProfileIssue[];

  constructor(code: ProfileErrorCode, issues: readonly ProfileIssue[] = [], options?: ErrorOptions) {
    const listed = issues.slice(0, LISTED_ISSUES).map((issue) => issue.message);
    const more = issues.length > LISTED_ISSUES ? [`and ${issues.length - LISTED_ISSUES} more`] : [];
    super(
      code,
      listed.length === 0 ? errorMessages[code] : `${errorMessages[code]} ${[...listed, ...more].join('; ')}`,
      options,
    );
    this.name = 'ProfileError';
    this.issues = issues;
  }
}
