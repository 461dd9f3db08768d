// The hot-block tier (src/cpu/jit/): compiled blocks must behave exactly as the interpreter —
// same registers, flags and instruction counts, faults reported at the faulting instruction, and
// stores into the running compiled block seen by the next instruction. The conformance vectors
// also run through the tier with MIROS_JIT=always (see src/cpu/README.md).
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../src/cpu/cpu.ts';
import { TIER_ALWAYS, TIER_OFF, Tier } from '../../src/cpu/jit/tier-settings.ts';
import { CpuTrap } from '../../src/cpu/trap.ts';
import { AddressSpace } from '../../src/memory/address-space.ts';
import { trapOf, withRegionMode } from './harness.ts';

const CODE = 0x400000;
const DATA = 0x600000;

function machine(code: number[], threshold: number): Cpu {
  const memory = new AddressSpace();
  memory.map(CODE, 0x2000, 7);
  memory.map(DATA, 0x1000, 3);
  memory.writeBytes(CODE, Uint8Array.from(code));
  const cpu = new Cpu(memory, {
    syscall(c) {
      c.gpr[0] = 0;
    },
  });
  cpu.jitThreshold = threshold;
  cpu.rip = CODE;
  cpu.setRegister(4, DATA + 0x800);
  return cpu;
}

// A hashing loop over memory: mov/imul/xor/shr/add/cmp/jne, loads and stores.
//   mov ecx, 1000            b9 e8 03 00 00
//   mov rax, 0x12345         48 c7 c0 45 23 01 00
// loop:
//   mov rdx, rax             48 89 c2
//   shr rdx, 33              48 c1 ea 21
//   xor rax, rdx             48 31 d0
//   imul rax, rax, 0x9e37    48 69 c0 37 9e 00 00
//   mov [rsp-8], rax         48 89 44 24 f8
//   add rax, [rsp-8]         48 03 44 24 f8
//   dec ecx                  ff c9
//   jne loop                 75 e1
//   hlt                      f4
const LOOP = [
  0xb9, 0xe8, 0x03, 0x00, 0x00, 0x48, 0xc7, 0xc0, 0x45, 0x23, 0x01, 0x00, 0x48, 0x89, 0xc2, 0x48, 0xc1, 0xea, 0x21,
  0x48, 0x31, 0xd0, 0x48, 0x69, 0xc0, 0x37, 0x9e, 0x00, 0x00, 0x48, 0x89, 0x44, 0x24, 0xf8, 0x48, 0x03, 0x44, 0x24,
  0xf8, 0xff, 0xc9, 0x75, 0xe1, 0xf4,
];

