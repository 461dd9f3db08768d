// Golden disassembly: byte windows of libc/libm (EVEX, AVX2, general, x87, FMA code) with GNU
// objdump 2.40's text, committed in tests/fixtures/x86/ (make-golden.sh), so the decoder and the
// formatter are checked against objdump even where objdump is absent. Every instruction: same
// length, same text (annotations removed, blanks folded).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DecodedInstruction, decodeInto } from '../../src/x86/decoder.ts';
import { formatInstruction } from '../../src/x86/format-intel.ts';
import { normalise } from './objdump-compare.ts';

const fixtures = ['libc-evex', 'libc-avx2', 'libc-general', 'libm-x87', 'libm-fma'];
const dir = new URL('../fixtures/x86/', import.meta.url);

describe('golden objdump disassembly of committed fixtures', () => {
  for (const name of fixtures) {
    it(name, () => {
      const code = new Uint8Array(readFileSync(new URL(`${name}.bin`, dir)));
      const golden = readFileSync(new URL(`${name}.objdump`, dir), 'latin1');
      const line = /^ *([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*\t?(.*)$/;
      let base = -1;
      let count = 0;
      const differences: string[] = [];
      const insn = new DecodedInstruction();
      // Without symbols (a raw binary), objdump shows branch targets as 0x…, the formatter's default.
      const format = { ripComment: false };
      for (const text of golden.split('\n')) {
        const m = line.exec(text);
        if (!m) continue;
        const address = Number.parseInt(m[1]!, 16);
        if (base < 0) base = address; // the first line is at the window's start
        // The window's edges cut instructions (objdump then shows `.byte`/`rex.W`): compare inside.
        if (address - base < 16 || address - base + 15 > code.length) continue;
        const length = m[2]!.trim().split(' ').length;
        decodeInto(insn, code, address - base, code.length, address);
        const ours = normalise(formatInstruction(insn, format));
        const expected = normalise(m[3]!);
        if (insn.length !== length || ours !== expected)
          differences.push(`${address.toString(16)}: objdump ${length} '${expected}', miros ${insn.length} '${ours}'`);
        count++;
      }
      expect(count).toBeGreaterThan(300);
      expect(differences).toEqual([]);
    });
  }
});
