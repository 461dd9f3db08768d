// `miros run` given something it cannot run: one line `miros: <program>: <reason>` on stderr and
// the shell's exit codes (127: not found, 126: found but not executable), never a stack trace.

import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, miros } from './helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'miros-bad-'));

function file(name: string, contents: Uint8Array | string): string {
  const path = join(work, name);
  writeFileSync(path, contents, { mode: 0o755 });
  return path;
}

function expectOneLine(args: string[], status: number, pattern: RegExp): void {
  const result = miros(['run', ...args]);
  expect(result.status).toBe(status);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^miros: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('miros run with bad input', () => {
  const elf = readFileSync(join(FIXTURES, 'show-process'));

  it('a missing file: 127', () => {
    expectOneLine([join(work, 'missing')], 127, /missing: No such file or directory$/);
  });

  it('a command not found in PATH: 127', () => {
    expectOneLine(['no-such-command-anywhere'], 127, /no-such-command-anywhere: command not found$/);
  });

  it('a directory: 126', () => {
    expectOneLine([work], 126, /Is a directory$/);
  });

  it('a text file: 126, not an ELF file', () => {
    expectOneLine([file('notes.txt', 'just some text\n')], 126, /notes\.txt: not an ELF file/);
  });

  it('an empty file: 126', () => {
    expectOneLine([file('empty', '')], 126, /empty: not an ELF file/);
  });

  it('a script: 126, naming its interpreter', () => {
    expectOneLine([file('script.sh', '#!/bin/sh\necho hi\n')], 126, /a script \(#!\/bin\/sh\)/);
  });

  it('a 32-bit ELF: 126', () => {
    const bytes = new Uint8Array(elf);
    bytes[4] = 1; // ELFCLASS32
    expectOneLine([file('elf32', bytes)], 126, /32-bit/);
  });

  it('an ELF for another machine: 126', () => {
    const bytes = new Uint8Array(elf);
    bytes[18] = 183; // EM_AARCH64
    expectOneLine([file('arm64', bytes)], 126, /machine 183 \(AArch64\)|machine 183/);
  });

  it('a truncated ELF (segments past the end): 126', () => {
    expectOneLine([file('truncated', elf.subarray(0, 3000))], 126, /truncated|past the end|extends/);
  });

  it('an object file (ET_REL): 126', () => {
    const bytes = new Uint8Array(elf);
    bytes[16] = 1;
    expectOneLine([file('object.o', bytes)], 126, /not an executable.*ET_REL/);
  });

  it('a damaged program header table: 126', () => {
    const bytes = new Uint8Array(elf);
    // e_phoff far beyond the end of the file.
    new DataView(bytes.buffer).setUint32(32, 0x7fffff00, true);
    expectOneLine([file('bad-phoff', bytes)], 126, /program header/);
  });

  it('no program at all: a usage error, exit 2', () => {
    const result = miros(['run']);
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('an unknown option before the program: exit 2; options after it belong to the program', () => {
    expect(miros(['run', '--frobnicate', 'x']).status).toBe(2);
    const copy = join(work, 'show-process');
    copyFileSync(join(FIXTURES, 'show-process'), copy);
    const result = miros(['run', copy, '--frobnicate']);
    expect(result.status).toBe(7);
    expect(result.stdout).toContain('argv[1]=--frobnicate');
  });
});
