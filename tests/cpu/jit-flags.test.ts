// The code generator's flag handling across instructions (src/cpu/jit/flag-source.ts): flags kept in
// locals, the Cpu's lazy record written only where it may be read, conditions evaluated from the
// locals of the last writer, inc/dec keeping CF through the record. Single instructions are checked
// against the hardware by jit-vectors.test.ts; here 200 random sequences of flag writers and readers
// (inlined ones and closure calls that read or write flags) end in a jcc, and the compiled block must
// leave exactly the registers, RFLAGS and rip the interpreter leaves (the interpreter itself is
// checked against the hardware by vectors.test.ts). Deterministic: a fixed-seed generator.
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../src/cpu/cpu.ts';
import { TIER_ALWAYS, TIER_OFF } from '../../src/cpu/jit/tier-settings.ts';
import { AddressSpace } from '../../src/memory/address-space.ts';

const CODE = 0x400000;
const DATA = 0x600000;

/** Hand-encoded instructions over rax, rbx, rcx, rdx (and [rsi] for the memory forms). */
const PIECES: number[][] = [
  [0x48, 0x01, 0xd8], // add rax, rbx
  [0x48, 0x29, 0xd8], // sub rax, rbx
  [0x48, 0x39, 0xd8], // cmp rax, rbx
  [0x48, 0x21, 0xd8], // and rax, rbx
  [0x48, 0x85, 0xd8], // test rax, rbx
  [0x48, 0x31, 0xd9], // xor rcx, rbx
  [0x01, 0xd8], // add eax, ebx
  [0x29, 0xd8], // sub eax, ebx
  [0x39, 0xd1], // cmp ecx, edx
  [0x38, 0xd8], // cmp al, bl
  [0x66, 0x39, 0xd8], // cmp ax, bx
  [0x80, 0xc3, 0x7f], // add bl, 0x7f
  [0x48, 0x83, 0xe8, 0x01], // sub rax, 1
  [0xff, 0xc0], // inc eax
  [0x48, 0xff, 0xc8], // dec rax
  [0xfe, 0xc3], // inc bl
  [0x48, 0xf7, 0xd8], // neg rax
  [0x48, 0xf7, 0xd2], // not rdx
  [0x48, 0x0f, 0xaf, 0xc3], // imul rax, rbx
  [0x48, 0x8d, 0x04, 0x58], // lea rax, [rax+rbx*2]
  [0x0f, 0x9c, 0xc1], // setl cl
  [0x0f, 0x92, 0xc2], // setb dl
  [0x0f, 0x96, 0xc2], // setbe dl
  [0x0f, 0x9e, 0xc1], // setle cl
  [0x0f, 0x98, 0xc2], // sets dl
  [0x0f, 0x9a, 0xc1], // setp cl (parity: not evaluated from locals)
  [0x0f, 0x90, 0xc2], // seto dl
  [0x0f, 0x4f, 0xd3], // cmovg edx, ebx
  [0x48, 0x0f, 0x42, 0xca], // cmovb rcx, rdx
  [0x48, 0x11, 0xd8], // adc rax, rbx (a closure call that reads CF)
  [0x48, 0x19, 0xd1], // sbb rcx, rdx (a closure call that reads CF)
  [0x48, 0xc1, 0xe0, 0x05], // shl rax, 5 (inlined, flags deferred to the interpreter's shift64)
  [0x48, 0xd1, 0xeb], // shr rbx, 1
  [0x48, 0xc1, 0xf8, 0x21], // sar rax, 33
  [0x48, 0xc1, 0xe3, 0x20], // shl rbx, 32
  [0x48, 0xc1, 0xe9, 0x3f], // shr rcx, 63
  [0xc1, 0xe0, 0x1f], // shl eax, 31
  [0xc1, 0xfa, 0x03], // sar edx, 3
  [0xd3, 0xe3], // shl ebx, cl (count in CL: a closure call)
  [0x48, 0xd1, 0x26], // shl qword [rsi], 1
  [0x48, 0x03, 0x06], // add rax, [rsi]
  [0x48, 0x29, 0x1e], // sub [rsi], rbx
  [0x83, 0x3e, 0x05], // cmp dword [rsi], 5
  [0x48, 0x89, 0x46, 0x08], // mov [rsi+8], rax
  [0x48, 0x8b, 0x5e, 0x08], // mov rbx, [rsi+8]
];

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

const INTERESTING = [0, 1, -1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0x7fffffff, -0x80000000, 5, 0x12345678];

function run(
  code: number[],
  count: number,
  values: number[],
  threshold: number,
): { gpr: number[]; rflags: number; rip: number; mem: number[] } {
  const memory = new AddressSpace();
  memory.map(CODE, 0x1000, 7);
  memory.map(DATA, 0x1000, 3);
  memory.writeBytes(CODE, Uint8Array.from(code));
  const cpu = new Cpu(memory, { syscall() {} });
  cpu.jitThreshold = threshold;
  for (let r = 0; r < 4; r++) {
    cpu.gpr[2 * r] = values[2 * r]!;
    cpu.gpr[2 * r + 1] = values[2 * r + 1]!;
  }
  cpu.setRegister(6, DATA);
  memory.writeBytes(
    DATA,
    Uint8Array.from({ length: 16 }, (_, k) => (values[8]! >>> (k % 4)) & 0xff),
  );
  cpu.rflags = values[9]! & 0x8d5;
  cpu.rip = CODE;
  cpu.run(count);
  return { gpr: [...cpu.gpr], rflags: cpu.rflags, rip: cpu.rip, mem: [...memory.readBytes(DATA, 16)] };
}

describe('generated code: flags across instructions', () => {
  it('random sequences of flag writers and readers end as in the interpreter (200 blocks)', () => {
    const next = random(2026);
    const mismatches: string[] = [];
    for (let n = 0; n < 200; n++) {
      const length = 2 + (next() % 10);
      const code: number[] = [];
      const names: number[] = [];
      for (let k = 0; k < length; k++) {
        const piece = next() % PIECES.length;
        names.push(piece);
        code.push(...PIECES[piece]!);
      }
      // A jcc rel8 over two nops: taken and not taken leave different rips.
      code.push(0x70 + (next() % 16), 0x02, 0x90, 0x90);
      const pick = () => (next() % 3 === 0 ? INTERESTING[next() % INTERESTING.length]! : next() | 0);
      const values = Array.from({ length: 10 }, pick);
      const interpreted = run(code, length + 1, values, TIER_OFF);
      const compiled = run(code, length + 1, values, TIER_ALWAYS);
      if (JSON.stringify(interpreted) !== JSON.stringify(compiled)) {
        mismatches.push(
          `pieces ${names.join(',')} jcc ${code[code.length - 4]!.toString(16)} values ${values.join(',')}`,
        );
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
