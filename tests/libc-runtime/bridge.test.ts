// The host-call bridge (src/libc/abi/): guest code calls Miros libc entry points with the System V
// ABI — integer arguments in registers and on the stack, doubles in xmm, varargs — gets results in
// rax/xmm0/st(0), and host functions call back into guest code through generators without a
// nested run loop. The guest code here is real x86-64 run by Miros's CPU.
import { describe, expect, it } from 'vitest';
import { Cpu, Gpr } from '../../src/cpu/cpu.ts';
import { CpuTrap } from '../../src/cpu/trap.ts';
import { guestCall, type HostFunction, HostRegion } from '../../src/libc/abi/host-region.ts';
import { RegisterVarArgs } from '../../src/libc/abi/var-args.ts';
import { Assembler, Reg } from '../../src/linker/guest-code/assembler.ts';
import { StandaloneMemory } from '../../src/linker/memory/linker-memory.ts';
import { AddressSpace } from '../../src/memory/address-space.ts';

const CODE = 0x400000;
const STACK_TOP = 0x800000;

class Stop {}

interface Machine {
  cpu: Cpu;
  region: HostRegion;
  stop: number;
}

function machine(): Machine {
  const space = new AddressSpace();
  space.map(CODE, 0x2000, 5);
  space.map(STACK_TOP - 0x10000, 0x10000, 3);
  const cpu = new Cpu(space, { syscall: () => undefined });
  const region = new HostRegion(new StandaloneMemory(space), 64);
  region.attach(cpu);
  const stop = region.add('stop', () => {
    throw new Stop();
  });
  cpu.setRegister(Gpr.RSP, STACK_TOP - 0x100);
  return { cpu, region, stop };
}

/** Loads the code at CODE and runs it until it calls `stop`. */
function run(m: Machine, code: Uint8Array): void {
  m.cpu.memory.poke(CODE, code);
  m.cpu.rip = CODE;
  try {
    m.cpu.run(10_000);
  } catch (error) {
    if (error instanceof Stop) return;
    throw error;
  }
  throw new Error('the guest code did not reach stop');
}

function callThenStop(a: Assembler, target: number, m: Machine): void {
  a.movImm(Reg.RAX, target);
  a.call(Reg.RAX);
  a.mov(Reg.RBX, Reg.RAX); // keep the result where the test can see it after stop
  a.movImm(Reg.RAX, m.stop);
  a.call(Reg.RAX);
}

