/**
 * The soak: applications through sync, accept, hand-over, Bescheid and archive while the workstation's
 * process is killed (SIGKILL) at random moments, round after round on the same profile folder; then one
 * last start works off what is due, and the soak counts what was lost or delivered twice.
 *
 *   npm run soak [-- --rounds 200 --applications 200 --seed 1]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../../platform/random';

export interface SoakOptions {
  rounds: number;
  applications: number;
  seed: number;
  /** The longest a round works before it is killed (default 4 s). */
  maxLifeMs?: number;
}

export interface SoakResult {
  rounds: number;
  /** Actions that returned before their process was killed (what the soak holds the vault to). */
  actionsDone: number;
  casesLost: number;
  actionsLost: number;
  deliveredTwice: number;
  audit: 'intact' | string;
  seconds: number;
}

const CHILD = join(import.meta.dirname, 'soak-child.ts');
const REPO = join(import.meta.dirname, '../..');
/** The audit entry each printed action leaves once it is committed. */
const AUDITED: Record<string, string> = {
  claim: 'case.claim',
  accept: 'case.accept',
  handOver: 'case.handOver',
  sendNotice: 'notice.posted',
  archive: 'case.archive',
};

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const started = Date.now();
  // The same applications on a workstation never killed: how many cases a clean sync makes of them (the
  // demo seeds some the profiles do not take).
  const reference = await soakIn(options, 0);
  const soaked = await soakIn(options, options.rounds);
  const audited = new Set(soaked.facts.audited);
  const archived = new Set(soaked.done.filter((entry) => entry.endsWith(' case.archive')));
  const { facts } = soaked;
  return {
    rounds: options.rounds,
    actionsDone: soaked.done.length,
    casesLost: reference.facts.cases - facts.cases,
    actionsLost: soaked.done.filter((entry) => !audited.has(entry)).length,
    deliveredTwice:
      facts.handover.length - new Set(facts.handover).size + Math.max(0, facts.archive - archived.size),
    audit:
      facts.audit && facts.findings.length === 0
        ? 'intact'
        : `broken (${facts.audit ? 'chain holds' : 'chain broken'}; ${facts.findings.join(', ')})`,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

interface Settled {
  cases: number;
  audit: boolean;
  findings: string[];
  handover: string[];
  archive: number;
  audited: string[];
}

/** Prepares a profile folder, runs `rounds` killed lives on it, then the settling start; what it found. */
async function soakIn(options: SoakOptions, rounds: number): Promise<{ facts: Settled; done: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ad-soak-'));
  const random = createRandom(options.seed);
  const applications = String(options.applications);
  try {
    await life(dir, [String(options.seed), '--prepare', applications]);
    const done: string[] = [];
    for (let round = 1; round <= rounds; round++) {
      const lifeMs = random.int(200, options.maxLifeMs ?? 4_000);
      const { lines } = await life(dir, [String(options.seed + round), '', applications], lifeMs);
      for (const line of lines) {
        const match = /^done (\S+) (\S+)$/.exec(line);
        if (match?.[1] && match[2] && match[1] !== '-')
          done.push(`${match[1]} ${AUDITED[match[2]] ?? match[2]}`);
      }
    }
    const { lines } = await life(dir, [String(options.seed), '--settle', applications]);
    const settled = lines.find((line) => line.startsWith('settled '));
    if (!settled) throw new Error(`the last start did not settle: ${lines.join(' ')}`);
    return { facts: JSON.parse(settled.slice('settled '.length)) as Settled, done };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One start of the workstation; with `lifeMs`, killed with SIGKILL that long after it is ready (signed in
 * and working). Resolves with the lines it printed.
 */
function life(dir: string, args: string[], lifeMs?: number): Promise<{ lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      out += text;
      if (lifeMs !== undefined && timer === undefined && /^ready$/m.test(out)) {
        timer = setTimeout(() => child.kill('SIGKILL'), lifeMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      err += text;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const lines = out.split('\n').filter((line) => line !== '');
      if (lifeMs !== undefined ? signal === 'SIGKILL' : code === 0) resolve({ lines });
      else reject(new Error(`soak child ended (${code ?? signal}): ${out.slice(-500)} ${err.slice(-2000)}`));
    });
  });
}

if (process.argv[1] === import.meta.filename) {
  const arg = (name: string, fallback: number) => {
    const index = process.argv.indexOf(`--${name}`);
    return index < 0 ? fallback : Number(process.argv[index + 1]);
  };
  const result = await runSoak({
    rounds: arg('rounds', 200),
    applications: arg('applications', 200),
    seed: arg('seed', 1),
  });
  console.log(`rounds run:              ${result.rounds}`);
  console.log(`actions done:            ${result.actionsDone}`);
  console.log(`cases lost:              ${result.casesLost}`);
  console.log(`actions lost:            ${result.actionsLost}`);
  console.log(`actions delivered twice: ${result.deliveredTwice}`);
  console.log(`audit:                   ${result.audit}`);
  console.log(`took:                    ${result.seconds} s`);
  const clean =
    result.casesLost === 0 &&
    result.actionsLost === 0 &&
    result.deliveredTwice === 0 &&
    result.audit === 'intact';
  process.exitCode = clean ? 0 : 1;
}
