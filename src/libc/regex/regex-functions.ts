// <regex.h>'s POSIX interface as glibc 2.36 provides it: regcomp, regexec, regerror, regfree.
//
// regex_t keeps glibc's layout (64 bytes): buffer at 0 holds a handle to the compiled program on
// the host (Miros libc's state, not a guest pointer), allocated/used at 8/16, the syntax bits at 24,
// fastmap and translate at 32/40 (NULL), re_nsub at 48, and the flag bits at 56 (no_sub,
// newline_anchor) where glibc has them. regexec reads the subject (strlen, or pmatch[0]'s range
// with REG_STARTEND: offsets stay relative to the string), matches as ./regex-matcher.ts and writes
// nmatch regmatch_t (two ints each; -1 for unset, and for entries past re_nsub); with REG_NOSUB
// pmatch is left alone. Only the C locale's single-byte rules are implemented.
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite, cStringLength, loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyReplacing, ProcessState } from '../runtime/process-states.ts';
import { Matcher } from './regex-matcher.ts';
import {
  parsePattern,
  RE_BK_PLUS_QM,
  RE_CHAR_CLASSES,
  RE_CONTEXT_INDEP_ANCHORS,
  RE_CONTEXT_INDEP_OPS,
  RE_CONTEXT_INVALID_DUP,
  RE_CONTEXT_INVALID_OPS,
  RE_DOT_NEWLINE,
  RE_DOT_NOT_NULL,
  RE_HAT_LISTS_NOT_NEWLINE,
  RE_ICASE,
  RE_INTERVALS,
  RE_NO_BK_BRACES,
  RE_NO_BK_PARENS,
  RE_NO_BK_VBAR,
  RE_NO_EMPTY_RANGES,
  RE_UNMATCHED_RIGHT_PAREN_ORD,
  RegexError,
  RegexSyntaxError,
  upperByte,
} from './regex-parser.ts';
import { buildProgram, type RegexProgram } from './regex-program.ts';

const REG_EXTENDED = 1;
const REG_ICASE = 2;
const REG_NEWLINE = 4;
const REG_NOSUB = 8;
const REG_NOTBOL = 1;
const REG_NOTEOL = 2;
const REG_STARTEND = 4;

const POSIX_COMMON = RE_CHAR_CLASSES | RE_DOT_NEWLINE | RE_DOT_NOT_NULL | RE_INTERVALS | RE_NO_EMPTY_RANGES;
const SYNTAX_POSIX_BASIC = POSIX_COMMON | RE_BK_PLUS_QM | RE_CONTEXT_INVALID_DUP;
const SYNTAX_POSIX_EXTENDED =
  POSIX_COMMON |
  RE_CONTEXT_INDEP_ANCHORS |
  RE_CONTEXT_INDEP_OPS |
  RE_NO_BK_BRACES |
  RE_NO_BK_PARENS |
  RE_NO_BK_VBAR |
  RE_CONTEXT_INVALID_OPS |
  RE_UNMATCHED_RIGHT_PAREN_ORD;

// struct re_pattern_buffer (regex_t); the GNU API (./gnu-regex.ts) uses every field.
export const BUFFER = 0;
export const ALLOCATED = 8;
export const USED = 16;
export const SYNTAX = 24;
export const FASTMAP = 32;
export const TRANSLATE = 40;
export const RE_NSUB = 48;
export const FLAG_BITS = 56;
export const REGEX_T_SIZE = 64;
// The bit-fields at FLAG_BITS: can_be_null, regs_allocated (2 bits), fastmap_accurate, no_sub,
// not_bol, not_eol, newline_anchor.
export const CAN_BE_NULL_BIT = 1 << 0;
export const REGS_ALLOCATED_SHIFT = 1;
export const FASTMAP_ACCURATE_BIT = 1 << 3;
export const NO_SUB_BIT = 1 << 4;
export const NOT_BOL_BIT = 1 << 5;
export const NOT_EOL_BIT = 1 << 6;
export const NEWLINE_ANCHOR_BIT = 1 << 7;
const REGMATCH_SIZE = 8;

