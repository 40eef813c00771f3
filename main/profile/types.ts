/**
 * The department profile as written (mirrors assets/profiles/department-profile.schema.json) and as stored
 * after import: the stored form keeps every setting but no secret, only the names under which the secret
 * store holds them.
 */

import type { JsonValue } from '../../shared/cases/types';
import type { IdentityProviderSettings } from '../auth/oidc';
import type { SmtpSettings, ZbpSettings } from '../delivery/types';
import type { StorkQaaLevel } from '../delivery/zbp/fields';

export const PROFILE_FORMAT = 'antragsdesk.department-profile/1';

export type SecretValue = string | { file: string };

export type PrivateKeySource =
  | { jwks: { keys: Record<string, unknown>[] } }
  | { jwksFile: string }
  | { pem: string; kid?: string }
  | { pemFile: string; kid?: string }
  | { pkcs12: string; password: SecretValue; kid?: string }
  | { pkcs12File: string; password: SecretValue; kid?: string };

export type Pkcs12Source =
  | { pkcs12: string; password: SecretValue }
  | { pkcs12File: string; password: SecretValue };

export interface DepartmentInfo {
  id: string;
  name: string;
  authorityName: string;
  address: { street: string; postalCode: string; city: string };
  contact: { name?: string; phone?: string; email?: string; openingHours?: string };
  bank?: { name: string; iban: string; bic?: string };
  /** Rechtsbehelfsbelehrung. */
  legalRemedy: string;
  /** Aktenzeichen pattern, e.g. `BS-{service}-{yyyy}-{seq:5}`. */
  fileReferencePattern: string;
}

export interface FitConnectEnvironment {
  tokenUrl: string;
  submissionApiUrl: string;
  /** e.g. `/v1`. */
  versionPrefix: string;
}

export interface ProfileDestination {
  destinationId: string;
  name: string;
  clientId: string;
  clientSecret: SecretValue;
  decryptionKeys: PrivateKeySource[];
  signingKeys: PrivateKeySource[];
  callbackSecret?: SecretValue;
}

export type ProfileTarget =
  /** `readerGroup`: a group id that may read what is written (default: the owner only). */
  | { kind: 'hotFolder'; path: string; readerGroup?: number }
  | { kind: 'http'; url: string; token?: SecretValue }
  | {
      kind: 'fitconnect';
      destinationId: string;
      serviceIdentifier?: string;
      /** The department's FIT-Connect sender client (the same shape as `delivery.zbp`). */
      clientId: string;
      clientSecret: SecretValue;
    };

/** Local data of a case is deleted this many days after its archive in the DMS was confirmed. */
export interface RetentionSettings {
  purgeAfterDays: number;
}

export interface ServiceSettings {
  /** e.g. `urn:de:fim:leika:leistung:99115005000000`. */
  identifier: string;
  name: string;
  /** Short code for `{service}` in the file reference. */
  code: string;
  deadlineDays: number;
  /** The form data's JSON Schema, when the app does not ship it (`assets/services`). */
  submissionSchema?: { uri: string; schema: { [key: string]: JsonValue } };
  /** The service's entry in the Gebührenordnung; absent: the notice asks the case worker for the fee. */
  fee?: ServiceFee;
}

/** A fee the notice sets and asks for, or the service is gebührenfrei and the notice says so. */
export type ServiceFee =
  | {
      amountCents: number;
      /** Where the fee is laid down, as the notice cites it. */
      legalBasis: string;
      /** Days from the notice's date to pay. */
      dueDays: number;
    }
  | { free: true };

export interface NoticeSettings {
  senderName: string;
  /** Days the citizen has to answer a Rückfrage, from the letter's date (default 14). */
  replyDays?: number;
  templateDir?: string;
}

/** How sealed notices reach the citizen; an absent channel means print and post. */
export interface DeliveryProfile {
  zbp?: {
    destinationId: string;
    clientId: string;
    clientSecret: SecretValue;
    defaultStorkQaaLevel?: StorkQaaLevel;
  };
  email?: {
    host: string;
    port: number;
    secure: boolean;
    requireTls?: boolean;
    user?: string;
    password?: SecretValue;
    from: string;
    allowUnencryptedEmail?: boolean;
  };
}

