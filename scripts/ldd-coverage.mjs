#!/usr/bin/env node
// The /usr/bin coverage figure of issue 6: the share of dynamically linked programs in a directory
// (default /usr/bin) whose libc-family imports Miros libc covers completely, so that `miros run`
// can bind every symbol they need (weak imports do not count: they may stay 0).
//
// Usage: node scripts/ldd-coverage.mjs [--top N] [--list] [DIR...]
//   --top N   also list the N libc-family symbols missing in the most programs (a second pass
//             with `miros ldd --missing`): what Miros libc should implement next
//   --list    print every program's outcome
// It runs `bin/miros ldd --summary` (nothing is executed) over every ELF file in the directories,
// in batches, and prints the counts per outcome and the figure:
//   covered / (covered + missing-symbols + missing-libraries)
// Symbolic links are followed once (a program reached by two names counts once).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repo = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const miros = path.join(repo, 'bin', 'miros');
const BATCH = 100;

function parseArguments(argv) {
  const options = { top: 0, list: false, directories: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--top') options.top = Number(argv[++i]);
    else if (arg === '--list') options.list = true;
    else if (arg.startsWith('-')) {
      process.stderr.write(`ldd-coverage: unknown option ${arg}\n`);
      process.exit(2);
    } else options.directories.push(arg);
  }
  if (!(options.top >= 0)) {
    process.stderr.write('ldd-coverage: --top expects a number\n');
    process.exit(2);
  }
  if (options.directories.length === 0) options.directories.push('/usr/bin');
  return options;
}

/** Regular files starting with the ELF magic, by real path, sorted. */
function elfFiles(directories) {
  const seen = new Set();
  for (const directory of directories) {
    for (const name of fs.readdirSync(directory)) {
      let real;
      try {
        real = fs.realpathSync(path.join(directory, name));
        if (!fs.statSync(real).isFile()) continue;
      } catch {
        continue;
      }
      const header = Buffer.alloc(4);
      let fd;
      try {
        fd = fs.openSync(real, 'r');
        if (fs.readSync(fd, header, 0, 4, 0) !== 4) continue;
      } catch {
        continue;
      } finally {
        if (fd !== undefined) fs.closeSync(fd);
      }
      if (header.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) seen.add(real);
    }
  }
  return [...seen].sort();
}

function ldd(args) {
  // ldd exits 1 when one of the programs is static or unreadable; the output still says everything.
  try {
    return execFileSync(miros, ['ldd', ...args], { encoding: 'latin1', maxBuffer: 256 << 20 });
  } catch (error) {
    if (typeof error.stdout === 'string') return error.stdout;
    throw error;
  }
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const files = elfFiles(options.directories);
  const outcomes = new Map();
  const counts = { covered: 0, 'missing-symbols': 0, 'missing-libraries': 0, static: 0, error: 0 };
  for (let i = 0; i < files.length; i += BATCH) {
    const output = ldd(['--summary', ...files.slice(i, i + BATCH)]);
    for (const line of output.split('\n')) {
      if (line === '') continue;
      const [program, outcome, count] = line.split('\t');
      outcomes.set(program, { outcome, count: Number(count) });
      counts[outcome] = (counts[outcome] ?? 0) + 1;
    }
  }
  if (options.list) {
    for (const [program, { outcome, count }] of outcomes) process.stdout.write(`${program}\t${outcome}\t${count}\n`);
  }
  const dynamic = counts.covered + counts['missing-symbols'] + counts['missing-libraries'];
  const share = dynamic > 0 ? (100 * counts.covered) / dynamic : 0;
  process.stdout.write(
    `${options.directories.join(' ')}: ${files.length} ELF files; ${dynamic} dynamically linked, ` +
      `${counts.static} static, ${counts.error} unreadable\n` +
      `  covered completely:        ${counts.covered}\n` +
      `  missing libc symbols:      ${counts['missing-symbols']}\n` +
      `  missing libraries:         ${counts['missing-libraries']}\n` +
      `Miros libc covers the libc-family imports of ${counts.covered}/${dynamic} programs (${share.toFixed(1)}%)\n`,
  );

  if (options.top > 0) {
    const dynamicPrograms = [...outcomes].filter(([, o]) => o.outcome === 'missing-symbols').map(([p]) => p);
    const programsMissing = new Map();
    for (let i = 0; i < dynamicPrograms.length; i += BATCH) {
      const batch = dynamicPrograms.slice(i, i + BATCH);
      const output = ldd(['--missing', ...batch]);
      let current = batch.length === 1 ? batch[0] : undefined;
      for (const line of output.split('\n')) {
        if (!line.startsWith('\t')) {
          if (line.endsWith(':')) current = line.slice(0, -1);
          continue;
        }
        if (line.includes('[weak]') || line.includes('=> not found')) continue;
        const symbol = line.slice(1, line.indexOf(' ('));
        const users = programsMissing.get(symbol) ?? new Set();
        users.add(current);
        programsMissing.set(symbol, users);
      }
    }
    const ranked = [...programsMissing].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]));
    process.stdout.write(`\nMost wanted (programs lacking each symbol, top ${options.top}):\n`);
    for (const [symbol, users] of ranked.slice(0, options.top)) {
      process.stdout.write(`  ${String(users.size).padStart(5)}  ${symbol}\n`);
    }
  }
}

main();
