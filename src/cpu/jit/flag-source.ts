// Flags inside generated code: a flag writer's operands and result live in JS locals, and the
// lazy-flag record on the Cpu (../flags.ts) is written only where something may read it.
//
// Why: most flag results are dead — `add; cmp; jne` overwrites the add's flags before anything
// reads them — and the record is six field stores. So an inlined writer only names its locals
// (`FlagSource`); the block compiler writes the record ("materialises" it) at the points where the
// Cpu's copy must be exact: before a call to an interpreter closure, at every exit of the
// function, on a fault (in the catch, for the instruction that faulted), and before a condition
// that cannot be evaluated from the locals. A condition after an inlined writer is evaluated from
// the locals directly (`cmp a, b; jl` is `a < b`), with the same formulas as ../flags.ts.

import { LazyKind } from '../flags.ts';

/** The flags of an inlined writer, as the JS locals that hold its record. */
export interface FlagSource {
  /** LazyOp value (kind * 4 + size index), as ../flags.ts records it. */
  op: number;
  kind: LazyKind;
  /** Operand size in bytes: 1, 2, 4, 8. */
  size: number;
  /** Locals (or constants) of the record: operands and result, low words; high words for 64 bits. */
  a: string;
  b: string;
  r: string;
  ah: string;
  bh: string;
  rh: string;
  /**
   * Inc/Dec keep CF: the JS boolean expression of the carry before them (from the locals of the
   * writer before, or `carryFlag(cpu)` when the Cpu's record held it). An eager writer (`record`
   * set): its own CF as a JS boolean expression.
   */
  carry: string;
  /**
   * Writers whose flags the interpreter computes eagerly (shifts: kind LazyKind.None): the
   * statement that sets the Cpu's flags as the interpreter would (a call of its own handler on
   * the saved operands). Only ZF, SF and CF are evaluated from locals (`r`/`rh`, `carry`).
   */
  record?: string;
}

/** Statements writing `s` into the Cpu's lazy-flag record (what the interpreter's handler would leave). */
export function recordStatements(s: FlagSource): string {
  if (s.record !== undefined) return s.record;
  let text = `cpu.lazyOp = ${s.op}; cpu.lazyA = ${s.a}; cpu.lazyB = ${s.b}; cpu.lazyR = ${s.r};`;
  if (s.size === 8) text += ` cpu.lazyAHi = ${s.ah}; cpu.lazyBHi = ${s.bh}; cpu.lazyRHi = ${s.rh};`;
  // inc/dec: CF is kept in `flags` (the interpreter's keepCarry).
  if (s.kind === LazyKind.Inc || s.kind === LazyKind.Dec)
    text += ` cpu.flags = (cpu.flags & -2) | (${s.carry} ? 1 : 0);`;
  return text;
}

/** The sign bit of the result as a JS boolean expression. */
function sign(s: FlagSource): string {
  switch (s.size) {
    case 1:
      return `((${s.r} & 0x80) !== 0)`;
    case 2:
      return `((${s.r} & 0x8000) !== 0)`;
    case 4:
      return `(${s.r} < 0)`;
    default:
      return `(${s.rh} < 0)`;
  }
}

function zero(s: FlagSource): string {
  return s.size === 8 ? `((${s.r} | ${s.rh}) === 0)` : `(${s.r} === 0)`;
}

/** Unsigned a < b (or <=) of the record's operands. */
function below(s: FlagSource, orEqual: boolean): string {
  const cmp = orEqual ? '<=' : '<';
  if (s.size <= 2) return `(${s.a} ${cmp} ${s.b})`;
  if (s.size === 4) return `((${s.a} >>> 0) ${cmp} (${s.b} >>> 0))`;
  return `(${s.ah} !== ${s.bh} ? (${s.ah} >>> 0) < (${s.bh} >>> 0) : (${s.a} >>> 0) ${cmp} (${s.b} >>> 0))`;
}

/** Signed a < b (or <=) of the record's operands. */
function less(s: FlagSource, orEqual: boolean): string {
  const cmp = orEqual ? '<=' : '<';
  if (s.size === 1) return `((${s.a} << 24) ${cmp} (${s.b} << 24))`;
  if (s.size === 2) return `((${s.a} << 16) ${cmp} (${s.b} << 16))`;
  if (s.size === 4) return `(${s.a} ${cmp} ${s.b})`;
  return `(${s.ah} !== ${s.bh} ? ${s.ah} < ${s.bh} : (${s.a} >>> 0) ${cmp} (${s.b} >>> 0))`;
}

/** CF of an add: the result is below an operand (unsigned, at the operation's width). */
function addCarry(s: FlagSource): string {
  if (s.size <= 2) return `(${s.r} < ${s.a})`;
  if (s.size === 4) return `((${s.r} >>> 0) < (${s.a} >>> 0))`;
  return `(${s.rh} !== ${s.ah} ? (${s.rh} >>> 0) < (${s.ah} >>> 0) : (${s.r} >>> 0) < (${s.a} >>> 0))`;
}

/** CF after `s` as a JS boolean expression, or null when it needs the full flag computation. */
export function carryExpression(s: FlagSource): string | null {
  switch (s.kind) {
    case LazyKind.Sub:
      return below(s, false);
    case LazyKind.Add:
      return addCarry(s);
    case LazyKind.Logic:
      return 'false';
    case LazyKind.Inc:
    case LazyKind.Dec:
      return s.carry;
    case LazyKind.None:
      return s.record === undefined ? null : s.carry;
    default:
      return null;
  }
}

/**
 * Condition `cc` (o no b ae e ne be a s ns p np l ge le g) after `s` as a JS boolean expression,
 * or null when it is not evaluated from the locals (the caller then materialises the record).
 */
export function conditionExpression(s: FlagSource, cc: number): string | null {
  const base = positiveCondition(s, cc & ~1);
  if (base === null) return null;
  return (cc & 1) === 0 ? base : `!${base}`;
}

function positiveCondition(s: FlagSource, cc: number): string | null {
  if (s.kind === LazyKind.Adc || s.kind === LazyKind.Sbb || s.kind === LazyKind.Mul) return null;
  if (s.kind === LazyKind.None && s.record === undefined) return null;
  switch (cc) {
    case 4: // e
      return zero(s);
    case 8: // s
      return sign(s);
    case 2: // b
      return carryExpression(s);
  }
  switch (s.kind) {
    case LazyKind.Sub:
      if (cc === 6) return below(s, true);
      if (cc === 12) return less(s, false);
      if (cc === 14) return less(s, true);
      return null;
    case LazyKind.Logic:
      // CF = OF = 0: be is ZF, l is SF, le is ZF or SF.
      if (cc === 6) return zero(s);
      if (cc === 12) return sign(s);
      if (cc === 14) return `(${zero(s)} || ${sign(s)})`;
      return null;
    default:
      return null;
  }
}
