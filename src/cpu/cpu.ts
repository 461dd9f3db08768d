// The x86-64 CPU: register file, lazy flags, and the run loop over cached basic blocks.
//
// Execution model (see README.md): instructions are decoded once per address and bound to a
// specialised closure (./registry.ts); straight-line runs of them form a Block (./block-cache.ts)
// that ends at a control transfer, a page end or a size limit. `run` executes whole blocks,
// advancing `rip` to the block's end before running it (branches overwrite it), and turns guest
// faults into CpuTrap with rip and the retired-instruction count of the faulting instruction.

import type { AddressSpace } from '../memory/address-space.ts';
import { MemoryFault } from '../memory/fault.ts';
import { type Block, BlockCache, REDIRECT, RESYNC } from './block-cache.ts';
import { INITIAL_RFLAGS, LazyOp, readRflags, USER_FLAGS, writeRflags } from './flags.ts';
import { GuestFault, SIGSEGV } from './guest-fault.ts';
import type { CpuHost } from './host.ts';
import { type CompiledBlock, compileBlock } from './jit/block-compiler.ts';
import { regionOf, traceOf, treeOf } from './jit/region.ts';
import {
  inlineThresholdFromEnvironment,
  NEVER_CHECK,
  nextCheck,
  regionMemberRuns,
  regionMode,
  TIER_ALWAYS,
  TIER_OFF,
  Tier,
  thresholdFromEnvironment,
  tierFor,
} from './jit/tier-settings.ts';
import { CpuTrap } from './trap.ts';
import { X87State } from './x87-state.ts';

/** General-purpose register numbers, as encoded. */
export const enum Gpr {
  RAX = 0,
  RCX = 1,
  RDX = 2,
  RBX = 3,
  RSP = 4,
  RBP = 5,
  RSI = 6,
  RDI = 7,
  R8 = 8,
  R9 = 9,
  R10 = 10,
  R11 = 11,
  R12 = 12,
  R13 = 13,
  R14 = 14,
  R15 = 15,
}

/** Index of the scratch XMM slot holding a memory source operand (see `Cpu.xmm`). */
export const XMM_SOURCE = 16;
/** Index of the scratch XMM slot where handlers build a result. */
export const XMM_RESULT = 17;
/** Index of the scratch XMM slot where an MMX instruction's destination is widened (./mmx.ts). */
export const XMM_MMX = 18;

/** MXCSR at reset: all exceptions masked, round to nearest. */
export const MXCSR_DEFAULT = 0x1f80;

export class Cpu {
  /** The 16 64-bit general registers as int32 halves: low half at [2*r], high half at [2*r+1]. */
  readonly gpr = new Int32Array(32);
  /** Address of the next instruction. */
  rip = 0;
  /** FS and GS segment bases (arch_prctl, wrfsbase); thread pointers. */
  fsBase = 0;
  gsBase = 0;

  /** RFLAGS; the status flags in it are exact only when `lazyOp` is LazyOp.None (see ./flags.ts). */
  flags = INITIAL_RFLAGS;
  /** The lazy flag record (./flags.ts). */
  lazyOp: number = LazyOp.None;
  lazyA = 0;
  lazyAHi = 0;
  lazyB = 0;
  lazyBHi = 0;
  lazyR = 0;
  lazyRHi = 0;

  /** High word of a 64-bit value returned by a helper (loads, 64-bit arithmetic). */
  hi = 0;

  /**
   * XMM0–15, four int32 words each, and typed views over the same bytes. Three more slots follow the
   * 16 registers: XMM_SOURCE (a memory source operand loaded for a handler), XMM_RESULT (a
   * result built before it is copied to its register, so sources may alias the destination) and
   * XMM_MMX (an MMX destination widened to 128 bits so the SSE lane operations can run on it).
   */
  readonly xmm = new Int32Array(19 * 4);
  readonly xmmU8 = new Uint8Array(this.xmm.buffer);
  readonly xmmI8 = new Int8Array(this.xmm.buffer);
  readonly xmmU16 = new Uint16Array(this.xmm.buffer);
  readonly xmmI16 = new Int16Array(this.xmm.buffer);
  readonly xmmU32 = new Uint32Array(this.xmm.buffer);
  readonly xmmF32 = new Float32Array(this.xmm.buffer);
  readonly xmmF64 = new Float64Array(this.xmm.buffer);
  /** SSE control/status register. */
  mxcsr = MXCSR_DEFAULT;
  /** The x87 unit's state (owned by the float engineer: ./x87-state.ts). */
  x87 = new X87State();

