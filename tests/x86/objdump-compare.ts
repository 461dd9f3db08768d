// Compares Miros's decoder and formatter with GNU objdump 2.40 (`objdump -d -M intel`) on a file:
// for every instruction objdump lists, the length Miros decodes at that address, and the text
// (mnemonic and operands, with objdump's `<symbol>` and `# comment` annotations removed and white
// space folded). Used by objdump-libraries.test.ts (sampled windows; the whole files with
// MIROS_FULL=1).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ElfFile } from '../../src/elf/index.ts';
import { DecodedInstruction, decodeInto } from '../../src/x86/decoder.ts';
import { formatInstruction } from '../../src/x86/format-intel.ts';

export const hasObjdump = spawnSync('objdump', ['--version']).status === 0;

export interface Difference {
  address: number;
  bytes: string;
  objdump: string;
  miros: string;
  /** Whether the lengths differ (a boundary difference), not just the text. */
  boundary: boolean;
}

export interface Comparison {
  instructions: number;
  boundaryDifferences: number;
  textDifferences: number;
  differences: Difference[];
}

/** objdump's instruction text without annotations, blanks folded. */
export function normalise(text: string): string {
  return text
    .replace(/\s+#.*$/, '')
    .replace(/ ?<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const SHF_EXECINSTR = 0x4;

/**
 * Compares one file over [start, stop) (its whole code when not given). A window that starts at an
 * arbitrary address may start inside an instruction: the first few instructions objdump lists are
 * then decodes of the middle of one, and at `stop` objdump cuts the last instruction short. Only
 * instructions at least `margin` bytes after `start` and ending `margin` bytes before `stop` count.
 */
export function compareWithObjdump(path: string, start?: number, stop?: number, margin = 0): Comparison {
  const args = ['-d', '-M', 'intel', '-w', '-z'];
  if (start !== undefined) args.push(`--start-address=0x${start.toString(16)}`);
  if (stop !== undefined) args.push(`--stop-address=0x${stop.toString(16)}`);
  args.push(path);
  const run = spawnSync('objdump', args, { encoding: 'latin1', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`objdump ${args.join(' ')}: ${run.stderr}`);
  const elf = ElfFile.parse(new Uint8Array(readFileSync(path)), path);
  const sections = elf.sections.filter((s) => s.flags & SHF_EXECINSTR && s.size > 0);
  const sectionCode = sections.map((s) => elf.sectionBytes(s));
  const insn = new DecodedInstruction();
  const format = { address: (a: number) => a.toString(16), ripComment: false };
  const result: Comparison = { instructions: 0, boundaryDifferences: 0, textDifferences: 0, differences: [] };
  // With -w, every instruction is one line: `  addr:\tbytes \ttext`.
  const line = /^ *([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*\t?(.*)$/;
  for (const text of run.stdout.split('\n')) {
    const m = line.exec(text);
    if (!m) continue;
    const address = Number.parseInt(m[1]!, 16);
    const bytes = m[2]!.trim();
    const length = bytes.split(' ').length;
    if (start !== undefined && address < start + margin) continue;
    if (stop !== undefined && address + length > stop - margin) continue;
    const expected = normalise(m[3]!);
    const s = sections.findIndex((sec) => address >= sec.address && address < sec.address + sec.size);
    if (s < 0) continue;
    const section = sections[s]!;
    const code = sectionCode[s]!;
    decodeInto(insn, code, address - section.address, code.length, address);
    const actual = normalise(formatInstruction(insn, format));
    result.instructions++;
    const boundary = insn.length !== length;
    if (boundary || actual !== expected) {
      if (boundary) result.boundaryDifferences++;
      else result.textDifferences++;
      result.differences.push({ address, bytes, objdump: expected, miros: `${actual} [${insn.length}]`, boundary });
    }
  }
  return result;
}

/** Difference classes: objdump's mnemonic (and whether it is a boundary difference), with counts. */
export function differenceClasses(differences: readonly Difference[]): [string, number, Difference][] {
  const classes = new Map<string, [number, Difference]>();
  for (const d of differences) {
    const key = `${d.boundary ? 'LENGTH ' : ''}${d.objdump.split(' ')[0]}`;
    const entry = classes.get(key);
    if (entry) entry[0]++;
    else classes.set(key, [1, d]);
  }
  return [...classes].map(([k, [n, d]]) => [k, n, d] as [string, number, Difference]).sort((a, b) => b[1] - a[1]);
}
