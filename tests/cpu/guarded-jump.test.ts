// Blocks continued through `jmp [rip+slot]` (src/cpu/block-cache.ts guardedJump): the stub a static
// glibc program calls strlen through. The block goes on at the target the slot held when it was
// decoded; every run checks the slot again, and when it changed the jump goes where the slot says
// now (the block is dropped and decoded again). Checked against values worked out by hand from the
// x86 semantics, in the interpreter, the closure-call tier, the inline tier and traces.
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../src/cpu/cpu.ts';
import { TIER_ALWAYS, TIER_OFF } from '../../src/cpu/jit/tier-settings.ts';
import { CpuTrap } from '../../src/cpu/trap.ts';
import { AddressSpace } from '../../src/memory/address-space.ts';
import { trapOf, withRegionMode } from './harness.ts';

const CODE = 0x400000;
const DATA = 0x500000;
const SLOT = DATA + 0x40;
const STACK = 0x600000;
const STACK_TOP = STACK + 0x800;
const STUB = CODE + 0x100;
const FLIP_ONE = CODE + 0x200; // add eax, 1; slot = FLIP_TWO; ret
const FLIP_TWO = CODE + 0x300; // add eax, 2; slot = FLIP_ONE; ret
const STEADY = CODE + 0x400; // add eax, 1; ret
const ITERATIONS = 300;

function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

//   CODE+0   mov ecx, 300        b9 2c 01 00 00
//   CODE+5   xor eax, eax        31 c0
//   CODE+7   call STUB           e8 rel32
//   CODE+12  dec ecx             ff c9
//   CODE+14  jne CODE+7          75 f7
//   CODE+16  hlt                 f4               (SIGSEGV in user mode)
//   STUB     jmp [rip+SLOT]      ff 25 rel32
const MAIN = [
  0xb9,
  0x2c,
  0x01,
  0x00,
  0x00,
  0x31,
  0xc0,
  0xe8,
  ...le32(STUB - (CODE + 12)),
  0xff,
  0xc9,
  0x75,
  0xf7,
  0xf4,
];
const STUB_CODE = [0xff, 0x25, ...le32(SLOT - (STUB + 6))];

/** add eax, `add`; mov dword [rip+SLOT], `next` (unless null); ret */
function callee(at: number, add: number, next: number | null): number[] {
  const store = next === null ? [] : [0xc7, 0x05, ...le32(SLOT - (at + 3 + 10)), ...le32(next)];
  return [0x83, 0xc0, add, ...store, 0xc3];
}

function machine(jitThreshold: number, inlineThreshold: number, slot: number): Cpu {
  const memory = new AddressSpace();
  memory.map(CODE, 0x1000, 7);
  memory.map(DATA, 0x1000, 3);
  memory.map(STACK, 0x1000, 3);
  memory.writeBytes(CODE, Uint8Array.from(MAIN));
  memory.writeBytes(STUB, Uint8Array.from(STUB_CODE));
  memory.writeBytes(FLIP_ONE, Uint8Array.from(callee(FLIP_ONE, 1, FLIP_TWO)));
  memory.writeBytes(FLIP_TWO, Uint8Array.from(callee(FLIP_TWO, 2, FLIP_ONE)));
  memory.writeBytes(STEADY, Uint8Array.from(callee(STEADY, 1, null)));
  memory.writeBytes(SLOT, Uint8Array.from([...le32(slot), 0, 0, 0, 0]));
  const cpu = new Cpu(memory, { syscall() {} });
  cpu.jitThreshold = jitThreshold;
  cpu.inlineThreshold = inlineThreshold;
  cpu.rip = CODE;
  cpu.setRegister(4, STACK_TOP);
  return cpu;
}

const TIERS: [string, number, number, string | undefined][] = [
  ['interpreter', TIER_OFF, TIER_OFF, undefined],
  ['closure calls', TIER_ALWAYS, TIER_OFF, undefined],
  ['inline after 3 runs', 3, 3, undefined],
  ['inline always', TIER_ALWAYS, TIER_ALWAYS, undefined],
  ['traces after 3 runs', 3, 3, 'trace'],
];

describe('blocks continued through jmp [rip+slot]', () => {
  it('decodes the call, the stub and the target the slot holds as one block', () => {
    const cpu = machine(TIER_OFF, TIER_OFF, STEADY);
    expect(cpu.blocks.get(CODE + 7).addresses).toEqual([CODE + 7, STUB, STEADY, STEADY + 3, STEADY + 4]);
  });

  for (const [name, jit, inline, mode] of TIERS) {
    it(`runs through an unchanged slot (${name})`, () => {
      const cpu = machine(jit, inline, STEADY);
      const trap = withRegionMode(mode, () => trapOf(cpu, 1_000_000));
      expect(trap.signal).toBe(11);
      expect(trap.rip).toBe(CODE + 16);
      expect(cpu.getRegister(0)).toBe(ITERATIONS);
      expect(cpu.getRegister(4)).toBe(STACK_TOP);
      // mov, xor; per iteration call jmp add ret dec jne
      expect(cpu.instructionCount).toBe(2 + ITERATIONS * 6);
    });

    it(`follows the slot when it changed since the block was decoded (${name})`, () => {
      // Each callee points the slot at the other: every call after the first finds it changed.
      const cpu = machine(jit, inline, FLIP_ONE);
      const trap = withRegionMode(mode, () => trapOf(cpu, 1_000_000));
      expect(trap.rip).toBe(CODE + 16);
      expect(cpu.getRegister(0)).toBe((ITERATIONS / 2) * 3);
      expect(cpu.getRegister(4)).toBe(STACK_TOP);
      expect(cpu.memory.read32(SLOT)).toBe(FLIP_ONE);
      // mov, xor; per iteration call jmp add mov ret dec jne
      expect(cpu.instructionCount).toBe(2 + ITERATIONS * 7);
    });

    it(`stops budgets anywhere with the state of one long run (${name})`, () => {
      const cpu = machine(jit, inline, FLIP_ONE);
      let slices = 0;
      const trap = withRegionMode(mode, () => {
        for (;;) {
          try {
            cpu.run(1 + (slices++ % 5));
          } catch (error) {
            if (error instanceof CpuTrap) return error;
            throw error;
          }
        }
      });
      expect(trap.rip).toBe(CODE + 16);
      expect(cpu.getRegister(0)).toBe((ITERATIONS / 2) * 3);
      expect(cpu.instructionCount).toBe(2 + ITERATIONS * 7);
    });
  }

  it('faults at the jump, registers as before it, when the slot becomes unreadable', () => {
    const cpu = machine(3, 3, STEADY);
    cpu.run(2 + 6 * 10); // ten iterations: the block is compiled
    cpu.memory.unmap(DATA, 0x1000);
    const trap = trapOf(cpu, 1_000);
    expect(trap.signal).toBe(11);
    expect(trap.rip).toBe(STUB);
    expect(cpu.getRegister(0)).toBe(10);
    expect(cpu.getRegister(4)).toBe(STACK_TOP - 8);
    expect(cpu.instructionCount).toBe(2 + 6 * 10 + 1);
  });
});
