#!/usr/bin/env node
// Builds the guest test programs and records how they behave natively.
//
//   node tests/programs/build.mjs [--only NAME[,NAME...]]
//
// For every source in src/ it reads the directives at the top (see README.md), compiles each
// variant of the matrix below, runs every binary natively once per @run directive (twice, to
// prove the output is deterministic), checks that all variants built against the same libc agree,
// and writes:
//   bin/                         the binaries (committed: CI has no musl-gcc)
//   expected/<prog>[.<run>].<libc>.out   native stdout
//   expected/manifest.json       programs, runs (args, stdin, env), binaries, expected statuses
// The runner (programs.test.ts) reads only manifest.json and the .out files.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, 'src');
const binDir = join(here, 'bin');
const expectedDir = join(here, 'expected');

// The variant matrix. Static musl binaries are small (30–100 KB), so every program is built in every
// variant. Static glibc binaries are ~0.8 MB each, so for glibc all programs of a set are linked into
// one multi-call binary per variant (argv[1] picks the program) — all four variants at ~1 MB each.
// Programs of the x86-64-v2 set (issue 5: SSE4.2, x87 libm, threads, signals) are built -O2 only.
const VARIANTS = [
  { name: 'musl-static-O0', libc: 'musl', link: 'static', opt: '-O0', sets: ['base'] },
  { name: 'musl-static-O2', libc: 'musl', link: 'static', opt: '-O2', sets: ['base', 'x86-64-v2'] },
  { name: 'musl-pie-O0', libc: 'musl', link: 'static-pie', opt: '-O0', sets: ['base'] },
  { name: 'musl-pie-O2', libc: 'musl', link: 'static-pie', opt: '-O2', sets: ['base'] },
  { name: 'glibc-static-O0', libc: 'glibc', link: 'static', opt: '-O0', sets: ['base'] },
  { name: 'glibc-static-O2', libc: 'glibc', link: 'static', opt: '-O2', sets: ['base', 'x86-64-v2'] },
  { name: 'glibc-pie-O0', libc: 'glibc', link: 'static-pie', opt: '-O0', sets: ['base'] },
  { name: 'glibc-pie-O2', libc: 'glibc', link: 'static-pie', opt: '-O2', sets: ['base'] },
];
const SETS = ['base', 'x86-64-v2'];
const MULTICALL_NAME = { base: 'suite', 'x86-64-v2': 'suite-v2' };
const COMMON_CFLAGS = ['-std=gnu11', '-Wall', '-Wno-format-truncation', '-Wno-stringop-overflow', '-fno-ident'];

// Debian's musl-gcc.specs has no static-pie support (it links a dynamic PIE against ld-musl): this
// spec file adds it (rcrt1.o, which relocates the program itself, and --no-dynamic-linker).
const MUSL_SPECS = join(here, 'musl-static-pie.specs');

function fail(message) {
  process.stderr.write(`build.mjs: ${message}\n`);
  process.exit(1);
}

function parseDirectives(file) {
  const program = { name: basename(file, '.c'), source: relative(here, file), set: 'base', cflags: [], runs: [] };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\/\/ @(\w[\w-]*)\s+(.*)$/.exec(line);
    if (!match) continue;
    const [, key, value] = match;
    if (key === 'run') {
      let run;
      try {
        run = JSON.parse(value);
      } catch (error) {
        fail(`${file}: bad @run JSON: ${error.message}`);
      }
      const unknown = Object.keys(run).filter((k) => !['name', 'args', 'stdin', 'env'].includes(k));
      if (unknown.length) fail(`${file}: unknown @run keys ${unknown.join(', ')}`);
      program.runs.push({
        name: run.name ?? 'default',
        args: run.args ?? [],
        stdin: run.stdin ?? '',
        env: run.env ?? {},
      });
    } else if (key === 'set') {
      if (!SETS.includes(value.trim())) fail(`${file}: unknown @set ${value}`);
      program.set = value.trim();
    } else if (key === 'cflags') {
      program.cflags.push(...value.trim().split(/\s+/));
    } else {
      fail(`${file}: unknown directive @${key}`);
    }
  }
  if (program.runs.length === 0) program.runs.push({ name: 'default', args: [], stdin: '', env: {} });
  const names = program.runs.map((r) => r.name);
  if (new Set(names).size !== names.length) fail(`${file}: duplicate @run names`);
  return program;
}

