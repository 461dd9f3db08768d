// The GNU regex API of glibc 2.36 (posix/regcomp.c, posix/regexec.c) over Miros's POSIX engine:
// re_set_syntax and the re_syntax_options variable, re_compile_pattern (the syntax bits as they
// are, no_sub from RE_NO_SUB, newline_anchor set, the buffer's translate table applied),
// re_compile_fastmap, re_search/re_search_2 (a range of starts, forwards or backwards, the
// match ending by `stop`), re_match/re_match_2 (a match at one start: its length), the
// registers of struct re_registers as re_copy_regs keeps them (allocated by libc, grown, or the
// caller's fixed arrays), re_set_registers, and BSD's re_comp/re_exec over one buffer of libc's.
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable, ObjectTable } from '../exports/binding-types.ts';
import {
  checkRead,
  checkWrite,
  cStringLength,
  loadPointer,
  storeBytes,
  storePointer,
} from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { realloc } from '../stdlib/malloc-functions.ts';
import {
  ALLOCATED,
  BUFFER,
  CAN_BE_NULL_BIT,
  type CompiledRegex,
  compiledAt,
  ERROR_TEXTS,
  FASTMAP,
  FASTMAP_ACCURATE_BIT,
  FLAG_BITS,
  NEWLINE_ANCHOR_BIT,
  NO_SUB_BIT,
  NOT_BOL_BIT,
  NOT_EOL_BIT,
  RE_NSUB,
  REGEX_T_SIZE,
  REGS_ALLOCATED_SHIFT,
  SYNTAX,
  subjectBytes,
  TRANSLATE,
  tableOf,
  USED,
} from './regex-functions.ts';
import { Matcher } from './regex-matcher.ts';
import { Kind, parsePattern, RE_ICASE, RegexSyntaxError } from './regex-parser.ts';
import { buildProgram } from './regex-program.ts';

const RE_NO_SUB = 0x2000000;
const REGS_UNALLOCATED = 0;
const REGS_REALLOCATE = 1;
const REGS_FIXED = 2;
/** struct re_registers: num_regs (unsigned), start and end (regoff_t arrays). */
const NUM_REGS = 0;
const STARTS = 8;
const ENDS = 16;

/** Per process: the error texts re_compile_pattern/re_comp return (guest strings) and re_comp's buffer. */
interface GnuRegexState {
  messages: Map<string, number>;
  reCompBuffer: number;
}

const states = new ProcessState<GnuRegexState>('regex/gnu-regex states', copyForChild, () => ({
  messages: new Map(),
  reCompBuffer: 0,
}));

/** A constant message of libc's (gettext without catalogues returns it as it is). */
function message(libc: LibcProcess, text: string): number {
  const state = states.of(libc);
  let address = state.messages.get(text);
  if (address === undefined) {
    const bytes = Buffer.from(text, 'latin1');
    address = libc.data.allocate(bytes.length + 1, 1);
    storeBytes(libc.memory, address, bytes, true);
    state.messages.set(text, address);
  }
  return address;
}

function syntaxOptionsCell(libc: LibcProcess): number {
  return (
    libc.currentObject('re_syntax_options') ?? libc.objectAddress('re_syntax_options', () => libc.data.allocate(8, 8))
  );
}

function syntaxOptions(libc: LibcProcess): number {
  return loadPointer(libc.memory, syntaxOptionsCell(libc));
}

function bitsOf(libc: LibcProcess, buffer: number): number {
  return libc.memory.bytes[buffer + FLAG_BITS]!;
}

function setBits(libc: LibcProcess, buffer: number, bits: number): void {
  libc.memory.bytes[buffer + FLAG_BITS] = bits;
}

/** re_set_syntax: the previous options. */
function setSyntax(libc: LibcProcess, syntax: number): number {
  const cell = syntaxOptionsCell(libc);
  const previous = loadPointer(libc.memory, cell);
  storePointer(libc.memory, cell, syntax);
  return previous;
}