describe('host-call bridge', () => {
  it('passes eight integer arguments (six in registers, two on the stack) and returns rax', () => {
    const m = machine();
    let seen: number[] = [];
    const sum: HostFunction = (f) => {
      seen = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => f.long(i));
      return seen.reduce((x, y) => x + y, 0);
    };
    const entry = m.region.add('sum', sum);
    const a = new Assembler();
    a.movImm(Reg.RAX, 800);
    a.push(Reg.RAX); // 8th argument
    a.movImm(Reg.RAX, 700);
    a.push(Reg.RAX); // 7th argument
    const values = [100, 200, 300, 400, 500, 600];
    [Reg.RDI, Reg.RSI, Reg.RDX, Reg.RCX, Reg.R8, Reg.R9].forEach((r, i) => {
      a.movImm(r, values[i]!);
    });
    callThenStop(a, entry, m);
    const rsp = m.cpu.getRegister(Gpr.RSP);
    run(m, a.finish());
    expect(seen).toEqual([100, 200, 300, 400, 500, 600, 700, 800]);
    expect(m.cpu.getRegister(Gpr.RBX)).toBe(3600);
    // Both calls returned: rsp is where it was after the pushes (minus stop's return address).
    expect(m.cpu.getRegister(Gpr.RSP)).toBe(rsp - 16 - 8);
  });

  it('reads int/long/unsigned/pointer narrowing as C does and returns negative values sign-extended', () => {
    const m = machine();
    let parts: number[] = [];
    const entry = m.region.add('narrow', (f) => {
      parts = [f.int(0), f.uint(0), f.long(1), f.ulong(1), f.ptr(2)];
      return -5;
    });
    const a = new Assembler();
    a.movImm(Reg.RDI, 0xfffffffe);
    a.movImm(Reg.RSI, -3);
    a.movImm(Reg.RDX, 0x12345678);
    callThenStop(a, entry, m);
    run(m, a.finish());
    expect(parts).toEqual([-2, 0xfffffffe, -3, (2 ** 32 - 1) * 2 ** 32 + (2 ** 32 - 3), 0x12345678]);
    expect(m.cpu.gpr[2 * Gpr.RBX]).toBe(-5);
    expect(m.cpu.gpr[2 * Gpr.RBX + 1]).toBe(-1);
  });

  it('reads variadic arguments past the registers in order: ints, then doubles, then the stack', () => {
    const m = machine();
    const ints: number[] = [];
    const doubles: number[] = [];
    const words = new Uint32Array(2);
    const entry = m.region.add('variadic', (f) => {
      const args = new RegisterVarArgs().start(f, 1);
      for (let i = 0; i < 7; i++) {
        args.nextInteger(words);
        ints.push(words[0]!);
      }
      for (let i = 0; i < 9; i++) doubles.push(args.nextDouble());
      return 0;
    });
    // f(fmt, i1..i7, d1..d9): i6, i7 and d9 are on the stack, in that order.
    const a = new Assembler();
    a.push(Reg.RAX); // padding: keep rsp 16-aligned at the call
    a.movImm(Reg.RAX, 0x4023000000000000); // 9.5
    a.push(Reg.RAX);
    a.movImm(Reg.RAX, 7);
    a.push(Reg.RAX);
    a.movImm(Reg.RAX, 6);
    a.push(Reg.RAX);
    [Reg.RDI, Reg.RSI, Reg.RDX, Reg.RCX, Reg.R8, Reg.R9].forEach((r, i) => {
      a.movImm(r, i);
    });
    a.movImm(Reg.RAX, 8);
    callThenStop(a, entry, m);
    for (let j = 0; j < 8; j++) m.cpu.xmmF64[2 * j] = j + 1.5;
    run(m, a.finish());
    expect(ints).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(doubles).toEqual([1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5]);
  });

  it('returns doubles in xmm0 and long doubles in st(0)', () => {
    const m = machine();
    const half = m.region.add('half', (f) => {
      f.returnDouble(f.double(0) / 2);
      return undefined;
    });
    const one = m.region.add('one', (f) => {
      f.returnLongDouble({ signExponent: 0x3fff, high: 0x80000000, low: 0 });
      return undefined;
    });
    const a = new Assembler();
    a.movImm(Reg.RAX, half);
    a.call(Reg.RAX);
    callThenStop(a, one, m);
    m.cpu.xmmF64[0] = 5;
    run(m, a.finish());
    expect(m.cpu.xmmF64[0]).toBe(2.5);
    const x87 = m.cpu.x87;
    expect([x87.se[x87.top], x87.hi[x87.top], x87.lo[x87.top]]).toEqual([0x3fff, 0x80000000, 0]);
  });

  it('calls back into guest code from a generator, without nesting a run loop', () => {
    const m = machine();
    // The guest "comparator": rax = 2 * rdi, clobbering the caller-saved rcx on the way.
    const a = new Assembler();
    const doublerAt = CODE + 0x800;
    const entry = m.region.add('twice', function* (f) {
      const x = f.long(0);
      const first = yield guestCall(doublerAt, [x], 'doubler');
      const second = yield guestCall(doublerAt, [first + 1], 'doubler');
      return first + second;
    });
    a.movImm(Reg.RDI, 10);
    a.movImm(Reg.R12, 0x1234);
    callThenStop(a, entry, m);
    const main = a.finish();
    const d = new Assembler();
    d.mov(Reg.RAX, Reg.RDI);
    d.add(Reg.RAX, Reg.RDI);
    d.movImm(Reg.RCX, 99);
    d.ret();
    m.cpu.memory.poke(doublerAt, d.finish());
    run(m, main);
    expect(m.cpu.getRegister(Gpr.RBX)).toBe(20 + 42);
    expect(m.cpu.getRegister(Gpr.R12)).toBe(0x1234);
  });

  it('traps when code jumps into the middle of an entry slot (int3 filler)', () => {
    const m = machine();
    const entry = m.region.add('f', () => 0);
    const a = new Assembler();
    a.movImm(Reg.RAX, entry + 1);
    a.call(Reg.RAX);
    m.cpu.memory.poke(CODE, a.finish());
    m.cpu.rip = CODE;
    let trap: unknown;
    try {
      m.cpu.run(100);
    } catch (error) {
      trap = error;
    }
    expect(trap).toBeInstanceOf(CpuTrap);
    expect((trap as CpuTrap).signal).toBe(5);
  });
});
