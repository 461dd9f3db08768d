// The instruction identities the opcode table defines, and the text of src/x86/codes.ts.
// Used by generate-codes.mjs and by the test that keeps codes.ts in step with the table.
// Also the text of src/x86/slot-table.ts, the decoder's compiled slots and the rows' codes.

import { type Form, OpcodeTable, parseRow } from '../form.ts';
import { opcodeRows } from '../opcode-table/index.ts';
import { buildAllSlots, dimensionSizes, type Slot } from '../slot-builder.ts';

/** The 64 digits of the slot table's numbers: none needs escaping in a string literal. */
const SLOT_TABLE_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Header flag of a slot whose opcode has a ModRM byte (above the eight dimension bits). */
const HAS_MODRM = 0x100;

/** Code names in table order, 'Invalid' first, each once. */
export function codeListFromTable(): string[] {
  const names = ['Invalid'];
  const seen = new Set(names);
  opcodeRows.forEach((row, i) => {
    const name = parseRow(row, i).codeName;
    if (!seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
  });
  return names;
}

export function renderCodesFile(): string {
  const names = codeListFromTable();
  const members = names.map((name, i) => `  ${name} = ${i},`).join('\n');
  for (const name of names) {
    if (!/^\w+$/.test(name)) throw new Error(`codes: name '${name}' is not a word`);
  }
  return `// GENERATED from the opcode table (src/x86/opcode-table/) by src/x86/tools/generate-codes.mjs:
// do not edit. One member per instruction identity (\`Instruction.code\`); distinct operations that
// share a mnemonic have distinct codes (string MOVS vs SSE MOVSD_XMM).

export const enum Code {
${members}
}

/** Code names by value, built at the first \`codeName\`. */
let codeNames: readonly string[] | undefined;

/**
 * The names, space-separated. A function's: only disassembly, messages and crash reports need
 * them, and a function a run never calls stays out of the code cache of \`miros run\`'s bundle,
 * whose every string is deserialised at each start (issue 4).
 */
function codeNameText(): string {
  return (
${wrapWords(names, 100)
  .map((line) => `    '${line}'`)
  .join(' +\n')}
  );
}

/** The readable name of a code (\`Code.ADD\` → 'ADD'). */
export function codeName(code: number): string {
  codeNames ??= codeNameText().split(' ');
  return codeNames[code] ?? \`Code(\${code})\`;
}
`;
}

/** `words` space-separated in lines of at most `width` characters (each line but the last ending in a space). */
function wrapWords(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line === '' ? word : `${line} ${word}`;
    if (next.length + 1 > width && line !== '') {
      lines.push(`${line} `);
      line = word;
    } else line = next;
  }
  lines.push(line);
  return lines;
}

/** Every slot of the opcode table compiled from the rows, by key (null: no row has that opcode). */
function slotsFromTable(forms: readonly Form[]): (Slot | null)[] {
  return buildAllSlots(forms, OpcodeTable.Count * 256);
}

/** The rows parsed, each with its Code from the code list (as the decoder's formAt assigns it). */
function formsFromTable(): Form[] {
  const codeByName = new Map(codeListFromTable().map((name, i) => [name, i]));
  return opcodeRows.map((row, i) => {
    const form = parseRow(row, i);
    form.code = codeByName.get(form.codeName)!;
    return form;
  });
}

/** A number below 4096 as two characters of SLOT_TABLE_DIGITS. */
function twoDigits(value: number): string {
  if (!(value >= 0 && value < 4096)) throw new Error(`slot table: ${value} does not fit in two digits`);
  return SLOT_TABLE_DIGITS[value >> 6]! + SLOT_TABLE_DIGITS[value & 63]!;
}

/** A number below 262,144 as three characters of SLOT_TABLE_DIGITS. */
function threeDigits(value: number): string {
  if (!(value >= 0 && value < 64 ** 3)) throw new Error(`slot table: ${value} does not fit in three digits`);
  return SLOT_TABLE_DIGITS[value >> 12]! + twoDigits(value & 4095);
}

/** The four texts of one part of the slot table (see renderSlotTableFile). */
interface PartTexts {
  slots: string;
  codes: string;
  rows: string;
  offsets: string;
}