  /** Instructions retired since the CPU was created (`miros run --stats`). */
  instructionCount = 0;

  /**
   * Runs of a block before the code generator first compiles it (./jit/tier-settings.ts): TIER_OFF
   * never, TIER_ALWAYS before every run. Defaults to MIROS_JIT or TIER_THRESHOLDS.closures.
   */
  jitThreshold = thresholdFromEnvironment();
  /** Runs of a block before it compiles with inlined templates (TIER_OFF: never); MIROS_JIT_INLINE. */
  inlineThreshold = inlineThresholdFromEnvironment();
  /**
   * Set by a compiled function when an instruction throws: the block holding that instruction (a
   * member of the function's region, ./jit/region.ts) and the instruction's index in it.
   */
  faultIndex = 0;
  faultBlock: Block | null = null;
  /**
   * Set by a compiled region (./jit/region.ts) that returns from a member other than its head: the
   * block that ran last, whose successor the run loop then records (null otherwise).
   */
  exitBlock: Block | null = null;

  /** Decoded, bound instructions by address. */
  readonly blocks: BlockCache;

  constructor(
    readonly memory: AddressSpace,
    readonly host: CpuHost,
  ) {
    this.blocks = new BlockCache(memory);
  }

  /** RFLAGS with all status flags computed. */
  get rflags(): number {
    return readRflags(this);
  }

  /** Sets RFLAGS (the bits user code may change; IF and bit 1 stay set). */
  set rflags(value: number) {
    writeRflags(this, (value & USER_FLAGS) | INITIAL_RFLAGS);
  }

  /** Reads 64-bit register `r` as a JS number (exact below 2^53; for diagnostics and the kernel). */
  getRegister(r: number): number {
    return this.gpr[2 * r + 1]! * 4294967296 + (this.gpr[2 * r]! >>> 0);
  }

  /** Writes 64-bit register `r` from a JS number (a safe integer, possibly negative). */
  setRegister(r: number, value: number): void {
    const lo = value % 4294967296;
    this.gpr[2 * r] = lo;
    this.gpr[2 * r + 1] = Math.floor(value / 4294967296);
  }

