// ctype.h as glibc implements it for the C locale: the classification table behind
// __ctype_b_loc (unsigned short[384], indexable from -128 to 255, bits as glibc's <ctype.h> lays
// them out on little-endian machines) and the tolower/toupper tables (int32[384]), in guest memory
// because the isalpha() macros of compiled code index them directly.
import type { FunctionTable } from '../exports/binding-types.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';

const UPPER = 0x100;
const LOWER = 0x200;
const ALPHA = 0x400;
const DIGIT = 0x800;
const XDIGIT = 0x1000;
const SPACE = 0x2000;
const PRINT = 0x4000;
const GRAPH = 0x8000;
const BLANK = 0x1;
const CNTRL = 0x2;
const PUNCT = 0x4;
const ALNUM = 0x8;

/** The C locale's class bits of byte c (0–255; none above 127). */
export function classBits(c: number): number {
  if (c > 127 || c < 0) return 0;
  let bits = 0;
  const upper = c >= 0x41 && c <= 0x5a;
  const lower = c >= 0x61 && c <= 0x7a;
  const digit = c >= 0x30 && c <= 0x39;
  if (upper) bits |= UPPER | ALPHA | ALNUM;
  if (lower) bits |= LOWER | ALPHA | ALNUM;
  if (digit) bits |= DIGIT | ALNUM | XDIGIT;
  if ((c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)) bits |= XDIGIT;
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) bits |= SPACE;
  if (c === 0x20 || c === 0x09) bits |= BLANK;
  if (c < 0x20 || c === 0x7f) bits |= CNTRL;
  if (c >= 0x20 && c < 0x7f) bits |= PRINT;
  if (c > 0x20 && c < 0x7f) bits |= GRAPH;
  if (c > 0x20 && c < 0x7f && !upper && !lower && !digit) bits |= PUNCT;
  return bits;
}

interface CtypeTables {
  /** Cells holding the table pointers (what the *_loc functions return). */
  classCell: number;
  lowerCell: number;
  upperCell: number;
}

const tables = new ProcessState<CtypeTables>('ctype/ctype-tables tables', copyForChild, placeTables);

/** The tables in libc's data area and the cells pointing into them (the index runs from -128). */
function placeTables(libc: LibcProcess): CtypeTables {
  const data = libc.data;
  const view = libc.memory.view;
  const classes = data.allocate(384 * 2, 16);
  const lower = data.allocate(384 * 4, 16);
  const upper = data.allocate(384 * 4, 16);
  for (let i = -128; i < 256; i++) {
    const c = i & 0xff;
    const index = i + 128;
    view.setUint16(classes + 2 * index, i === -1 ? 0 : classBits(i < 0 ? c : i), true);
    // Negative indexes are the signed-char view of bytes 128–255: they map to those bytes (-1 is EOF).
    const self = i === -1 ? -1 : c;
    const lowered = i >= 0x41 && i <= 0x5a ? i + 32 : self;
    const uppered = i >= 0x61 && i <= 0x7a ? i - 32 : self;
    view.setInt32(lower + 4 * index, lowered, true);
    view.setInt32(upper + 4 * index, uppered, true);
  }
  const cells = data.allocate(24, 8);
  view.setUint32(cells, classes + 256, true);
  view.setUint32(cells + 8, lower + 512, true);
  view.setUint32(cells + 16, upper + 512, true);
  return { classCell: cells, lowerCell: cells + 8, upperCell: cells + 16 };
}

function classify(mask: number): (f: { int(i: number): number }) => number {
  return (f) => {
    const c = f.int(0);
    return c >= 0 && c < 256 && (classBits(c) & mask) !== 0 ? mask : 0;
  };
}

export const CTYPE_FUNCTIONS: FunctionTable = {
  __ctype_b_loc: (_f, libc) => tables.of(libc).classCell,
  __ctype_tolower_loc: (_f, libc) => tables.of(libc).lowerCell,
  __ctype_toupper_loc: (_f, libc) => tables.of(libc).upperCell,
  isalpha: classify(ALPHA),
  isdigit: classify(DIGIT),
  isalnum: classify(ALNUM),
  isspace: classify(SPACE),
  isupper: classify(UPPER),
  islower: classify(LOWER),
  isxdigit: classify(XDIGIT),
  isprint: classify(PRINT),
  isgraph: classify(GRAPH),
  ispunct: classify(PUNCT),
  iscntrl: classify(CNTRL),
  isblank: classify(BLANK),
  tolower: (f) => {
    const c = f.int(0);
    return c >= 0x41 && c <= 0x5a ? c + 32 : c;
  },
  toupper: (f) => {
    const c = f.int(0);
    return c >= 0x61 && c <= 0x7a ? c - 32 : c;
  },
  isascii: (f) => ((f.int(0) & ~0x7f) === 0 ? 1 : 0),
  toascii: (f) => f.int(0) & 0x7f,
};