/** The texts of the slots with keys in [firstKey, endKey) and of the rows in [firstRow, endRow). */
function partTexts(
  forms: readonly Form[],
  slots: readonly (Slot | null)[],
  firstKey: number,
  endKey: number,
  firstRow: number,
  endRow: number,
): PartTexts {
  let slotText = '';
  for (let key = firstKey; key < endKey; key++) {
    const slot = slots[key];
    if (slot === null || slot === undefined) continue;
    const strides = [
      slot.strideP,
      slot.strideM,
      slot.strideR,
      slot.strideB,
      slot.strideW,
      slot.strideL,
      slot.strideX,
      slot.strideF,
    ];
    const used = usedDimensionsOf(strides, slot.forms.length);
    slotText += twoDigits(key) + twoDigits(used | (slot.hasModrm ? HAS_MODRM : 0));
    for (const form of slot.forms) slotText += twoDigits(form + 1);
  }
  const rows = opcodeRows.slice(firstRow, endRow);
  for (const row of rows) {
    if (/['\\\n]/.test(row)) throw new Error(`slot table: row '${row}' needs escaping in a string literal`);
  }
  let offsets = '';
  let offset = 0;
  for (const row of rows) {
    offsets += threeDigits(offset);
    offset += row.length;
  }
  offsets += threeDigits(offset);
  const codes = forms
    .slice(firstRow, endRow)
    .map((form) => twoDigits(form.code))
    .join('');
  return { slots: slotText, codes, rows: rows.join(''), offsets };
}

/** The fields of a part as the lines of an object literal, indented by `indent`. */
function partLiteral(part: PartTexts, firstRow: number, indent: string): string {
  return [
    `${indent}firstRow: ${firstRow},`,
    `${indent}slots:\n${indent}  '${part.slots}',`,
    `${indent}codes:\n${indent}  '${part.codes}',`,
    // (On one line, as the formatter puts a long string with spaces.)
    `${indent}rows: '${part.rows}',`,
    `${indent}offsets:\n${indent}  '${part.offsets}',`,
  ].join('\n');
}

/** The number of rows of legacy encodings: they come first in the table, the others after them. */
function legacyRowCountOf(forms: readonly Form[]): number {
  const count = forms.findIndex((form) => form.table > OpcodeTable.Legacy0F3A);
  const legacyRows = count < 0 ? forms.length : count;
  // The decoder finds a row's part by its index alone.
  for (let i = legacyRows; i < forms.length; i++) {
    if (forms[i]!.table <= OpcodeTable.Legacy0F3A) {
      throw new Error(`slot table: legacy row '${forms[i]!.source}' after the first VEX/EVEX/XOP/3DNow! row`);
    }
  }
  return legacyRows;
}

/** The text of src/x86/slot-table.ts: every compiled slot, and every row's Code and text. */
export function renderSlotTableFile(): string {
  const forms = formsFromTable();
  const slots = slotsFromTable(forms);
  const legacyRows = legacyRowCountOf(forms);
  const firstVectorKey = (OpcodeTable.Legacy0F3A + 1) * 256;
  const legacy = partTexts(forms, slots, 0, firstVectorKey, 0, legacyRows);
  const vector = partTexts(forms, slots, firstVectorKey, slots.length, legacyRows, forms.length);
  return `// GENERATED from the opcode table (src/x86/opcode-table/) by src/x86/tools/generate-codes.mjs with
// src/x86/slot-builder.ts: do not edit. The decoder reads it (src/x86/decode-index.ts).
//
// Two parts: the legacy encodings (tables Legacy … Legacy0F3A and their rows, which come first in
// the table) and the VEX, EVEX, XOP and 3DNow! ones. The second is returned by a function, which a
// program that decodes none of them never calls: V8 then neither compiles its text nor keeps it in
// the code cache of \`miros run\`'s bundle, whose every string literal is deserialised at each start
// (issue 4; a static hello decodes legacy encodings only, as CPUID advertises no AVX).
//
// Numbers are written as two characters of SLOT_TABLE_DIGITS (0 … 4095, high digit first).
// slots: per slot with rows, in key order, its key (table * 256 + opcode); the set of dimensions it
// uses (bit d: dimension d of slot-builder.ts's dimensionSizes) plus HAS_MODRM; then its cells,
// each the index of the form it selects plus one (0: an invalid encoding).
// codes: per row of the part, from firstRow on, its Code (src/x86/codes.ts).
// rows: the part's rows, one after the other; offsets: where each row starts in it, in three
// characters, and where the last one ends. The decoder parses a row from here the first time an
// instruction selects it, so start-up does not run the table's modules, which build every row
// (3.4-3.7 ms of each \`miros run\`, issue 4).

export const SLOT_TABLE_DIGITS = '${SLOT_TABLE_DIGITS}';

/** Header flag of a slot whose opcode has a ModRM byte. */
export const HAS_MODRM = ${HAS_MODRM};

/** One part of the table: its slots, and the rows from \`firstRow\` to the next part's. */
export interface SlotTablePart {
  readonly firstRow: number;
  readonly slots: string;
  readonly codes: string;
  readonly rows: string;
  readonly offsets: string;
}

/** The rows of legacy encodings are rows 0 … LEGACY_ROW_COUNT - 1; the others follow them. */
export const LEGACY_ROW_COUNT = ${legacyRows};

/** Every row of the table. */
export const ROW_COUNT = ${forms.length};

/** The legacy encodings' slots and rows. */
export const legacyPart: SlotTablePart = {
${partLiteral(legacy, 0, '  ')}
};

/** The VEX, EVEX, XOP and 3DNow! encodings' slots and rows (a fresh object at each call). */
export function vectorPart(): SlotTablePart {
  return {
${partLiteral(vector, legacyRows, '    ')}
  };
}
`;
}

/** The set of dimensions behind a slot's strides (bit d: dimension d is used). */
function usedDimensionsOf(strides: readonly number[], cells: number): number {
  // Used dimensions have strides 1, 1·size, … in order; an unused one has stride 0. The first used
  // dimension has stride 1, which only a used one can have, so every used dimension has a
  // non-zero stride.
  let used = 0;
  let size = 1;
  strides.forEach((stride, d) => {
    if (stride === 0) return;
    if (stride !== size) throw new Error('slot table: strides out of order');
    used |= 1 << d;
    size *= dimensionSizes[d]!;
  });
  if (size !== cells) throw new Error('slot table: strides and cell count disagree');
  return used;
}

/** A line for generate-codes.mjs: how many slots and cells the table has. */
export function slotTableSize(): string {
  const slots = slotsFromTable(formsFromTable()).filter((slot) => slot !== null);
  return `${slots.length} slots, ${slots.reduce((sum, slot) => sum + slot.forms.length, 0)} cells`;
}
