// Bad input: damaged, foreign and hostile ELF files. The reader may only succeed or throw an
// ElfError naming file, structure and offset — never another exception, never a hang — and the
// CLI turns that into one line, `miros: <file>: <reason>`, with exit status 1.
//
// The specific cases the issue lists come first (each built by editing one field of a real
// fixture), then the fuzz test: thousands of seeded mutations of real ELF files (truncations,
// random bytes, boundary values in the fields that size and place structures) run through the
// whole reader and, for a share of them, through `miros readelf -a -W --dyn-syms` in-process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readelfCommand } from '../../src/cli/readelf.ts';
import { ElfError, ElfFile, SHT_DYNSYM, SHT_RELR, SHT_STRTAB } from '../../src/elf/index.ts';
import { exerciseReader } from './exercise.ts';
import { mutate, random, structureRanges } from './mutations.ts';
import { runCommand } from './run-miros.ts';

const fixtures = 'tests/fixtures/elf/bin';
const fixture = (name: string) => new Uint8Array(readFileSync(join(fixtures, name)));
const scratch = mkdtempSync(join(tmpdir(), 'miros-elf-bad-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What reading `bytes` all the way through throws: undefined when it reads cleanly. */
function failureOf(bytes: Uint8Array, name: string): unknown {
  try {
    exerciseReader(bytes, name);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Asserts that reading `bytes` throws an ElfError about `structure`, and returns it. */
function expectElfError(bytes: Uint8Array, structure: RegExp): ElfError {
  const error = failureOf(bytes, 'damaged');
  expect(error).toBeInstanceOf(ElfError);
  const elfError = error as ElfError;
  expect(elfError.file).toBe('damaged');
  expect(elfError.structure).toMatch(structure);
  expect(elfError.message).toMatch(/^damaged: .* at offset 0x[0-9a-f]+: ./);
  return elfError;
}

/** Runs `miros readelf <options> <file>` in-process on `bytes` written to a scratch file. */
async function readelfOn(bytes: Uint8Array, name: string, ...options: string[]) {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return { path, ...(await runCommand(readelfCommand, ...options, path)) };
}

const u16 = (bytes: Uint8Array, at: number, value: number) => new DataView(bytes.buffer).setUint16(at, value, true);
const u32 = (bytes: Uint8Array, at: number, value: number) => new DataView(bytes.buffer).setUint32(at, value, true);
const u64 = (bytes: Uint8Array, at: number, value: number) => {
  u32(bytes, at, value % 2 ** 32);
  u32(bytes, at + 4, Math.floor(value / 2 ** 32));
};
/** File offset of the header of the first section of `type` in `bytes`. */
function sectionHeaderAt(bytes: Uint8Array, type: number): number {
  const section = ElfFile.parse(bytes, 'seed').sections.find((s) => s.type === type);
  if (!section) throw new Error(`fixture has no section of type ${type}`);
  return section.headerOffset;
}

describe('the bad inputs the issue lists', () => {
  const pie = fixture('hello-pie');
  const shapes = fixture('libshapes.so');

  it('a file that is not ELF', () => {
    const error = expectElfError(new TextEncoder().encode('#!/bin/sh\necho hello\n'), /file header/);
    expect(error.reason).toContain('not an ELF file');
  });

  it('truncated files: inside the ident, inside the header, inside the program and section tables', () => {
    expect(expectElfError(pie.slice(0, 10), /file header/).reason).toContain('too short');
    expect(expectElfError(pie.slice(0, 63), /file header/).reason).toContain('too short');
    expectElfError(pie.slice(0, 64 + 56 * 2), /program header/i);
    const elf = ElfFile.parse(pie, 'seed');
    expectElfError(pie.slice(0, elf.header.sectionHeaderOffset + 64 * 3), /section header/i);
  });

  it('32-bit, big-endian and non-x86-64 ELF', () => {
    const set = (at: number, value: number) => {
      const bytes = pie.slice();
      bytes[at] = value;
      return bytes;
    };
    expect(expectElfError(set(4, 1), /file header/).reason).toMatch(/32-bit/);
    expect(expectElfError(set(5, 2), /file header/).reason).toMatch(/big-endian/);
    const aarch64 = pie.slice();
    u16(aarch64, 18, 183);
    const error = expectElfError(aarch64, /file header/);
    expect(error.reason).toMatch(/machine 183 \(AArch64\)/i);
    expect(error.offset).toBe(18);
  });

  it('a section table past the end of the file, and absurd counts', () => {
    const past = pie.slice();
    u64(past, 40, pie.length + 0x1000); // e_shoff
    expectElfError(past, /section header/i);
    const many = pie.slice();
    u16(many, 60, 0xfffe); // e_shnum
    expectElfError(many, /section header/i);
    const phnum = pie.slice();
    u16(phnum, 56, 0xfffe); // e_phnum
    expectElfError(phnum, /program header/i);
  });

  it('a symbol count that overflows, and a symbol name past its string table', () => {
    const at = sectionHeaderAt(shapes, SHT_DYNSYM);
    const huge = shapes.slice();
    u64(huge, at + 32, 2 ** 52); // sh_size: 2^52 / 24 symbols, far past the file
    expectElfError(huge, /symbol|dynsym/i);
    // The first defined symbol's st_name, pointed past the end of .dynstr.
    const elf = ElfFile.parse(shapes, 'seed');
    const dynsym = elf.sections.find((s) => s.type === SHT_DYNSYM)!;
    const badName = shapes.slice();
    u32(badName, dynsym.offset + 24, 0x7ffffff0);
    expectElfError(badName, /string|symbol|dynsym|dynstr/i);
  });

  it('a string table that runs past the end of the file', () => {
    const at = sectionHeaderAt(shapes, SHT_STRTAB);
    const bytes = shapes.slice();
    u64(bytes, at + 24, shapes.length - 4); // sh_offset: 4 bytes from the end, size unchanged
    expectElfError(bytes, /.+/);
  });

  it('a RELR run that never ends: its size past the end of the file, or bitmaps before any address', () => {
    const at = sectionHeaderAt(shapes, SHT_RELR);
    const endless = shapes.slice();
    u64(endless, at + 32, 2 ** 50); // sh_size
    expectElfError(endless, /RELR|relr/);
    const elf = ElfFile.parse(shapes, 'seed');
    const relr = elf.sections.find((s) => s.type === SHT_RELR)!;
    const headless = shapes.slice();
    u64(headless, relr.offset, 0xffff_ffff); // an odd entry first: a bitmap with no address to start from
    expect(expectElfError(headless, /RELR/).reason).toContain('before any address');
  });

  it('bin/miros prints one line `miros: <file>: <reason>` and exits 1', () => {
    const path = join(scratch, 'big-endian');
    const bytes = pie.slice();
    bytes[5] = 2;
    writeFileSync(path, bytes);
    for (const args of [
      ['readelf', '-a', '-W', path],
      ['explain', path, '0x1000'],
    ]) {
      const result = spawnSync('bin/miros', args, { encoding: 'utf8' });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^miros: ${path}: ELF file header at offset 0x5: big-endian.*\\n$`));
      expect(result.stdout).toBe('');
    }
  });
});

// Seeds: the committed fixtures (every kind: PIE, non-PIE, shared with RELR and versions, .o,
// C++ with vtables) and two machine files when present. Sizes keep each case cheap.
const seeds = ['hello-pie', 'hello-nopie', 'libshapes.so', 'shapes.o', 'explain-demo'].map((name) => ({
  name,
  bytes: fixture(name),
}));
for (const path of ['/usr/lib/x86_64-linux-gnu/libz.so.1', '/usr/bin/true']) {
  try {
    seeds.push({ name: path, bytes: new Uint8Array(readFileSync(path)) });
  } catch {
    // Not on this machine: the fixtures alone still cover every structure.
  }
}
/**
 * Each seed gets up to MAX_CASES mutations or TIME_BUDGET_MS, whichever comes first (the case
 * sequence is seeded, so case n is the same on every run; only how far the run gets depends on
 * the machine's load). An unloaded machine runs every case: 7 seeds × 1000 = 7000.
 */
const MAX_CASES = 1000;
const TIME_BUDGET_MS = 6000;
/** Below this many cases a seed is not tested at all: the test fails rather than pass on nothing. */
const MIN_CASES = 150;
/** Every how-many-th case also goes through the CLI (writes a file: slower). */
const CLI_EVERY = 10;

describe('fuzz: mutated real ELF files give an ElfError or read cleanly', () => {
  it.each(seeds)(
    'mutations of $name',
    async ({ name, bytes }) => {
      const ranges = structureRanges(bytes);
      const next = random(0x5eed ^ bytes.length);
      const wrong: string[] = [];
      let rejected = 0;
      let cases = 0;
      const started = performance.now();
      while (cases < MAX_CASES && (cases < MIN_CASES || performance.now() - started < TIME_BUDGET_MS)) {
        const c = cases++;
        const { bytes: damaged, what } = mutate(bytes, ranges, next);
        // A hang here is caught by the test's timeout; an exception of another type is recorded.
        const error = failureOf(damaged, 'fuzzed');
        if (error !== undefined) rejected++;
        if (error !== undefined && !(error instanceof ElfError)) {
          wrong.push(
            `case ${c} (${what}): ${String((error as Error).stack ?? error)
              .split('\n', 3)
              .join(' | ')}`,
          );
        }
        if (c % CLI_EVERY === 0) {
          const result = await readelfOn(damaged, `fuzzed-${c}`, '-a', '-W', '--dyn-syms');
          const lines = result.stderr.split('\n').filter(Boolean);
          const good =
            (result.status === 0 && lines.length === 0) ||
            (result.status === 1 &&
              lines.length === 1 &&
              lines[0]!.startsWith(`miros: ${result.path}: `) &&
              !lines[0]!.includes('internal error'));
          if (!good) wrong.push(`CLI case ${c} (${what}): status ${result.status}: ${result.stderr.slice(0, 300)}`);
        }
      }
      console.log(`fuzz ${name}: ${cases} cases, ${rejected} rejected with an ElfError, ${wrong.length} wrong`);
      expect(wrong).toEqual([]);
      // The fuzzer must actually damage things: a good share of cases is rejected.
      expect(rejected).toBeGreaterThan(cases / 10);
    },
    180_000,
  );
});
