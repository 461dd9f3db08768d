// The address forms the binders specialise (./src/cpu/address.ts, data-move.ts, alu.ts: base +
// displacement fused into mov/alu closures, rip-relative and absolute operands kept as numbers, base
// + index, index only, FS, 0x67) against the architecture's definition: the effective address is
// base + index * scale + displacement (+ segment base) modulo 2^64 (modulo 2^32 with 0x67), an
// access there faults as Linux reports it (below 4 GiB and unmapped, or canonical above the 4 GiB
// guest space: SIGSEGV/SEGV_MAPERR at the address; non-canonical: #GP, SIGSEGV/SI_KERNEL at 0),
// and lea is the same arithmetic without any access. Expected values come from BigInt arithmetic
// over those rules, computed here independently of Miros; encodings from GNU as 2.40.
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../src/cpu/cpu.ts';
import { AddressSpace } from '../../src/memory/address-space.ts';
import { trapOf } from './harness.ts';

const CODE = 0x400000;
const DATA = 0x600000;
const DATA_SIZE = 0x1000;
/** A second data page above 2^31, where the stack lives (the low word is a negative int32). */
const HIGH = 0xfff00000;
const FS_BASE = 0x1000n;
const M64 = (1n << 64n) - 1n;
const M32 = (1n << 32n) - 1n;

type Kind = 'load' | 'store' | 'add' | 'sub' | 'cmp' | 'xor' | 'lea' | 'storeImm' | 'zext' | 'sext' | 'addMem';

interface Form {
  text: string;
  bytes: number[];
  kind: Kind;
  /** The memory operand's size (the destination's for lea). */
  size: 1 | 2 | 4 | 8;
  /** The immediate as the instruction extends it to the operand size. */
  imm?: bigint;
  base: boolean;
  scale: bigint; // 0n: no index (rcx)
  disp: bigint;
  fs?: boolean;
  addressSize32?: boolean;
}