/** regerror's texts, by code (glibc's __re_error_msgid, untranslated). */
export const ERROR_TEXTS = [
  'Success',
  'No match',
  'Invalid regular expression',
  'Invalid collation character',
  'Invalid character class name',
  'Trailing backslash',
  'Invalid back reference',
  'Unmatched [, [^, [:, [., or [=',
  'Unmatched ( or \\(',
  'Unmatched \\{',
  'Invalid content of \\{\\}',
  'Invalid range end',
  'Memory exhausted',
  'Invalid preceding regular expression',
  'Premature end of regular expression',
  'Regular expression too big',
  'Unmatched ) or \\)',
];

export interface CompiledRegex {
  program: RegexProgram;
  syntax: number;
  icase: boolean;
  newlineAnchor: boolean;
  noSub: boolean;
}

/** The compiled patterns of a process, by the handle regex_t's buffer field holds. */
export class RegexTable {
  readonly compiled = new Map<number, CompiledRegex>();
  nextHandle = 1;
}

const tables = new ProcessState<RegexTable>(
  'regex/regex-functions tables',
  // Compiled programs are not changed by matching: the child's handles share them.
  (table) => copyReplacing(table, { compiled: new Map(table.compiled) }),
  () => new RegexTable(),
);

export function tableOf(libc: LibcProcess): RegexTable {
  return tables.of(libc);
}

function regcomp(libc: LibcProcess, preg: number, pattern: number, cflags: number): number {
  const memory = libc.memory;
  checkWrite(memory, preg, REGEX_T_SIZE);
  let syntax = (cflags & REG_EXTENDED) !== 0 ? SYNTAX_POSIX_EXTENDED : SYNTAX_POSIX_BASIC;
  if ((cflags & REG_ICASE) !== 0) syntax |= RE_ICASE;
  const newlineAnchor = (cflags & REG_NEWLINE) !== 0;
  if (newlineAnchor) {
    syntax &= ~RE_DOT_NEWLINE;
    syntax |= RE_HAT_LISTS_NOT_NEWLINE;
  }
  const noSub = (cflags & REG_NOSUB) !== 0;
  for (const field of [BUFFER, ALLOCATED, USED, FASTMAP, TRANSLATE]) storePointer(memory, preg + field, 0);
  storePointer(memory, preg + SYNTAX, syntax);
  storePointer(memory, preg + RE_NSUB, 0);
  const bits = (noSub ? NO_SUB_BIT : 0) | (newlineAnchor ? NEWLINE_ANCHOR_BIT : 0);
  memory.view.setUint32(preg + FLAG_BITS, (memory.view.getUint32(preg + FLAG_BITS, true) & ~0xff) | bits, true);
  const length = cStringLength(memory, pattern);
  const bytes = memory.bytes.slice(pattern, pattern + length);
  let program: RegexProgram;
  try {
    const parsed = parsePattern(bytes, syntax);
    storePointer(memory, preg + RE_NSUB, parsed.groups);
    program = buildProgram(parsed);
  } catch (error) {
    // POSIX does not tell an unmatched ) from an unmatched (: glibc's regcomp reports both as REG_EPAREN.
    if (error instanceof RegexSyntaxError) return error.code === RegexError.ERPAREN ? RegexError.EPAREN : error.code;
    throw error;
  }
  const table = tableOf(libc);
  const handle = table.nextHandle++;
  table.compiled.set(handle, { program, syntax, icase: (cflags & REG_ICASE) !== 0, newlineAnchor, noSub });
  storePointer(memory, preg + BUFFER, handle);
  storePointer(memory, preg + ALLOCATED, REGEX_T_SIZE);
  storePointer(memory, preg + USED, REGEX_T_SIZE);
  return RegexError.NOERROR;
}

export function compiledAt(libc: LibcProcess, preg: number, caller: string): CompiledRegex {
  checkRead(libc.memory, preg, REGEX_T_SIZE);
  const compiled = tableOf(libc).compiled.get(loadPointer(libc.memory, preg + BUFFER));
  if (compiled === undefined)
    throw new Error(`miros ${caller}: the regex_t at 0x${preg.toString(16)} holds no compiled pattern`);
  return compiled;
}

/**
 * The subject as glibc's re_string reads it: through the buffer's translate table (the GNU API
 * sets one), then upper-cased under RE_ICASE.
 */
