// Compiles the opcode table into decoder slots: every opcode of every table becomes a Slot that
// maps the encoding details its rows distinguish (mandatory prefix, ModRM mod/reg/rm, W, L, REX.B,
// a preceding fwait) to a form with one array lookup.
//
// Each slot indexes only the dimensions its rows use: `index = prefix*strideP + isReg*strideM + …`
// with stride 0 for unused dimensions. Where several rows match one combination, the most specific
// row wins (an exact mandatory prefix beats the NP row used with 66 as operand size, which beats a
// row that ignores prefixes; a fixed ModRM.reg beats /r; …). Two equally specific rows for one
// combination are a table error.
//
// This runs at build time, not at start-up: src/x86/tools/generate-codes.mjs writes every compiled
// slot into ./slot-table.ts, which the decoder reads (./decode-index.ts), and the tests check that
// the committed table is what this compiler makes of the current opcode table.

import { type Form, FormFlag } from './form.ts';
import { Encoding } from './instruction.ts';

export interface Slot {
  readonly hasModrm: boolean;
  readonly strideP: number;
  readonly strideM: number;
  readonly strideR: number;
  readonly strideB: number;
  readonly strideW: number;
  readonly strideL: number;
  readonly strideX: number;
  readonly strideF: number;
  /** Form index per combination, -1 where no row applies (an invalid encoding). */
  readonly forms: Int16Array;
}

/** Dimension sizes: prefix 4, mod 2, reg 8, rm 8, W 2, L 4, REX.B 2, fwait 2. */
export const dimensionSizes = [4, 2, 8, 8, 2, 4, 2, 2] as const;
export const DIMENSIONS = dimensionSizes.length;

/** A slot's strides from the set of dimensions it uses (bit d: dimension d), in buildSlot's order. */
export function stridesOf(usedDimensions: number): number[] {
  const strides: number[] = [];
  let size = 1;
  for (let d = 0; d < DIMENSIONS; d++) {
    const used = (usedDimensions >> d) & 1;
    strides.push(used ? size : 0);
    if (used) size *= dimensionSizes[d]!;
  }
  return strides;
}

/** The slot of `strides`, `hasModrm` and `forms`. */
export function makeSlot(hasModrm: boolean, strides: readonly number[], forms: Int16Array): Slot {
  return {
    hasModrm,
    strideP: strides[0]!,
    strideM: strides[1]!,
    strideR: strides[2]!,
    strideB: strides[3]!,
    strideW: strides[4]!,
    strideL: strides[5]!,
    strideX: strides[6]!,
    strideF: strides[7]!,
    forms,
  };
}

/**
 * How well `form` matches one value of dimension `d`: -1 when it does not apply, otherwise its
 * share of the specificity score (higher wins; the shares of all dimensions add up).
 */
function dimensionScore(form: Form, d: number, value: number): number {
  switch (d) {
    case 0:
      if (form.prefix < 0) return 0;
      if (form.prefix === value) return 8;
      // An NP row reached with 66 as its operand size.
      if (form.encoding === Encoding.Legacy && form.noPrefixDeclared && value === 1 && form.usesOperandSize) return 1;
      return -1;
    case 1:
      return form.mod < 0 ? 0 : form.mod === value ? 2 : -1;
    case 2:
      return form.reg < 0 ? 0 : form.reg === value ? 2 : -1;
    case 3:
      return form.rm < 0 ? 0 : form.rm === value ? 2 : -1;
    case 4:
      return form.w < 0 ? 0 : form.w === value ? 2 : -1;
    case 5:
      return form.lengths < 0 ? 0 : form.lengths & (1 << value) ? 2 : -1;
    case 6:
      return form.rexB < 0 ? 0 : form.rexB === value ? 2 : -1;
    default:
      if (form.flags & FormFlag.Fwait) return value === 1 ? 2 : -1;
      return value === 0 ? 1 : 0;
  }
}

/** Whether any of `rows` constrains dimension `d`. */
function dimensionUsed(rows: readonly Form[], d: number): boolean {
  switch (d) {
    case 0:
      return rows.some((f) => f.prefix >= 0);
    case 1:
      return rows.some((f) => f.mod >= 0);
    case 2:
      return rows.some((f) => f.reg >= 0);
    case 3:
      return rows.some((f) => f.rm >= 0);
    case 4:
      return rows.some((f) => f.w >= 0);
    case 5:
      return rows.some((f) => f.lengths >= 0);
    case 6:
      return rows.some((f) => f.rexB >= 0);
    default:
      return rows.some((f) => (f.flags & FormFlag.Fwait) !== 0);
  }
}