/**
 * re_compile_internal: compiles `length` bytes at `pattern` into the buffer with `syntax`;
 * the error code, 0 on success. The fields it resets are glibc's; fastmap, translate, no_sub and
 * newline_anchor are the caller's.
 */
function compileInto(libc: LibcProcess, buffer: number, pattern: number, length: number, syntax: number): number {
  const memory = libc.memory;
  checkWrite(memory, buffer, REGEX_T_SIZE);
  checkRead(memory, pattern, length);
  const bits = bitsOf(libc, buffer) & (NO_SUB_BIT | NEWLINE_ANCHOR_BIT);
  setBits(libc, buffer, bits);
  storePointer(memory, buffer + SYNTAX, syntax);
  storePointer(memory, buffer + USED, 0);
  storePointer(memory, buffer + RE_NSUB, 0);
  const table = tableOf(libc);
  const old = loadPointer(memory, buffer + BUFFER);
  table.compiled.delete(old);
  const translateAddress = loadPointer(memory, buffer + TRANSLATE);
  let translate: Uint8Array | undefined;
  if (translateAddress !== 0) {
    checkRead(memory, translateAddress, 256);
    translate = memory.bytes.slice(translateAddress, translateAddress + 256);
  }
  const bytes = memory.bytes.slice(pattern, pattern + length);
  let compiled: CompiledRegex;
  try {
    const parsed = parsePattern(bytes, syntax, translate);
    storePointer(memory, buffer + RE_NSUB, parsed.groups);
    compiled = {
      program: buildProgram(parsed),
      syntax,
      icase: (syntax & RE_ICASE) !== 0,
      newlineAnchor: (bits & NEWLINE_ANCHOR_BIT) !== 0,
      noSub: (bits & NO_SUB_BIT) !== 0,
    };
  } catch (error) {
    if (!(error instanceof RegexSyntaxError)) throw error;
    storePointer(memory, buffer + BUFFER, 0);
    storePointer(memory, buffer + ALLOCATED, 0);
    return error.code;
  }
  const handle = table.nextHandle++;
  table.compiled.set(handle, compiled);
  storePointer(memory, buffer + BUFFER, handle);
  storePointer(memory, buffer + ALLOCATED, REGEX_T_SIZE);
  storePointer(memory, buffer + USED, REGEX_T_SIZE);
  return 0;
}

/** re_compile_pattern: NULL, or the error's text. */
function compilePattern(libc: LibcProcess, pattern: number, length: number, buffer: number): number {
  const syntax = syntaxOptions(libc);
  checkWrite(libc.memory, buffer, REGEX_T_SIZE);
  let bits = bitsOf(libc, buffer) & ~(NO_SUB_BIT | NEWLINE_ANCHOR_BIT);
  if (syntax & RE_NO_SUB) bits |= NO_SUB_BIT;
  setBits(libc, buffer, bits | NEWLINE_ANCHOR_BIT);
  const code = compileInto(libc, buffer, pattern, length, syntax);
  return code === 0 ? 0 : message(libc, ERROR_TEXTS[code]!);
}

/**
 * re_compile_fastmap: the bytes a match can start with (re_compile_fastmap_iter over the
 * nodes the start reaches without input: a byte, a bracket's bytes, everything for '.' or the
 * end), can_be_null when the end comes before any '.', fastmap_accurate set.
 */
