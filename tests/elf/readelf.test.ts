// `miros readelf` against GNU readelf 2.40: the same lines (runs of blanks folded) for -h, -l -W,
// -S -W, -s -W, -r -W, -d, -n and -V on static, static-pie, PIE and non-PIE executables, shared
// objects and a .o — the fixtures built by tests/fixtures/elf/build.sh (against their committed
// golden files, so this runs without binutils) and a sample of this machine's own files (live).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readelfCommand } from '../../src/cli/readelf.ts';
import { foldBlanks, gnuReadelf, hasReadelf } from './gnu-tools.ts';
import { runCommand } from './run-miros.ts';

const readelf = (...args: string[]) => runCommand(readelfCommand, ...args);

const fixtures = 'tests/fixtures/elf';
const goldens = readdirSync(join(fixtures, 'golden'))
  .filter((name) => name.endsWith('.txt'))
  .map((name) => {
    const match = /^(.*)\.readelf(-\w+)\.txt$/.exec(name)!;
    return { binary: join(fixtures, 'bin', match[1]!), option: match[2]!, golden: join(fixtures, 'golden', name) };
  });

/** The first differing line, shown with its neighbours, or '' when the outputs agree. */
function difference(actual: string, expected: string): string {
  const a = foldBlanks(actual);
  const b = foldBlanks(expected);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}:\n  miros: ${a[i]}\n  gnu:   ${b[i]}`;
  }
  return '';
}

describe('miros readelf matches the golden outputs of GNU readelf 2.40 on the fixtures', () => {
  it('has goldens for every fixture kind and option', () => {
    const kinds = new Set(goldens.map((g) => g.binary));
    expect(kinds.size).toBeGreaterThanOrEqual(7);
    expect(new Set(goldens.map((g) => g.option))).toEqual(
      new Set(['-h', '-lW', '-SW', '-sW', '-rW', '-d', '-n', '-V', '-l', '-S', '-s', '-r', '-a']),
    );
  });

  it.each(goldens)('$option $binary', async ({ binary, option, golden }) => {
    const result = await readelf(option, binary);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(difference(result.stdout, readFileSync(golden, 'utf8'))).toBe('');
  });
});

// A sample of the machine's files: the libraries Miros will load, programs of each kind.
const machineSample = [
  '/usr/lib/x86_64-linux-gnu/libc.so.6',
  '/usr/lib/x86_64-linux-gnu/libstdc++.so.6',
  '/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
  '/usr/lib/x86_64-linux-gnu/libm.so.6',
  '/usr/lib/x86_64-linux-gnu/libgcc_s.so.1',
  '/usr/lib/x86_64-linux-gnu/libz.so.1',
  '/usr/bin/bash',
  '/usr/bin/ls',
  '/usr/bin/readelf',
  '/usr/lib/x86_64-linux-gnu/crt1.o',
].filter((path) => existsSync(path));
const options = ['-h', '-lW', '-SW', '-sW', '-rW', '-d', '-n', '-V'];

describe.skipIf(!hasReadelf)('miros readelf matches GNU readelf live on files from this machine', () => {
  it.each(machineSample)('%s', async (path) => {
    const problems: string[] = [];
    for (const option of options) {
      const result = await readelf(option, path);
      const diff = difference(result.stdout, gnuReadelf(option, path));
      if (diff || result.status !== 0) problems.push(`${option}: status ${result.status} ${result.stderr}${diff}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('bin/miros readelf as a user runs it', () => {
  const miros = (...args: string[]) => spawnSync('bin/miros', args, { encoding: 'utf8' });

  it('prints the file header of a fixture', () => {
    const result = miros('readelf', '-h', join(fixtures, 'bin/hello-pie'));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Type:                              DYN (Position-Independent Executable file)');
  });

  it('accepts long options and bundled short ones', () => {
    const long = miros('readelf', '--file-header', '--program-headers', '--wide', join(fixtures, 'bin/hello-nopie'));
    const short = miros('readelf', '-hlW', join(fixtures, 'bin/hello-nopie'));
    expect(long.status).toBe(0);
    expect(long.stdout).toBe(short.stdout);
    expect(long.stdout).toContain('[Requesting program interpreter: /lib64/ld-linux-x86-64.so.2]');
  });

  it('has --help', () => {
    const result = miros('readelf', '--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--dyn-syms');
  });

  it('rejects an unknown option with one line and exit status 2', () => {
    const result = miros('readelf', '-Q', join(fixtures, 'bin/hello-pie'));
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('says what is wrong with a file that is not ELF, in one line, exit status 1', () => {
    const result = miros('readelf', '-h', 'package.json');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^miros: package\.json: .*not an ELF file/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