const FORMS: Form[] = [
  {
    text: 'mov qword [rbx+0x10], -5',
    bytes: [0x48, 0xc7, 0x43, 0x10, 0xfb, 0xff, 0xff, 0xff],
    kind: 'storeImm',
    size: 8,
    imm: M64 - 4n,
    base: true,
    scale: 0n,
    disp: 0x10n,
  },
  {
    text: 'mov dword [rbx-0x10], 0x7abcdef0',
    bytes: [0xc7, 0x43, 0xf0, 0xf0, 0xde, 0xbc, 0x7a],
    kind: 'storeImm',
    size: 4,
    imm: 0x7abcdef0n,
    base: true,
    scale: 0n,
    disp: -0x10n,
  },
  {
    text: 'movzx eax, byte [rbx+0x10]',
    bytes: [0x0f, 0xb6, 0x43, 0x10],
    kind: 'zext',
    size: 1,
    base: true,
    scale: 0n,
    disp: 0x10n,
  },
  {
    text: 'movsx rax, word [rbx-0x10]',
    bytes: [0x48, 0x0f, 0xbf, 0x43, 0xf0],
    kind: 'sext',
    size: 2,
    base: true,
    scale: 0n,
    disp: -0x10n,
  },
  {
    text: 'add byte [rbx+0x10], 0x7f',
    bytes: [0x80, 0x43, 0x10, 0x7f],
    kind: 'addMem',
    size: 1,
    imm: 0x7fn,
    base: true,
    scale: 0n,
    disp: 0x10n,
  },
  {
    text: 'mov rax, [rbx+0x10]',
    bytes: [0x48, 0x8b, 0x43, 0x10],
    kind: 'load',
    size: 8,
    base: true,
    scale: 0n,
    disp: 0x10n,
  },
  {
    text: 'mov eax, [rbx-0x10]',
    bytes: [0x8b, 0x43, 0xf0],
    kind: 'load',
    size: 4,
    base: true,
    scale: 0n,
    disp: -0x10n,
  },
  {
    text: 'mov [rbx+0x10], rax',
    bytes: [0x48, 0x89, 0x43, 0x10],
    kind: 'store',
    size: 8,
    base: true,
    scale: 0n,
    disp: 0x10n,
  },
  { text: 'mov [rbx], eax', bytes: [0x89, 0x03], kind: 'store', size: 4, base: true, scale: 0n, disp: 0n },
  {
    text: 'add rax, [rbx+0x10]',
    bytes: [0x48, 0x03, 0x43, 0x10],
    kind: 'add',
    size: 8,
    base: true,
    scale: 0n,
    disp: 0x10n,
  },
  { text: 'sub eax, [rbx-0x10]', bytes: [0x2b, 0x43, 0xf0], kind: 'sub', size: 4, base: true, scale: 0n, disp: -0x10n },
  { text: 'cmp rax, [rbx]', bytes: [0x48, 0x3b, 0x03], kind: 'cmp', size: 8, base: true, scale: 0n, disp: 0n },
  {
    text: 'mov rax, [rcx*8+0x10]',
    bytes: [0x48, 0x8b, 0x04, 0xcd, 0x10, 0, 0, 0],
    kind: 'load',
    size: 8,
    base: false,
    scale: 8n,
    disp: 0x10n,
  },
  {
    text: 'mov rax, [rbx+rcx*2-0x8]',
    bytes: [0x48, 0x8b, 0x44, 0x4b, 0xf8],
    kind: 'load',
    size: 8,
    base: true,
    scale: 2n,
    disp: -8n,
  },
  {
    text: 'mov rax, fs:[rbx+0x8]',
    bytes: [0x64, 0x48, 0x8b, 0x43, 0x08],
    kind: 'load',
    size: 8,
    base: true,
    scale: 0n,
    disp: 8n,
    fs: true,
  },
  {
    text: 'mov eax, [ebx+0x10]',
    bytes: [0x67, 0x8b, 0x43, 0x10],
    kind: 'load',
    size: 4,
    base: true,
    scale: 0n,
    disp: 0x10n,
    addressSize32: true,
  },
  {
    text: 'lea rax, [rbx+0x10]',
    bytes: [0x48, 0x8d, 0x43, 0x10],
    kind: 'lea',
    size: 8,
    base: true,
    scale: 0n,
    disp: 0x10n,
  },
  {
    text: 'lea rax, [rbx-0x10]',
    bytes: [0x48, 0x8d, 0x43, 0xf0],
    kind: 'lea',
    size: 8,
    base: true,
    scale: 0n,
    disp: -0x10n,
  },
  {
    text: 'lea rax, [rbx+rcx*4+0x10]',
    bytes: [0x48, 0x8d, 0x44, 0x8b, 0x10],
    kind: 'lea',
    size: 8,
    base: true,
    scale: 4n,
    disp: 0x10n,
  },
  { text: 'lea eax, [rbx-0x10]', bytes: [0x8d, 0x43, 0xf0], kind: 'lea', size: 4, base: true, scale: 0n, disp: -0x10n },
  {
    text: 'add rax, [rbx+rcx*2-0x8]',
    bytes: [0x48, 0x03, 0x44, 0x4b, 0xf8],
    kind: 'add',
    size: 8,
    base: true,
    scale: 2n,
    disp: -8n,
  },
  {
    text: 'xor eax, [rcx*8+0x10]',
    bytes: [0x33, 0x04, 0xcd, 0x10, 0, 0, 0],
    kind: 'xor',
    size: 4,
    base: false,
    scale: 8n,
    disp: 0x10n,
  },
];

