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

import { noteCompiledBlock } from '../../host/optimisation-budget.ts';
import { setV8Flags, startupFlags } from '../../host/v8-flags.ts';
import { Code } from '../../x86/codes.ts';
import { OperandKind } from '../../x86/instruction.ts';
import type { Block } from '../block-cache.ts';
import type { Cpu } from '../cpu.ts';
import { BlockEmitter } from './block-emitter.ts';
import { EXIT_LOCALS, exitsThroughTail, withExitTails } from './exit-tail.ts';
import { recordStatements } from './flag-source.ts';
import { reuseLocals } from './local-reuse.ts';
import { successorAddresses } from './region.ts';
import { TEMPLATES } from './templates.ts';

/** Placeholder for a self-loop's previous-iteration record in exits emitted before it is known. */
const LOOP_RECORD = '\u0000loop-record\u0000';

/** A block compiled to one JavaScript function: runs it, returns the instructions completed. */
export type CompiledBlock = (cpu: Cpu, limit: number) => number;

let available = true;
/** Makes every generated source unique (see `jitSource`). */
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
  const flag = `--max-inlined-bytecode-size-cumulative=${INLINED_BYTECODE_CUMULATIVE}`;
  // bin/miros starts Node with it: then neither node:v8 is loaded nor V8's flags change (a code
  // cache made later would not match).
  if (!startupFlags().includes(flag)) setV8Flags(flag);
}

/**
 * Compiles the first `count` instructions of `block`, with the templates inlined (`inline`, the
 * Inline tier) or every instruction a call to its closure (the Closures tier, ./tier-settings.ts);
 * `members` are the other blocks of its region (./region.ts; only when `count` is the whole block),
 * `linear` when they are a trace in emission order, `forward` when a trace member may also go on at
 * any member after it (a tree, ./region.ts treeOf); null when code generation is unavailable.
 */
export function compileBlock(
  cpu: Cpu,
  block: Block,
  count: number,
  inline = true,
  members: readonly Block[] = [block],
  linear = false,
  forward = false,
): CompiledBlock | null {
  if (!available) return null;
  if (!inliningRaised) raiseInliningBudget();
  noteCompiledBlock();
  const generated = codeGenerator.jitSource(block, count, inline, members, linear, forward);
  dumpSource(generated.source);
  let factory: (...values: unknown[]) => CompiledBlock;
  try {
    factory = new Function('block', ...CPU_STATE_NAMES, ...generated.names, generated.source) as typeof factory;
  } catch {
    available = false;
    return null;
  }
  const memory = cpu.memory;
  return factory(block, cpu.gpr, cpu.xmm, memory, memory.view, memory.bytes, memory.pageFlags, ...generated.values);
}

/**
 * `MIROS_JIT_DUMP=<file>`: every generated source is appended to the file, for reading what the
 * templates produce and measuring its size (the source's length drives TurboFan's compile time).
 */
function dumpSource(source: string): void {
  const node = (globalThis as { process?: NodeLike }).process;
  const file = node?.env?.MIROS_JIT_DUMP;
  if (file === undefined || file === '') return;
  const fs = node?.getBuiltinModule?.('node:fs') as { appendFileSync(path: string, text: string): void } | undefined;
  fs?.appendFileSync(file, `${source}\n//----\n`);
}
type NodeLike = { env?: Record<string, string | undefined>; getBuiltinModule?: (name: string) => unknown };

/**
 * The Cpu's state arrays, given to the factory and held in its `const`s (`g`, `x`, `m`, `v`, `b`,
 * `f`): a block belongs to one Cpu's block cache, and none of these is ever replaced (readonly in
 * Cpu and AddressSpace). Why not `cpu.gpr` at every call: TurboFan folds a factory's `const`
 * into a constant of the function it returns (one closure per factory), so a typed array's
 * backing store and length need not be loaded at each block entry; the prologue of a block was
 * six dependent loads per call, 96 M calls on the strings benchmark.
 */
