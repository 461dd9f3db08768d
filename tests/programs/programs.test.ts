// The guest program suite: every program × run × variant recorded natively by build.mjs runs under
// `bin/miros run` and must print the same stdout and exit with the same status as it did natively.
//
// Cases are named `program/run@variant` (e.g. `exit-status/abort@glibc-pie-O2`). Cases matching a
// pattern in known-failures.txt are skipped with their reason. Until `bin/miros --help` lists `run`,
// every case is skipped with that reason.
//
// Environment:
//   MIROS_PROGRAMS=pattern[,pattern]  run only the matching cases (same `*` patterns as known-failures.txt)
//   MIROS_PROGRAMS_KNOWN=1            run the known failures too: a known failure that passes is then
//                                     reported as a failure, so the list can be pruned
//   MIROS_FULL=1                      run every variant; by default only DEFAULT_VARIANTS run (every
//                                     program, both libcs, static and PIE, -O0 and -O2 among them) so
//                                     that the suite fits CI's budget on two cores at today's CPU speed
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const miros = join(repo, 'bin', 'miros');
// Node is started here (for the exact environment below) with the V8 flags bin/miros's first line
// gives it, under which its code cache was made and is accepted.
const { mirosNodeFlags } = createRequire(import.meta.url)('../../bin/node-flags.cjs') as {
  mirosNodeFlags(): string[];
};
const nodeFlags = mirosNodeFlags();
const CASE_TIMEOUT_MS = 300_000;
// Guests running at once. vitest starts every case of a concurrent describe together (its
// maxConcurrency, 5); on two cores five CPU-bound guests each got a third of a core, and heavy
// cases hit the timeout while merely queued for CPU. With two running at a time the timeout, which
// starts when the guest does, measures the guest's own run; the suite's total time is unchanged.
const GUESTS_AT_ONCE = 2;
/** How long a case may wait for its turn and run: the whole suite, in the worst case. */
const CASE_WAIT_AND_RUN_MS = 90 * 60_000;
/** The variants run by default (MIROS_FULL=1 runs all): each libc, static and PIE, -O0 and -O2. */
const DEFAULT_VARIANTS = ['glibc-static-O2', 'musl-static-O2', 'glibc-pie-O0', 'musl-pie-O0'];

interface Binary {
  path: string;
  argv: string[];
}
interface Run {
  name: string;
  args: string[];
  stdin: string;
  env: Record<string, string>;
  expected: Record<string, { stdout: string; status: number }>;
}
interface Program {
  name: string;
  set: string;
  binaries: Record<string, Binary>;
  runs: Run[];
}
interface Variant {
  name: string;
  libc: string;
}
interface Manifest {
  variants: Variant[];
  programs: Program[];
}

interface Case {
  id: string;
  program: Program;
  run: Run;
  variant: Variant;
  binary: Binary;
}

interface KnownFailure {
  pattern: string;
  matcher: RegExp;
  reason: string;
  line: number;
}

const manifest = JSON.parse(readFileSync(join(here, 'expected', 'manifest.json'), 'utf8')) as Manifest;

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

function readKnownFailures(): KnownFailure[] {
  const text = readFileSync(join(here, 'known-failures.txt'), 'utf8');
  const entries: KnownFailure[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(\S+)\s+(.*)$/.exec(line);
    entries.push({
      pattern: match ? match[1] : line,
      matcher: patternToRegExp(match ? match[1] : line),
      reason: match ? match[2].trim() : '',
      line: index + 1,
    });
  });
  return entries;
}

function allCases(): Case[] {
  const cases: Case[] = [];
  for (const program of manifest.programs)
    for (const run of program.runs)
      for (const [variantName, binary] of Object.entries(program.binaries)) {
        const variant = manifest.variants.find((v) => v.name === variantName);
        if (!variant) throw new Error(`manifest: ${program.name} has a binary for unknown variant ${variantName}`);
        cases.push({ id: `${program.name}/${run.name}@${variantName}`, program, run, variant, binary });
      }
  return cases;
}

// Why the suite cannot run at all, or null when `bin/miros run` exists.
function whyRunIsUnavailable(): string | null {
  const help = spawnSync(process.execPath, [miros, '--help'], { encoding: 'utf8' });
  if (help.status !== 0) return `bin/miros --help failed (${(help.stderr || help.stdout).trim().split('\n')[0]})`;
  if (!/^\s+run\s/m.test(help.stdout)) return "bin/miros has no 'run' command yet";
  return null;
}