/** Department mode: the department service the workstation works against (`departmentService` in a profile). */
export interface DepartmentServiceSettings {
  /** e.g. `https://fachdienst.stadt.de`. */
  url: string;
  /** The resource indicator (RFC 8707) the person's access token is asked for. */
  audience: string;
}

/**
 * A profile for department mode: who the department is, where its staff sign in, and the service that holds
 * everything else (FIT-Connect keys, client secrets, the seal, the targets). No setting here is secret.
 */
export interface DepartmentModeProfile {
  $schema?: string;
  format: typeof PROFILE_FORMAT;
  demo?: boolean;
  department: Pick<DepartmentInfo, 'id' | 'name'>;
  identityProvider: IdentityProviderSettings;
  departmentService: DepartmentServiceSettings;
}

/** A profile as written: for a single workstation, or for department mode (the schema's choice). */
export type ProfileInput = DepartmentProfile | DepartmentModeProfile;

/** A single workstation's profile: the workstation reaches FIT-Connect, seals and delivers itself. */
export interface DepartmentProfile {
  $schema?: string;
  format: typeof PROFILE_FORMAT;
  demo?: boolean;
  department: DepartmentInfo;
  identityProvider: IdentityProviderSettings;
  fitConnect: FitConnectEnvironment;
  destinations: ProfileDestination[];
  seal: Pkcs12Source;
  handover: ProfileTarget;
  archive: ProfileTarget;
  notices: NoticeSettings;
  delivery?: DeliveryProfile;
  retention?: RetentionSettings;
  services: ServiceSettings[];
}

// ---- stored form (no secrets) ----

export interface StoredDestination {
  destinationId: string;
  name: string;
  clientId: string;
  /** Key ids, for display and for picking the key a JWE names. */
  decryptionKeyIds: string[];
  signingKeyIds: string[];
  secrets: { clientSecret: string; decryptionKeys: string; signingKeys: string; callbackSecret?: string };
}

export type StoredTarget =
  /** `readerGroup`: a group id that may read what is written (default: the owner only). */
  | { kind: 'hotFolder'; path: string; readerGroup?: number }
  | { kind: 'http'; url: string; tokenSecret?: string }
  | {
      kind: 'fitconnect';
      destinationId: string;
      serviceIdentifier?: string;
      clientId: string;
      clientSecretName: string;
    };

export interface StoredSeal {
  secret: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
}

export interface StoredDepartmentProfile {
  format: typeof PROFILE_FORMAT;
  importedAt: string;
  demo: boolean;
  department: DepartmentInfo;
  identityProvider: IdentityProviderSettings;
  fitConnect: FitConnectEnvironment;
  destinations: StoredDestination[];
  seal: StoredSeal;
  handover: StoredTarget;
  archive: StoredTarget;
  /** `templateDir` resolved to an absolute path. */
  notices: NoticeSettings;
  /** The delivery channels as main/delivery reads them (secrets by name; the FIT-Connect environment filled in). */
  delivery?: { zbp?: ZbpSettings; email?: SmtpSettings };
  /** Absent: cases are never purged. */
  retention?: RetentionSettings;
  services: ServiceSettings[];
  /** Every secret this profile put into the secret store, so a re-import can remove what it no longer needs. */
  secretNames: string[];
}

/** A department-mode profile as stored: nothing secret to keep, so no secret names. */
export interface StoredDepartmentModeProfile {
  format: typeof PROFILE_FORMAT;
  importedAt: string;
  demo: boolean;
  department: Pick<DepartmentInfo, 'id' | 'name'>;
  identityProvider: IdentityProviderSettings;
  departmentService: DepartmentServiceSettings;
  secretNames: [];
}

/**
 * Any imported profile. Code that needs FIT-Connect, the seal or the targets takes `StoredDepartmentProfile`
 * and is reached only through `isWorkstationProfile`, so department mode never gets there.
 */
export type StoredProfile = StoredDepartmentProfile | StoredDepartmentModeProfile;

export function isDepartmentModeProfile(profile: StoredProfile): profile is StoredDepartmentModeProfile {
  return 'departmentService' in profile;
}

export function isWorkstationProfile(profile: StoredProfile): profile is StoredDepartmentProfile {
  return !isDepartmentModeProfile(profile);
}
