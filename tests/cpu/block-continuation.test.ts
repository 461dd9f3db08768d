// Blocks decoded through a direct jmp or call (src/cpu/block-cache.ts): the transfer runs inside
// the block, so the instructions after it must see what x86 defines — the call's return address
// pushed, rip left to the block's last instruction (a jcc not taken falls through to the address
// after it, not to the call's target), faults, budgets and code writes on the target's page at
// the right instruction — in the interpreter, the closure-call tier and the inline tier alike.
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../src/cpu/cpu.ts';
import { traceOf } from '../../src/cpu/jit/region.ts';
import { TIER_ALWAYS, TIER_OFF } from '../../src/cpu/jit/tier-settings.ts';
import { CpuTrap } from '../../src/cpu/trap.ts';
import { AddressSpace } from '../../src/memory/address-space.ts';
import { trapOf, withRegionMode } from './harness.ts';

const CODE = 0x400000;
const STACK = 0x600000;
const STACK_TOP = STACK + 0x800;
const CALLEE = CODE + 0x1000; // on the next page: the continued block spans two pages
const END = CODE + 0x1100;
const ITERATIONS = 300;

//   CODE+0   mov ecx, 300        b9 2c 01 00 00
//   CODE+5   xor eax, eax        31 c0
//   CODE+7   call CALLEE         e8 f4 0f 00 00     (CALLEE - (CODE+12))
//   CODE+12  dec ecx             ff c9
//   CODE+14  jne CODE+7          75 f7
//   CODE+16  jmp END             e9 eb 10 00 00     (END - (CODE+21))
//   CALLEE   add eax, ecx        01 c8
//   +2       cmp ecx, 0x7fff     81 f9 ff 7f 00 00
//   +8       je +1               74 01              (never taken)
//   +10      ret                 c3
//   +11      ret                 c3
//   END      hlt                 f4                 (SIGSEGV in user mode)
const MAIN = [
  0xb9, 0x2c, 0x01, 0x00, 0x00, 0x31, 0xc0, 0xe8, 0xf4, 0x0f, 0x00, 0x00, 0xff, 0xc9, 0x75, 0xf7, 0xe9, 0xeb, 0x10,
  0x00, 0x00,
];
const CALLEE_CODE = [0x01, 0xc8, 0x81, 0xf9, 0xff, 0x7f, 0x00, 0x00, 0x74, 0x01, 0xc3, 0xc3];

function machine(jitThreshold: number, inlineThreshold: number): Cpu {
  const memory = new AddressSpace();
  memory.map(CODE, 0x2000, 7);
  memory.map(STACK, 0x1000, 3);
  memory.writeBytes(CODE, Uint8Array.from(MAIN));
  memory.writeBytes(CALLEE, Uint8Array.from(CALLEE_CODE));
  memory.writeBytes(END, Uint8Array.from([0xf4]));
  const cpu = new Cpu(memory, { syscall() {} });
  cpu.jitThreshold = jitThreshold;
  cpu.inlineThreshold = inlineThreshold;
  cpu.rip = CODE;
  cpu.setRegister(4, STACK_TOP);
  return cpu;
}

/**
 * Interpreter, closure calls at every run, inlined templates after 3 runs, inlined at every run,
 * and inlined after 3 runs as traces (MIROS_JIT_REGION=trace: the call's block, the ret and the
 * dec/jne in one function, the jne back to its head a loop inside it).
 */
const TIERS: [string, number, number, string | undefined][] = [
  ['interpreter', TIER_OFF, TIER_OFF, undefined],
  ['closure calls', TIER_ALWAYS, TIER_OFF, undefined],
  ['inline after 3 runs', 3, 3, undefined],
  ['inline always', TIER_ALWAYS, TIER_ALWAYS, undefined],
  ['traces after 3 runs', 3, 3, 'trace'],
];

