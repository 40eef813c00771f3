import { CodedError } from '../shared/coded-error';

/**
 * The Submission API's (and the admin API's) own problem types (RFC 7807 `application/problem+json`). Only `destination-not-found`,
 * `destination-state-invalid` and `submission-not-found` are confirmed names; the rest are **unconfirmed**
 * stand-ins, kept in this one table.
 */
export const API_PROBLEM_PREFIX = 'https://schema.fitko.de/fit-connect/submission-api/problems/';

export const API_PROBLEMS = {
  'invalid-request': { status: 400, title: 'Invalid request' },
  unauthorized: { status: 401, title: 'Missing or invalid access token' },
  forbidden: { status: 403, title: 'Not permitted for this client' },
  'destination-not-found': { status: 404, title: 'Destination not found' },
  'key-not-found': { status: 404, title: 'Key not found' },
  'service-not-found': { status: 404, title: 'Service not found' },
  'client-not-found': { status: 404, title: 'Client not found' },
  'submission-not-found': { status: 404, title: 'Submission not found' },
  'case-not-found': { status: 404, title: 'Case not found' },
  'attachment-not-found': { status: 404, title: 'Attachment not found' },
  'resource-not-found': { status: 404, title: 'No such resource' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'submission-state-invalid': { status: 409, title: 'Invalid state transition' },
  'key-exists': { status: 409, title: 'Key id already registered for this destination' },
  'key-in-use': { status: 409, title: 'Key is still needed by the destination' },
  'service-exists': { status: 409, title: 'Service identifier already in the catalogue' },
  'service-in-use': { status: 409, title: 'Service is offered by a destination' },
  'destination-taken': { status: 409, title: 'Destination already has a subscriber client' },
  'destination-protected': { status: 409, title: 'Destination is run by the platform itself' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'destination-state-invalid': { status: 422, title: 'Destination does not accept submissions' },
  'service-not-offered': { status: 422, title: 'Destination does not offer this service' },
  'attachment-not-announced': { status: 422, title: 'Attachment was not announced' },
  'attachments-incomplete': { status: 422, title: 'Announced attachments are missing' },
  'invalid-jwe': { status: 422, title: 'Not a JWE compact serialization' },
  'invalid-event': { status: 422, title: 'Event token is not acceptable' },
  'invalid-key': { status: 422, title: 'Not an acceptable public key' },
  'invalid-schema': { status: 422, title: 'Not a usable submission schema' },
  'internal-error': { status: 500, title: 'Internal error' },
  'service-unavailable': { status: 503, title: 'Service temporarily unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ApiProblemName = keyof typeof API_PROBLEMS;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
}

/** Thrown by the platform's services; the HTTP layer answers it as problem+json. */
export class ApiProblem extends CodedError<ApiProblemName> {
  readonly status: number;
  /** Names ids and rules only, never content. */
  readonly detail: string | undefined;

  constructor(name: ApiProblemName, detail?: string) {
    super(name, API_PROBLEMS[name].title);
    this.name = 'ApiProblem';
    this.status = API_PROBLEMS[name].status;
    this.detail = detail;
  }

  body(instance: string): ProblemBody {
    return {
      type: API_PROBLEM_PREFIX + this.code,
      title: API_PROBLEMS[this.code].title,
      status: this.status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      instance,
    };
  }
}