function compileFastmap(libc: LibcProcess, buffer: number): number {
  const memory = libc.memory;
  const compiled = compiledAt(libc, buffer, 're_compile_fastmap');
  const fastmap = loadPointer(memory, buffer + FASTMAP);
  checkWrite(memory, fastmap, 256);
  const map = memory.bytes.subarray(fastmap, fastmap + 256);
  map.fill(0);
  const program = compiled.program;
  const icase = (compiled.syntax & RE_ICASE) !== 0;
  const set = (c: number) => {
    map[c] = 1;
    if (icase && c >= 0x41 && c <= 0x5a) map[c + 32] = 1;
  };
  let bits = bitsOf(libc, buffer) & ~CAN_BE_NULL_BIT;
  // The start's epsilon closure, in node order as glibc's node sets are sorted.
  const reached = new Set<number>([program.start]);
  const work = [program.start];
  while (work.length > 0) {
    const node = work.pop()!;
    for (const next of program.epsilonDestinations[node] ?? [])
      if (!reached.has(next)) {
        reached.add(next);
        work.push(next);
      }
  }
  for (const node of [...reached].sort((a, b) => a - b)) {
    const kind = program.kinds[node];
    if (kind === Kind.CHARACTER) set(program.values[node]!);
    else if (kind === Kind.SIMPLE_BRACKET) {
      const bracket = program.sets[node]!;
      for (let c = 0; c < 256; c++) if (bracket[c]) set(c);
    } else if (kind === Kind.OP_PERIOD || kind === Kind.END_OF_RE) {
      map.fill(1);
      if (kind === Kind.END_OF_RE) bits |= CAN_BE_NULL_BIT;
      break;
    }
  }
  setBits(libc, buffer, bits | FASTMAP_ACCURATE_BIT);
  return 0;
}

/** re_copy_regs: the match's registers into REGS as ALLOCATED says; the new allocation state. */
function copyRegisters(libc: LibcProcess, regs: number, registers: Int32Array, allocated: number): number {
  const memory = libc.memory;
  const count = registers.length / 2;
  const needed = count + 1;
  let state = REGS_REALLOCATE;
  checkWrite(memory, regs, 24);
  if (allocated === REGS_UNALLOCATED) {
    const starts = libc.heap.allocate(needed * 4);
    const ends = libc.heap.allocate(needed * 4);
    if (starts === 0 || ends === 0) return REGS_UNALLOCATED;
    storePointer(memory, regs + STARTS, starts);
    storePointer(memory, regs + ENDS, ends);
    memory.view.setUint32(regs + NUM_REGS, needed, true);
  } else if (allocated === REGS_REALLOCATE) {
    if (needed > memory.view.getUint32(regs + NUM_REGS, true)) {
      const starts = realloc(libc, loadPointer(memory, regs + STARTS), needed * 4);
      if (starts === 0) return REGS_UNALLOCATED;
      storePointer(memory, regs + STARTS, starts);
      const ends = realloc(libc, loadPointer(memory, regs + ENDS), needed * 4);
      if (ends === 0) return REGS_UNALLOCATED;
      storePointer(memory, regs + ENDS, ends);
      memory.view.setUint32(regs + NUM_REGS, needed, true);
    }
  } else state = REGS_FIXED;
  const total = memory.view.getUint32(regs + NUM_REGS, true);
  const starts = loadPointer(memory, regs + STARTS);
  const ends = loadPointer(memory, regs + ENDS);
  checkWrite(memory, starts, total * 4);
  checkWrite(memory, ends, total * 4);
  for (let i = 0; i < total; i++) {
    memory.view.setInt32(starts + 4 * i, i < count ? registers[2 * i]! : -1, true);
    memory.view.setInt32(ends + 4 * i, i < count ? registers[2 * i + 1]! : -1, true);
  }
  return state;
}

/**
 * re_search_stub: starts from `start` over `range`, the match ending by `stop`; the start of the
 * match (or with `returnLength`, its length), -1 for none, -2 for an internal error.
 */