interface Outcome {
  stdout: string;
  stderr: string;
  status: number | null;
  timedOut: boolean;
}

/** A counting semaphore: at most `limit` callers hold a slot at once, the rest wait in order. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(limit: number) {
    this.free = limit;
  }
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
const guestSlots = new Slots(GUESTS_AT_ONCE);

function runUnderMiros(c: Case): Promise<Outcome> {
  const args = [...nodeFlags, miros, 'run', join(here, c.binary.path), ...c.binary.argv, ...c.run.args];
  return new Promise((resolve, reject) => {
    // The guest sees exactly the recorded environment, as the native run did.
    const child = spawn(process.execPath, args, { cwd: here, env: c.run.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, CASE_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin.on('error', () => {}); // a guest that exits without reading its stdin closes the pipe early
    child.stdin.end(c.run.stdin, 'latin1');
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(stdout).toString('latin1'),
        stderr: Buffer.concat(stderr).toString('latin1'),
        // bin/miros itself dying from a signal is reported as a shell would.
        status: code ?? (signal ? 128 + constants.signals[signal] : null),
        timedOut,
      });
    });
  });
}

function tail(text: string, lines: number): string {
  const all = text.trimEnd().split('\n');
  return (all.length > lines ? ['…', ...all.slice(-lines)] : all).join('\n');
}

const knownFailures = readKnownFailures();
const cases = allCases();
const selection = process.env.MIROS_PROGRAMS?.split(',').map(patternToRegExp);
const runKnown = process.env.MIROS_PROGRAMS_KNOWN === '1';
const runAllVariants = process.env.MIROS_FULL === '1' || selection !== undefined;
const unavailable = whyRunIsUnavailable();

describe('guest program suite: manifest', () => {
  it('lists binaries and expected outputs that exist', () => {
    const missing: string[] = [];
    for (const c of cases) {
      if (!existsSync(join(here, c.binary.path))) missing.push(c.binary.path);
      const expected = c.run.expected[c.variant.libc];
      if (!expected) missing.push(`${c.id}: no expectation for ${c.variant.libc}`);
      else if (!existsSync(join(here, expected.stdout))) missing.push(expected.stdout);
    }
    expect([...new Set(missing)]).toEqual([]);
  });

  it('has a reason for every known failure, and every pattern matches some case', () => {
    const problems: string[] = [];
    for (const k of knownFailures) {
      if (!k.reason) problems.push(`known-failures.txt:${k.line}: ${k.pattern} has no reason`);
      if (!cases.some((c) => k.matcher.test(c.id)))
        problems.push(`known-failures.txt:${k.line}: ${k.pattern} matches no case`);
    }
    expect(problems).toEqual([]);
  });
});

describe.concurrent('guest program suite: bin/miros run matches the native run', () => {
  for (const c of cases) {
    if (selection && !selection.some((m) => m.test(c.id))) continue;
    if (!runAllVariants && !DEFAULT_VARIANTS.includes(c.variant.name)) continue;
    if (unavailable) {
      it.skip(`${c.id} (skipped: ${unavailable})`, () => {});
      continue;
    }
    const known = knownFailures.find((k) => k.matcher.test(c.id));
    if (known && !runKnown) {
      it.skip(`${c.id} (known failure: ${known.reason})`, () => {});
      continue;
    }
    it(c.id, async () => {
      const expected = c.run.expected[c.variant.libc];
      const expectedStdout = readFileSync(join(here, expected.stdout), 'latin1');
      const outcome = await guestSlots.run(() => runUnderMiros(c));
      const context = [
        `case ${c.id}: bin/miros run ${c.binary.path} ${[...c.binary.argv, ...c.run.args].join(' ')}`,
        outcome.timedOut ? `timed out after ${CASE_TIMEOUT_MS / 1000} s` : `exit status ${outcome.status}`,
        outcome.stderr ? `stderr:\n${tail(outcome.stderr, 30)}` : 'stderr: (empty)',
        known ? `(listed in known-failures.txt: ${known.reason}; passing now means the entry can go)` : '',
      ].join('\n');
      if (known) {
        const passes = outcome.stdout === expectedStdout && outcome.status === expected.status;
        expect(passes, `${context}\nthis known failure passes now: remove it from known-failures.txt`).toBe(false);
        return;
      }
      expect(outcome.stdout, context).toBe(expectedStdout);
      expect(outcome.status, context).toBe(expected.status);
    }, CASE_WAIT_AND_RUN_MS);
  }
});
