// The decoder against iced-x86 on real code: every instruction of a stretch of the system's libc
// .text (and all of ls) that iced decodes must decode here to the same length. The whole-library
// sweeps against objdump are in objdump-libraries.test.ts; random byte strings in random-bytes.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ElfFile } from '../../src/elf/elf-file.ts';
import { Code } from '../../src/x86/codes.ts';
import { DecodedInstruction, decodeInto } from '../../src/x86/decoder.ts';
import { formatInstruction } from '../../src/x86/format-intel.ts';
import { icedDecodeAll } from './iced-oracle.ts';

const libraries = ['/lib/x86_64-linux-gnu/libc.so.6', '/usr/bin/ls'];

describe('decoder lengths agree with iced-x86 on real code', () => {
  for (const path of libraries) {
    it.skipIf(!existsSync(path))(`${path} .text`, () => {
      const bytes = new Uint8Array(readFileSync(path));
      const elf = ElfFile.parse(bytes, path);
      const text = elf.sectionByName('.text')!;
      // A 256 KiB stretch keeps the test quick on a loaded machine; the full sweeps run elsewhere.
      const code = elf.sectionBytes(text).subarray(0, 256 * 1024);
      const reference = icedDecodeAll(code, text.address);
      const insn = new DecodedInstruction();
      const disagreements: string[] = [];
      let offset = 0;
      let compared = 0;
      for (const expected of reference) {
        if (!expected.invalid && expected.encoding === 'Legacy') {
          decodeInto(insn, code, offset, code.length, text.address + offset);
          // objdump (and so Miros) reads an fwait before an x87 opcode as part of it: fstcw.
          const fwaitJoined = code[offset] === 0x9b && insn.length > 1;
          if (!fwaitJoined && (insn.code === Code.Invalid || insn.length !== expected.length)) {
            const hex = Buffer.from(code.subarray(offset, offset + expected.length)).toString('hex');
            disagreements.push(`${hex}: iced ${expected.length}, ours ${insn.length} ${formatInstruction(insn)}`);
          }
          compared++;
        }
        offset += expected.length;
      }
      expect(compared).toBeGreaterThan(10_000);
      expect(disagreements.slice(0, 20)).toEqual([]);
    });
  }
});
