/**
 * One life of the soak's workstation: the whole app on the soak's profile folder (demo platform and identity
 * provider in this process, the encrypted vault, the outbox worker), signed in as a case worker, doing random
 * work until the parent kills it: sync, claim, accept, hand over, a Bescheid sealed and posted, archive.
 * Every call that returned is printed as `done <caseId> <action>`, so the parent knows what was committed.
 * `--prepare` seeds the platform with the applications and ends; `--settle` works off what is due and
 * prints the counts the soak reports. A life loads its code first and touches nothing until it reads `go`
 * on stdin: the soak starts the next life while this one works, so a round costs little more than its life.
 *
 *   node --import tsx test/soak/soak-child.ts <dir> <seed> [--prepare|--settle] [applications]
 */
import { readdirSync, readFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SyncSummary } from '../../main/fitconnect/api';
import { createRandom } from '../../platform/random';
import type { Envelope } from '../../shared/api/result';
import { createTestApp } from '../support/app';
import { TestBrowser } from '../support/oidc-browser';
import { pooledKeyFactory } from '../support/platform-keys';

const [dir = '', seedText = '1', mode = '', applicationsText = '200'] = process.argv.slice(2);
const say = (line: string) => writeSync(1, `${line}\n`);
// What the demo start loads on demand, loaded before the wait (the same module, so its import is then free).
await import('../../main/demo/demo-environment');
const keyFactory = await pooledKeyFactory();
await new Promise<void>((go) => {
  let input = '';
  process.stdin.setEncoding('utf8').on('data', (text: string) => {
    input += text;
    if (/^go$/m.test(input)) go();
  });
});
const browser = new TestBrowser();
const { app, log } = await createTestApp(
  {
    demo: true,
    openBrowser: async (url) => {
      await browser.signIn(url, 'anna.schmidt', 'demo');
    },
    demoOptions: {
      seedCount: Number(applicationsText),
      keyFactory,
      sealDir: resolve('.tmp/demo-seal'),
    },
  },
  dir,
);
await app.startDemo();
if (mode === '--prepare') {
  await app.close();
  say('prepared');
  process.exit(0);
}

async function call<T>(name: string, input: unknown = {}): Promise<T> {
  const envelope = (await app.dispatch(name, input, { transport: 'http' })) as Envelope<T>;
  if (!envelope.ok) throw new Error(`${name}: ${envelope.error.code} ${envelope.error.reason ?? ''}`);
  return envelope.value;
}
await call('session.signIn');

interface View {
  case: { id: string; status: string; version: number };
  actions: string[];
}
const transition = async (view: View, action: string) =>
  call('cases.transition', { id: view.case.id, action, expectedVersion: view.case.version });

async function bescheid(caseId: string): Promise<void> {
  const templates = await call<{ id: string; kind: string }[]>('notices.templates');
  const template = templates.find((candidate) => candidate.kind === 'approval') ?? templates[0];
  if (!template) throw new Error('no notice template');
  const draft = await call<{
    recipient: string[];
    title: string;
    paragraphs: { text: string }[];
  }>('notices.draft', { caseId, templateId: template.id });
  const fill = (text: string) => text.replace(/\[fehlt: [^\]\n]+\]/g, 'Angabe');
  const notice = await call<{ id: string }>('notices.seal', {
    caseId,
    draft: {
      ...draft,
      recipient: draft.recipient.map(fill),
      title: fill(draft.title),
      paragraphs: draft.paragraphs.map((paragraph) => ({ ...paragraph, text: fill(paragraph.text) })),
      missingFields: [],
    },
  });
  await call('notices.send', { noticeId: notice.id, channel: 'post' });
  await call('notices.markPosted', { noticeId: notice.id });
}

/** The next step of the standard path for a case, done; returns its name. */
async function step(view: View): Promise<string | null> {
  const { id, status } = view.case;
  for (const action of ['claim', 'accept', 'handOver', 'archive']) {
    if (view.actions.includes(action)) {
      await transition(view, action);
      return action;
    }
  }
  if (status === 'accepted' || status === 'handed_over') {
    await bescheid(id);
    return 'sendNotice';
  }
  return null;
}

if (mode === '--settle') {
  // Everything still on the platform is fetched (a sync killed half-way left some).
  const syncs: SyncSummary[] = [];
  for (let run = 0; run < 5; run++) {
    syncs.push(await call<SyncSummary>('sync.run'));
    if (syncs.at(-1)?.listed === 0) break;
  }
  for (let waited = 0; waited < 120_000; waited += 200) {
    const counts = await app.outbox.summary();
    if (counts.pending + counts.inFlight === 0) break;
    await new Promise((done) => setTimeout(done, 200));
  }
  const profile = app.workstation.profileOfDepartment('buergerservice');
  const folder = (target: typeof profile.handover) => (target.kind === 'hotFolder' ? target.path : '');
  const facts = {
    syncs,
    cases: app.workstation
      .profiles()
      .reduce(
        (sum, { department }) =>
          sum + (app.vault.cases.list({ department: department.id, limit: 1 }).total ?? 0),
        0,
      ),
    outbox: await app.outbox.summary(),
    audit: (await app.store.audit.verify()).ok,
    // What the start-up check of the chain and its anchor logged (ids and counts only).
    findings: log.lines
      .map((line) => JSON.parse(line) as { level: string; event: string })
      .filter((entry) => entry.level === 'error')
      .map((entry) => entry.event),
    handover: handoverCases(folder(profile.handover)),
    archive: listing(folder(profile.archive)).filter((name) => name.endsWith('.zip')).length,
    audited: auditedActions(),
  };
  say(`settled ${JSON.stringify(facts)}`);
  await app.close();
  process.exit(0);
}

say('ready');
const random = createRandom(Number(seedText));
for (;;) {
  if (random.chance(0.2)) {
    await call('sync.run');
    say('done - sync');
    continue;
  }
  const list = await call<{ rows: { id: string }[] }>('cases.list', {
    status: ['new', 'in_review', 'accepted', 'handed_over', 'notice_sent'],
    limit: 50,
  });
  const row = list.rows.length === 0 ? undefined : random.pick(list.rows);
  if (!row) {
    await call('sync.run');
    continue;
  }
  const view = await call<View>('cases.get', { id: row.id });
  const action = await step(view).catch(() => null);
  if (action) say(`done ${row.id} ${action}`);
}

/** The case id of every record in the Fachverfahren folder (one per hand-over that reached it). */
function handoverCases(folder: string): string[] {
  return listing(folder).map(
    (name) =>
      (JSON.parse(readFileSync(join(folder, name, 'manifest.json'), 'utf8')) as { caseId: string }).caseId,
  );
}

/** `<caseId> <action>` of every audit entry, oldest first. */
function auditedActions(): string[] {
  const found: string[] = [];
  for (let afterId = 0; ; ) {
    const page = app.audit.list({ afterId, limit: 500 });
    if (page.length === 0) return found;
    for (const entry of page) found.push(`${entry.caseId} ${entry.action}`);
    afterId = page.at(-1)?.id ?? afterId;
  }
}

function listing(folder: string): string[] {
  try {
    return readdirSync(folder).filter((name) => !name.startsWith('.'));
  } catch {
    return [];
  }
}