function searchStub(
  libc: LibcProcess,
  buffer: number,
  string: number,
  length: number,
  start: number,
  range: number,
  stopIn: number,
  regsIn: number,
  returnLength: boolean,
): number {
  const memory = libc.memory;
  if (start < 0 || start > length) return -1;
  let lastStart = start + range;
  if (length < lastStart || (range >= 0 && lastStart < start)) lastStart = length;
  else if (lastStart < 0 || (range < 0 && start <= lastStart)) lastStart = 0;
  const compiled = compiledAt(libc, buffer, returnLength ? 're_match' : 're_search');
  let bits = bitsOf(libc, buffer);
  if (start < lastStart && loadPointer(memory, buffer + FASTMAP) !== 0 && !(bits & FASTMAP_ACCURATE_BIT)) {
    compileFastmap(libc, buffer);
    bits = bitsOf(libc, buffer);
  }
  let regs = bits & NO_SUB_BIT ? 0 : regsIn;
  const allocated = (bits >> REGS_ALLOCATED_SHIFT) & 3;
  const groups = loadPointer(memory, buffer + RE_NSUB);
  let count: number;
  if (regs === 0) count = 1;
  else if (allocated === REGS_FIXED && memory.view.getUint32(regs + NUM_REGS, true) <= groups) {
    count = memory.view.getUint32(regs + NUM_REGS, true);
    if (count < 1) {
      regs = 0;
      count = 1;
    }
  } else count = groups + 1;
  const stop = Math.min(stopIn, length);
  const subject = subjectBytes(libc, buffer, compiled, string, stop);
  const following = stop < length ? subjectBytes(libc, buffer, compiled, string + stop, 1)[0] : undefined;
  const matcher = new Matcher(compiled.program, subject, {
    syntax: compiled.syntax,
    newlineAnchor: (bits & NEWLINE_ANCHOR_BIT) !== 0,
    notBol: (bits & NOT_BOL_BIT) !== 0,
    notEol: (bits & NOT_EOL_BIT) !== 0,
    followingByte: following,
  });
  const found = start > stop ? undefined : matcher.searchBetween(start, Math.min(lastStart, stop), count);
  if (found === undefined || !found.result.matched) return -1;
  const registers = found.result.registers;
  if (regs !== 0) {
    const state = copyRegisters(libc, regs, registers, allocated);
    setBits(libc, buffer, (bitsOf(libc, buffer) & ~(3 << REGS_ALLOCATED_SHIFT)) | (state << REGS_ALLOCATED_SHIFT));
    if (state === REGS_UNALLOCATED) return -2;
  }
  return returnLength ? registers[1]! - start : registers[0]!;
}

/** re_search_2_stub: the two strings as one (copied when both have bytes). */
function searchTwo(
  libc: LibcProcess,
  f: CallFrame,
  start: number,
  range: number,
  regs: number,
  stop: number,
  returnLength: boolean,
): number {
  const buffer = f.ptr(0);
  const string1 = f.ptr(1);
  const length1 = f.int(2);
  const string2 = f.ptr(3);
  const length2 = f.int(4);
  const total = length1 + length2;
  if (length1 < 0 || length2 < 0 || stop < 0 || total > 0x7fffffff) return -2;
  const memory = libc.memory;
  let string: number;
  let copy = 0;
  if (length2 > 0) {
    if (length1 > 0) {
      copy = libc.heap.allocate(total);
      if (copy === 0) return -2;
      checkRead(memory, string1, length1);
      checkRead(memory, string2, length2);
      memory.bytes.copyWithin(copy, string1, string1 + length1);
      memory.bytes.copyWithin(copy + length1, string2, string2 + length2);
      string = copy;
    } else string = string2;
  } else string = string1;
  const result = searchStub(libc, buffer, string, total, start, range, stop, regs, returnLength);
  if (copy !== 0) libc.heap.release(copy, 'free');
  return result;
}

/** re_set_registers. */
function setRegisters(
  libc: LibcProcess,
  buffer: number,
  regs: number,
  count: number,
  starts: number,
  ends: number,
): undefined {
  const memory = libc.memory;
  checkWrite(memory, regs, 24);
  const others = bitsOf(libc, buffer) & ~(3 << REGS_ALLOCATED_SHIFT);
  if (count !== 0) {
    setBits(libc, buffer, others | (REGS_REALLOCATE << REGS_ALLOCATED_SHIFT));
    memory.view.setUint32(regs + NUM_REGS, count, true);
    storePointer(memory, regs + STARTS, starts);
    storePointer(memory, regs + ENDS, ends);
  } else {
    setBits(libc, buffer, others | (REGS_UNALLOCATED << REGS_ALLOCATED_SHIFT));
    memory.view.setUint32(regs + NUM_REGS, 0, true);
    storePointer(memory, regs + STARTS, 0);
    storePointer(memory, regs + ENDS, 0);
  }
  return undefined;
}

