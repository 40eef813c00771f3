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
  /** Told after every round, so a long run can be watched. */
  onRound?: (progress: RoundProgress) => void;
}

export interface RoundProgress {
  round: number;
  rounds: number;
  /** Actions returned so far, in all rounds. */
  actionsDone: number;
  /** Actions returned in this round before its kill. */
  actionsThisRound: number;
  seconds: number;
}

export interface SoakResult {
  rounds: number;
  /** Actions that returned before their process was killed (what the soak holds the vault to). */
  actionsDone: number;
  /** Rounds whose life returned at least one action before it was killed (the others proved little). */
  roundsWithActions: number;
  casesLost: number;
  actionsLost: number;
  deliveredTwice: number;
  audit: 'intact' | string;
  seconds: number;
}

/** A case action that returned (`done - sync` is a sync). */
const ACTION = /^done ([^-\s]\S*) (\S+)$/m;
/** How long a life that has returned no action when its time is up may take for its first. */
const FIRST_ACTION_WAIT_MS = 60_000;
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
  const reference = await soakIn(options, 0, started);
  const soaked = await soakIn(options, options.rounds, started);
  const audited = new Set(soaked.facts.audited);
  const archived = new Set(soaked.done.filter((entry) => entry.endsWith(' case.archive')));
  const { facts } = soaked;
  return {
    rounds: options.rounds,
    actionsDone: soaked.done.length,
    roundsWithActions: soaked.roundsWithActions,
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
async function soakIn(
  options: SoakOptions,
  rounds: number,
  started: number,
): Promise<{ facts: Settled; done: string[]; roundsWithActions: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ad-soak-'));
  const random = createRandom(options.seed);
  const applications = String(options.applications);
  const lives: Life[] = [];
  try {
    await life(dir, [String(options.seed), '--prepare', applications]).run();
    const done: string[] = [];
    let roundsWithActions = 0;
    // The next life loads its code while the one before it works (it touches the folder only once told).
    let next = rounds > 0 ? life(dir, [String(options.seed + 1), '', applications]) : undefined;
    for (let round = 1; next && round <= rounds; round++) {
      const current = next;
      lives.push(current);
      next = round < rounds ? life(dir, [String(options.seed + round + 1), '', applications]) : undefined;
      if (next) lives.push(next);
      const { lines } = await current.run(random.int(200, options.maxLifeMs ?? 4_000));
      let actions = 0;
      for (const line of lines) {
        const match = ACTION.exec(line);
        if (match?.[1] && match[2]) {
          done.push(`${match[1]} ${AUDITED[match[2]] ?? match[2]}`);
          actions++;
        }
      }
      if (actions > 0) roundsWithActions++;
      options.onRound?.({
        round,
        rounds,
        actionsDone: done.length,
        actionsThisRound: actions,
        seconds: Math.round((Date.now() - started) / 1000),
      });
    }
    const { lines } = await life(dir, [String(options.seed), '--settle', applications]).run();
    const settled = lines.find((line) => line.startsWith('settled '));
    if (!settled) throw new Error(`the last start did not settle: ${lines.join(' ')}`);
    return { facts: JSON.parse(settled.slice('settled '.length)) as Settled, done, roundsWithActions };
  } finally {
    // A failed round leaves the life started for the next one waiting: it goes, before its folder does.
    for (const waiting of lives) waiting.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Life {
  /**
   * Lets the started process go; with `lifeMs`, kills it with SIGKILL that long after it is ready (signed
   * in and working), or, when it has returned no action by then, as its first one returns (a life killed
   * before it did anything proves nothing; after `FIRST_ACTION_WAIT_MS` more it is killed all the same).
   * Resolves with the lines it printed.
   */
  run(lifeMs?: number): Promise<{ lines: string[] }>;
  kill(): void;
}

/** One start of the workstation, its code loaded, waiting for `go` before it opens anything in `dir`. */
function life(dir: string, args: string[]): Life {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, ...args], {
    cwd: REPO,
    // V8's code cache, kept across lives: each life compiles less of the same code.
    env: { ...process.env, NODE_COMPILE_CACHE: join(REPO, '.tmp', 'soak-compile-cache') },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let onOut: (() => void) | undefined;
  let ended: { code: number | null; signal: NodeJS.Signals | null } | Error | undefined;
  let onEnd: (() => void) | undefined;
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    out += text;
    onOut?.();
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    err += text;
  });
  child.stdin.on('error', () => undefined);
  child.on('error', (error) => {
    ended ??= error;
    onEnd?.();
  });
  child.on('exit', (code, signal) => {
    ended ??= { code, signal };
    onEnd?.();
  });
  return {
    kill: () => {
      if (ended === undefined) child.kill('SIGKILL');
    },
    run: (lifeMs) =>
      new Promise((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        let due = false;
        const kill = () => child.kill('SIGKILL');
        onOut = () => {
          if (lifeMs === undefined) return;
          if (due && ACTION.test(out)) kill();
          if (timer === undefined && /^ready$/m.test(out)) {
            timer = setTimeout(() => {
              if (ACTION.test(out)) return kill();
              due = true;
              timer = setTimeout(kill, FIRST_ACTION_WAIT_MS);
            }, lifeMs);
          }
        };
        onEnd = () => {
          clearTimeout(timer);
          if (ended instanceof Error) return reject(ended);
          const lines = out.split('\n').filter((line) => line !== '');
          if (lifeMs !== undefined ? ended?.signal === 'SIGKILL' : ended?.code === 0) resolve({ lines });
          else
            reject(
              new Error(
                `soak child ended (${ended?.code ?? ended?.signal}): ${out.slice(-500)} ${err.slice(-2000)}`,
              ),
            );
        };
        if (ended !== undefined) return onEnd();
        onOut();
        child.stdin.write('go\n');
      }),
  };
}

if (process.argv[1] === import.meta.filename) {
  const arg = (name: string, fallback: number) => {
    const index = process.argv.indexOf(`--${name}`);
    return index < 0 ? fallback : Number(process.argv[index + 1]);
  };
  const rounds = arg('rounds', 200);
  const applications = arg('applications', 200);
  console.log(`soak: ${rounds} rounds × ${applications} applications (a reference run first, unkilled)`);
  const result = await runSoak({
    rounds,
    applications,
    seed: arg('seed', 1),
    onRound: (progress) =>
      console.log(
        `round ${progress.round}/${progress.rounds}: ${progress.actionsThisRound} actions ` +
          `(${progress.actionsDone} so far), ${progress.seconds} s`,
      ),
  });
  console.log(`rounds run:              ${result.rounds}`);
  console.log(`rounds with an action:   ${result.roundsWithActions}`);
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