/** Where the operands should land: in the data page, below it, above 4 GiB, non-canonical, near 2^64. */
const TARGETS = [
  BigInt(DATA + 0x20),
  BigInt(DATA + DATA_SIZE - 8),
  BigInt(HIGH + 0x20),
  BigInt(HIGH + DATA_SIZE - 8),
  BigInt(HIGH - 0x10),
  (1n << 32n) + 4n,
  0x1234n,
  (1n << 32n) + 0x10n,
  1n << 47n,
  0x0080_0000_0000_0000n,
  (1n << 64n) - 8n,
];
/** Index register values: none, small, -1 (the sum wraps through the index), 2^32, 2^61. */
const INDEXES = [0n, 3n, M64, 1n << 32n, 1n << 61n];
const RAX = 0x8765_4321_0fed_cba9n;

function patternByte(offset: number): number {
  return (offset * 7 + 1) & 0xff;
}

function readPattern(offset: number, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(patternByte(offset + i));
  return v;
}

function setRegister(cpu: Cpu, reg: number, value: bigint): void {
  cpu.gpr[reg * 2] = Number(value & M32) | 0;
  cpu.gpr[reg * 2 + 1] = Number((value >> 32n) & M32) | 0;
}

function register(cpu: Cpu, reg: number): bigint {
  return ((BigInt(cpu.gpr[reg * 2 + 1]! >>> 0) << 32n) | BigInt(cpu.gpr[reg * 2]! >>> 0)) & M64;
}

function machine(form: Form, rbx: bigint, rcx: bigint): Cpu {
  const memory = new AddressSpace();
  memory.map(CODE, 0x1000, 7);
  memory.map(DATA, DATA_SIZE, 3);
  memory.map(HIGH, DATA_SIZE, 3);
  const pattern = Uint8Array.from({ length: DATA_SIZE }, (_, i) => patternByte(i));
  memory.writeBytes(DATA, pattern);
  memory.writeBytes(HIGH, pattern);
  memory.writeBytes(CODE, Uint8Array.from([...form.bytes, 0xcc])); // int3 after the instruction
  const cpu = new Cpu(memory, {
    syscall() {
      throw new Error('no system calls here');
    },
  });
  cpu.rip = CODE;
  cpu.fsBase = Number(FS_BASE);
  setRegister(cpu, 0, RAX);
  setRegister(cpu, 3, rbx);
  setRegister(cpu, 1, rcx);
  return cpu;
}

function effectiveAddress(form: Form, rbx: bigint, rcx: bigint): bigint {
  if (form.addressSize32) return ((rbx & M32) + form.disp) & M32;
  return ((form.base ? rbx : 0n) + rcx * form.scale + form.disp + (form.fs ? FS_BASE : 0n)) & M64;
}

function isCanonical(address: bigint): boolean {
  const top = address >> 47n;
  return top === 0n || top === (1n << 17n) - 1n;
}

