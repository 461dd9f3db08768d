// The hot-block tier: a hot block becomes one generated JavaScript function.
//
// Why: the interpreter runs a block as `for (i…) execs[i](cpu)`: an indirect, megamorphic call per
// instruction, register values going through the Int32Array and the lazy-flag record through Cpu
// fields every time. The generated function instead contains the semantics of the common integer
// instructions as source (./templates.ts: one table, instruction family → source), so V8 compiles a
// block into straight-line machine code; flags stay in locals and the Cpu's record is written only
// where it may be read (./flag-source.ts); a condition after an inlined writer is a comparison of
// locals. Any other instruction calls its bound interpreter closure from its own call site
// (monomorphic, so V8 may still inline it); the Cpu's flag record is made exact before the call.
// A block whose last instruction jumps back to its own start loops inside the function, within
// the instruction budget the run loop gives it.
//
// Contract of a compiled block: `(cpu, limit) => number` runs the first `count` instructions of
// the block (repeatedly when it loops, never more than `limit` instructions in all; the run loop
// sets rip to the block's end, i.e. `addresses[count]`, before calling) and returns how many
// instructions it completed. It leaves rip and the flag record as the interpreter would. It stops
// early, with rip at the next instruction, when an instruction wrote into the block's own code
// (the block became invalid: self-modifying code must be seen at the next instruction, as on
// hardware). When an instruction throws, the function leaves that instruction's index in
// `cpu.faultIndex`, adds the instructions of completed loop iterations to `cpu.instructionCount`,
// writes the flag record as it was before that instruction, and rethrows: the run loop then reports
// the faulting instruction exactly as the interpreter does (registers are always in the Cpu, and
// every template does its loads before its first register write).
//
// `new Function` may be unavailable (a browser page with a strict Content-Security-Policy): the
// first failure switches the tier off and the interpreter runs everything.

import type { Block } from '../block-cache.ts';
import type { Cpu } from '../cpu.ts';
import { BlockEmitter } from './block-emitter.ts';
import { recordStatements } from './flag-source.ts';
import { TEMPLATES } from './templates.ts';

/** A block compiled to one JavaScript function: runs it, returns the instructions completed. */
export type CompiledBlock = (cpu: Cpu, limit: number) => number;

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

/**
 * Compiles the first `count` instructions of `block`, with the templates inlined (`inline`, the
 * Inline tier) or every instruction a call to its closure (the Closures tier, ./tier-settings.ts);
 * null when code generation is unavailable.
 */
export function compileBlock(block: Block, count: number, inline = true): CompiledBlock | null {
  if (!available) return null;
  if (!inliningRaised) raiseInliningBudget();
  const generated = generate(block, count, inline);
  let factory: (...values: unknown[]) => CompiledBlock;
  try {
    factory = new Function('block', ...generated.names, generated.source) as typeof factory;
  } catch {
    available = false;
    return null;
  }
  return factory(block, ...generated.values);
}

/** The source of the factory returning the block function, and the values it closes over. */
export function generate(
  block: Block,
  count: number,
  inline = true,
): { source: string; names: string[]; values: unknown[] } {
  const e = new BlockEmitter();
  const body: string[] = [];
  // Flag records to write in the fault handler, by the indices of the instructions they apply to.
  const faultRecords = new Map<string, number[]>();
  const loops = count === block.execs.length;
  for (let k = 0; k < count; k++) {
    const inst = block.instructions[k];
    const pendingBefore = e.pending;
    let inlined = false;
    if (inst !== undefined) {
      e.begin(inst, k);
      const template = inline ? TEMPLATES.get(inst.code) : undefined;
      inlined = template?.(e) === true && (e.exit === null || k === count - 1);
    }
    if (!inlined) {
      // The interpreter's closure: the Cpu's flags must be exact before it and are its own after.
      e.begin(inst!, k);
      e.materialize();
      e.emit(`${e.constant(block.execs[k], 'exec')}(cpu);`);
      e.flagsInCpu();
      e.mayThrow = true;
      e.mayStore = true;
    }
    if (e.mayThrow) {
      body.push(`i = ${k};`);
      if (pendingBefore !== null) {
        const record = recordStatements(pendingBefore);
        const list = faultRecords.get(record);
        if (list === undefined) faultRecords.set(record, [k]);
        else list.push(k);
      }
    }
    body.push(...e.lines);
    if (e.mayStore && k < count - 1) {
      const record = e.pending === null ? '' : `${recordStatements(e.pending)} `;
      body.push(`if (!block.valid) { ${record}cpu.rip = ${block.addresses[k + 1]}; return done + ${k + 1}; }`);
    }
  }
  // The exit: the flag record becomes exact, then rip is set (the run loop preset it to the end).
  if (e.pending !== null) body.push(recordStatements(e.pending));
  const exit = e.exit;
  if (exit !== null && exit.rip !== null) body.push(`cpu.rip = ${exit.rip};`);
  else if (exit !== null && loops && exit.target === block.start) {
    body.push(
      `if (${exit.condition}) {`,
      `  done += ${count};`,
      `  if (block.valid && done + ${count} <= limit) continue;`,
      `  cpu.rip = ${exit.target};`,
      '  return done;',
      '}',
    );
  } else if (exit !== null) body.push(`if (${exit.condition}) cpu.rip = ${exit.target};`);
  body.push(`return done + ${count};`);

  const handler: string[] = [];
  for (const [record, indices] of faultRecords) {
    handler.push(`${indices.map((k) => `case ${k}:`).join(' ')} ${record} break;`);
  }
  // One source per block, never shared: V8 caches `new Function` by source text together with
  // its feedback, so two blocks with the same source would share call feedback and their call
  // sites would turn megamorphic. The name also makes profiles readable.
  const name = `block_${block.start.toString(16)}_${serial++}`;
  const locals = e.locals.length === 0 ? '' : `  let ${e.locals.map((l) => `${l} = 0`).join(', ')};`;
  const source = [
    '"use strict";',
    `return function ${name}(cpu, limit) {`,
    '  const g = cpu.gpr, m = cpu.memory, v = m.view;',
    '  let i = 0, done = 0;',
    locals,
    '  try {',
    '    for (;;) {',
    ...body.map((line) => `      ${line}`),
    '    }',
    '  } catch (error) {',
    '    cpu.faultIndex = i;',
    '    cpu.instructionCount += done;',
    handler.length === 0 ? '' : `    switch (i) { ${handler.join(' ')} }`,
    '    throw error;',
    '  }',
    '};',
  ].join('\n');
  return { source, names: e.parameterNames, values: e.parameterValues };
}