describe('blocks continued through a direct jmp or call', () => {
  it('decodes the call, its target and up to the next block end as one block', () => {
    const cpu = machine(TIER_OFF, TIER_OFF);
    const block = cpu.blocks.get(CODE + 7);
    expect(block.addresses).toEqual([CODE + 7, CALLEE, CALLEE + 2, CALLEE + 8, CALLEE + 10]);
    expect(block.end).toBe(CALLEE + 10);
  });

  for (const [name, jit, inline, mode] of TIERS) {
    it(`runs the loop to its hlt as x86 defines (${name})`, () => {
      const cpu = machine(jit, inline);
      const trap = withRegionMode(mode, () => trapOf(cpu, 1_000_000));
      if (mode === 'trace') {
        // Blocks without a function of their own: the call's block with the ret's, dec/jne's and
        // the jmp/hlt block, where the jne went last.
        const fresh = machine(TIER_OFF, TIER_OFF);
        withRegionMode(mode, () => trapOf(fresh, 1_000_000));
        const line = traceOf(fresh.blocks.get(CODE + 7), 0).map((b) => b.start);
        expect(line).toEqual([CODE + 7, CALLEE + 10, CODE + 12, CODE + 16]);
        // A block that has its own function ends a trace (its code is not compiled twice).
        expect(traceOf(cpu.blocks.get(CODE + 7), 0).map((b) => b.start)).toEqual([CODE + 7]);
        // The ret's block heads a trace ([ret, dec/jne, call...je], its jne back to the head a
        // loop inside the function: it compiled first, the call's block did not have a function
        // yet), whose instructions count as the head's runs (done / n): more than the loop's 300
        // iterations means the looping trace ran.
        expect(cpu.blocks.get(CALLEE + 10).runs).toBeGreaterThan(ITERATIONS);
      }
      expect(trap.signal).toBe(11);
      expect(trap.rip).toBe(END);
      expect(cpu.rip).toBe(END);
      expect(cpu.getRegister(0)).toBe((ITERATIONS * (ITERATIONS + 1)) / 2);
      expect(cpu.getRegister(1)).toBe(0);
      expect(cpu.getRegister(4)).toBe(STACK_TOP);
      // mov, xor; per iteration call add cmp je ret dec jne; jmp (the hlt does not complete)
      expect(cpu.instructionCount).toBe(2 + ITERATIONS * 7 + 1);
    });

    it(`stops a budget inside the continued part at the callee's instruction (${name})`, () => {
      const cpu = machine(jit, inline);
      withRegionMode(mode, () => cpu.run(4)); // mov, xor, call, add
      expect(cpu.rip).toBe(CALLEE + 2);
      expect(cpu.getRegister(4)).toBe(STACK_TOP - 8);
      expect(cpu.memory.read32(STACK_TOP - 8)).toBe(CODE + 12);
      expect(cpu.getRegister(0)).toBe(ITERATIONS);
      withRegionMode(mode, () => cpu.run(2)); // cmp, je not taken
      expect(cpu.rip).toBe(CALLEE + 10);
      // Budgets ending anywhere in the loop, traces included: the same state as one long run.
      const sliced = machine(jit, inline);
      let slices = 0;
      const trap = withRegionMode(mode, () => {
        for (;;) {
          try {
            sliced.run(1 + (slices++ % 11));
          } catch (error) {
            if (error instanceof CpuTrap) return error;
            throw error;
          }
        }
      });
      expect(trap.rip).toBe(END);
      expect(sliced.instructionCount).toBe(2 + ITERATIONS * 7 + 1);
      expect(sliced.getRegister(0)).toBe((ITERATIONS * (ITERATIONS + 1)) / 2);
    });

    it(`sees the callee rewritten on its own page between runs (${name})`, () => {
      const cpu = machine(jit, inline);
      withRegionMode(mode, () => trapOf(cpu, 1_000_000));
      const continued = cpu.blocks.get(CODE + 7);
      cpu.memory.write8(CALLEE + 0, 0x29); // add eax, ecx -> sub eax, ecx
      expect(continued.valid).toBe(false);
      cpu.rip = CODE;
      cpu.setRegister(4, STACK_TOP);
      const trap = withRegionMode(mode, () => trapOf(cpu, 1_000_000));
      expect(trap.rip).toBe(END);
      expect(cpu.getRegister(0)).toBe(2 ** 32 - (ITERATIONS * (ITERATIONS + 1)) / 2);
    });
  }

  it('leaves a jump back into the block as its end (a self-loop stays one)', () => {
    // CODE+0: dec ecx (ff c9); CODE+2: jmp CODE+0 (eb fc)
    const memory = new AddressSpace();
    memory.map(CODE, 0x1000, 7);
    memory.writeBytes(CODE, Uint8Array.from([0xff, 0xc9, 0xeb, 0xfc]));
    const cpu = new Cpu(memory, { syscall() {} });
    expect(cpu.blocks.get(CODE).addresses).toEqual([CODE, CODE + 2, CODE + 4]);
  });
});
