// The hot-block tier: one generated JavaScript function per hot block.
//
// Why: the interpreter runs a block as `for (i…) execs[i](cpu)`. That call site sees every
// handler closure in the program, so V8 can neither predict nor inline it, and each instruction
// pays an indirect megamorphic call plus the loop around it. A generated function that calls the
// same bound closures one after another, each from its own call site, gives V8 one monomorphic
// call per instruction: TurboFan inlines the handler bodies (register reads, the lazy-flag
// record, the address function) into one straight-line function per block and keeps values in
// machine registers between them. Semantics stay single-source: the generated code contains no
// instruction semantics of its own, only the sequence of the bound closures the interpreter uses.
//
// Contract of a compiled block: `(cpu) => number` runs the first `count` instructions of the
// block and returns how many it completed. It stops early (returning k) when instruction k-1
// wrote into the block's own code (the block became invalid: self-modifying code must be seen at
// the next instruction, as on hardware). When an instruction throws, the index of that
// instruction is left in `cpu.faultIndex` before the exception propagates, so the run loop can
// report the faulting instruction's address exactly as the interpreter does.
//
// `new Function` may be unavailable (a browser page with a strict Content-Security-Policy): the
// first failure switches the tier off and the interpreter runs everything.

import type { Block } from '../block-cache.ts';
import type { Cpu } from '../cpu.ts';
import type { Exec } from '../registry.ts';

/** A block compiled to one JavaScript function: runs it, returns the instructions completed. */
export type CompiledBlock = (cpu: Cpu) => number;

/** Binds a generated block function to its block and handler closures. */
type Factory = (block: Block, ...execs: Exec[]) => CompiledBlock;

let available = true;
/** Makes every generated source unique (see `generateSource`). */
let serial = 0;
let inliningRaised = false;

/**
 * TurboFan's inlining budget per optimised function. V8's default (920 bytes of bytecode inlined
 * into one function in total) covers a handful of handler closures, so in a block of 30
 * instructions most calls stayed calls — and every int32 result above 2^30 crossing a call
 * boundary is a heap-allocated number (Smis are 31-bit with pointer compression): a quarter of
 * the hash benchmark's time was the garbage collector. Raised once, on the first compiled block,
 * through node:v8 where it exists (the flag is read at each optimisation; elsewhere nothing
 * happens and the tier still works, only slower).
 */
const INLINED_BYTECODE_CUMULATIVE = 20000;

function raiseInliningBudget(): void {
  inliningRaised = true;
  type V8 = { setFlagsFromString(flags: string): void };
  const node = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  try {
    const v8 = node?.getBuiltinModule?.('node:v8') as V8 | undefined;
    v8?.setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${INLINED_BYTECODE_CUMULATIVE}`);
  } catch {
    // Not Node, or the flag is unknown to this V8: the default budget stays.
  }
}

/** Compiles the first `count` instructions of `block`; null when code generation is unavailable. */
export function compileBlock(block: Block, count: number): CompiledBlock | null {
  if (!available) return null;
  if (!inliningRaised) raiseInliningBudget();
  let factory: Factory;
  try {
    factory = new Function('block', ...parameterNames(count), generateSource(block, count)) as Factory;
  } catch {
    available = false;
    return null;
  }
  return factory(block, ...block.execs.slice(0, count));
}

function parameterNames(count: number): string[] {
  const names: string[] = [];
  for (let k = 0; k < count; k++) names.push(`e${k}`);
  return names;
}

/**
 * The body of a factory: returns the block function. The index of the running instruction is
 * kept in a local (a register move per instruction) and published only when something throws.
 */
function generateSource(block: Block, count: number): string {
  // One source per block, never shared: V8 caches `new Function` by source text together with
  // its feedback, so two blocks with the same source would share call feedback and their call
  // sites would turn megamorphic. The name also makes profiles readable.
  const name = `block_${block.start.toString(16)}_${serial++}`;
  const lines = ['"use strict";', `return function ${name}(cpu) {`, '  let i = 0;', '  try {'];
  for (let k = 0; k < count; k++) {
    if (k > 0) lines.push(`    i = ${k};`);
    lines.push(`    e${k}(cpu);`);
    if (k < count - 1) lines.push(`    if (!block.valid) return ${k + 1};`);
  }
  lines.push(`    return ${count};`, '  } catch (error) {', '    cpu.faultIndex = i;', '    throw error;', '  }', '};');
  return lines.join('\n');
}
