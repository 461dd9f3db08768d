// Decoded operands shared between instructions: one frozen Operand object per distinct operand
// (kind, size, register class, register, broadcast) and one frozen five-slot operand list per
// distinct sequence of them.
//
// Why: the CPU keeps every instruction it decodes (a block's `instructions`, the code generator's
// input), and a static glibc hello world decodes ~4,500 of them at start-up. Each used to hold a
// fresh five-slot array and one fresh object per operand (~200 bytes with V8's headers), and on
// this VM every fresh 4 KiB of memory costs a page fault (14-16 us; issue 4). The operands of a
// program's instructions are few and repeat (`rax`, `eax`, a qword memory operand, an imm8 …), so
// a run makes each once. Frozen, so that a write meant for one instruction's operand throws
// instead of changing every instruction that shares it.

import { type Operand, OperandKind, RegisterClass } from './instruction.ts';

/** The most operands any form has (XOP vpermil2ps: four registers and an immediate). */
export const MAX_OPERANDS = 5;

/** A fresh mutable operand (the decoder's scratch operands). */
export function newOperand(): Operand {
  return { kind: OperandKind.None, size: 0, regClass: RegisterClass.GPR, reg: 0, broadcast: 0 };
}

/** The operand of the slots past `operandCount`: kind None. */
export const NO_OPERAND: Operand = Object.freeze(newOperand());

/** The operand list of an instruction without operands (and of an invalid encoding). */
export const NO_OPERANDS: readonly Operand[] = Object.freeze([
  NO_OPERAND,
  NO_OPERAND,
  NO_OPERAND,
  NO_OPERAND,
  NO_OPERAND,
]);

// Field bounds within which an operand has a small-integer key (a V8 Smi: looking it up allocates
// nothing). Sizes go up to 1024 (an AMX tile row set), registers to 31, a Constant's value is small.
const SIZE_LIMIT = 2048;
const CLASS_LIMIT = 16;
const REG_LIMIT = 64;
const BROADCAST_LIMIT = 16;
const KIND_LIMIT = 8;

const operandsByKey = new Map<number, Operand>();

/** The key of `op`, or -1 when a field is beyond the bounds above. */
function operandKey(op: Operand): number {
  const { kind, size, regClass, reg, broadcast } = op;
  if (size >= SIZE_LIMIT || regClass >= CLASS_LIMIT || reg >= REG_LIMIT || reg < 0 || broadcast >= BROADCAST_LIMIT)
    return -1;
  return (((size * CLASS_LIMIT + regClass) * REG_LIMIT + reg) * BROADCAST_LIMIT + broadcast) * KIND_LIMIT + kind;
}

/** A frozen operand equal to `op` (which the caller may go on changing), shared when possible. */
function sharedOperand(op: Operand, key: number): Operand {
  if (key >= 0) {
    const known = operandsByKey.get(key);
    if (known !== undefined) return known;
  }
  const copy = Object.freeze<Operand>({
    kind: op.kind,
    size: op.size,
    regClass: op.regClass,
    reg: op.reg,
    broadcast: op.broadcast,
  });
  if (key >= 0) operandsByKey.set(key, copy);
  return copy;
}

/** A node of the trie of operand lists, by the keys of their operands in order. */
interface ListNode {
  /** The list whose operands are the path to this node, once made. */
  list: readonly Operand[] | null;
  next: Map<number, ListNode> | null;
}

const listRoot: ListNode = { list: NO_OPERANDS, next: null };

/**
 * A frozen five-slot list of the first `count` operands of `scratch` (copies of them: `scratch`
 * stays the caller's), the other slots NO_OPERAND. The same list for the same operands.
 */
export function sharedOperandList(scratch: readonly Operand[], count: number): readonly Operand[] {
  let node = listRoot;
  let i = 0;
  for (; i < count; i++) {
    const key = operandKey(scratch[i]!);
    if (key < 0) break;
    const next = node.next?.get(key);
    if (next === undefined) break;
    node = next;
  }
  if (i === count && node.list !== null) return node.list;
  // Not met before: make the list, and remember it when every operand has a key.
  const list = [NO_OPERAND, NO_OPERAND, NO_OPERAND, NO_OPERAND, NO_OPERAND];
  let keyed = true;
  node = listRoot;
  for (let k = 0; k < count; k++) {
    const key = operandKey(scratch[k]!);
    list[k] = sharedOperand(scratch[k]!, key);
    if (key < 0) keyed = false;
    if (!keyed) continue;
    if (node.next === null) node.next = new Map();
    let next = node.next.get(key);
    if (next === undefined) {
      next = { list: null, next: null };
      node.next.set(key, next);
    }
    node = next;
  }
  Object.freeze(list);
  if (keyed) node.list = list;
  return list;
}