export function subjectBytes(
  libc: LibcProcess,
  preg: number,
  compiled: CompiledRegex,
  address: number,
  length: number,
): Uint8Array {
  const memory = libc.memory;
  let subject = memory.bytes.slice(address, address + length);
  const translate = loadPointer(memory, preg + TRANSLATE);
  if (translate !== 0) {
    checkRead(memory, translate, 256);
    const table = memory.bytes.slice(translate, translate + 256);
    subject = subject.map((c) => table[c]!);
  }
  if (compiled.syntax & RE_ICASE) subject = subject.map(upperByte);
  return subject;
}

function regexec(
  libc: LibcProcess,
  preg: number,
  string: number,
  nmatch: number,
  pmatch: number,
  eflags: number,
): number {
  if ((eflags & ~(REG_NOTBOL | REG_NOTEOL | REG_STARTEND)) !== 0) return RegexError.BADPAT;
  const memory = libc.memory;
  const compiled = compiledAt(libc, preg, 'regexec');
  let start = 0;
  let length: number;
  if ((eflags & REG_STARTEND) !== 0) {
    checkRead(memory, pmatch, REGMATCH_SIZE);
    start = memory.view.getInt32(pmatch, true);
    length = memory.view.getInt32(pmatch + 4, true);
    checkRead(memory, string, length);
  } else length = cStringLength(memory, string);
  // no_sub and newline_anchor are read where glibc reads them: in the buffer, at match time.
  const bits = memory.bytes[preg + FLAG_BITS]!;
  const wanted = bits & NO_SUB_BIT ? 0 : nmatch;
  const matcher = new Matcher(compiled.program, subjectBytes(libc, preg, compiled, string, length), {
    syntax: compiled.syntax,
    newlineAnchor: (bits & NEWLINE_ANCHOR_BIT) !== 0,
    notBol: (eflags & REG_NOTBOL) !== 0,
    notEol: (eflags & REG_NOTEOL) !== 0,
  });
  const result = matcher.search(start, wanted);
  if (result === undefined) return RegexError.NOMATCH;
  const registers = result.registers;
  const written = registers.length / 2;
  if (written > 0) {
    checkWrite(memory, pmatch, written * REGMATCH_SIZE);
    for (let i = 0; i < written; i++) {
      memory.view.setInt32(pmatch + i * REGMATCH_SIZE, registers[2 * i]!, true);
      memory.view.setInt32(pmatch + i * REGMATCH_SIZE + 4, registers[2 * i + 1]!, true);
    }
  }
  return result.matched ? RegexError.NOERROR : RegexError.NOMATCH;
}

/** regerror: the text's size with its NUL; as much as fits copied, NUL-terminated. An unknown code aborts, as glibc. */
function regerror(libc: LibcProcess, code: number, buffer: number, size: number): number {
  const text = ERROR_TEXTS[code];
  if (code < 0 || text === undefined) libc.raiseAbort();
  const bytes = Buffer.from(`${text}\0`, 'latin1');
  if (size > 0) {
    const copied = Math.min(bytes.length, size);
    checkWrite(libc.memory, buffer, copied);
    libc.memory.bytes.set(bytes.subarray(0, copied), buffer);
    libc.memory.bytes[buffer + copied - 1] = 0;
  }
  return bytes.length;
}

function regfree(libc: LibcProcess, preg: number): undefined {
  const memory = libc.memory;
  checkWrite(memory, preg, REGEX_T_SIZE);
  tableOf(libc).compiled.delete(loadPointer(memory, preg + BUFFER));
  for (const field of [BUFFER, ALLOCATED, USED, FASTMAP, TRANSLATE]) storePointer(memory, preg + field, 0);
  return undefined;
}

export const REGEX_FUNCTIONS: FunctionTable = {
  regcomp: (f, libc) => regcomp(libc, f.ptr(0), f.ptr(1), f.int(2)),
  regexec: (f, libc) => regexec(libc, f.ptr(0), f.ptr(1), f.ulong(2), f.ptr(3), f.int(4)),
  regerror: (f, libc) => regerror(libc, f.int(0), f.ptr(2), f.ulong(3)),
  regfree: (f, libc) => regfree(libc, f.ptr(0)),
};
