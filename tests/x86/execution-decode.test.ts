// The CPU's decodes (decodeReusing into the block builder's reused instruction, decodeWithin into a
// new one; without the presentation fields, with the operand cache) give every field the full
// decode gives (decodeInto, which the objdump and iced-x86 comparisons check),
// except the prefix words and unused prefixes, which they leave empty. Over the whole .text of a
// static glibc program and over random byte strings steered into every encoding path.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ElfFile } from '../../src/elf/index.ts';
import { DecodedInstruction, decodeInto, decodeReusing, decodeWithin } from '../../src/x86/decoder.ts';
import type { Instruction } from '../../src/x86/instruction.ts';
import { seededBytes } from './seeded-bytes.ts';

const FIELDS = [
  'code',
  'form',
  'length',
  'address',
  'operandCount',
  'operandSize',
  'memBase',
  'memIndex',
  'memDisp',
  'memDispHigh',
  'imm',
  'immHigh',
  'imm2',
  'branchTarget',
  'sib',
  'bits',
] as const;

/** The instruction the block builder's decodes go into, one after the other (src/cpu/instruction-set.ts). */
const reused = new DecodedInstruction();

/**
 * The differences from the full decode at `offset` of `code` of the CPU's decodes there, into the
 * reused instruction (holding the previous decode's fields) and into a new one, as text.
 */
function compare(code: Uint8Array, offset: number, end: number, address: number, full: DecodedInstruction): string[] {
  decodeInto(full, code, offset, end, address);
  return [
    ...differencesFrom(full, decodeReusing(reused, code, offset, end, address), 'reused'),
    ...differencesFrom(full, decodeWithin(code, offset, end, address), 'new'),
  ];
}

function differencesFrom(full: DecodedInstruction, decoded: Instruction, which: string): string[] {
  const cpu = decoded as Instruction & Record<string, unknown>;
  const differences: string[] = [];
  for (const field of FIELDS) {
    if (cpu[field] !== (full as unknown as Record<string, unknown>)[field])
      differences.push(
        `${field} ${String(cpu[field])} != ${String((full as unknown as Record<string, unknown>)[field])}`,
      );
  }
  for (let i = 0; i < 5; i++) {
    if (JSON.stringify(cpu.operands[i]) !== JSON.stringify(full.operands[i])) differences.push(`operand ${i}`);
  }
  if (cpu.prefixWords.length !== 0 || cpu.unusedPrefixes.length !== 0) differences.push('presentation fields set');
  return differences.map((d) => `${which}: ${d}`);
}

describe("the CPU's decodes", () => {
  it("equal the full decode over a static glibc program's .text", () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../bench/programs/bin/hello', import.meta.url)));
    const text = ElfFile.parse(bytes, 'hello').sections.find((s) => s.name === '.text')!;
    const full = new DecodedInstruction();
    const failures: string[] = [];
    let count = 0;
    for (let offset = text.offset; offset < text.offset + text.size; count++) {
      const differences = compare(bytes, offset, text.offset + text.size, text.address + (offset - text.offset), full);
      if (differences.length > 0 && failures.length < 20)
        failures.push(`0x${offset.toString(16)}: ${differences.join(', ')}`);
      offset += full.length;
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(100_000);
  });

  it('equal the full decode on 20,000 random byte strings (prefixes, escapes, VEX, EVEX, XOP)', () => {
    const leads = [0x0f, 0xc4, 0xc5, 0x62, 0x8f, 0x66, 0xf2, 0xf3, 0xf0, 0x67, 0x64, 0x48, 0x41, 0xd9, 0x9b, 0x2e];
    const pool = seededBytes(20_000 * 15, 0xc0de);
    const full = new DecodedInstruction();
    const failures: string[] = [];
    for (let k = 0; k < 20_000; k++) {
      if (pool[k * 15 + 1]! < 160) pool[k * 15] = leads[pool[k * 15 + 2]! % leads.length]!;
      const differences = compare(pool, k * 15, k * 15 + 15, 0x401000 + k * 15, full);
      if (differences.length > 0 && failures.length < 20) {
        const hex = Buffer.from(pool.subarray(k * 15, k * 15 + 15)).toString('hex');
        failures.push(`${hex}: ${differences.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
