// Block chaining: which blocks a hot block's generated function contains besides its own.
//
// Why: a compiled block used to return to Cpu.run after every pass, and the run loop then found the
// next block (a successor check or a map lookup), counted, and called that block's function — a
// megamorphic call through a field, with the lazy-flag record and the instruction counters written
// back each time. On code made of short blocks (a quicksort's compare-and-swap loop, call/ret pairs)
// that transition cost as much as the blocks themselves (the sort micro-benchmark: 30% of its
// profile in the run loop). A region is the head block plus the hot blocks reachable from it
// through its exits; the generated function runs a member, and when the member's exit leads to
// another member it continues there (`p = j; continue`) instead of returning: a loop spanning
// several blocks, or a call into a small function and the return from it, stays inside one
// function, and V8 optimises the whole of it together.
//
// Members are blocks already decoded and run at least `minRuns` times (tier-settings.ts
// `regionMemberRuns`): a cold exit (an error path) stays an exit to the run loop, so compile time
// goes to code that runs. Each member keeps its own exactness (faults, code writes, the budget):
// see block-compiler.ts.

import { Code } from '../../x86/codes.ts';
import { OperandKind } from '../../x86/instruction.ts';
import type { Block } from '../block-cache.ts';

/** Most blocks in one region (bounds the generated source and V8's compile time per block). */
const MAX_REGION_BLOCKS = 4;
/** Most instructions in one region, all members together. */
const MAX_REGION_INSTRUCTIONS = 48;

/**
 * Addresses where execution may continue after `block`: the direct targets of its last instruction,
 * the fall-through (unless that instruction is an unconditional jmp or ret), and the blocks the run
 * loop saw after it last (`successor`, `otherSuccessor`: a ret's or an indirect jump's targets).
 */
export function successorAddresses(block: Block): number[] {
  const out: number[] = [];
  const last = block.instructions[block.instructions.length - 1];
  if (last !== undefined) {
    const direct = last.operandCount > 0 && last.operands[0]!.kind === OperandKind.RelativeBranch;
    if (direct) out.push(last.branchTarget);
    if (last.code !== Code.RET && last.code !== Code.JMP) out.push(block.end);
  }
  if (block.successor !== null) out.push(block.successor.start);
  if (block.otherSuccessor !== null) out.push(block.otherSuccessor.start);
  return out;
}

/**
 * The blocks of `head`'s region, head first: breadth-first over successor addresses, taking blocks
 * that `lookup` finds (decoded, cached), still valid, made of decoded guest instructions (not a host
 * entry) and run at least `minRuns` times, within the region's size limits.
 */
export function regionOf(head: Block, lookup: (address: number) => Block | undefined, minRuns: number): Block[] {
  const members = [head];
  const seen = new Set<number>([head.start]);
  let instructions = head.execs.length;
  for (let q = 0; q < members.length && members.length < MAX_REGION_BLOCKS; q++) {
    for (const address of successorAddresses(members[q]!)) {
      if (seen.has(address) || members.length >= MAX_REGION_BLOCKS) continue;
      seen.add(address);
      const block = lookup(address);
      if (block === undefined || !block.valid || block.runs < minRuns) continue;
      const n = block.execs.length;
      if (n === 0 || block.instructions.length !== n || instructions + n > MAX_REGION_INSTRUCTIONS) continue;
      members.push(block);
      instructions += n;
    }
  }
  return members;
}

/** Most blocks in one trace (4 before session 11: strings 2 made 43.7 M transitions, 40.6 M with 8). */
const MAX_TRACE_BLOCKS = 8;
/** Most instructions in one trace, all members together. */
const MAX_TRACE_INSTRUCTIONS = 128;

/**
 * The blocks of `head`'s trace, head first: a line along the successor each block had last time
 * it ran (`successor`: for a jcc that always goes one way, a ret to one caller, the only one; for a
 * block whose exit has gone both ways, the way it went last), each decoded, valid, run at least
 * `minRuns` times, not yet in the trace and without a compiled function of its own. The generated
 * function runs them one after the other (block-compiler.ts `linear`): any other way is an exit to
 * the run loop. Following only successors that never changed (`otherSuccessor` still null, before
 * session 11) stopped at every two-way branch: strings 2 made 40.6 M run-loop transitions with it,
 * 26.7 M without, for 4,760 against 4,920 instructions compiled.
 *
 * Why a block with its own function ends the trace: its code would be compiled a second time, and
 * TurboFan's time grows with the source it optimises (about 1.2 µs per character of generated
 * source on this machine). Traces through such blocks doubled the code compiled on the strings
 * benchmark (6,942 instructions compiled for 3,561 distinct ones): TurboFan's share of its CPU time
 * went from 12% to 24% (perf samples), eating what the fewer run-loop transitions saved (75 M ->
 * 32 M). Ending there instead: 4,397 instructions compiled, 44 M transitions. The transition to
 * that block goes through the run loop, into the function (and trace) it already has.
 */