/**
 * Compiles the rows of one opcode. Each row adds its score to exactly the cells it matches (the
 * product of the values it accepts in each dimension); a cell keeps the best-scoring row.
 */
export function buildSlot(rows: readonly Form[]): Slot {
  const hasModrm = rows[0]!.hasModrm;
  for (const form of rows)
    if (form.hasModrm !== hasModrm)
      throw new Error(`opcode table: rows disagree about a ModRM byte: '${rows[0]!.source}' and '${form.source}'`);
  const strides: number[] = [];
  const counts: number[] = [];
  let size = 1;
  for (let d = 0; d < DIMENSIONS; d++) {
    const used = dimensionUsed(rows, d);
    strides.push(used ? size : 0);
    counts.push(used ? dimensionSizes[d]! : 1); // an unused dimension is enumerated at value 0 only
    if (used) size *= dimensionSizes[d]!;
  }
  const forms = new Int16Array(size).fill(-1);
  const bestScore = new Int16Array(size).fill(-1);
  const tie = new Uint8Array(size);
  // Per dimension, the (cell offset, score) pairs a row accepts.
  const offsets: number[][] = [];
  const scores: number[][] = [];
  for (let d = 0; d < DIMENSIONS; d++) {
    offsets.push([]);
    scores.push([]);
  }
  for (const form of rows) {
    let matchesSomething = true;
    for (let d = 0; d < DIMENSIONS; d++) {
      const o = offsets[d]!;
      const s = scores[d]!;
      o.length = 0;
      s.length = 0;
      for (let v = 0; v < counts[d]!; v++) {
        const score = dimensionScore(form, d, v);
        if (score < 0) continue;
        o.push(v * strides[d]!);
        s.push(score);
      }
      if (o.length === 0) matchesSomething = false;
    }
    if (matchesSomething) addRow(form.index, offsets, scores, 0, 0, 0, forms, bestScore, tie);
  }
  for (let cell = 0; cell < size; cell++)
    if (tie[cell]) throw new Error(`opcode table: ambiguous rows ${ambiguousRows(rows, strides, counts, cell)}`);
  return makeSlot(hasModrm, strides, forms);
}

/** Adds row `formIndex` to every cell of the product of its accepted values from dimension `d` on. */
function addRow(
  formIndex: number,
  offsets: number[][],
  scores: number[][],
  d: number,
  cell: number,
  score: number,
  forms: Int16Array,
  bestScore: Int16Array,
  tie: Uint8Array,
): void {
  if (d === DIMENSIONS) {
    if (score > bestScore[cell]!) {
      bestScore[cell] = score;
      forms[cell] = formIndex;
      tie[cell] = 0;
    } else if (score === bestScore[cell]) tie[cell] = 1;
    return;
  }
  const o = offsets[d]!;
  const s = scores[d]!;
  for (let k = 0; k < o.length; k++)
    addRow(formIndex, offsets, scores, d + 1, cell + o[k]!, score + s[k]!, forms, bestScore, tie);
}

/** The rows that tie for `cell`, for the error message. */
function ambiguousRows(rows: readonly Form[], strides: number[], counts: number[], cell: number): string {
  let best = -1;
  const scored = rows.map((form) => {
    let total = 0;
    for (let d = 0; d < DIMENSIONS; d++) {
      const value = strides[d] === 0 ? 0 : Math.floor(cell / strides[d]!) % counts[d]!;
      const score = dimensionScore(form, d, value);
      if (score < 0) return -1;
      total += score;
    }
    best = Math.max(best, total);
    return total;
  });
  return rows
    .filter((_, i) => scored[i] === best)
    .map((f) => `'${f.source}'`)
    .join(' and ');
}

/** Every slot of the opcode table by key `table * 256 + opcode` (null: no row has that opcode). */
export function buildAllSlots(forms: readonly Form[], slotCount: number): (Slot | null)[] {
  const rowsByKey: Form[][] = [];
  for (let key = 0; key < slotCount; key++) rowsByKey.push([]);
  for (const form of forms)
    for (let k = 0; k < form.opcodeCount; k++) rowsByKey[form.table * 256 + form.opcode + k]!.push(form);
  return rowsByKey.map((rows) => (rows.length === 0 ? null : buildSlot(rows)));
}
