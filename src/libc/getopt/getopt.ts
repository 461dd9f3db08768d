// getopt, getopt_long, getopt_long_only and __posix_getopt with GNU getopt's semantics (glibc
// 2.36 posix/getopt.c): argument permutation (options first, non-options moved after them),
// "+"/"-" ordering prefixes and POSIXLY_CORRECT, ":" for silent errors and ':' returns, optional
// arguments "::", "-W foo" as "--foo", long-option abbreviations and ambiguity, and glibc's
// error messages on stderr. optind/opterr/optopt/optarg are the program's variables (possibly
// copy-relocated): they are read before and written after every call, as glibc's wrapper does
// with its getopt_data.
import { environmentValue } from '../environment/environment.ts';
import type { FunctionTable, ObjectTable } from '../exports/binding-types.ts';
import { cStringLength, loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { runNow } from '../stdio/stream-io.ts';

const enum Ordering {
  RequireOrder,
  Permute,
  ReturnInOrder,
}

/** glibc's struct _getopt_data, minus the public variables. */
export class GetoptState {
  initialized = false;
  /** Address of the next short option character in the current element, or 0. */
  nextChar = 0;
  ordering = Ordering.Permute;
  firstNonopt = 0;
  lastNonopt = 0;
  optind = 1;
  opterr = 1;
  // glibc's getopt_data starts zeroed: the public optopt reads '?' only until the first call.
  optopt = 0;
  optarg = 0;
}

const states = new ProcessState<GetoptState>('getopt/getopt states', copyForChild, () => new GetoptState());

/** One call's view of the arguments. */
class Call {
  readonly bytes: Uint8Array;
  constructor(
    readonly libc: LibcProcess,
    readonly d: GetoptState,
    readonly argc: number,
    readonly argv: number,
    public optstring: number,
    readonly longopts: number,
    readonly longIndex: number,
    public longOnly: boolean,
    public printErrors: boolean,
  ) {
    this.bytes = libc.memory.bytes;
  }

  arg(i: number): number {
    return loadPointer(this.libc.memory, this.argv + 8 * i);
  }

  byte(address: number): number {
    return this.bytes[address]!;
  }

  text(address: number): string {
    const length = cStringLength(this.libc.memory, address);
    return Buffer.from(this.bytes.subarray(address, address + length)).toString('latin1');
  }

  /** strchr(optstring, c) (c may be 0: then the terminator, as strchr finds it). */
  inOptstring(c: number): number {
    const length = cStringLength(this.libc.memory, this.optstring);
    const at = this.bytes.subarray(this.optstring, this.optstring + length + 1).indexOf(c);
    return at < 0 ? 0 : this.optstring + at;
  }

  isNonOption(i: number): boolean {
    const a = this.arg(i);
    return this.byte(a) !== 0x2d || this.byte(a + 1) === 0;
  }

  error(message: string): void {
    const libc = this.libc;
    const data = Buffer.from(`${this.text(this.arg(0))}: ${message}\n`, 'latin1');
    runNow(libc, libc.streams.write(libc.streams.current('stderr', libc.streams.stderr), data, 0, data.length));
  }

  /** exchange(): moves the options in [lastNonopt, optind) before the non-options in [firstNonopt, lastNonopt). */
  exchange(): void {
    const d = this.d;
    const memory = this.libc.memory;
    const nonopts: number[] = [];
    const opts: number[] = [];
    for (let i = d.firstNonopt; i < d.lastNonopt; i++) nonopts.push(this.arg(i));
    for (let i = d.lastNonopt; i < d.optind; i++) opts.push(this.arg(i));
    let at = d.firstNonopt;
    for (const p of [...opts, ...nonopts]) storePointer(memory, this.argv + 8 * at++, p);
    d.firstNonopt += d.optind - d.lastNonopt;
    d.lastNonopt = d.optind;
  }
}

function initialize(c: Call, posixlyCorrect: boolean): void {
  const d = c.d;
  if (d.optind === 0) d.optind = 1;
  d.firstNonopt = d.lastNonopt = d.optind;
  d.nextChar = 0;
  const first = c.byte(c.optstring);
  if (first === 0x2d) {
    d.ordering = Ordering.ReturnInOrder;
    c.optstring++;
  } else if (first === 0x2b) {
    d.ordering = Ordering.RequireOrder;
    c.optstring++;
  } else if (posixlyCorrect || getenvText(c.libc, 'POSIXLY_CORRECT')) d.ordering = Ordering.RequireOrder;
  else d.ordering = Ordering.Permute;
  d.initialized = true;
}

function getenvText(libc: LibcProcess, name: string): boolean {
  return environmentValue(libc, name) !== undefined;
}

function processLongOption(c: Call, prefix: string): number {
  const d = c.d;
  const memory = c.libc.memory;
  let nameEnd = d.nextChar;
  while (c.byte(nameEnd) !== 0 && c.byte(nameEnd) !== 0x3d) nameEnd++;
  const name = c.bytes.subarray(d.nextChar, nameEnd);
  const matches = (p: number, exact: boolean): boolean => {
    const n = loadPointer(memory, p);
    const length = cStringLength(memory, n);
    if (length < name.length) return false;
    if (exact && length !== name.length) return false;
    for (let i = 0; i < name.length; i++) if (c.byte(n + i) !== name[i]) return false;
    return true;
  };
  const field = (p: number, offset: number) => memory.view.getInt32(p + offset, true);
  let found = 0;
  let optionIndex = -1;
  let count = 0;
  for (let p = c.longopts; loadPointer(memory, p) !== 0; p += 32, count++) {
    if (matches(p, true)) {
      found = p;
      optionIndex = count;
      break;
    }
  }
  if (found === 0) {
    const ambiguous: number[] = [];
    let indexFound = -1;
    let index = 0;
    for (let p = c.longopts; loadPointer(memory, p) !== 0; p += 32, index++) {
      if (!matches(p, false)) continue;
      if (found === 0) {
        found = p;
        indexFound = index;
      } else if (
        c.longOnly ||
        field(found, 8) !== field(p, 8) ||
        loadPointer(memory, found + 16) !== loadPointer(memory, p + 16) ||
        field(found, 24) !== field(p, 24)
      ) {
        if (ambiguous.length === 0) ambiguous.push(indexFound);
        ambiguous.push(index);
      }
    }
    if (ambiguous.length > 0) {
      if (c.printErrors) {
        const names = ambiguous.map((i) => ` '${prefix}${c.text(loadPointer(memory, c.longopts + 32 * i))}'`).join('');
        c.error(`option '${prefix}${c.text(d.nextChar)}' is ambiguous; possibilities:${names}`);
      }
      d.nextChar += cStringLength(memory, d.nextChar);
      d.optind++;
      d.optopt = 0;
      return 0x3f;
    }
    optionIndex = indexFound;
  }
  if (found === 0) {
    if (!c.longOnly || c.byte(c.arg(d.optind) + 1) === 0x2d || c.inOptstring(c.byte(d.nextChar)) === 0) {
      if (c.printErrors) c.error(`unrecognized option '${prefix}${c.text(d.nextChar)}'`);
      d.nextChar = 0;
      d.optind++;
      d.optopt = 0;
      return 0x3f;
    }
    return -1;
  }
  d.optind++;
  d.nextChar = 0;
  const hasArg = field(found, 8);
  const optionName = () => c.text(loadPointer(memory, found));
  if (c.byte(nameEnd) !== 0) {
    if (hasArg) d.optarg = nameEnd + 1;
    else {
      if (c.printErrors) c.error(`option '${prefix}${optionName()}' doesn't allow an argument`);
      d.optopt = field(found, 24);
      return 0x3f;
    }
  } else if (hasArg === 1) {
    if (d.optind < c.argc) d.optarg = c.arg(d.optind++);
    else {
      if (c.printErrors) c.error(`option '${prefix}${optionName()}' requires an argument`);
      d.optopt = field(found, 24);
      return c.byte(c.optstring) === 0x3a ? 0x3a : 0x3f;
    }
  }
  if (c.longIndex !== 0) {
    memory.view.setInt32(c.longIndex, optionIndex, true);
  }
  const flag = loadPointer(memory, found + 16);
  if (flag !== 0) {
    memory.view.setInt32(flag, field(found, 24), true);
    return 0;
  }
  return field(found, 24);
}

/** _getopt_internal_r. */
function getoptInternal(c: Call, posixlyCorrect: boolean): number {
  const d = c.d;
  if (c.argc < 1) return -1;
  d.optarg = 0;
  if (d.optind === 0 || !d.initialized) initialize(c, posixlyCorrect);
  else if (c.byte(c.optstring) === 0x2d || c.byte(c.optstring) === 0x2b) c.optstring++;
  if (c.byte(c.optstring) === 0x3a) c.printErrors = false;

  if (d.nextChar === 0 || c.byte(d.nextChar) === 0) {
    if (d.lastNonopt > d.optind) d.lastNonopt = d.optind;
    if (d.firstNonopt > d.optind) d.firstNonopt = d.optind;
    if (d.ordering === Ordering.Permute) {
      if (d.firstNonopt !== d.lastNonopt && d.lastNonopt !== d.optind) c.exchange();
      else if (d.lastNonopt !== d.optind) d.firstNonopt = d.optind;
      while (d.optind < c.argc && c.isNonOption(d.optind)) d.optind++;
      d.lastNonopt = d.optind;
    }
    if (d.optind !== c.argc && c.text(c.arg(d.optind)) === '--') {
      d.optind++;
      if (d.firstNonopt !== d.lastNonopt && d.lastNonopt !== d.optind) c.exchange();
      else if (d.firstNonopt === d.lastNonopt) d.firstNonopt = d.optind;
      d.lastNonopt = c.argc;
      d.optind = c.argc;
    }
    if (d.optind === c.argc) {
      if (d.firstNonopt !== d.lastNonopt) d.optind = d.firstNonopt;
      return -1;
    }
    if (c.isNonOption(d.optind)) {
      if (d.ordering === Ordering.RequireOrder) return -1;
      d.optarg = c.arg(d.optind++);
      return 1;
    }
    const element = c.arg(d.optind);
    if (c.longopts !== 0) {
      if (c.byte(element + 1) === 0x2d) {
        d.nextChar = element + 2;
        return processLongOption(c, '--');
      }
      if (c.longOnly && (c.byte(element + 2) !== 0 || c.inOptstring(c.byte(element + 1)) === 0)) {
        d.nextChar = element + 1;
        const code = processLongOption(c, '-');
        if (code !== -1) return code;
      }
    }
    d.nextChar = element + 1;
  }

  let ch = c.byte(d.nextChar++);
  const temp = c.inOptstring(ch);
  if (c.byte(d.nextChar) === 0) d.optind++;
  if (temp === 0 || ch === 0x3a || ch === 0x3b) {
    if (c.printErrors) c.error(`invalid option -- '${String.fromCharCode(ch)}'`);
    d.optopt = ch;
    return 0x3f;
  }
  if (c.byte(temp) === 0x57 && c.byte(temp + 1) === 0x3b && c.longopts !== 0) {
    if (c.byte(d.nextChar) !== 0) d.optarg = d.nextChar;
    else if (d.optind === c.argc) {
      if (c.printErrors) c.error(`option requires an argument -- '${String.fromCharCode(ch)}'`);
      d.optopt = ch;
      return c.byte(c.optstring) === 0x3a ? 0x3a : 0x3f;
    } else d.optarg = c.arg(d.optind);
    d.nextChar = d.optarg;
    d.optarg = 0;
    c.longOnly = false;
    return processLongOption(c, '-W ');
  }
  if (c.byte(temp + 1) === 0x3a) {
    if (c.byte(temp + 2) === 0x3a) {
      if (c.byte(d.nextChar) !== 0) {
        d.optarg = d.nextChar;
        d.optind++;
      } else d.optarg = 0;
      d.nextChar = 0;
    } else {
      if (c.byte(d.nextChar) !== 0) {
        d.optarg = d.nextChar;
        d.optind++;
      } else if (d.optind === c.argc) {
        if (c.printErrors) c.error(`option requires an argument -- '${String.fromCharCode(ch)}'`);
        d.optopt = ch;
        ch = c.byte(c.optstring) === 0x3a ? 0x3a : 0x3f;
      } else d.optarg = c.arg(d.optind++);
      d.nextChar = 0;
    }
  }
  return ch;
}

/**
 * _getopt_long_r/_getopt_long_only_r: a scan over the caller's own getopt data `d` (argp's),
 * leaving the public variables alone.
 */
export function getoptReentrant(
  libc: LibcProcess,
  d: GetoptState,
  argc: number,
  argv: number,
  optstring: number,
  longopts: number,
  longOnly: boolean,
): number {
  return getoptInternal(new Call(libc, d, argc, argv, optstring, longopts, 0, longOnly, d.opterr !== 0), false);
}

/** The program's public variables (wherever copy relocation put them). */
function variable(libc: LibcProcess, name: string): number {
  return libc.currentObject(name) ?? placeVariable(libc, name);
}

function placeVariable(libc: LibcProcess, name: string): number {
  return libc.objectAddress(name, () => {
    const cell = libc.data.allocate(8, 8);
    const initial: Record<string, number> = { optind: 1, opterr: 1, optopt: 0x3f, optarg: 0 };
    libc.memory.view.setInt32(cell, initial[name] ?? 0, true);
    return cell;
  });
}

/** glibc's _getopt_internal: public variables in, the scan, public variables out. */
function getopt(
  libc: LibcProcess,
  argc: number,
  argv: number,
  optstring: number,
  longopts: number,
  longIndex: number,
  longOnly: boolean,
  posixlyCorrect: boolean,
): number {
  const d = states.of(libc);
  const view = libc.memory.view;
  d.optind = view.getInt32(variable(libc, 'optind'), true);
  d.opterr = view.getInt32(variable(libc, 'opterr'), true);
  const call = new Call(libc, d, argc, argv, optstring, longopts, longIndex, longOnly, d.opterr !== 0);
  const result = getoptInternal(call, posixlyCorrect);
  view.setInt32(variable(libc, 'optind'), d.optind, true);
  storePointer(libc.memory, variable(libc, 'optarg'), d.optarg);
  view.setInt32(variable(libc, 'optopt'), d.optopt, true);
  return result;
}

export const GETOPT_FUNCTIONS: FunctionTable = {
  getopt: (f, libc) => getopt(libc, f.int(0), f.ptr(1), f.ptr(2), 0, 0, false, false),
  __posix_getopt: (f, libc) => getopt(libc, f.int(0), f.ptr(1), f.ptr(2), 0, 0, false, true),
  getopt_long: (f, libc) => getopt(libc, f.int(0), f.ptr(1), f.ptr(2), f.ptr(3), f.ptr(4), false, false),
  getopt_long_only: (f, libc) => getopt(libc, f.int(0), f.ptr(1), f.ptr(2), f.ptr(3), f.ptr(4), true, false),
};

export const GETOPT_OBJECTS: ObjectTable = {
  optind: (libc) => placeVariable(libc, 'optind'),
  opterr: (libc) => placeVariable(libc, 'opterr'),
  optopt: (libc) => placeVariable(libc, 'optopt'),
  optarg: (libc) => placeVariable(libc, 'optarg'),
};