// musl-gcc is gcc with Debian's musl spec file; for static-pie gcc runs with ours instead.
function compilerFor(variant) {
  return variant.libc === 'musl' && variant.link === 'static' ? 'musl-gcc' : 'gcc';
}

function linkFlags(variant) {
  if (variant.link === 'static') return ['-static'];
  return variant.libc === 'musl' ? ['-specs', MUSL_SPECS, '-static-pie'] : ['-static-pie'];
}

// Compiler runs go through a small pool: the build is ~150 compilations.
const PARALLEL_COMPILES = 3;
let running = 0;
const waiting = [];

async function compile(variant, args) {
  if (running >= PARALLEL_COMPILES) await new Promise((resolve) => waiting.push(resolve));
  running++;
  try {
    const cc = compilerFor(variant);
    const { status, stderr } = await new Promise((resolve, reject) => {
      const child = spawn(cc, args, { stdio: ['ignore', 'inherit', 'pipe'] });
      let text = '';
      child.stderr.on('data', (chunk) => {
        text += chunk;
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ status: code, stderr: text }));
    }).catch((error) => fail(`${cc}: ${error.message}`));
    if (stderr) process.stderr.write(stderr);
    if (status !== 0) fail(`${cc} ${args.join(' ')} failed`);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function libraries(program) {
  return program.set === 'x86-64-v2' || program.name === 'fpmath' ? ['-lm'] : [];
}

// One binary per program (musl).
async function buildSingle(program, variant) {
  const out = join(binDir, `${program.name}.${variant.name}`);
  await compile(variant, [
    ...COMMON_CFLAGS,
    variant.opt,
    ...program.cflags,
    join(here, program.source),
    '-o',
    out,
    ...linkFlags(variant),
    ...libraries(program),
  ]);
  return { path: relative(here, out), argv: [] };
}

// One multi-call binary for all programs of a set (glibc): each program's main is renamed and a
// generated dispatcher picks it by argv[1], passing argv[0] (the binary's path) on as argv[0].
async function buildMulticall(programs, set, variant, work) {
  const objects = programs.map((program) => join(work, `${program.name}.${variant.name}.o`));
  await Promise.all(
    programs.map((program, i) =>
      compile(variant, [
      ...COMMON_CFLAGS,
      variant.opt,
      ...program.cflags,
      variant.link === 'static-pie' ? '-fPIE' : '-fno-PIE',
        `-Dmain=${mainSymbol(program)}`,
        '-c',
        join(here, program.source),
        '-o',
        objects[i],
      ]),
    ),
  );
  const dispatcher = join(work, `dispatch-${set}.c`);
  writeFileSync(dispatcher, dispatcherSource(programs, set));
  const out = join(binDir, `${MULTICALL_NAME[set]}.${variant.name}`);
  const cflags = [...new Set(programs.flatMap((p) => p.cflags))];
  await compile(variant, [
    ...COMMON_CFLAGS,
    variant.opt,
    ...cflags,
    dispatcher,
    ...objects,
    '-o',
    out,
    ...linkFlags(variant),
    ...new Set(programs.flatMap(libraries)),
  ]);
  return out;
}

function mainSymbol(program) {
  return `miros_main_${program.name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function dispatcherSource(programs, set) {
  const lines = [
    `// Generated by tests/programs/build.mjs: the multi-call entry point of the '${set}' programs.`,
    '#include <stdio.h>',
    '#include <string.h>',
    ...programs.map((p) => `int ${mainSymbol(p)}(int, char **, char **);`),
    'static const struct { const char *name; int (*main)(int, char **, char **); } programs[] = {',
    ...programs.map((p) => `  {"${p.name}", ${mainSymbol(p)}},`),
    '};',
    'int main(int argc, char **argv, char **envp) {',
    '  for (size_t i = 0; argc > 1 && i < sizeof programs / sizeof programs[0]; i++)',
    '    if (strcmp(argv[1], programs[i].name) == 0) {',
    '      argv[1] = argv[0];',
    '      return programs[i].main(argc - 1, argv + 1, envp);',
    '    }',
    '  fprintf(stderr, "usage: %s PROGRAM [ARGS...]; programs:", argv[0]);',
    '  for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++) fprintf(stderr, " %s", programs[i].name);',
    '  fprintf(stderr, "\\n");',
    '  return 2;',
    '}',
    '',
  ];
  return lines.join('\n');
}