/** re_comp: compiles into libc's own buffer (NULL: whether there is a pattern). */
function reComp(libc: LibcProcess, pattern: number): number {
  const memory = libc.memory;
  const state = states.of(libc);
  if (state.reCompBuffer === 0) state.reCompBuffer = libc.data.allocate(REGEX_T_SIZE, 8);
  const buffer = state.reCompBuffer;
  if (pattern === 0)
    return loadPointer(memory, buffer + BUFFER) === 0 ? message(libc, 'No previous regular expression') : 0;
  let fastmap = loadPointer(memory, buffer + FASTMAP);
  if (loadPointer(memory, buffer + BUFFER) !== 0) {
    // regfree with the fastmap kept, then the buffer zeroed.
    tableOf(libc).compiled.delete(loadPointer(memory, buffer + BUFFER));
    memory.bytes.fill(0, buffer, buffer + REGEX_T_SIZE);
    storePointer(memory, buffer + FASTMAP, fastmap);
  }
  if (fastmap === 0) {
    fastmap = libc.heap.allocate(256);
    if (fastmap === 0) return message(libc, ERROR_TEXTS[12]!);
    storePointer(memory, buffer + FASTMAP, fastmap);
  }
  setBits(libc, buffer, bitsOf(libc, buffer) | NEWLINE_ANCHOR_BIT);
  const code = compileInto(libc, buffer, pattern, cStringLength(memory, pattern), syntaxOptions(libc));
  return code === 0 ? 0 : message(libc, ERROR_TEXTS[code]!);
}

/** re_exec: regexec of the string against re_comp's pattern, 1 for a match. */
function reExec(libc: LibcProcess, string: number): number {
  const state = states.of(libc);
  if (state.reCompBuffer === 0) state.reCompBuffer = libc.data.allocate(REGEX_T_SIZE, 8);
  const buffer = state.reCompBuffer;
  const compiled = compiledAt(libc, buffer, 're_exec');
  const length = cStringLength(libc.memory, string);
  const bits = bitsOf(libc, buffer);
  const matcher = new Matcher(compiled.program, subjectBytes(libc, buffer, compiled, string, length), {
    syntax: compiled.syntax,
    newlineAnchor: (bits & NEWLINE_ANCHOR_BIT) !== 0,
    notBol: false,
    notEol: false,
  });
  const result = matcher.search(0, 0);
  return result?.matched ? 1 : 0;
}

export const GNU_REGEX_FUNCTIONS: FunctionTable = {
  re_set_syntax: (f, libc) => setSyntax(libc, f.ulong(0)),
  re_compile_pattern: (f, libc) => compilePattern(libc, f.ptr(0), f.ulong(1), f.ptr(2)),
  re_compile_fastmap: (f, libc) => compileFastmap(libc, f.ptr(0)),
  re_search: (f, libc) => searchStub(libc, f.ptr(0), f.ptr(1), f.int(2), f.int(3), f.int(4), f.int(2), f.ptr(5), false),
  re_match: (f, libc) => searchStub(libc, f.ptr(0), f.ptr(1), f.int(2), f.int(3), 0, f.int(2), f.ptr(4), true),
  re_search_2: (f, libc) => searchTwo(libc, f, f.int(5), f.int(6), f.ptr(7), f.int(8), false),
  re_match_2: (f, libc) => searchTwo(libc, f, f.int(5), 0, f.ptr(6), f.int(7), true),
  re_set_registers: (f, libc) => setRegisters(libc, f.ptr(0), f.ptr(1), f.uint(2), f.ptr(3), f.ptr(4)),
  re_comp: (f, libc) => reComp(libc, f.ptr(0)),
  re_exec: (f, libc) => reExec(libc, f.ptr(0)),
};

export const GNU_REGEX_OBJECTS: ObjectTable = {
  re_syntax_options: (libc) => syntaxOptionsCell(libc),
};