  /**
   * Executes at most `budget` instructions starting at `rip`, then returns. Throws CpuTrap for a
   * synchronous fault (registers and rip as before the faulting instruction); any other exception
   * (from the host, e.g. process exit) propagates unchanged.
   */
  run(budget: number): void {
    const cache = this.blocks;
    let remaining = budget;
    let block: Block | null = null;
    let i = 0;
    let inCompiled = false;
    try {
      while (remaining > 0) {
        i = -1; // not inside a block until its first instruction starts
        const rip = this.rip;
        // The two blocks that followed this one most recently (a jcc's target and fall-through)
        // are checked before the address map: a loop whose branch alternates hits one of them.
        let next: Block | null = null;
        if (block !== null) {
          next = block.successor;
          if (next === null || next.start !== rip || !next.valid) {
            next = block.otherSuccessor;
            if (next === null || next.start !== rip || !next.valid) {
              next = cache.get(rip);
              block.otherSuccessor = block.successor;
            }
            block.successor = next;
          }
        } else next = cache.get(rip);
        const current: Block = next;
        block = current;
        const n = current.length;
        if (n <= remaining) {
          this.rip = current.end;
          const compiled = current.runs >= current.nextCheck ? this.promote(current, n) : current.compiled;
          if (compiled !== null) {
            // The compiled block may loop on itself up to `remaining` instructions; it sets rip.
            inCompiled = true;
            const done = compiled(this, remaining);
            inCompiled = false;
            // Whole runs only: `runs` stays a small integer (see Block.runs).
            current.runs += done === n ? 1 : (done / n) | 0;
            this.instructionCount += done;
            remaining -= done;
            const last = this.exitBlock;
            if (last !== null) {
              block = last;
              this.exitBlock = null;
            }
            continue;
          }
          // Only the interpreter's closures need `running` (a block overwriting its own code swaps
          // the closures left to run, block-cache.ts invalidatePage); a compiled function checks
          // its blocks' `valid` instead, so the compiled path skips this store.
          cache.running = current;
          const execs = current.execs;
          for (i = 0; i < n; i++) execs[i]!(this);
          current.runs++;
          this.instructionCount += n;
          remaining -= n;
          continue;
        }
        // The budget ends inside this block: run its first `remaining` instructions.
        const count = remaining;
        this.rip = current.addresses[count]!;
        if (this.jitThreshold === TIER_ALWAYS) {
          const compiled = compileBlock(this, current, count, this.inlineThreshold !== TIER_OFF);
          if (compiled !== null) {
            inCompiled = true;
            const done = compiled(this, count);
            inCompiled = false;
            this.instructionCount += done;
            remaining -= done;
            continue;
          }
        }
        cache.running = current;
        const execs = current.execs;
        for (i = 0; i < count; i++) execs[i]!(this);
        this.instructionCount += count;
        remaining -= count;
      }
    } catch (error) {
      if (inCompiled) {
        i = this.faultIndex;
        block = this.faultBlock ?? block;
      }
      if (block === null || i < 0) throw this.trapBeforeBlock(error);
      if (error === RESYNC) {
        // The running block's code was overwritten by instruction i-1: continue from instruction i.
        this.instructionCount += i;
        this.rip = block.addresses[i]!;
        cache.running = null;
        this.run(remaining - i);
        return;
      }
      if (error === REDIRECT) {
        // Instruction i, a jump through a slot that changed since the block was decoded through it
        // (block-cache.ts guardedJump), completed and set rip: drop the block, go on from there.
        this.instructionCount += i + 1;
        cache.drop(block);
        cache.running = null;
        this.run(remaining - i - 1);
        return;
      }
      this.instructionCount += i;
      this.rip = block.addresses[i]!;
      throw this.trapFrom(error, block.addresses[i]!, block.addresses[i + 1]!);
    } finally {
      cache.running = null;
    }
  }

  /**
   * Moves `block` up a tier when its run count says so (./jit/tier-settings.ts) and sets when to
   * look again; returns the function to run, or null to interpret the block.
   */
  private promote(block: Block, n: number): CompiledBlock | null {
    const first = this.jitThreshold;
    const inline = this.inlineThreshold;
    const tier = tierFor(block.runs, block.tier, first, inline);
    if (tier !== Tier.Interpreter) {
      // The inline tier chains the block with its hot successors (./jit/region.ts).
      const mode = tier === Tier.Inline ? regionMode() : 'off';
      const trace = mode === 'trace' || mode === 'tree';
      const lookup = (address: number) => this.blocks.peek(address);
      const members =
        tier !== Tier.Inline
          ? [block]
          : mode === 'tree'
            ? treeOf(block, regionMemberRuns(inline), lookup)
            : trace
              ? traceOf(block, regionMemberRuns(inline))
              : regionOf(block, lookup, regionMemberRuns(inline));
      const compiled = compileBlock(this, block, n, tier === Tier.Inline, members, trace, mode === 'tree');
      if (compiled === null) {
        // No code generation here (see ./jit/block-compiler.ts): the interpreter runs everything.
        this.jitThreshold = TIER_OFF;
        block.nextCheck = NEVER_CHECK;
        return block.compiled;
      }
      block.compiled = compiled;
      block.tier = tier;
    }
    block.nextCheck = nextCheck(block.tier, first, inline);
    return block.compiled;
  }

  /** A fault while fetching/decoding the first instruction of a block (rip unchanged). */
  private trapBeforeBlock(error: unknown): unknown {
    return this.trapFrom(error, this.rip, this.rip);
  }

  /** Converts a guest fault thrown by a handler into CpuTrap; other errors pass through. */
  private trapFrom(error: unknown, address: number, nextAddress: number): unknown {
    if (error instanceof GuestFault) {
      if (error.afterInstruction) {
        this.rip = nextAddress;
        this.instructionCount++;
      }
      const rip = this.rip;
      return new CpuTrap(error.signal, error.code, error.faultAddress ?? address, rip, error.detail);
    }
    if (error instanceof MemoryFault) {
      return new CpuTrap(SIGSEGV, error.code, error.address, address, error.message);
    }
    return error;
  }
}
