// The decoder's view of the opcode table: every row is a Form, parsed on first use, and every
// opcode of every table is a Slot (./slot-builder.ts says what a slot is) that maps the encoding
// details its rows distinguish to a form with one array lookup.
//
// The slots come compiled: ./slot-table.ts holds every slot, generated at build time by
// src/x86/tools/generate-codes.mjs with ./slot-builder.ts and checked against the table by the
// tests. Start-up reads a slot's record from that text the first time its opcode is decoded, and
// parses only the rows a decoded instruction selects: a static glibc hello world decodes 4,500
// instructions of about 300 opcodes, and compiling their slots at run time (parsing every row of
// each) was half of its decoding time (issue 4's start-up). The rows' text comes from there too,
// not from ./opcode-table/, whose modules build all 2,479 rows when they run (3.4-3.7 ms of every
// `miros run`); the tests check that it is the table's.

import { Code } from './codes.ts';
import { type Form, OpcodeTable, parseRow } from './form.ts';
import { buildAllSlots, DIMENSIONS, dimensionSizes, makeSlot, type Slot, stridesOf } from './slot-builder.ts';
import {
  HAS_MODRM,
  LEGACY_ROW_COUNT,
  legacyPart,
  ROW_COUNT,
  SLOT_TABLE_DIGITS,
  type SlotTablePart,
  vectorPart,
} from './slot-table.ts';

export type { Slot } from './slot-builder.ts';

/** Number of forms (rows of the opcode table); form indexes are 0 … formCount - 1. */
export const formCount = ROW_COUNT;

/**
 * Parsed forms by row index. Sized for the legacy part's rows until the vector part is read (see
 * readVectorPart): a program that decodes no VEX, EVEX, XOP or 3DNow! encoding makes only the
 * memory it uses (issue 4: each fresh 4 KiB page a fault).
 */
const formCache: (Form | undefined)[] = new Array(LEGACY_ROW_COUNT).fill(undefined);

const OUT_OF_DATE = 'src/x86/slot-table.ts is out of date (run node src/x86/tools/generate-codes.mjs)';

/** Slot keys from here on (VEX, EVEX, XOP, 3DNow! tables) are the vector part's. */
const FIRST_VECTOR_KEY = OpcodeTable.Vex0F * 256;

/** The VEX, EVEX, XOP and 3DNow! part of the table, read at the first decode of such an encoding. */
let vectorPartRead: SlotTablePart | undefined;

/** The vector part, read the first time: the caches grow to cover its rows and slots then. */
function readVectorPart(): SlotTablePart {
  if (vectorPartRead !== undefined) return vectorPartRead;
  vectorPartRead = vectorPart();
  while (formCache.length < formCount) formCache.push(undefined);
  while (slotCache.length < SLOT_COUNT) slotCache.push(undefined);
  vectorRecordAt = indexRecords(vectorPartRead.slots, FIRST_VECTOR_KEY, SLOT_COUNT);
  return vectorPartRead;
}

function partOfRow(index: number): SlotTablePart {
  return index < LEGACY_ROW_COUNT ? legacyPart : readVectorPart();
}

/** The form of table row `index`, parsed on first use. */
export function formAt(index: number): Form {
  const cached = formCache[index];
  if (cached !== undefined) return cached;
  if (!(index >= 0 && index < formCount)) throw new RangeError(`no form ${index}`);
  const part = partOfRow(index);
  const local = index - part.firstRow;
  const row = part.rows.slice(readOffset(part.offsets, local), readOffset(part.offsets, local + 1));
  const form = parseRow(row, index);
  // The row's Code comes precomputed (slot-table.ts) rather than looked up by name in codes.ts
  // (whose names are not built at start-up; tests/x86/codes.test.ts checks that they agree).
  form.code = readNumber(part.codes, 2 * local);
  formCache[index] = form;
  return form;
}

/** Every form, in table order (parses the whole table: for tests and tools). */
export function allForms(): Form[] {
  const all: Form[] = [];
  for (let i = 0; i < formCount; i++) all.push(formAt(i));
  return all;
}