export function traceOf(head: Block, minRuns: number): Block[] {
  const members = [head];
  let instructions = head.execs.length;
  let last = head;
  while (members.length < MAX_TRACE_BLOCKS) {
    const next = last.successor;
    if (!joins(next, members, instructions, minRuns)) break;
    members.push(next!);
    instructions += next!.length;
    last = next!;
  }
  return members;
}

/** Whether `block` may join the trace `members` (of `instructions` so far): traceOf's rules. */
function joins(block: Block | null, members: readonly Block[], instructions: number, minRuns: number): boolean {
  if (block === null || !block.valid || block.runs < minRuns) return false;
  if (members.includes(block) || block.compiled !== null) return false;
  const n = block.execs.length;
  return n > 0 && block.instructions.length === n && instructions + n <= MAX_TRACE_INSTRUCTIONS;
}

/**
 * `MIROS_JIT_REGION=tree` (session 15, not the default): `head`'s trace (traceOf) and, while the
 * same budget lasts, the other ways of its members — a conditional jump's way not taken last time,
 * a ret's or an indirect jump's earlier target — each followed along its own last successors, by
 * traceOf's rules. The members come in the order their code is emitted (`inEmissionOrder`): the
 * generated function enters a member by falling through from the one before it or by a `break`
 * out of a labelled statement that ends where the member starts (block-compiler.ts), so every
 * member is reached from members before it, with no loop or switch but the head's.
 *
 * Why not the default: on the strings benchmark (scale 2) it cut the run-loop transitions from
 * 26.5 M to 23.0 M but compiled 5,782 instructions instead of 5,056 (the same 3,188 distinct ones:
 * the other ways are mostly blocks already in other functions' traces), and TurboFan's time per
 * compiled instruction outweighs what the transitions saved (see README.md, session 15).
 */
export function treeOf(head: Block, minRuns: number, lookup: (address: number) => Block | undefined): Block[] {
  const members = traceOf(head, minRuns);
  let instructions = 0;
  for (const member of members) instructions += member.length;
  for (let q = 0; q < members.length && members.length < MAX_TRACE_BLOCKS; q++) {
    for (const address of otherWays(members[q]!)) {
      let side: Block | null = lookup(address) ?? null;
      while (members.length < MAX_TRACE_BLOCKS && joins(side, members, instructions, minRuns)) {
        members.push(side!);
        instructions += side!.length;
        side = side!.successor;
      }
    }
  }
  return members.length <= 2 ? members : inEmissionOrder(members);
}

/**
 * Where `block` went other than its last successor: a conditional jump's other way, or the
 * successor before the last (a ret's or an indirect jump's other target). For a branch the direct
 * targets tell, not `otherSuccessor`: the run loop's two-entry cache holds the same block in both
 * entries once the second one is hit again.
 */
function otherWays(block: Block): number[] {
  const out: number[] = [];
  const main = block.successor?.start;
  const last = block.instructions[block.instructions.length - 1];
  if (last !== undefined && last.operandCount > 0 && last.operands[0]!.kind === OperandKind.RelativeBranch) {
    if (last.code !== Code.JMP && last.code !== Code.CALL) {
      if (last.branchTarget !== main) out.push(last.branchTarget);
      if (block.end !== main) out.push(block.end);
    }
    return out;
  }
  const other = block.otherSuccessor;
  if (other !== null && other.start !== main) out.push(other.start);
  return out;
}

/**
 * `members` (head first) in the order their code is emitted: a topological order of the ways
 * between them (back-edges aside: to the head, the function's loop; to another member, an exit),
 * each member's last successor right after it where the graph allows, so that it is entered by
 * falling through with the flags still in locals. The reverse postorder of a depth-first walk that
 * visits a member's last successor last.
 */
function inEmissionOrder(members: readonly Block[]): Block[] {
  const byStart = new Map<number, Block>();
  for (const member of members) byStart.set(member.start, member);
  const visited = new Set<Block>();
  const postorder: Block[] = [];
  const visit = (block: Block): void => {
    visited.add(block);
    const targets: Block[] = [];
    for (const address of successorAddresses(block)) {
      const target = byStart.get(address);
      if (target !== undefined && target !== members[0] && !targets.includes(target)) targets.push(target);
    }
    const main = block.successor;
    targets.sort((a, b) => (a === main ? 1 : 0) - (b === main ? 1 : 0));
    for (const target of targets) if (!visited.has(target)) visit(target);
    postorder.push(block);
  };
  visit(members[0]!);
  return postorder.reverse();
}
