// Issue 3's acceptance on the machine's own files: libc.so.6, libstdc++.so.6, libm.so.6 and a
// coreutils binary, disassembled by GNU objdump 2.40 and by Miros's decoder and formatter. For every
// instruction objdump lists, the length Miros decodes at that address must be the same (boundaries)
// and so must the text once objdump's `<symbol>` and `# comment` annotations are removed.
//
// By default the test compares 12 evenly spaced 8 KiB windows of each file's executable sections;
// MIROS_FULL=1 compares every instruction of every file (minutes). The measured
// full-file figures and the deliberate differences are in src/x86/objdump-differences.md. Where objdump
// or a library is absent the case is skipped with its reason; tests/x86/golden.test.ts keeps committed
// objdump text of small windows meaningful everywhere.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ElfFile } from '../../src/elf/index.ts';
import { type Comparison, compareWithObjdump, hasObjdump } from './objdump-compare.ts';

const FILES = [
  '/lib/x86_64-linux-gnu/libc.so.6',
  '/lib/x86_64-linux-gnu/libstdc++.so.6',
  '/lib/x86_64-linux-gnu/libm.so.6',
  '/usr/bin/ls',
];

const FULL = process.env.MIROS_FULL === '1';
/** Windows per file and their size: ~100 KB of code per file. */
const WINDOWS = 12;
const WINDOW_BYTES = 8192;
/** Bytes disassembled before a window and not compared; as many are left out at its end, where
 * objdump cuts the last instruction short at the stop address. */
const LEAD_IN = 512;
const SHF_EXECINSTR = 0x4;

/**
 * WINDOWS windows spread evenly over the file's executable sections, each with LEAD_IN bytes before
 * it. A disassembly that starts inside an instruction lists decodes of junk until it falls into step
 * with the instruction stream (within a few instructions); there, objdump's `(bad)` lengths are a
 * display convention (src/x86/objdump-differences.md), not instructions of the file. Only
 * instructions from the window's start on are compared.
 */
function windows(path: string): [number, number][] {
  const elf = ElfFile.parse(new Uint8Array(readFileSync(path)), path);
  const code = elf.sections.filter((s) => s.flags & SHF_EXECINSTR && s.size > 0);
  const total = code.reduce((sum, s) => sum + s.size, 0);
  const result: [number, number][] = [];
  for (let k = 0; k < WINDOWS; k++) {
    // The k-th window begins at this fraction of all code bytes, counted across sections.
    let offset = Math.floor(((k + 0.5) * total) / WINDOWS);
    for (const s of code) {
      if (offset < s.size) {
        const start = Math.max(s.address, s.address + offset - LEAD_IN);
        result.push([start, Math.min(s.address + offset + WINDOW_BYTES, s.address + s.size)]);
        break;
      }
      offset -= s.size;
    }
  }
  return result;
}

function describeDifferences(result: Comparison): string {
  return result.differences
    .slice(0, 10)
    .map((d) => `0x${d.address.toString(16)} ${d.bytes}: objdump "${d.objdump}" miros "${d.miros}"`)
    .join('\n');
}

describe('disassembly of the machine libraries agrees with GNU objdump', () => {
  for (const path of FILES) {
    const reason = !hasObjdump ? 'objdump not installed' : !existsSync(path) ? `${path} absent` : undefined;
    if (reason !== undefined) {
      it.skip(`${path}: skipped (${reason})`, () => {});
      continue;
    }
    it(`${path}: same instruction boundaries and text${FULL ? ' (whole file)' : ' (sampled windows)'}`, () => {
      const totals: Comparison = { instructions: 0, boundaryDifferences: 0, textDifferences: 0, differences: [] };
      const parts = FULL
        ? [compareWithObjdump(path)]
        : windows(path).map(([a, b]) => compareWithObjdump(path, a, b, LEAD_IN));
      for (const part of parts) {
        totals.instructions += part.instructions;
        totals.boundaryDifferences += part.boundaryDifferences;
        totals.textDifferences += part.textDifferences;
        totals.differences.push(...part.differences);
      }
      // A window compares roughly WINDOW_BYTES / 4 instructions: the sample is not empty by accident.
      expect(totals.instructions).toBeGreaterThan(FULL ? 10_000 : (WINDOWS * WINDOW_BYTES) / 16);
      expect(totals.boundaryDifferences, describeDifferences(totals)).toBe(0);
      expect(totals.textDifferences, describeDifferences(totals)).toBe(0);
    });
  }
});
