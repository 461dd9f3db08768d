// Random byte strings through the decoder: never an exception, always progress (1–15 bytes), and
// the length iced-x86 (an independent decoder) finds wherever iced calls the encoding valid.
// Deliberate difference: a 9B (fwait) before an x87 opcode is read as part of that instruction, as
// GNU objdump reads it (`9b d9 7d 00` = fstcw; `9b 49 d8 2e` = rex.WB fsubr …), where iced decodes
// a separate one-byte `wait`. Where iced calls an encoding invalid, no length is compared (objdump,
// whose text Miros follows, accepts some of them; src/x86/objdump-differences.md).
import { describe, expect, it } from 'vitest';
import { Code } from '../../src/x86/codes.ts';
import { DecodedInstruction, decodeInto } from '../../src/x86/decoder.ts';
import { formatInstruction } from '../../src/x86/format-intel.ts';
import { iced } from './iced-oracle.ts';
import { seededBytes } from './seeded-bytes.ts';

/** Leading bytes that steer random strings into the prefix, escape, VEX, EVEX and XOP paths. */
const leads = [0x0f, 0xc4, 0xc5, 0x62, 0x8f, 0x66, 0xf2, 0xf3, 0xf0, 0x67, 0x64, 0x48, 0x41, 0xd9, 0xdd, 0x9b];
const COUNT = 10_000;

describe('random byte strings', () => {
  it(`${COUNT} strings: no exception, length 1–15, iced-x86's length where iced decodes`, () => {
    const pool = seededBytes(COUNT * 15, 0x5eed);
    const selectors = seededBytes(COUNT * 2, 0xbeef);
    for (let k = 0; k < COUNT; k++) {
      // Half the strings start with a chosen lead byte, a quarter of them with a 0F escape next.
      if (selectors[2 * k]! < 128) pool[k * 15] = leads[selectors[2 * k]! % leads.length]!;
      if (selectors[2 * k + 1]! < 64) pool[k * 15 + 1] = selectors[2 * k + 1]! & 1 ? 0x38 : 0x3a;
    }
    const insn = new DecodedInstruction();
    const reference = new iced.Instruction();
    let compared = 0;
    const disagreements: string[] = [];
    for (let k = 0; k < COUNT; k++) {
      const code = pool.subarray(k * 15, k * 15 + 15);
      decodeInto(insn, code, 0, code.length, 0x401000);
      expect(insn.length).toBeGreaterThanOrEqual(1);
      expect(insn.length).toBeLessThanOrEqual(15);
      formatInstruction(insn); // the formatter must not throw either
      const decoder = new iced.Decoder(64, code, iced.DecoderOptions.None);
      decoder.ip = 0x401000n;
      decoder.decodeOut(reference);
      decoder.free();
      if (reference.isInvalid) continue;
      if (code[0] === 0x9b && reference.length === 1) continue; // fwait joined to x87 (see above)
      compared++;
      if (insn.code === Code.Invalid || insn.length !== reference.length) {
        const hex = Buffer.from(code.subarray(0, Math.max(insn.length, reference.length))).toString('hex');
        disagreements.push(`${hex}: iced ${reference.length}, miros ${insn.length} ${formatInstruction(insn)}`);
      }
    }
    reference.free();
    expect(compared).toBeGreaterThan(COUNT / 2);
    expect(disagreements.slice(0, 20)).toEqual([]);
  });

  it('a random stream decodes to the end with progress at every step', () => {
    const stream = seededBytes(32 * 1024, 0xc0de);
    const insn = new DecodedInstruction();
    let offset = 0;
    let steps = 0;
    while (offset < stream.length) {
      decodeInto(insn, stream, offset, stream.length, 0x7f0000000000 + offset);
      expect(insn.length).toBeGreaterThanOrEqual(1);
      expect(offset + insn.length).toBeLessThanOrEqual(stream.length);
      formatInstruction(insn);
      offset += insn.length;
      steps++;
    }
    expect(steps).toBeGreaterThan(5_000);
  });
});