const CPU_STATE_NAMES = ['cpuGpr', 'cpuXmm', 'cpuMemory', 'cpuView', 'cpuBytes', 'cpuPageFlags'];

/**
 * Whether the exit of instruction `k` (just emitted, not the block's last) is a transfer the block
 * cache decoded through: a direct jmp or call to the block's next instruction, or a `jmp [slot]`
 * (guarded: `guardedJumpExit`).
 */
export function continuesInBlock(e: BlockEmitter, block: Block, k: number): boolean {
  const inst = e.inst;
  const exit = e.exit;
  if (exit === null || (inst.code !== Code.JMP && inst.code !== Code.CALL)) return false;
  const kind = inst.operands[0]!.kind;
  if (exit.rip !== null) return inst.code === Code.JMP && kind === OperandKind.Memory;
  return kind === OperandKind.RelativeBranch && inst.branchTarget === block.addresses[k + 1];
}

/**
 * The early exit of a `jmp [slot]` inside a block (../block-cache.ts guardedJump): when the target
 * read (the local `rip`) is not the next instruction the block was decoded with, the flag record
 * (`record`, statements) is written, the block dropped (its next lookup decodes it again through
 * the new target), and the function returns with rip at that target and the jump counted.
 */
function guardedJumpExit(rip: string, expected: number, record: string, member: string, leave: string, count: number) {
  return `if (${rip} !== ${expected}) { ${record}cpu.blocks.drop(${member}); cpu.rip = ${rip}; ${leave}return done + ${count}; }`;
}

/**
 * The code generator, `jitSource`, as a method: the cached bundles' identifiers are minified
 * (scripts/cached-bundles.mjs), and a method keeps its name, which the
 * `--turbo-filter=-jitSource` of src/host/optimisation-budget.ts names.
 */
