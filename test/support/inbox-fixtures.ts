import type { CasePatch } from '../../shared/cases/types';
import { sampleIntake } from './vault-fixtures';

/** One case of the inbox fixture: its intake, and the patch a person made to it afterwards. */
export interface InboxFixtureCase {
  key: string;
  department: string;
  intake: ReturnType<typeof sampleIntake>;
  patch?: CasePatch;
}

function fixture(
  key: string,
  overrides: Parameters<typeof sampleIntake>[0],
  patch?: CasePatch,
): InboxFixtureCase {
  const formData = overrides?.formData ?? { antragsteller: { name: overrides?.applicantName } };
  return {
    key,
    department: overrides?.department ?? 'sozialamt',
    intake: sampleIntake({ ...overrides, formData }),
    ...(patch && { patch }),
  };
}

/**
 * Four Sozialamt cases (umlauts, a hyphenated name, an address in the form data, one claimed, one rejected,
 * two services) and one Ordnungsamt case with the same applicant: the inbox's filters, search, sorts and
 * query plans are all checked on this set, on both stores.
 */
export function inboxFixtureCases(): InboxFixtureCase[] {
  return [
    fixture('mueller', {
      applicantName: 'Jürgen Müller',
      receivedAt: '2025-01-10T09:00:00Z',
      deadlineAt: '2025-01-24T09:00:00Z',
    }),
    fixture(
      'schaefer',
      {
        applicantName: 'Erika Schäfer',
        receivedAt: '2025-01-12T09:00:00Z',
        deadlineAt: null,
        formData: { anschrift: { strasse: 'Goethestraße 5', ort: 'Braunschweig' } },
      },
      { status: 'in_review', assignee: 'sb-1', fileReference: 'SOZ-2025/00002' },
    ),
    fixture(
      'oezdemir',
      {
        applicantName: 'Cem Özdemir',
        serviceName: 'Anwohnerparkausweis',
        serviceIdentifier: 'urn:de:fim:leika:leistung:99058013000000',
        receivedAt: '2025-01-15T09:00:00Z',
        deadlineAt: '2025-01-20T09:00:00Z',
        verification: 'failed',
      },
      { status: 'rejected' },
    ),
    fixture('mueller2', {
      applicantName: 'Anna Müller-Lüdenscheidt',
      receivedAt: '2025-01-20T09:00:00Z',
      deadlineAt: '2025-02-20T09:00:00Z',
    }),
    fixture('other', {
      applicantName: 'Jürgen Müller',
      department: 'ordnungsamt',
      receivedAt: '2025-01-11T09:00:00Z',
    }),
  ];
}
