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
  const list = names.map((name) => `  '${name}',`).join('\n');
  return `// GENERATED from the opcode table (src/x86/opcode-table/) by src/x86/tools/generate-codes.mjs:
// do not edit. One member per instruction identity (\`Instruction.code\`); distinct operations that
// share a mnemonic have distinct codes (string MOVS vs SSE MOVSD_XMM).

export const enum Code {
${members}
}

/** Code names by value. */
export const codeNames: readonly string[] = [
${list}
];

/** The readable name of a code (\`Code.ADD\` → 'ADD'). */
export function codeName(code: number): string {
  return codeNames[code] ?? \`Code(\${code})\`;
}
`;
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

/** The text of src/x86/slot-table.ts: every compiled slot, and every row's Code and text. */
export function renderSlotTableFile(): string {
  const forms = formsFromTable();
  let slots = '';
  slotsFromTable(forms).forEach((slot, key) => {
    if (slot === null) return;
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
    slots += twoDigits(key) + twoDigits(used | (slot.hasModrm ? HAS_MODRM : 0));
    for (const form of slot.forms) slots += twoDigits(form + 1);
  });
  const codes = forms.map((form) => twoDigits(form.code)).join('');
  for (const row of opcodeRows) {
    if (/['\\\n]/.test(row)) throw new Error(`slot table: row '${row}' needs escaping in a string literal`);
  }
  let offsets = '';
  let offset = 0;
  for (const row of opcodeRows) {
    offsets += threeDigits(offset);
    offset += row.length;
  }
  offsets += threeDigits(offset);
  return `// GENERATED from the opcode table (src/x86/opcode-table/) by src/x86/tools/generate-codes.mjs with
// src/x86/slot-builder.ts: do not edit. The decoder reads it (src/x86/decode-index.ts).
//
// Numbers are written as two characters of SLOT_TABLE_DIGITS (0 … 4095, high digit first).
// slotTableText: per slot with rows, in key order, its key (table * 256 + opcode); the set of
// dimensions it uses (bit d: dimension d of slot-builder.ts's dimensionSizes) plus HAS_MODRM; then
// its cells, each the index of the form it selects plus one (0: an invalid encoding).
// rowCodesText: per table row, its Code (src/x86/codes.ts).
// rowTableText: the table's rows, one after the other; rowOffsetsText: where each row starts in it,
// in three characters, and where the last one ends. The decoder parses a row from here the first
// time an instruction selects it, so start-up does not run the table's modules, which build every
// row (3.4-3.7 ms of each \`miros run\`, issue 4).

export const SLOT_TABLE_DIGITS = '${SLOT_TABLE_DIGITS}';

/** Header flag of a slot whose opcode has a ModRM byte. */
export const HAS_MODRM = ${HAS_MODRM};

export const slotTableText =
  '${slots}';

export const rowCodesText =
  '${codes}';

export const rowTableText =
  '${opcodeRows.join('')}';

export const rowOffsetsText =
  '${offsets}';
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
