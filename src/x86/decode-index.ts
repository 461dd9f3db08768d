// The opcode table compiled for decoding: every row becomes a Form, and every opcode of every
// table becomes a Slot that maps the encoding details the slot's rows distinguish (mandatory
// prefix, ModRM mod/reg/rm, W, L, REX.B, a preceding fwait) to a form with one array lookup.
//
// Each slot indexes only the dimensions its rows use: `index = prefix*strideP + isReg*strideM + …`
// with stride 0 for unused dimensions. Where several rows match one combination, the most specific
// row wins (an exact mandatory prefix beats the NP row used with 66 as operand size, which beats a
// row that ignores prefixes; a fixed ModRM.reg beats /r; …). Two equally specific rows for one
// combination are a table error, reported when this module loads (and by the tests).

import { Code, codeNames } from './codes.ts';
import { type Form, FormFlag, OpcodeTable, parseRow } from './form.ts';
import { Encoding } from './instruction.ts';
import { opcodeRows } from './opcode-table/index.ts';

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
const dimensionSizes = [4, 2, 8, 8, 2, 4, 2, 2] as const;

/** Builds the forms, resolving code names against codes.ts. */
function buildForms(): Form[] {
  const codeByName = new Map<string, number>(codeNames.map((name, i) => [name, i]));
  return opcodeRows.map((row, index) => {
    const form = parseRow(row, index);
    const code = codeByName.get(form.codeName);
    if (code === undefined)
      throw new Error(`opcode table: ${form.codeName} is not in codes.ts (run node src/x86/tools/generate-codes.mjs)`);
    form.code = code;
    return form;
  });
}

/**
 * How well `form` matches one combination of dimension values: -1 when it does not apply,
 * otherwise a specificity score (higher wins).
 */
function matchScore(form: Form, values: readonly number[]): number {
  const [prefix, isReg, reg, rm, w, length, rexB, fwait] = values as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  let score = 0;
  if (form.prefix >= 0) {
    if (form.prefix === prefix) score += 8;
    else if (form.encoding === Encoding.Legacy && form.noPrefixDeclared && prefix === 1 && form.usesOperandSize)
      score += 1; // NP row reached with 66 as its operand size
    else return -1;
  }
  if (form.mod >= 0) {
    if (form.mod !== isReg) return -1;
    score += 2;
  }
  if (form.reg >= 0) {
    if (form.reg !== reg) return -1;
    score += 2;
  }
  if (form.rm >= 0) {
    if (form.rm !== rm) return -1;
    score += 2;
  }
  if (form.w >= 0) {
    if (form.w !== w) return -1;
    score += 2;
  }
  if (form.lengths >= 0) {
    if (!(form.lengths & (1 << length))) return -1;
    score += 2;
  }
  if (form.rexB >= 0) {
    if (form.rexB !== rexB) return -1;
    score += 2;
  }
  if (form.flags & FormFlag.Fwait) {
    if (fwait !== 1) return -1;
    score += 2;
  } else if (fwait === 0) score += 1;
  return score;
}

function buildSlot(rows: Form[]): Slot {
  const hasModrm = rows[0]!.hasModrm;
  for (const form of rows)
    if (form.hasModrm !== hasModrm)
      throw new Error(`opcode table: rows disagree about a ModRM byte: '${rows[0]!.source}' and '${form.source}'`);
  const used = [
    rows.some((f) => f.prefix >= 0),
    rows.some((f) => f.mod >= 0),
    rows.some((f) => f.reg >= 0),
    rows.some((f) => f.rm >= 0),
    rows.some((f) => f.w >= 0),
    rows.some((f) => f.lengths >= 0),
    rows.some((f) => f.rexB >= 0),
    rows.some((f) => (f.flags & FormFlag.Fwait) !== 0),
  ];
  const strides: number[] = [];
  let size = 1;
  for (let d = 0; d < dimensionSizes.length; d++) {
    strides.push(used[d] ? size : 0);
    if (used[d]) size *= dimensionSizes[d]!;
  }
  const forms = new Int16Array(size).fill(-1);
  const values = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let cell = 0; cell < size; cell++) {
    // Decode the cell number into dimension values (unused dimensions stay 0).
    let rest = cell;
    for (let d = 0; d < dimensionSizes.length; d++) {
      if (!used[d]) {
        values[d] = 0;
        continue;
      }
      values[d] = rest % dimensionSizes[d]!;
      rest = Math.floor(rest / dimensionSizes[d]!);
    }
    let best = -1;
    let bestScore = -1;
    let tie = false;
    for (const form of rows) {
      const score = matchScore(form, values);
      if (score < 0) continue;
      if (score > bestScore) {
        best = form.index;
        bestScore = score;
        tie = false;
      } else if (score === bestScore) tie = true;
    }
    if (tie) {
      const rivals = rows.filter((f) => matchScore(f, values) === bestScore).map((f) => `'${f.source}'`);
      throw new Error(`opcode table: ambiguous rows ${rivals.join(' and ')}`);
    }
    forms[cell] = best;
  }
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

function buildSlots(all: Form[]): (Slot | undefined)[] {
  const groups = new Map<number, Form[]>();
  for (const form of all)
    for (let k = 0; k < form.opcodeCount; k++) {
      const key = form.table * 256 + form.opcode + k;
      const group = groups.get(key);
      if (group) group.push(form);
      else groups.set(key, [form]);
    }
  const slots: (Slot | undefined)[] = new Array(OpcodeTable.Count * 256).fill(undefined);
  for (const [key, rows] of groups) slots[key] = buildSlot(rows);
  return slots;
}

/** Every form of the opcode table, by index. */
export const forms: readonly Form[] = buildForms();

/** Slots by `table * 256 + opcode`. */
export const slots: readonly (Slot | undefined)[] = buildSlots(forms as Form[]);

/** The form an invalid instruction reports (none): `Code.Invalid`. */
export const INVALID_CODE = Code.Invalid;