function runNative(binary, run) {
  const result = spawnSync(join(here, binary.path), [...binary.argv, ...run.args], {
    cwd: here,
    env: run.env,
    input: run.stdin,
    encoding: 'latin1',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) fail(`${binary.path}: ${result.error.message}`);
  const status = result.status ?? 128 + constants.signals[result.signal];
  return { stdout: result.stdout, status, stderr: result.stderr };
}

function toolVersion(command, args) {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).split('\n')[0].trim();
  } catch {
    return 'unknown';
  }
}

async function main() {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1].split(',') : null;
  const sources = readdirSync(srcDir)
    .filter((f) => f.endsWith('.c'))
    .sort();
  const programs = sources.map((f) => parseDirectives(join(srcDir, f)));
  mkdirSync(binDir, { recursive: true });
  mkdirSync(expectedDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'miros-programs-'));
  const manifestPath = join(expectedDir, 'manifest.json');
  const previous = only ? JSON.parse(readFileSync(manifestPath, 'utf8')) : null;

  try {
    // Build (the pool in compile() bounds the parallelism).
    const binaries = new Map(programs.map((p) => [p.name, {}]));
    const builds = [];
    for (const variant of VARIANTS) {
      for (const set of variant.sets) {
        const members = programs.filter((p) => p.set === set);
        if (variant.libc === 'glibc') {
          if (only && !members.some((p) => only.includes(p.name))) continue;
          builds.push(
            buildMulticall(members, set, variant, work).then((out) => {
              process.stdout.write(`built ${relative(here, out)}\n`);
              for (const p of members)
                binaries.get(p.name)[variant.name] = { path: relative(here, out), argv: [p.name] };
            }),
          );
        } else {
          for (const p of members) {
            if (only && !only.includes(p.name)) continue;
            builds.push(
              buildSingle(p, variant).then((binary) => {
                process.stdout.write(`built ${binary.path}\n`);
                binaries.get(p.name)[variant.name] = binary;
              }),
            );
          }
        }
      }
    }
    await Promise.all(builds);

    // Run natively and record.
    const manifestPrograms = [];
    for (const program of programs) {
      if (only && !only.includes(program.name)) {
        const kept = previous.programs.find((p) => p.name === program.name);
        if (kept) manifestPrograms.push(kept);
        continue;
      }
      // In the matrix's order, whatever order the builds finished in.
      const built = binaries.get(program.name);
      const ordered = Object.fromEntries(VARIANTS.filter((v) => built[v.name]).map((v) => [v.name, built[v.name]]));
      const runs = [];
      for (const run of program.runs) {
        const expected = {};
        for (const [variantName, binary] of Object.entries(ordered)) {
          const libc = VARIANTS.find((v) => v.name === variantName).libc;
          const first = runNative(binary, run);
          const second = runNative(binary, run);
          const where = `${program.name}/${run.name} [${variantName}]`;
          if (first.stdout !== second.stdout || first.status !== second.status)
            fail(`${where}: two native runs differ: the program is not deterministic`);
          const file = `${program.name}${run.name === 'default' ? '' : `.${run.name}`}.${libc}.out`;
          if (!expected[libc]) {
            expected[libc] = { stdout: `expected/${file}`, status: first.status };
            writeFileSync(join(expectedDir, file), first.stdout, 'latin1');
          } else {
            const recorded = readFileSync(join(expectedDir, file), 'latin1');
            if (recorded !== first.stdout || expected[libc].status !== first.status)
              fail(`${where}: differs from the other ${libc} variants (status ${first.status}); compare by hand`);
          }
        }
        runs.push({ ...run, expected });
      }
      manifestPrograms.push({
        name: program.name,
        source: program.source,
        set: program.set,
        cflags: program.cflags,
        binaries: ordered,
        runs,
      });
    }

    const manifest = {
      comment: 'Generated by tests/programs/build.mjs from the directives in src/*.c; do not edit.',
      toolchain: {
        gcc: toolVersion('gcc', ['--version']),
        glibc: toolVersion('ldd', ['--version']),
        musl: toolVersion('dpkg-query', ['-W', '-f', '${Version}', 'musl-dev']),
      },
      variants: VARIANTS,
      programs: manifestPrograms,
    };
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

    let total = 0;
    for (const f of readdirSync(binDir)) total += statSync(join(binDir, f)).size;
    process.stdout.write(
      `recorded ${manifestPrograms.reduce((n, p) => n + p.runs.length, 0)} runs of ${manifestPrograms.length} programs; ` +
        `bin/ holds ${(total / 1024 / 1024).toFixed(1)} MiB\n`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
