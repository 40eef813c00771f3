/**
 * A real app for desk tests and benchmarks: the demo environment (local platform, OpenID provider, seal) in a
 * temp profile, the demo profiles imported, a real sign-in through the provider, and the encrypted vault
 * filled with plausible cases of the Bürgerservice: the first few with real PDF and image attachments from
 * the platform's application generator, the rest (for 100,000-case runs) with form data only.
 */
import { resolve } from 'node:path';
import type { AppOptions } from '../../main/app/create-app';
import { applicantName } from '../../main/forms/applicant';
import type { RunningPlatform } from '../../platform';
import { createRandom } from '../../platform/random';
import { generateApplication } from '../../platform/sender/application';
import { SERVICE_IDS, serviceEntry } from '../../platform/services';
import { pickupDeadline } from '../../shared/cases/deadlines';
import type { CaseIntake, JsonObject } from '../../shared/cases/types';
import { createTestApp, type TestApp } from './app';
import { TestBrowser } from './oidc-browser';
import { pooledKeyFactory } from './platform-keys';

export interface DeskTestOptions {
  cases?: number;
  seed?: number;
  /** Demo user who signs in (password `demo`); default anna.schmidt (Bürgerservice, Sachbearbeitung). */
  user?: string;
  /** How many cases get real attachments (default 40). */
  withAttachments?: number;
  /** Further app options, e.g. a delivery environment with an injected fault. */
  appOptions?: Partial<AppOptions>;
}

export interface DeskTestApp extends TestApp {
  /** The demo's local FIT-Connect platform. */
  platform: RunningPlatform;
  /** Signs out and in again as another demo user. */
  signInAs(user: string): Promise<void>;
}

const DEPARTMENT = 'buergerservice';
const sharedSealDir = resolve('.tmp/demo-seal');

export async function createDeskTestApp(options: DeskTestOptions = {}): Promise<DeskTestApp> {
  const desk = await startDemoDesk(options.user, options.appOptions);
  const destination = desk.platform.demo.departments.find((d) => d.id === DEPARTMENT)?.destinations[0];
  if (!destination) throw new Error('demo platform has no Bürgerservice destination');
  await seedCases(desk, destination.destinationId, options);
  return desk;
}

/** The demo environment with an empty platform and an empty vault, `user` signed in (default anna.schmidt). */
export async function startDemoDesk(
  user = 'anna.schmidt',
  appOptions: Partial<AppOptions> = {},
): Promise<DeskTestApp> {
  const browser = new TestBrowser();
  let current = user;
  const testApp = await createTestApp({
    demo: true,
    // Awaited, so a sign-out has ended the provider's session before the next sign-in starts.
    openBrowser: async (url) => {
      await browser.signIn(url, current, 'demo');
    },
    demoOptions: { seedCount: 0, keyFactory: await pooledKeyFactory(), sealDir: sharedSealDir },
    ...appOptions,
  });
  const { app } = testApp;
  const environment = await app.startDemo();
  const signIn = async (next: string) => {
    current = next;
    const ctx = { transport: 'http' as const };
    if (app.workstation.state().status !== 'signed-out') await app.dispatch('session.signOut', {}, ctx);
    const envelope = await app.dispatch('session.signIn', {}, ctx);
    if (!envelope.ok) throw new Error(`sign-in as ${next} failed: ${envelope.error.message}`);
  };
  await signIn(user);
  return { ...testApp, platform: environment.platform, signInAs: signIn };
}

async function seedCases(testApp: TestApp, destinationId: string, options: DeskTestOptions): Promise<void> {
  const { vault } = testApp.app;
  const random = createRandom(options.seed ?? 1);
  const count = options.cases ?? 30;
  const withAttachments = Math.min(count, options.withAttachments ?? 40);
  const now = Date.now();
  const templates = [];
  for (const id of SERVICE_IDS) templates.push(await generateApplication(id, { random }));

  const intakes: CaseIntake[] = [];
  for (let index = 0; index < count; index++) {
    const real = index < withAttachments;
    const application = real
      ? await generateApplication(SERVICE_IDS[index % SERVICE_IDS.length] ?? 'wohnsitzanmeldung', { random })
      : (templates[index % templates.length] ?? templates[0]);
    if (!application) continue;
    const receivedAt = new Date(now - random.int(0, 20 * 24 * 60) * 60_000).toISOString();
    const submissionId = random.uuid();
    const attachments = [];
    if (real) {
      for (const attachment of application.attachments) {
        attachments.push({
          attachmentId: attachment.attachmentId,
          filename: attachment.filename,
          mimeType: attachment.mimeType,
          purpose: attachment.purpose,
          file: await vault.attachments.write([attachment.bytes]),
        });
      }
    }
    const data = application.data as JsonObject;
    const service = serviceEntry(application.service.id);
    intakes.push({
      case: {
        fitCaseId: random.uuid(),
        department: DEPARTMENT,
        destinationId,
        serviceName: service.title,
        serviceIdentifier: service.identifier,
        applicantName: real ? (applicantName(data) ?? 'Unbekannt') : syntheticName(random),
        receivedAt,
        deadlineAt: pickupDeadline(receivedAt).at,
        verification: 'passed',
        replyChannel: (application.replyChannel ?? null) as JsonObject | null,
        levelOfAssurance: 'substantial',
        paymentStatus: application.paymentInformation?.status ?? null,
      },
      submission: {
        submissionId,
        destinationId,
        platformStatus: 'submitted',
        metadata: { contentStructure: { data: { submissionSchema: { schemaUri: service.schemaUri } } } },
        data: JSON.stringify(data),
        dataMimeType: 'application/json',
        submissionSchemaUri: service.schemaUri,
        verificationReport: {
          passed: true,
          checks: [
            { check: 'fixture', passed: true, detail: 'Test data stored directly, not received by sync.' },
          ],
        },
        authenticationTags: null,
        receivedAt,
      },
      attachments,
    });
  }
  for (let start = 0; start < intakes.length; start += 1000) {
    vault.transaction(() => {
      for (const intake of intakes.slice(start, start + 1000)) vault.cases.storeIntake(intake);
    });
  }
}

const GIVEN = [
  'Anna',
  'Jürgen',
  'Özlem',
  'Brünnhilde',
  'Jan-Ole',
  'Mehmet',
  'Sören',
  'Zoë',
  'Łukasz',
  'Marie-Luise',
];
const FAMILY = [
  'Müller',
  'Weiß',
  'Schröder',
  'Öztürk',
  'Kowalczyk',
  'Groß',
  'Jäger',
  'Wolff-Großkopf',
  'Nguyễn',
  'Becker',
];

function syntheticName(random: ReturnType<typeof createRandom>): string {
  return `${random.pick(GIVEN)} ${random.pick(FAMILY)}`;
}