function check(form: Form, rbx: bigint, rcx: bigint): void {
  const cpu = machine(form, rbx, rcx);
  const trap = trapOf(cpu, 10);
  const ea = effectiveAddress(form, rbx, rcx);
  const where = `${trap.detail}: ${form.text} with rbx=0x${rbx.toString(16)} rcx=0x${rcx.toString(16)} (ea 0x${ea.toString(16)})`;
  const mask = (1n << BigInt(form.size * 8)) - 1n;
  if (form.kind === 'lea') {
    expect([trap.signal, register(cpu, 0)], where).toEqual([5, ea & mask]);
    return;
  }
  const page = ea >= BigInt(HIGH) ? HIGH : DATA;
  const offset = Number(ea) - page;
  if (ea < BigInt(page) || offset > DATA_SIZE - form.size) {
    // Faults before any change: rip at the instruction, rax as it was.
    const expected = !isCanonical(ea) ? [11, 0x80, 0] : [11, 1, ea < 1n << 53n ? Number(ea) : trap.faultAddress];
    expect([trap.signal, trap.code, trap.faultAddress, trap.rip, register(cpu, 0)], where).toEqual([
      ...expected,
      CODE,
      RAX,
    ]);
    return;
  }
  expect(trap.signal, where).toBe(5);
  const value = readPattern(offset, form.size);
  const a = RAX & mask;
  switch (form.kind) {
    case 'load':
      expect(register(cpu, 0), where).toBe(value);
      break;
    case 'store': {
      const stored = cpu.memory.readBytes(Number(ea), form.size);
      let v = 0n;
      for (let i = form.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(stored[i]!);
      expect(v, where).toBe(a);
      break;
    }
    case 'add':
      expect(register(cpu, 0), where).toBe((a + value) & mask);
      break;
    case 'sub':
      expect(register(cpu, 0), where).toBe((a - value) & mask);
      break;
    case 'xor':
      expect(register(cpu, 0), where).toBe(a ^ value);
      break;
    case 'cmp':
      expect([register(cpu, 0), (cpu.rflags & 0x40) !== 0], where).toEqual([RAX, a === value]);
      break;
    case 'storeImm':
    case 'addMem': {
      const stored = cpu.memory.readBytes(Number(ea), form.size);
      let v = 0n;
      for (let i = form.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(stored[i]!);
      expect(v, where).toBe(form.kind === 'storeImm' ? form.imm! & mask : (value + form.imm!) & mask);
      break;
    }
    case 'zext':
      expect(register(cpu, 0), where).toBe(value);
      break;
    case 'sext': {
      const sign = 1n << BigInt(form.size * 8 - 1);
      expect(register(cpu, 0), where).toBe(value & sign ? (value - 2n * sign) & M64 : value);
      break;
    }
  }
}

/** A rip-relative operand at `target` for an instruction of `opcode`, disp32, `imm` at CODE. */
function ripRelative(opcode: number[], imm: number[], target: number): number[] {
  const disp = target - (CODE + opcode.length + 4 + imm.length);
  return [...opcode, disp & 0xff, (disp >> 8) & 0xff, (disp >> 16) & 0xff, (disp >>> 24) & 0xff, ...imm];
}

describe('address forms of the bound instructions', () => {
  it('cmp/test of a rip-relative operand with an immediate', () => {
    const cases = [
      {
        text: 'cmp dword [rip+x], 0x12345678',
        opcode: [0x81, 0x3d],
        imm: [0x78, 0x56, 0x34, 0x12],
        b: 0x12345678n,
        size: 4,
        test: false,
      },
      { text: 'test byte [rip+x], 0x81', opcode: [0xf6, 0x05], imm: [0x81], b: 0x81n, size: 1, test: true },
      { text: 'cmp qword [rip+x], -2', opcode: [0x48, 0x83, 0x3d], imm: [0xfe], b: M64 - 1n, size: 8, test: false },
      {
        text: 'cmp word [rip+x], 0x1234',
        opcode: [0x66, 0x81, 0x3d],
        imm: [0x34, 0x12],
        b: 0x1234n,
        size: 2,
        test: false,
      },
    ];
    for (const c of cases) {
      // rip +- 2 GiB: the data page, below it, and below 0 (2^64 - 0x20: canonical, not mapped).
      for (const target of [DATA + 0x20, DATA + 0x27, DATA - 0x10, -0x20]) {
        const form: Form = {
          text: c.text,
          bytes: ripRelative(c.opcode, c.imm, target),
          kind: 'cmp',
          size: 4,
          base: false,
          scale: 0n,
          disp: 0n,
        };
        const cpu = machine(form, 0n, 0n);
        const trap = trapOf(cpu, 10);
        const where = `${c.text} at 0x${target.toString(16)}: ${trap.detail}`;
        if (target < DATA) {
          expect([trap.signal, trap.code, trap.rip], where).toEqual([11, 1, CODE]);
          if (target >= 0) expect(trap.faultAddress, where).toBe(target);
          continue;
        }
        const a = readPattern(target - DATA, c.size);
        const bits = BigInt(c.size * 8);
        const mask = (1n << bits) - 1n;
        const r = (c.test ? a & c.b : a - c.b) & mask;
        const flags = cpu.rflags;
        // ZF, SF; CF (borrow) for cmp, clear for test.
        expect([trap.signal, (flags & 0x40) !== 0, (flags & 0x80) !== 0, (flags & 1) !== 0], where).toEqual([
          5,
          r === 0n,
          r >> (bits - 1n) === 1n,
          c.test ? false : a < (c.b & mask),
        ]);
      }
    }
  });

  it('push rax / pop rax around the space: rsp - 8 and rsp modulo 2^64', () => {
    const rsps = [BigInt(HIGH + 0x20), BigInt(DATA + 8), 0n, 4n, (1n << 32n) + 8n, 1n << 47n, (1n << 64n) - 8n];
    for (const [bytes, delta] of [
      [[0x50], -8n],
      [[0x58], 0n],
    ] as const) {
      for (const rsp of rsps) {
        const push = delta < 0n;
        const form: Form = {
          text: push ? 'push rax' : 'pop rax',
          bytes: [...bytes],
          kind: 'load',
          size: 8,
          base: true,
          scale: 0n,
          disp: 0n,
        };
        const cpu = machine(form, 0n, 0n);
        setRegister(cpu, 4, rsp);
        const trap = trapOf(cpu, 10);
        const ea = (rsp + delta) & M64;
        const page = ea >= BigInt(HIGH) ? HIGH : DATA;
        const offset = Number(ea) - page;
        const where = `${form.text} with rsp=0x${rsp.toString(16)}: ${trap.detail}`;
        if (ea < BigInt(page) || offset > DATA_SIZE - 8) {
          const expected = !isCanonical(ea) ? [11, 0x80] : [11, 1];
          expect([trap.signal, trap.code, trap.rip, register(cpu, 4)], where).toEqual([...expected, CODE, rsp]);
          if (isCanonical(ea) && ea < 1n << 53n) expect(trap.faultAddress, where).toBe(Number(ea));
          continue;
        }
        expect(trap.signal, where).toBe(5);
        if (push) {
          const stored = cpu.memory.readBytes(Number(ea), 8);
          let v = 0n;
          for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(stored[i]!);
          expect([v, register(cpu, 4)], where).toEqual([RAX, ea]);
        } else {
          expect([register(cpu, 0), register(cpu, 4)], where).toEqual([readPattern(offset, 8), (ea + 8n) & M64]);
        }
      }
    }
  });

  it('mov rax, fs:[0x28] (no register: the segment base plus a constant)', () => {
    const bytes = [0x64, 0x48, 0x8b, 0x04, 0x25, 0x28, 0, 0, 0];
    const form: Form = {
      text: 'mov rax, fs:[0x28]',
      bytes,
      kind: 'load',
      size: 8,
      base: false,
      scale: 0n,
      disp: 0x28n,
    };
    let cpu = machine(form, 0n, 0n);
    cpu.fsBase = DATA + 0x20 - 0x28;
    expect([trapOf(cpu, 10).signal, register(cpu, 0)]).toEqual([5, readPattern(0x20, 8)]);
    cpu = machine(form, 0n, 0n);
    cpu.fsBase = 0xffffffff;
    const trap = trapOf(cpu, 10);
    expect([trap.signal, trap.code, trap.faultAddress, trap.rip, register(cpu, 0)]).toEqual([
      11,
      1,
      0x100000027,
      CODE,
      RAX,
    ]);
  });

  for (const form of FORMS) {
    it(form.text, () => {
      for (const target of TARGETS) {
        for (const rcx of form.scale === 0n ? [0n] : INDEXES) {
          if (form.base) {
            // rbx chosen so the operand lands on the target (the sum wraps for most targets).
            const rest = rcx * form.scale + form.disp + (form.fs ? FS_BASE : 0n);
            check(form, (target - rest) & M64, rcx);
            check(form, target, rcx);
          } else {
            check(form, 0n, target / form.scale);
            check(form, 0n, rcx);
          }
        }
      }
    });
  }
});