const SLOT_COUNT = OpcodeTable.Count * 256;

/**
 * Built slots by `table * 256 + opcode`: undefined = not read yet, null = no instruction there.
 * Sized for the legacy tables until the vector part is read, as formCache.
 */
const slotCache: (Slot | null | undefined)[] = new Array(FIRST_VECTOR_KEY).fill(undefined);

/**
 * Where each slot's record starts in its part's slots text (-1: no slot), by key minus the part's
 * first key; made at the first `slotAt` of one of the part's keys.
 */
let legacyRecordAt: Int32Array | undefined;
let vectorRecordAt: Int32Array | undefined;

/** The 12-bit number written as two characters of SLOT_TABLE_DIGITS at `offset` of `text`. */
function readNumber(text: string, offset: number): number {
  return (digitValue[text.charCodeAt(offset)]! << 6) | digitValue[text.charCodeAt(offset + 1)]!;
}

/** Where a part's row `local` starts in its rows text (three characters of SLOT_TABLE_DIGITS each). */
function readOffset(offsets: string, local: number): number {
  return (digitValue[offsets.charCodeAt(3 * local)]! << 12) | readNumber(offsets, 3 * local + 1);
}

const digitValue = new Uint8Array(128);
for (let i = 0; i < SLOT_TABLE_DIGITS.length; i++) digitValue[SLOT_TABLE_DIGITS.charCodeAt(i)] = i;

/** The number of cells of a slot that uses the dimensions in `usedDimensions`. */
function cellCount(usedDimensions: number): number {
  let count = 1;
  for (let d = 0; d < DIMENSIONS; d++) if ((usedDimensions >> d) & 1) count *= dimensionSizes[d]!;
  return count;
}

/** Where each record of `text` (the slots of the keys in [firstKey, endKey)) starts, by key - firstKey. */
function indexRecords(text: string, firstKey: number, endKey: number): Int32Array {
  const recordAt = new Int32Array(endKey - firstKey).fill(-1);
  let offset = 0;
  while (offset < text.length) {
    const key = readNumber(text, offset);
    if (!(key >= firstKey && key < endKey)) throw new Error(OUT_OF_DATE);
    recordAt[key - firstKey] = offset;
    offset += 4 + 2 * cellCount(readNumber(text, offset + 2) & 0xff);
  }
  if (offset !== text.length) throw new Error(OUT_OF_DATE);
  return recordAt;
}

/** The slot for `key` = `table * 256 + opcode`, or null when no instruction has that opcode. */
export function slotAt(key: number): Slot | null {
  const cached = slotCache[key];
  if (cached !== undefined) return cached;
  if (!(key >= 0 && key < SLOT_COUNT)) return null;
  let text: string;
  let offset: number;
  if (key < FIRST_VECTOR_KEY) {
    text = legacyPart.slots;
    legacyRecordAt ??= indexRecords(text, 0, FIRST_VECTOR_KEY);
    offset = legacyRecordAt[key]!;
  } else {
    text = readVectorPart().slots;
    offset = vectorRecordAt![key - FIRST_VECTOR_KEY]!;
  }
  let slot: Slot | null = null;
  if (offset >= 0) {
    const header = readNumber(text, offset + 2);
    const forms = new Int16Array(cellCount(header & 0xff));
    for (let i = 0; i < forms.length; i++) {
      const form = readNumber(text, offset + 4 + 2 * i) - 1;
      if (form >= formCount) throw new Error(OUT_OF_DATE);
      forms[i] = form;
    }
    slot = makeSlot((header & HAS_MODRM) !== 0, stridesOf(header & 0xff), forms);
  }
  slotCache[key] = slot;
  return slot;
}

/** Compiles every slot from the opcode table itself (reports any table error): for tests and tools. */
export function compileAllSlots(): (Slot | null)[] {
  return buildAllSlots(allForms(), SLOT_COUNT);
}

/** The form an invalid instruction reports (none): `Code.Invalid`. */
export const INVALID_CODE = Code.Invalid;
