// Where a program's instructions run: inlined in generated code, as closure calls from generated
// code, or in the interpreter (blocks never compiled). `MIROS_JIT_PROFILE=1 miros run …` prints
// this at exit (src/cli/run.ts): the instruction families by executions, so the next template to
// write is the one with the most closure calls and interpreted runs.
//
// Executions are estimated from each cached block's run count (a partial run counts as the whole
// block; blocks dropped by code writes are not seen), enough to rank families.

import { codeName } from '../../x86/codes.ts';
import { OperandKind } from '../../x86/instruction.ts';
import type { Block, BlockCache } from '../block-cache.ts';
import { continuesInBlock } from './block-compiler.ts';
import { BlockEmitter } from './block-emitter.ts';
import { TEMPLATES } from './templates.ts';
import { Tier } from './tier-settings.ts';

/** Executions of one instruction family by where they ran. */
export interface FamilyCounts {
  name: string;
  inlined: number;
  closure: number;
  interpreted: number;
}

/** Whether each of the block's instructions is inlined by its template (as block-compiler.ts decides). */
export function inlinedInstructions(block: Block): boolean[] {
  const e = new BlockEmitter();
  e.enter();
  const n = block.instructions.length;
  const inlined: boolean[] = [];
  for (let k = 0; k < n; k++) {
    const inst = block.instructions[k]!;
    e.begin(inst, k);
    const template = TEMPLATES.get(inst.code);
    const ok = template?.(e) === true && (e.exit === null || k === n - 1 || continuesInBlock(e, block, k));
    if (!ok) {
      e.begin(inst, k);
      e.flagsInCpu();
    }
    inlined.push(ok);
  }
  return inlined;
}

/** A family name: the mnemonic and its operand kinds (r register, m memory, i immediate). */
function familyName(block: Block, k: number): string {
  const inst = block.instructions[k]!;
  const kinds: string[] = [];
  for (let j = 0; j < inst.operandCount; j++) {
    const op = inst.operands[j]!;
    const kind =
      op.kind === OperandKind.Memory
        ? 'm'
        : op.kind === OperandKind.Register
          ? 'r'
          : op.kind === OperandKind.Immediate || op.kind === OperandKind.Constant
            ? 'i'
            : 'x';
    kinds.push(`${kind}${op.size * 8}`);
  }
  return `${codeName(inst.code)} ${kinds.join(',')}`;
}

/** Block runs (run-loop transitions) and the instructions they executed, over every cached block. */
export function blockTotals(cache: BlockCache): { runs: number; instructions: number } {
  let runs = 0;
  let instructions = 0;
  for (const block of cache.blocks()) {
    runs += block.runs;
    instructions += block.runs * block.instructions.length;
  }
  return { runs, instructions };
}

/** Counts by family over every cached block, most executed first. */
export function profileBlocks(cache: BlockCache): FamilyCounts[] {
  const families = new Map<string, FamilyCounts>();
  for (const block of cache.blocks()) {
    if (block.runs === 0 || block.instructions.length === 0) continue;
    const inlined = block.tier === Tier.Inline ? inlinedInstructions(block) : null;
    for (let k = 0; k < block.instructions.length; k++) {
      const name = familyName(block, k);
      let counts = families.get(name);
      if (counts === undefined) {
        counts = { name, inlined: 0, closure: 0, interpreted: 0 };
        families.set(name, counts);
      }
      if (block.tier === Tier.Interpreter) counts.interpreted += block.runs;
      else if (inlined?.[k] === true) counts.inlined += block.runs;
      else counts.closure += block.runs;
    }
  }
  const total = (c: FamilyCounts) => c.closure + c.interpreted;
  return [...families.values()].sort((x, y) => total(y) - total(x));
}

/** The profile as text: totals, then the `top` families with the most non-inlined executions. */
export function formatProfile(families: readonly FamilyCounts[], top = 40): string {
  let inlined = 0;
  let closure = 0;
  let interpreted = 0;
  for (const c of families) {
    inlined += c.inlined;
    closure += c.closure;
    interpreted += c.interpreted;
  }
  const m = (n: number) => (n / 1e6).toFixed(2).padStart(8);
  const lines = [
    `miros: jit profile (M executions): inlined ${m(inlined)} closure ${m(closure)} interpreted ${m(interpreted)}`,
    `${'family'.padEnd(36)} ${'closure'.padStart(8)} ${'interp'.padStart(8)} ${'inlined'.padStart(8)}`,
  ];
  for (const c of families.slice(0, top)) {
    lines.push(`${c.name.padEnd(36)} ${m(c.closure)} ${m(c.interpreted)} ${m(c.inlined)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Block runs by the mnemonic of the block's last instruction, most first: which transfers end the
 * run-loop transitions (a direct jmp or call could continue the block; a ret or jcc cannot).
 */
export function blockEnds(cache: BlockCache, top = 8): string {
  const ends = new Map<string, number>();
  for (const block of cache.blocks()) {
    const last = block.instructions[block.instructions.length - 1];
    if (block.runs === 0 || last === undefined) continue;
    const name = codeName(last.code);
    ends.set(name, (ends.get(name) ?? 0) + block.runs);
  }
  const sorted = [...ends].sort((x, y) => y[1] - x[1]).slice(0, top);
  return `miros: jit profile: block runs by last instruction (M): ${sorted.map(([name, runs]) => `${name} ${(runs / 1e6).toFixed(2)}`).join(', ')}\n`;
}

/** The whole report `MIROS_JIT_PROFILE=1` prints: block runs, then the families. */
export function profileReport(cache: BlockCache): string {
  const totals = blockTotals(cache);
  const perRun = totals.runs > 0 ? totals.instructions / totals.runs : 0;
  const head = `miros: jit profile: ${totals.runs} block runs, ${perRun.toFixed(2)} instructions per run\n`;
  return head + blockEnds(cache) + formatProfile(profileBlocks(cache));
}
