#!/usr/bin/env node
// Runs the programs whose libc imports Miros libc covers (scripts/ldd-coverage.mjs --list:
// "covered") with --version and with --help, natively and under `miros run`, and compares stdout,
// stderr and exit status: issue 6's "programs not in the repository", as many as the machine has.
//
// Usage: node scripts/survey-programs.mjs [--json FILE] [PROGRAM...]
//   PROGRAM...   the programs to run (default: every covered program of /usr/bin)
//   --json FILE  also write every outcome (status, signal, the first bytes of stderr) to FILE
// Each run gets an empty directory, empty stdin and a fixed environment (PATH, LANG=C, HOME, TERM=dumb).
// Left out: programs that act whatever their arguments (killall5 signals every process, yes never
// ends, the cache and database updaters write system files), and the Java launchers (a JVM start
// under the interpreter takes minutes). A run over 15 s natively or 120 s under Miros is cut.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const miros = join(repo, 'bin', 'miros');
const LEFT_OUT = new Set([
  'killall5',
  'killall',
  'kill',
  'shred',
  'yes',
  'fc-cache',
  'update-mime-database',
  'update-alternatives',
  'xdg-user-dirs-update',
]);
const JAVA_LAUNCHERS =
  /^(jar|jarsigner|java|javac|javadoc|javap|jcmd|jconsole|jdb|jdeprscan|jdeps|jfr|jhsdb|jimage|jinfo|jlink|jmap|jmod|jpackage|jps|jrunscript|jshell|jstack|jstat|jstatd|keytool|rmiregistry|serialver|jexec)$/;
const ENVIRONMENT = { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C', HOME: '/root', TERM: 'dumb' };

function parseArguments(argv) {
  const options = { json: undefined, programs: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') options.json = argv[++i];
    else options.programs.push(argv[i]);
  }
  return options;
}

function coveredPrograms() {
  const listing = execFileSync(process.execPath, [join(repo, 'scripts', 'ldd-coverage.mjs'), '--list'], {
    encoding: 'latin1',
    maxBuffer: 64 << 20,
  });
  return listing
    .split('\n')
    .map((line) => line.split('\t'))
    .filter((fields) => fields[1] === 'covered')
    .map((fields) => fields[0]);
}

function run(command, args, cwd, timeout) {
  const result = spawnSync(command, args, {
    cwd,
    env: ENVIRONMENT,
    input: '',
    encoding: 'latin1',
    timeout,
    maxBuffer: 1 << 24,
  });
  return { status: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

const options = parseArguments(process.argv.slice(2));
const programs = (options.programs.length > 0 ? options.programs : coveredPrograms()).filter((program) => {
  const name = basename(program);
  return !LEFT_OUT.has(name) && !JAVA_LAUNCHERS.test(name);
});
const outcomes = [];
for (const program of programs) {
  for (const args of [['--version'], ['--help']]) {
    const cwd = mkdtempSync(join(tmpdir(), 'miros-survey-'));
    const native = run(program, args, cwd, 15_000);
    const underMiros = run(miros, ['run', program, ...args], cwd, 120_000);
    rmSync(cwd, { recursive: true, force: true });
    const same =
      native.stdout === underMiros.stdout &&
      native.stderr === underMiros.stderr &&
      native.status === underMiros.status &&
      native.signal === underMiros.signal;
    outcomes.push({
      program,
      args,
      same,
      native: { status: native.status, signal: native.signal, stderr: native.stderr.slice(0, 300) },
      miros: { status: underMiros.status, signal: underMiros.signal, stderr: underMiros.stderr.slice(0, 600) },
    });
    const what = same
      ? 'same'
      : `DIFF native ${native.status ?? native.signal}, miros ${underMiros.status ?? underMiros.signal}` +
        `${native.stdout === underMiros.stdout ? '' : ', stdout differs'}` +
        `${native.stderr === underMiros.stderr ? '' : `, stderr ${JSON.stringify(underMiros.stderr.slice(0, 160))}`}`;
    process.stdout.write(`${what}: ${program} ${args.join(' ')}\n`);
    if (options.json) writeFileSync(options.json, JSON.stringify(outcomes, null, 1));
  }
}
const same = outcomes.filter((o) => o.same).length;
process.stdout.write(`${same}/${outcomes.length} runs identical to native (${programs.length} programs)\n`);
