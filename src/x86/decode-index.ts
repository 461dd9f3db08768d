// The opcode table compiled for decoding: every row becomes a Form, and every opcode of every
// table becomes a Slot that maps the encoding details the slot's rows distinguish (mandatory
// prefix, ModRM mod/reg/rm, W, L, REX.B, a preceding fwait) to a form with one array lookup.
//
// Each slot indexes only the dimensions its rows use: `index = prefix*strideP + isReg*strideM + …`
// with stride 0 for unused dimensions. Where several rows match one combination, the most specific
// row wins (an exact mandatory prefix beats the NP row used with 66 as operand size, which beats a
// row that ignores prefixes; a fixed ModRM.reg beats /r; …). Two equally specific rows for one
// combination are a table error (the tests build every slot: `buildAllSlots`).
//
// Everything is built lazily, because a program executes only a few hundred distinct opcodes out of
// thousands of rows: the rows' opcodes come precomputed (./row-slot-keys.ts, generated with codes.ts
// and checked against the table by the tests), and each slot parses its own rows and fills its table
// on first use. Start-up costs a fraction of a millisecond; a slot costs microseconds the first time.

import { Code, codeNames } from './codes.ts';
import { type Form, FormFlag, OpcodeTable, parseRow } from './form.ts';
import { Encoding } from './instruction.ts';
import { opcodeRows } from './opcode-table/index.ts';
import { rowSlotKeysText } from './row-slot-keys.ts';

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
const DIMENSIONS = dimensionSizes.length;

/** Number of forms (rows of the opcode table); form indexes are 0 … formCount - 1. */
export const formCount = opcodeRows.length;

const formCache: (Form | undefined)[] = new Array(formCount).fill(undefined);
let codeByName: Map<string, number> | undefined;

/** The form of table row `index`, parsed on first use. */
export function formAt(index: number): Form {
  const cached = formCache[index];
  if (cached !== undefined) return cached;
  const form = parseRow(opcodeRows[index]!, index);
  codeByName ??= new Map<string, number>(codeNames.map((name, i) => [name, i]));
  const code = codeByName.get(form.codeName);
  if (code === undefined)
    throw new Error(`opcode table: ${form.codeName} is not in codes.ts (run node src/x86/tools/generate-codes.mjs)`);
  form.code = code;
  formCache[index] = form;
  return form;
}

/** Every form, in table order (parses the whole table: for tests and tools). */
export function allForms(): Form[] {
  const all: Form[] = [];
  for (let i = 0; i < formCount; i++) all.push(formAt(i));
  return all;
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
function buildSlot(rows: readonly Form[]): Slot {
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

const SLOT_COUNT = OpcodeTable.Count * 256;

/** Built slots by `table * 256 + opcode`: undefined = not built yet, null = no instruction there. */
const slotCache: (Slot | null | undefined)[] = new Array(SLOT_COUNT).fill(undefined);

/**
 * Row indexes by slot key, built on the first `slotAt`: the rows of key k are
 * `rowList[rowStart[k] … rowStart[k + 1] - 1]`, in table order. Two typed arrays rather than an
 * array per key and a string per row: this runs at every start-up (issue 4).
 */
let rowStart: Int32Array | undefined;
let rowList: Int32Array | undefined;

/** Flag in a row-slot key: the row covers eight opcodes (`hh+r`). */
const EIGHT_OPCODES = 0x10000;

const OUT_OF_DATE = 'src/x86/row-slot-keys.ts is out of date (run node src/x86/tools/generate-codes.mjs)';

/** The row-slot keys, parsed from their space-separated decimal text. */
function parseRowSlotKeys(): Int32Array {
  // split and Number are native; a character loop is slower run cold, as it runs here.
  const words = rowSlotKeysText.split(' ');
  if (words.length !== formCount) throw new Error(OUT_OF_DATE);
  const keys = new Int32Array(formCount);
  for (let i = 0; i < formCount; i++) keys[i] = Number(words[i]);
  return keys;
}

function groupRowsByKey(): void {
  const keys = parseRowSlotKeys();
  const start = new Int32Array(SLOT_COUNT + 1);
  let total = 0;
  for (let i = 0; i < formCount; i++) {
    const first = keys[i]! & 0xffff;
    const count = keys[i]! & EIGHT_OPCODES ? 8 : 1;
    if (first + count > SLOT_COUNT) throw new Error(OUT_OF_DATE);
    for (let k = 0; k < count; k++) start[first + k + 1]!++;
    total += count;
  }
  for (let key = 0; key < SLOT_COUNT; key++) start[key + 1]! += start[key]!;
  const list = new Int32Array(total);
  const next = start.slice(0, SLOT_COUNT);
  for (let i = 0; i < formCount; i++) {
    const first = keys[i]! & 0xffff;
    const count = keys[i]! & EIGHT_OPCODES ? 8 : 1;
    for (let k = 0; k < count; k++) list[next[first + k]!++] = i;
  }
  rowStart = start;
  rowList = list;
}

/** The rows `rowList[begin … end - 1]` of slot `key`, parsed, checked against the precomputed key. */
function formsOfSlot(key: number, list: Int32Array, begin: number, end: number): Form[] {
  const forms: Form[] = [];
  for (let r = begin; r < end; r++) {
    const form = formAt(list[r]!);
    const first = form.table * 256 + form.opcode;
    if (key < first || key >= first + form.opcodeCount) throw new Error(OUT_OF_DATE);
    forms.push(form);
  }
  return forms;
}

/** The slot for `key` = `table * 256 + opcode`, or null when no instruction has that opcode. */
export function slotAt(key: number): Slot | null {
  const cached = slotCache[key];
  if (cached !== undefined) return cached;
  if (!(key >= 0 && key < SLOT_COUNT)) return null;
  if (rowStart === undefined) groupRowsByKey();
  const begin = rowStart![key]!;
  const end = rowStart![key + 1]!;
  const slot = begin === end ? null : buildSlot(formsOfSlot(key, rowList!, begin, end));
  slotCache[key] = slot;
  return slot;
}

/** Builds every slot (reports any table error): for the tests. */
export function buildAllSlots(): (Slot | null)[] {
  const all: (Slot | null)[] = [];
  for (let key = 0; key < SLOT_COUNT; key++) all.push(slotAt(key));
  return all;
}

/** The form an invalid instruction reports (none): `Code.Invalid`. */
export const INVALID_CODE = Code.Invalid;