/** Runs `cpu` in slices of `slice` instructions until it traps (calling `afterSlice` after each); returns the trap. */
function runUntilTrap(cpu: Cpu, slice: number, afterSlice?: () => void): CpuTrap {
  for (;;) {
    try {
      cpu.run(slice);
    } catch (error) {
      if (!(error instanceof CpuTrap)) throw error;
      afterSlice?.();
      return error;
    }
    afterSlice?.();
  }
}
describe('hot-block tier', () => {
  it('computes what the interpreter computes, with the same counts and flags', () => {
    const results = [TIER_OFF, 3, TIER_ALWAYS].map((threshold) => {
      const cpu = machine(LOOP, threshold);
      const trap = trapOf(cpu, 100_000);
      return [trap.signal, trap.rip, cpu.instructionCount, cpu.getRegister(0), cpu.rflags, cpu.gpr[2], cpu.gpr[3]];
    });
    expect(results[0]![0]).toBe(11); // hlt: SIGSEGV at the hlt
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('compiles a block once it is hot, and budgets that end inside a block still stop exactly', () => {
    const cpu = machine(LOOP, 3);
    cpu.run(2 + 8 * 10 + 3);
    expect(cpu.instructionCount).toBe(2 + 8 * 10 + 3);
    expect(cpu.rip).toBe(CODE + 12 + 3 + 4 + 3);
    expect(cpu.blocks.get(CODE + 12).compiled).not.toBeNull();
  });

  it('moves a block through the closure-call tier to the inline tier, loop iterations counted as runs', () => {
    // Runs LOOP to its hlt in slices of `slice` instructions; records the loop block's tier after
    // each slice (the block is looked up before the first one: the same Block the run loop uses).
    const final = (first: number, inline: number, slice: number) => {
      const cpu = machine(LOOP, first);
      cpu.inlineThreshold = inline;
      const loop = cpu.blocks.get(CODE + 12);
      const tiers: number[] = [loop.tier];
      const trap = runUntilTrap(cpu, slice, () => {
        if (tiers.at(-1) !== loop.tier) tiers.push(loop.tier);
      });
      const state = [trap.rip, cpu.instructionCount, cpu.getRegister(0), cpu.rflags, cpu.gpr[2], cpu.gpr[3]];
      return { tiers, runs: loop.runs, state };
    };
    const interpreted = final(TIER_OFF, TIER_OFF, 100_000);
    expect(interpreted.tiers).toEqual([Tier.Interpreter]);
    // The first pass runs in the block starting at CODE (the head falls into the loop body): 999.
    expect(interpreted.runs).toBe(999);
    // Small slices: the block runs once per run-loop pass (closure calls do not loop in the function).
    const tiered = final(3, 100, 40);
    expect(tiered.tiers).toEqual([Tier.Interpreter, Tier.Closures, Tier.Inline]);
    expect(tiered.state).toEqual(interpreted.state);
    expect(final(3, TIER_OFF, 40).tiers).toEqual([Tier.Interpreter, Tier.Closures]);
    // The inline tier loops inside its function: its 996 iterations in one call count as 996 runs.
    const looped = final(3, 3, 100_000);
    expect(looped.tiers).toEqual([Tier.Interpreter, Tier.Inline]);
    expect(looped.runs).toBe(999);
    expect(looped.state).toEqual(interpreted.state);
  });

  it('reports a fault inside a compiled block at the faulting instruction, registers as before it', () => {
    // inc eax; inc eax; mov [rbx], eax (rbx = 0x1234: unmapped); inc eax
    const cpu = machine([0xff, 0xc0, 0xff, 0xc0, 0x89, 0x03, 0xff, 0xc0, 0xf4], TIER_ALWAYS);
    cpu.setRegister(3, 0x1234);
    const trap = trapOf(cpu, 100);
    expect([trap.signal, trap.code, trap.faultAddress, trap.rip]).toEqual([11, 1, 0x1234, CODE + 4]);
    expect([cpu.gpr[0], cpu.instructionCount, cpu.rip]).toEqual([2, 2, CODE + 4]);
  });

  it('reports a fault in a later iteration of a compiled self-loop with the previous iteration’s flags', () => {
    // A self-loop whose flag record is written only where it leaves (not at its back-edge):
    // loop: mov eax, [rbx]; add rbx, 0x400; sub ecx, 7; jmp loop — the load faults in the fifth
    // iteration (rbx past the data page), before that iteration's first flag writer.
    const code = [0x8b, 0x03, 0x48, 0x81, 0xc3, 0x00, 0x04, 0x00, 0x00, 0x83, 0xe9, 0x07, 0xeb, 0xf2];
    const final = (threshold: number) => {
      const cpu = machine(code, threshold);
      cpu.setRegister(3, DATA);
      cpu.setRegister(1, 10);
      const trap = trapOf(cpu, 1000);
      // (compiled, not left to the interpreter after a failed compilation)
      expect(cpu.blocks.get(CODE).compiled !== null).toBe(threshold !== TIER_OFF);
      return [trap.signal, trap.faultAddress, trap.rip, cpu.instructionCount, cpu.rflags, cpu.gpr[2], cpu.gpr[6]];
    };
    const interpreted = final(TIER_OFF);
    expect(interpreted.slice(0, 4)).toEqual([11, DATA + 0x1000, CODE, 16]);
    expect(final(TIER_ALWAYS)).toEqual(interpreted);
  });

  it('carries flags from one trace member into the next, and restores them at a fault there', () => {
    // A trace of two blocks; the second reads the first one's flags (setb) and faults before its
    // own first flag writer (rsi walks off the data page in the 64th iteration): the record of
    // the first block's cmp, kept in locals across the members, must be in the Cpu at the fault.
    //       mov ecx, 200; mov esi, DATA; test ecx, ecx; jne loop (the loop's head is a block at once)
    // loop: add rsi, 0x40; add rax, 7; cmp rax, 300; je end          (member 0)
    //       setb bl; mov r9, [rsi]; add rdx, r9; dec ecx; jne loop     (member 1)
    // end:  hlt
    const code = [
      0xb9, 0xc8, 0x00, 0x00, 0x00, 0xbe, 0x00, 0x00, 0x60, 0x00, 0x85, 0xc9, 0x75, 0x00, 0x48, 0x83, 0xc6, 0x40, 0x48,
      0x83, 0xc0, 0x07, 0x48, 0x3d, 0x2c, 0x01, 0x00, 0x00, 0x74, 0x0d, 0x0f, 0x92, 0xc3, 0x4c, 0x8b, 0x0e, 0x4c, 0x01,
      0xca, 0xff, 0xc9, 0x75, 0xe3, 0xf4,
    ];
    const final = (threshold: number) =>
      withRegionMode('trace', () => {
        const cpu = machine(code, threshold);
        if (threshold > 0) cpu.inlineThreshold = threshold;
        const trap = trapOf(cpu, 100_000);
        const head = cpu.blocks.get(CODE + 14);
        expect(head.compiled !== null).toBe(threshold !== TIER_OFF);
        // (the second block is a member of the head's trace, not compiled on its own)
        if (threshold > 0) expect(cpu.blocks.get(CODE + 30).compiled).toBeNull();
        const registers = [0, 1, 2, 3, 6, 9].map((r) => cpu.getRegister(r));
        return [trap.signal, trap.faultAddress, trap.rip, cpu.instructionCount, cpu.rflags, ...registers];
      });
    const interpreted = final(TIER_OFF);
    expect(interpreted.slice(0, 3)).toEqual([11, DATA + 0x1000, CODE + 33]);
    expect(final(4)).toEqual(interpreted);
    expect(final(TIER_ALWAYS)).toEqual(interpreted);
  });

  it('runs both ways of a branch and their join in one tree, budgets and a fault in a side member exact', () => {
    // A loop whose branch goes both ways (ecx & 3 > 1 half the time) and whose two ways meet
    // again: with MIROS_JIT_REGION=tree the head's function holds both ways and the join (the join
    // entered by a break from one way and by falling through from the other). The odd
    // way loads through rsi, which walks off the data page in its 65th pass: a fault in a member
    // entered by a break, after its own flag writer.
    //       mov ecx, 300; mov esi, DATA; test ecx, ecx; jne loop
    // loop: mov eax, ecx; and eax, 3; cmp eax, 1; ja odd
    //       add rbx, 5; setb dl; test ecx, ecx; jne join                  (even)
    // odd:  sub rbx, 3; mov r9, [rsi]; add rsi, 0x40; add rax, r9; test ecx, ecx; jne join; hlt
    // join: adc rdx, 0; dec ecx; jne loop; hlt
    const code = [
      0xb9, 0x2c, 0x01, 0x00, 0x00, 0xbe, 0x00, 0x00, 0x60, 0x00, 0x85, 0xc9, 0x75, 0x00, 0x89, 0xc8, 0x83, 0xe0, 0x03,
      0x83, 0xf8, 0x01, 0x77, 0x0b, 0x48, 0x83, 0xc3, 0x05, 0x0f, 0x92, 0xc2, 0x85, 0xc9, 0x75, 0x13, 0x48, 0x83, 0xeb,
      0x03, 0x4c, 0x8b, 0x0e, 0x48, 0x83, 0xc6, 0x40, 0x4c, 0x01, 0xc8, 0x85, 0xc9, 0x75, 0x01, 0xf4, 0x48, 0x83, 0xd2,
      0x00, 0xff, 0xc9, 0x75, 0xd0, 0xf4,
    ];
    const final = (threshold: number, slice: number) =>
      withRegionMode('tree', () => {
        const cpu = machine(code, threshold);
        if (threshold > 0) cpu.inlineThreshold = threshold;
        const trap = runUntilTrap(cpu, slice);
        const head = cpu.blocks.get(CODE + 14);
        expect(head.compiled !== null).toBe(threshold !== TIER_OFF);
        // (both ways and the join are members of the head's trace, none compiled on its own; in
        // small slices the function leaves at member boundaries and the members get their own)
        if (threshold > 0 && slice > 1000) {
          for (const at of [24, 35, 54]) expect(cpu.blocks.get(CODE + at).compiled).toBeNull();
        }
        const registers = [0, 1, 2, 3, 6, 9].map((r) => cpu.getRegister(r));
        return [trap.signal, trap.faultAddress, trap.rip, cpu.instructionCount, cpu.rflags, ...registers];
      });
    const interpreted = final(TIER_OFF, 100_000);
    expect(interpreted.slice(0, 3)).toEqual([11, DATA + 0x1000, CODE + 39]);
    expect(final(40, 100_000)).toEqual(interpreted);
    for (const slice of [97, 101, 997]) expect(final(40, slice)).toEqual(interpreted);
  });

  it('sees a store into the running compiled block at the next instruction', () => {
    // mov byte [rip+1], 0x42 ; mov eax, 1 (patched to 0x42) ; hlt
    const cpu = machine([0xc6, 0x05, 0x01, 0x00, 0x00, 0x00, 0x42, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xf4], TIER_ALWAYS);
    const trap = trapOf(cpu, 100);
    expect(cpu.gpr[0]).toBe(0x42);
    expect([trap.rip, cpu.instructionCount]).toEqual([CODE + 12, 2]);
  });

  it('sees code rewritten between runs of a compiled block', () => {
    // mov eax, 1; jmp back (loop)
    const cpu = machine([0xb8, 1, 0, 0, 0, 0xeb, 0xf9], 1);
    cpu.run(40);
    expect(cpu.blocks.get(CODE).compiled).not.toBeNull();
    cpu.memory.writeBytes(CODE + 1, Uint8Array.from([9]));
    cpu.run(2);
    expect(cpu.gpr[0]).toBe(9);
  });
});
