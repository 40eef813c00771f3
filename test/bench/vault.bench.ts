/**
 * Inbox queries on 100,000 cases in the encrypted vault: filter + sort + page and full-text search,
 * p50/p95 each. Baselines from the same run: the same queries on an unencrypted copy of the same file,
 * and `SELECT count(*)` / `SELECT 1` on the encrypted one, so the figures can be read against the
 * machine's noise. Targets: filter/sort/page p95 < 20 ms, full text p95 < 30 ms.
 *
 *   npx tsx test/bench/run.ts vault
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3-multiple-ciphers';
import { openVault, VAULT_FILES } from '../../main/vault';
import { listCases } from '../../main/vault/search';
import type { SqliteDatabase } from '../../main/vault/sql';
import type { CaseQuery, CaseStatus, Verification } from '../../shared/cases/types';
import { newKey, sampleIntake } from '../support/vault-fixtures';

const CASES = 100_000;
const WARMUP = 10;
const RUNS = 150;
const NOW = Date.parse('2025-03-01T08:00:00.000Z');
const DAY = 86_400_000;

const FIRST_NAMES = (
  'Anna Jürgen Sabine Thomas Fatma Mehmet Katarzyna Lukas Marie Jonas Leonie Björn Ursula ' +
  'Hans-Peter Ayşe Sven Greta Dieter Olga Maximilian Sophie Ali Petra Wolfgang Elif Henrik Monika ' +
  'Paul Zeynep Frieda'
).split(' ');
const SURNAMES = (
  'Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer ' +
  'Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hartmann Lange Werner ' +
  'Krause Lehmann Köhler König Huber Fuchs Peters Scholz Möller Weiß Jung Hahn Yılmaz Kaya Nowak ' +
  'Öztürk Janssen Ahrens Gerdes Büttner Oltmanns Wübbena Heß Lüdemann Rüther'
).split(' ');
const STREETS = (
  'Hauptstraße, Schulstraße, Gartenstraße, Bahnhofstraße, Dorfstraße, Lindenstraße, Bergstraße, ' +
  'Kirchstraße, Waldstraße, Ringstraße, Am Markt, Goethestraße, Schillerweg, Mühlenweg, Birkenallee, ' +
  'Deichstraße'
).split(', ');
const CITIES = [
  ['30159', 'Hannover'],
  ['38100', 'Braunschweig'],
  ['26121', 'Oldenburg'],
  ['49074', 'Osnabrück'],
  ['38440', 'Wolfsburg'],
  ['37073', 'Göttingen'],
  ['31134', 'Hildesheim'],
  ['21335', 'Lüneburg'],
  ['29221', 'Celle'],
  ['26382', 'Wilhelmshaven'],
] as const;
const DEPARTMENTS: { id: string; code: string; services: [name: string, leika: string][] }[] = [
  {
    id: 'sozialamt',
    code: 'SOZ',
    services: [
      ['Wohngeld', '99108008000000'],
      ['Hilfe zum Lebensunterhalt', '99050012104000'],
    ],
  },
  {
    id: 'ordnungsamt',
    code: 'ORD',
    services: [
      ['Anwohnerparkausweis', '99058013000000'],
      ['Hundesteuer Anmeldung', '99022002000000'],
    ],
  },
  {
    id: 'buergeramt',
    code: 'BA',
    services: [
      ['Meldebescheinigung', '99115004000000'],
      ['Führungszeugnis', '99015006000000'],
    ],
  },
  {
    id: 'gewerbeamt',
    code: 'GEW',
    services: [
      ['Gewerbeanmeldung', '99050012104001'],
      ['Gaststättenerlaubnis', '99050023000000'],
    ],
  },
  {
    id: 'jugendamt',
    code: 'JUG',
    services: [
      ['Elterngeld', '99041005000000'],
      ['Kita-Platz', '99041001000000'],
    ],
  },
];
/** Status by age: fresh applications are open, old ones mostly decided and archived. */
const STATUS_BY_AGE: { maxDays: number; weights: [CaseStatus, number][] }[] = [
  {
    maxDays: 14,
    weights: [
      ['new', 60],
      ['in_review', 30],
      ['inquiry', 10],
    ],
  },
  {
    maxDays: 60,
    weights: [
      ['in_review', 35],
      ['inquiry', 10],
      ['resubmission', 5],
      ['accepted', 15],
      ['handed_over', 15],
      ['notice_sent', 15],
      ['rejected', 5],
    ],
  },
  {
    maxDays: 180,
    weights: [
      ['in_review', 5],
      ['handed_over', 15],
      ['notice_sent', 40],
      ['rejected', 10],
      ['archived', 25],
      ['closed', 5],
    ],
  },
  {
    maxDays: Number.POSITIVE_INFINITY,
    weights: [
      ['archived', 60],
      ['closed', 25],
      ['notice_sent', 10],
      ['rejected', 5],
    ],
  },
];