const codeGenerator = {
  /**
   * The source of the factory returning the block function, and the values it closes over.
   *
   * The function is a loop over the region's members (`members[0]` is `block`): `p` is the member
   * running, `done` the instructions completed before it started, `i` the region-wide index of the
   * instruction that may throw next. A member's exit to another member (its start address, by a
   * direct target or by comparing an indirect rip) continues there while that member is still valid
   * and its whole length fits in `limit`; any other exit sets rip and returns. Flags are written to
   * the Cpu's record at the end of every member, so each member starts with them there, as after the
   * run loop.
   *
   * Named for `--turbo-filter=-jitSource` (set for a long run, src/host/optimisation-budget.ts):
   * V8 leaves this one function out of TurboFan.
   * It runs once per compiled block, and TurboFan-compiling it (with the JIT's raised inlining
   * budget it inlines most of the templates) cost more than running it unoptimised saves: callgrind
   * of the strings benchmark at scale 1, 28.54 G host instructions with it optimised, 28.13 G without.
   */
  jitSource(
    block: Block,
    count: number,
    inline = true,
    members: readonly Block[] = [block],
    linear = false,
    forward = false,
  ): { source: string; names: string[]; values: unknown[] } {
    const e = new BlockEmitter();
    const body: string[] = [];
    // Flag records to write in the fault handler, by the region-wide indices of their instructions.
    const faultRecords = new Map<string, number[]>();
    const whole = count === block.execs.length;
    const region = whole ? members : [block];
    // A trace (./region.ts traceOf): member j+1 follows member j in the source and is entered by
    // falling through, without the switch; a transfer back to the head continues the loop.
    const chained = linear && region.length > 1;
    // In a trace, a member continues at the next one by falling through, or back at the head (the
    // function's loop); in a tree (`forward`) also at any later member, by a `break` out of the
    // labelled statement that ends where that member's code starts. Any other way is an exit.
    const continues = (from: number, j: number): boolean =>
      !chained || j === 0 || j === from + 1 || (forward && j > from);
    // Member index by start address: the targets a member's exit may continue at.
    const memberAt = new Map<number, number>();
    if (whole) for (let j = 0; j < region.length; j++) memberAt.set(region[j]!.start, j);
    // The members each member may continue at (an over-approximation: every successor address).
    const edges = region.map((member, from) => {
      const to = new Set<number>();
      for (const address of successorAddresses(member)) {
        const j = memberAt.get(address);
        if (j !== undefined && j !== 0 && continues(from, j)) to.add(j);
      }
      return to;
    });
    /** Member j is entered by a `break` from a member other than the one before it. */
    const labelled = region.map((_, j) => chained && j > 0 && edges.some((to, from) => from !== j - 1 && to.has(j)));
    /**
     * Member j starts with the flags in the Cpu's record and no register words in locals (the head,
     * a member entered other than by falling through from the one before): the ways into it write
     * the record first.
     */
    const fresh = region.map((_, j) => j === 0 || !chained || labelled[j]! || !edges[j - 1]!.has(j));
    /** The instructions done when member j starts, when every way into it agrees (else null). */
    const entryDone: (number | null)[] = [];
    const names = region.map((member, j) => (j === 0 ? 'block' : e.constant(member, 'member')));
    const lengths = region.map((member, j) => (j === 0 ? count : member.execs.length));
    for (let j = 0; j < region.length; j++) {
      if (j === 0) {
        entryDone.push(0);
        continue;
      }
      let agreed: number | null | undefined;
      for (let from = 0; from < j; from++) {
        if (!edges[from]!.has(j)) continue;
        const base = entryDone[from];
        const value = base === null || base === undefined ? null : base + lengths[from]!;
        agreed = agreed === undefined || agreed === value ? value : null;
      }
      entryDone.push(agreed ?? null);
    }
    /** The statement that goes on at member j from a member before it (not by falling through). */
    const enterMember = (j: number): string => (chained && j !== 0 ? `break m${j};` : 'continue;');
    const offsets: number[] = [];
    /** Index in `body` of each member's first line. */
    const memberStarts: number[] = [];

    /** The record a self-loop writes only where it leaves (empty: written before the exit). */
    let loopExitRecord = '';
    /**
     * A self-loop's copies, at its back-edge, of the locals its record reads (`previous = current;`):
     * a fault early in the next iteration writes the record from the copies, since that iteration
     * may already have assigned the originals again (a register word held in a local since the top
     * of the body, BlockEmitter.word).
     */
    let backEdgeCopies = '';
    /**
     * Statement naming member `from` as the one the function leaves from (`cpu.exitBlock`), so the
     * run loop records the successor of the block that really ran last: a region returning from a
     * member would otherwise overwrite its head's successor cache with the member's successors and
     * send the next transition through the address map.
     */
    const leaving = (from: number): string => (from > 0 ? `cpu.exitBlock = ${names[from]}; ` : '');
    /**
     * Flag record statements every way out of the member being emitted must write (ending with a
     * space), except the fall-through into the next member of a trace, which takes the flags on in
     * locals: empty when the record is exact already or written before the exits.
     */
    let exitRecord = '';
    /** Leaves member `from` after its `n` instructions toward the constant address `target`. */
    const transfer = (from: number, n: number, target: number): string[] => {
      const found = memberAt.get(target);
      const j = found !== undefined && continues(from, found) ? found : undefined;
      const record = `${loopExitRecord === '' ? '' : `${loopExitRecord} `}${exitRecord}`;
      if (j === undefined) return [`${record}cpu.rip = ${target};`, `${leaving(from)}return done + ${n};`];
      if (chained && j === from + 1) {
        // Falls through into the next member's source when it may run.
        return [
          `done += ${n};`,
          `if (!${names[j]}.valid || done + ${lengths[j]} > limit) { ${record}cpu.rip = ${target}; ${leaving(from)}return done; }`,
          `${fresh[j] ? exitRecord : ''}cpu.rip = ${region[j]!.end}; p = ${j};`,
        ];
      }
      return [
        `done += ${n};`,
        `if (${names[j]}.valid && done + ${lengths[j]} <= limit) { ${exitRecord}${backEdgeCopies}cpu.rip = ${region[j]!.end}; p = ${j}; ${enterMember(j)} }`,
        `${record}cpu.rip = ${target};`,
        `${leaving(from)}return done;`,
      ];
    };
    /** Leaves member `from` after its `n` instructions toward the rip in the local `rip`. */
    const transferIndirect = (fromIndex: number, n: number, rip: string): string[] => {
      const from = region[fromIndex]!;
      const record = exitRecord;
      const lines = [`done += ${n};`];
      const tried = new Set<number>();
      let next: number | undefined;
      for (const address of successorAddresses(from)) {
        const j = memberAt.get(address);
        if (j === undefined || tried.has(j) || !continues(fromIndex, j)) continue;
        tried.add(j);
        if (chained && j === fromIndex + 1) {
          next = address;
          continue;
        }
        lines.push(
          `if (${rip} === ${address} && ${names[j]}.valid && done + ${lengths[j]} <= limit) ` +
            `{ ${record}cpu.rip = ${region[j]!.end}; p = ${j}; ${enterMember(j)} }`,
        );
      }
      if (next === undefined) {
        lines.push(`${record}cpu.rip = ${rip};`, `${leaving(fromIndex)}return done;`);
        return lines;
      }
      const j = fromIndex + 1;
      lines.push(
        `if (${rip} !== ${next} || !${names[j]}.valid || done + ${lengths[j]} > limit) { ${record}cpu.rip = ${rip}; ${leaving(fromIndex)}return done; }`,
        `${fresh[j] ? record : ''}cpu.rip = ${region[j]!.end}; p = ${j};`,
      );
      return lines;
    };

    let offset = 0;
    for (let j = 0; j < region.length; j++) {
      const member = region[j]!;
      const n = lengths[j]!;
      offsets.push(offset);
      if (region.length > 1 && !chained) body.push(`case ${j}: {`);
      // The end of the labelled statement a `break m<j>` leaves (its start is before the body).
      if (labelled[j]) body.push(`} // m${j}`);
      const memberStart = body.length;
      memberStarts.push(memberStart);
      loopExitRecord = '';
      backEdgeCopies = '';
      exitRecord = '';
      // A trace's member after the first is entered only by falling through from the one before:
      // the flags of that one's last writer are still in locals (the record is written only on the
      // ways out), so a member starting with a flag writer costs no record stores at all.
      if (fresh[j]) e.enter();
      // Instructions that may throw before the member's first inlined flag writer (see selfLoop).
      const beforeOwnFlags: number[] = [];
      for (let k = 0; k < n; k++) {
        const inst = member.instructions[k];
        const pendingBefore = e.pending;
        const ownFlagsBefore = e.ownFlags;
        let inlined = false;
        if (inst !== undefined) {
          e.begin(inst, k);
          const template = inline ? TEMPLATES.get(inst.code) : undefined;
          inlined = template?.(e) === true && (e.exit === null || k === n - 1 || continuesInBlock(e, member, k));
          // A jmp or call the block was decoded through (../block-cache.ts) falls through; a jump
          // through a slot first checks the slot still leads there (also as the last of a partial
          // run's `count`, whose rip is preset to the next instruction).
          if (inlined && k < member.execs.length - 1) {
            const rip = e.exit?.rip ?? null;
            if (rip !== null) {
              const record = e.pending !== null ? `${recordStatements(e.pending)} ` : e.ownFlags ? '' : LOOP_RECORD;
              e.emit(guardedJumpExit(rip, member.addresses[k + 1]!, record, names[j]!, leaving(j), k + 1));
            }
            e.exit = null;
          }
        }
        if (!inlined) {
          // The interpreter's closure: the Cpu's flags must be exact before it and are its own after.
          e.begin(inst!, k);
          e.materialize();
          e.readsCpuFlags();
          e.emit(`${e.constant(member.execs[k], 'exec')}(cpu);`);
          e.forgetRegisters();
          e.flagsInCpu();
          e.mayThrow = true;
          e.mayStore = true;
        }
        if (e.mayThrow) {
          body.push(`i = ${offset + k};`);
          if (!ownFlagsBefore) beforeOwnFlags.push(offset + k);
          if (pendingBefore !== null) {
            const record = recordStatements(pendingBefore);
            const list = faultRecords.get(record);
            if (list === undefined) faultRecords.set(record, [offset + k]);
            else list.push(offset + k);
          }
        }
        body.push(...e.lines);
        if (e.mayStore && k < n - 1) {
          // Before the first writer, a self-loop's previous iteration may hold the flags (LOOP_RECORD).
          const record = e.pending !== null ? `${recordStatements(e.pending)} ` : e.ownFlags ? '' : LOOP_RECORD;
          // An inlined store can have hit code only through its slow path, which sets `cw`
          // (BlockEmitter.store); an interpreter closure may have written anywhere.
          const invalid = inlined ? `cw !== 0 && !${names[j]}.valid` : `!${names[j]}.valid`;
          body.push(
            `if (${invalid}) { ${record}cpu.rip = ${member.addresses[k + 1]}; ${leaving(j)}return done + ${k + 1}; }`,
          );
        }
      }
      const exit = n === member.execs.length ? e.exit : null;
      // A single block looping on itself whose body never reads the flags it starts with need not
      // write the record at its back-edge, only where it leaves (most loops end in `cmp; jcc` and
      // would otherwise store 4-7 Cpu fields per iteration). A fault in a later iteration before the
      // block's first writer then writes the previous iteration's record, still in its locals.
      const selfLoop =
        region.length === 1 &&
        e.pending !== null &&
        !e.entryFlagsRead &&
        exit !== null &&
        exit.rip === null &&
        exit.target === member.start &&
        memberAt.get(member.start) === j;
      if (selfLoop) {
        loopExitRecord = recordStatements(e.pending!);
        const originals = [...new Set(loopExitRecord.match(/\bt\d+\b/g) ?? [])];
        const copies = new Map(originals.map((local) => [local, e.local()]));
        backEdgeCopies = originals.map((local) => `${copies.get(local)} = ${local}; `).join('');
        const previousRecord = loopExitRecord.replace(/\bt\d+\b/g, (local) => copies.get(local)!);
        const loopRecord = `if (done > 0) { ${previousRecord} }`;
        const list = faultRecords.get(loopRecord);
        // (an empty list would make a `switch` entry without a case label: a syntax error)
        if (list === undefined) {
          if (beforeOwnFlags.length > 0) faultRecords.set(loopRecord, [...beforeOwnFlags]);
        } else list.push(...beforeOwnFlags);
        for (let line = memberStart; line < body.length; line++) {
          body[line] = body[line]!.replace(LOOP_RECORD, `${loopRecord} `);
        }
      } else {
        for (let line = memberStart; line < body.length; line++) body[line] = body[line]!.replace(LOOP_RECORD, '');
        // The exit: the flag record becomes exact, then rip is set (the run loop preset it to the
        // head's end; a member entered from another one had it preset to its own end likewise).
        // In a trace, on every way out but the fall-through into the next member.
        if (e.pending !== null) {
          if (chained && j < region.length - 1) exitRecord = `${recordStatements(e.pending)} `;
          else body.push(recordStatements(e.pending));
        }
      }
      if (n < member.execs.length) body.push(`return done + ${n};`);
      else if (exit !== null && exit.rip !== null) body.push(...transferIndirect(j, n, exit.rip));
      else if (exit !== null) {
        if (exit.condition === 'true') body.push(...transfer(j, n, exit.target));
        else if (chained) {
          // An else: in a trace the way on to the next member falls out of this statement.
          body.push(`if (${exit.condition}) {`, ...transfer(j, n, exit.target), '} else {');
          body.push(...transfer(j, n, member.end), '}');
        } else {
          body.push(`if (${exit.condition}) {`, ...transfer(j, n, exit.target), '}');
          body.push(...transfer(j, n, member.end));
        }
      } else {
        // The last instruction was a closure (it set rip if it jumped) or not a control transfer.
        const rip = e.local();
        body.push(`${rip} = cpu.rip;`, ...transferIndirect(j, n, rip));
      }
      if (region.length > 1 && !chained) body.push('}');
      offset += n;
    }

    // Only a function that goes round (a self-loop, a trace back to its head, a region's `switch`)
    // is a loop: 313 of strings 2's 328 functions never do, and a `for (;;)` around their body made
    // TurboFan build a loop (phis for every local, loop analysis and peeling, OSR checks) for nothing.
    const loops = body.some((line) => line.includes('continue;'));
    if (!loops) {
      // Then `done` is a constant in each member: its offset in the function, plus its length once
      // its exit has added it (`done += n`, before every `return done;`). A return of a constant
      // needs no type feedback: `return done + 4` on an exit never taken before TurboFan compiled
      // the function was a soft deoptimisation (insufficient feedback for a binary operation) and
      // a second compilation of the whole function when that exit was first taken.
      for (let j = 0; j < region.length; j++) {
        const end = j + 1 < region.length ? memberStarts[j + 1]! : body.length;
        const base = entryDone[j];
        // (a member reached with different counts by different ways returns `done`, kept up to date)
        if (base === null || base === undefined) continue;
        const whole = base + lengths[j]!;
        for (let line = memberStarts[j]!; line < end; line++) {
          body[line] = body[line]!.replace(
            /return done \+ (\d+);/g,
            (_, n: string) => `return ${base + Number(n)};`,
          ).replace(/return done;/g, `return ${whole};`);
        }
      }
    }

    // Locals whose values are dead share names (./local-reuse.ts); only in straight-line functions.
    let records: ReadonlyMap<string, readonly number[]> = faultRecords;
    let declared = e.locals;
    if (!loops) {
      const reused = reuseLocals(body, faultRecords);
      body.splice(0, body.length, ...reused.body);
      records = reused.records;
      declared = reused.locals;
    }
    const labelOpenings: string[] = [];
    for (let j = region.length - 1; j > 0; j--) if (labelled[j]) labelOpenings.push(`m${j}: {`);
    const handler: string[] = [];
    for (const [record, indices] of records) {
      handler.push(`${indices.map((k) => `case ${k}:`).join(' ')} ${record} break;`);
    }
    // One source per block, never shared: V8 caches `new Function` by source text together with
    // its feedback, so two blocks with the same source would share call feedback and their call
    // sites would turn megamorphic. The name also makes profiles readable.
    const name = `block_${block.start.toString(16)}_${serial++}`;
    const locals = declared.length === 0 ? '' : `let ${declared.map((l) => `${l} = 0`).join(', ')};`;
    const regionBlocks = e.constant(region, 'region');
    const regionOffsets = e.constant(offsets, 'offsets');
    const source = [
      '"use strict";',
      'const g = cpuGpr, x = cpuXmm, m = cpuMemory, v = cpuView, b = cpuBytes, f = cpuPageFlags;',
      `return function ${name}(cpu, limit) {`,
      'let i = 0, done = 0, p = 0, cw = 0;',
      locals,
      // The exits' values (./exit-tail.ts).
      `let ${EXIT_LOCALS.map((l) => `${l} = 0`).join(', ')}, xm = null;`,
      ...withExitTails([
        'try {',
        ...(loops ? ['for (;;) {'] : []),
        ...(region.length > 1 && !chained ? ['switch (p) {'] : []),
        exitsThroughTail([...labelOpenings, ...body].join('\n')),
        ...(region.length > 1 && !chained ? ['}'] : []),
        ...(loops ? ['}'] : []),
        '} catch (error) {',
        `    cpu.faultBlock = ${regionBlocks}[p];`,
        `    cpu.faultIndex = i - ${regionOffsets}[p];`,
        '    cpu.instructionCount += done;',
        handler.length === 0 ? '' : `    switch (i) { ${handler.join(' ')} }`,
        '    throw error;',
        '  }',
        // (every way through the body leaves: reaching this is a bug of this compiler)
        ...(loops ? [] : ["  throw new Error('miros: a compiled block ran past its exits');"]),
      ]),
      '};',
    ].join('\n');
    return { source, names: e.parameterNames, values: e.parameterValues };
  },
};