/** mulberry32: fast, seeded, so every run builds the same vault. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(vault: ReturnType<typeof openVault>): void {
  const random = seeded(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const pickStatus = (ageDays: number): CaseStatus => {
    const band = STATUS_BY_AGE.find((b) => ageDays < b.maxDays) ?? STATUS_BY_AGE[0];
    const weights = band?.weights ?? [];
    let r = random() * weights.reduce((sum, [, w]) => sum + w, 0);
    for (const [status, weight] of weights) {
      r -= weight;
      if (r < 0) return status;
    }
    return 'new';
  };
  const counters = new Map<string, number>();
  vault.transaction(() => {
    for (let i = 0; i < CASES; i++) {
      const department = pick(DEPARTMENTS);
      const [serviceName, leika] = pick(department.services);
      const first = pick(FIRST_NAMES);
      const last = pick(SURNAMES);
      const [plz, city] = pick(CITIES);
      const received = NOW - Math.floor(random() * 730 * DAY);
      const status = pickStatus((NOW - received) / DAY);
      const verificationRoll = random();
      const verification: Verification =
        verificationRoll < 0.9 ? 'passed' : verificationRoll < 0.93 ? 'failed' : 'pending';
      const intake = sampleIntake({
        department: department.id,
        serviceName,
        serviceIdentifier: `urn:de:fim:leika:leistung:${leika}`,
        applicantName: `${first} ${last}`,
        receivedAt: new Date(received).toISOString(),
        deadlineAt:
          random() < 0.1 ? null : new Date(received + (status === 'new' ? 14 : 90) * DAY).toISOString(),
        verification,
        formData: {
          antragsteller: { vorname: first, nachname: last, geburtsdatum: birthDate(random) },
          anschrift: { strasse: `${pick(STREETS)} ${1 + Math.floor(random() * 120)}`, plz, ort: city },
          angaben: { haushaltsgroesse: 1 + Math.floor(random() * 5), kennzeichen: licencePlate(random) },
        },
      });
      if (status !== 'new') {
        // Given with the intake, so the search row is written once rather than rewritten by the update.
        const year = new Date(received).getUTCFullYear();
        const counterKey = `${department.code}-${year}`;
        const next = (counters.get(counterKey) ?? 0) + 1;
        counters.set(counterKey, next);
        intake.case.fileReference = `${department.code}-${year}/${String(next).padStart(5, '0')}`;
      }
      const { caseId } = vault.cases.storeIntake(intake);
      if (status === 'new') continue;
      const assignee =
        random() < 0.85 ? `sb-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}` : null;
      vault.cases.update(caseId, 1, { status, assignee });
    }
  });
}

function birthDate(random: () => number): string {
  const day = new Date(Date.UTC(1940 + Math.floor(random() * 65), 0, 1 + Math.floor(random() * 365)));
  return day.toISOString().slice(0, 10);
}

function licencePlate(random: () => number): string {
  const letter = () => String.fromCharCode(65 + Math.floor(random() * 26));
  return `H-${letter()}${letter()} ${100 + Math.floor(random() * 9000)}`;
}

const QUERIES: { name: string; kind: 'filter' | 'text'; query: CaseQuery }[] = [
  {
    name: 'inbox: open statuses, newest first',
    kind: 'filter',
    query: { department: 'sozialamt', status: ['new', 'in_review', 'inquiry', 'resubmission'] },
  },
  {
    name: 'unassigned new, deadline asc',
    kind: 'filter',
    query: {
      department: 'ordnungsamt',
      status: ['new'],
      assignee: 'unassigned',
      sort: { column: 'deadlineAt', dir: 'asc' },
    },
  },
  {
    name: 'my cases by name, page 3',
    kind: 'filter',
    query: {
      department: 'buergeramt',
      assignee: 'sb-07',
      sort: { column: 'applicantName', dir: 'asc' },
      offset: 100,
    },
  },
  {
    name: 'overdue, deadline asc',
    kind: 'filter',
    query: {
      department: 'sozialamt',
      overdue: { now: new Date(NOW).toISOString() },
      sort: { column: 'deadlineAt', dir: 'asc' },
    },
  },
  {
    name: 'service + received in Q4/2024',
    kind: 'filter',
    query: {
      department: 'jugendamt',
      service: ['urn:de:fim:leika:leistung:99041005000000'],
      receivedFrom: '2024-10-01T00:00:00Z',
      receivedTo: '2025-01-01T00:00:00Z',
    },
  },
  {
    name: 'verification failed, updated desc',
    kind: 'filter',
    query: { department: 'gewerbeamt', verification: 'failed', sort: { column: 'updatedAt', dir: 'desc' } },
  },
  {
    name: 'all, deep page (offset 10000)',
    kind: 'filter',
    query: { department: 'sozialamt', offset: 10_000 },
  },
  {
    name: 'all, by file reference desc',
    kind: 'filter',
    query: { department: 'ordnungsamt', sort: { column: 'fileReference', dir: 'desc' } },
  },
  { name: 'text: common surname "müller"', kind: 'text', query: { department: 'sozialamt', text: 'müller' } },
  { name: 'text: prefix "schr"', kind: 'text', query: { department: 'buergeramt', text: 'schr' } },
  {
    name: 'text: name + city "anna hannover"',
    kind: 'text',
    query: { department: 'jugendamt', text: 'anna hannover' },
  },
  {
    name: 'text: street in form "lindenstr"',
    kind: 'text',
    query: { department: 'ordnungsamt', text: 'lindenstr' },
  },
  {
    name: 'text: file reference "SOZ-2024/001"',
    kind: 'text',
    query: { department: 'sozialamt', text: 'SOZ-2024/001' },
  },
  {
    name: 'text + open statuses "weber"',
    kind: 'text',
    query: {
      department: 'sozialamt',
      text: 'weber',
      status: ['new', 'in_review'],
      sort: { column: 'deadlineAt', dir: 'asc' },
    },
  },
  { name: 'text: two-letter prefix "sc"', kind: 'text', query: { department: 'gewerbeamt', text: 'sc' } },
  { name: 'text: one letter "k" (whole word)', kind: 'text', query: { department: 'gewerbeamt', text: 'k' } },
];

function measure(run: () => unknown): { p50: number; p95: number } {
  for (let i = 0; i < WARMUP; i++) run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) =>
    samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95) };
}

function openRaw(path: string, key: Buffer | null): SqliteDatabase {
  const db = new Database(path);
  if (key) {
    db.pragma(`cipher = 'sqlcipher'`);
    db.pragma(`key = "x'${key.toString('hex')}'"`);
  }
  db.pragma('temp_store = MEMORY');
  return db;
}

const ms = (value: number) => value.toFixed(2).padStart(7);

export default async function (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vault-bench-'));
  try {
    const key = newKey();
    let vault = openVault({ dir, key });
    const generateStart = performance.now();
    generate(vault);
    console.log(
      `generated ${CASES.toLocaleString('en')} cases in one transaction: ${((performance.now() - generateStart) / 1000).toFixed(1)} s`,
    );
    vault.close();
    const encryptedPath = join(dir, VAULT_FILES.database);
    console.log(`vault.db: ${(statSync(encryptedPath).size / 1024 / 1024).toFixed(1)} MiB`);

    // An unencrypted copy of the same file: the cost of encryption, measured on this machine now.
    const plainPath = join(dir, 'plain.db');
    copyFileSync(encryptedPath, plainPath);
    const decrypting = openRaw(plainPath, key);
    decrypting.pragma('journal_mode = DELETE');
    decrypting.rekey(Buffer.alloc(0));
    decrypting.close();

    vault = openVault({ dir, key });
    const opened = vault;
    const plain = openRaw(plainPath, null);

    console.log(
      '\nquery                                   rows  total   p50 ms  p95 ms | plain p50  p95 | p95 ratio',
    );
    const worst = { filter: 0, text: 0 };
    for (const { name, kind, query } of QUERIES) {
      const result = opened.cases.list(query);
      const subject = measure(() => opened.cases.list(query));
      const baseline = measure(() => listCases(plain, query));
      worst[kind] = Math.max(worst[kind], subject.p95);
      console.log(
        `${name.padEnd(38)} ${String(result.rows.length).padStart(5)} ${String(result.total).padStart(6)} ${ms(subject.p50)} ${ms(subject.p95)} | ${ms(baseline.p50)} ${ms(baseline.p95)} | ${(subject.p95 / baseline.p95).toFixed(2)}`,
      );
    }
    const raw = openRaw(encryptedPath, key);
    const count = measure(() => raw.prepare('SELECT count(*) FROM cases').get());
    const one = measure(() => raw.prepare('SELECT 1').get());
    raw.close();
    console.log(
      `\nbaseline SELECT count(*) FROM cases (encrypted): p50 ${ms(count.p50)} ms  p95 ${ms(count.p95)} ms`,
    );
    console.log(
      `baseline SELECT 1 (noise floor):                 p50 ${ms(one.p50)} ms  p95 ${ms(one.p95)} ms`,
    );
    console.log(
      `worst p95: filter+sort+page ${worst.filter.toFixed(2)} ms (target < 20), full text ${worst.text.toFixed(2)} ms (target < 30)`,
    );
    console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
    plain.close();
    vault.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
