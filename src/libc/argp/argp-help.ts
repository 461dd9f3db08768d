// argp's help output (glibc 2.36 argp/argp-help.c): the "HOL" (help option list) built from an
// argp tree, sorted by group, cluster and name; the usage line(s), the option table with glibc's
// default ARGP_HELP_FMT columns (short options at 2, long at 6, documentation at 29, right
// margin 79) or the environment's, the documentation before and after the table, the bug
// address, and the program's help filters (guest code) on every piece of text they may change.
// Output goes through ./format-stream.ts, then to the FILE.

import { guestCall, type HostStep } from '../abi/host-region.ts';
import { environmentValue } from '../environment/environment.ts';
import { loadPointer, storeBytes } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import {
  ARGP_HELP_BUG_ADDR,
  ARGP_HELP_LONG,
  ARGP_HELP_POST_DOC,
  ARGP_HELP_PRE_DOC,
  ARGP_HELP_SEE,
  ARGP_HELP_SHORT_USAGE,
  ARGP_HELP_USAGE,
  ARGP_KEY_HELP_ARGS_DOC,
  ARGP_KEY_HELP_DUP_ARGS_NOTE,
  ARGP_KEY_HELP_EXTRA,
  ARGP_KEY_HELP_HEADER,
  ARGP_KEY_HELP_POST_DOC,
  ARGP_KEY_HELP_PRE_DOC,
  type Argp,
  type ArgpOption,
  argpVariable,
  isShort,
  OPTION_ALIAS,
  OPTION_ARG_OPTIONAL,
  OPTION_DOC,
  OPTION_HIDDEN,
  OPTION_NO_USAGE,
  readArgp,
  text,
} from './argp-structures.ts';
import { FormatStream } from './format-stream.ts';

/** The user-selectable formatting parameters (struct uparams), kept per process as glibc's static. */
class HelpParameters {
  dupArgs = 0;
  dupArgsNote = 1;
  shortOptColumn = 2;
  longOptColumn = 6;
  docOptColumn = 2;
  optDocColumn = 29;
  headerColumn = 1;
  usageIndent = 12;
  rightMargin = 79;
}

type ParameterField = Exclude<keyof HelpParameters, never>;

const PARAMETER_NAMES: readonly [string, boolean, ParameterField][] = [
  ['dup-args', true, 'dupArgs'],
  ['dup-args-note', true, 'dupArgsNote'],
  ['short-opt-col', false, 'shortOptColumn'],
  ['long-opt-col', false, 'longOptColumn'],
  ['doc-opt-col', false, 'docOptColumn'],
  ['opt-doc-col', false, 'optDocColumn'],
  ['header-col', false, 'headerColumn'],
  ['usage-indent', false, 'usageIndent'],
  ['rmargin', false, 'rightMargin'],
];

/** A step of the help output: may call guest code (filters) and wait on the stream. */
type Help<T> = Generator<HostStep, T, number>;

const parameters = new ProcessState<HelpParameters>(
  'argp/argp-help parameters',
  copyForChild,
  () => new HelpParameters(),
);

/** What the help needs from argp_parse's side: the state and the inputs of its groups. */
export interface HelpContext {
  /** The argp_state's guest address, 0 for argp_help. */
  state: number;
  /** __argp_input: the input of the group parsing `argp`, 0 if none. */
  inputOf(argp: Argp): number;
  /** argp_failure, for ARGP_HELP_FMT's complaints. */
  failure(message: string): Help<number>;
}

const isSpace = (c: string | undefined) => c === ' ' || (c !== undefined && c >= '\t' && c <= '\r');
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined) => c !== undefined && /^[A-Za-z]$/.test(c);
const isAlnum = (c: string | undefined) => isAlpha(c) || isDigit(c);

/** fill_in_uparams: ARGP_HELP_FMT's "name=value,boolean,no-boolean" list. */
function* fillInParameters(libc: LibcProcess, context: HelpContext): Help<number> {
  const value = environmentValue(libc, 'ARGP_HELP_FMT');
  if (value === undefined) return 0;
  const params = parameters.of(libc);
  let at = 0;
  while (at < value.length) {
    while (isSpace(value[at])) at++;
    if (isAlpha(value[at])) {
      let nameStart = at;
      let argAt = at;
      while (isAlnum(value[argAt]) || value[argAt] === '-' || value[argAt] === '_') argAt++;
      let nameLength = argAt - nameStart;
      while (isSpace(value[argAt])) argAt++;
      let unspecified = false;
      let number = 0;
      if (argAt >= value.length || value[argAt] === ',') unspecified = true;
      else if (value[argAt] === '=') {
        argAt++;
        while (isSpace(value[argAt])) argAt++;
      }
      if (unspecified) {
        if (value.startsWith('no-', nameStart)) {
          number = 0;
          nameStart += 3;
          nameLength -= 3;
        } else number = 1;
      } else if (isDigit(value[argAt])) {
        let digits = '';
        while (isDigit(value[argAt])) digits += value[argAt++];
        // strtol's long, stored in an int.
        const parsed = BigInt(digits);
        number = parsed > 0x7fffffffffffffffn ? -1 : Number(BigInt.asIntN(32, parsed));
        while (isSpace(value[argAt])) argAt++;
      }
      const name = value.slice(nameStart, nameStart + nameLength);
      const known = PARAMETER_NAMES.find(([candidate]) => candidate === name);
      if (known !== undefined) {
        if (unspecified && !known[1]) yield* context.failure(`${name}: ARGP_HELP_FMT parameter requires a value`);
        else params[known[2]] = number;
      } else yield* context.failure(`${name}: Unknown ARGP_HELP_FMT parameter`);
      at = argAt;
      if (value[at] === ',') at++;
    } else if (at < value.length) {
      yield* context.failure(`Garbage in ARGP_HELP_FMT: ${value.slice(at)}`);
      break;
    }
  }
  return 0;
}

// ---- The HOL ----

interface Cluster {
  header: number;
  index: number;
  group: number;
  parent: Cluster | undefined;
  argp: Argp;
  depth: number;
}

interface Entry {
  /** The entry's options: the first and its aliases. */
  options: ArgpOption[];
  /** The HOL's short-option letters and where this entry's start. */
  shorts: number[];
  shortStart: number;
  group: number;
  cluster: Cluster | undefined;
  argp: Argp;
}

interface Hol {
  entries: Entry[];
  shorts: number[];
}

const visible = (option: ArgpOption) => (option.flags & OPTION_HIDDEN) === 0;
const isAlias = (option: ArgpOption) => (option.flags & OPTION_ALIAS) !== 0;
const isDoc = (option: ArgpOption) => (option.flags & OPTION_DOC) !== 0;

/** make_hol. */
function makeHol(argp: Argp, cluster: Cluster | undefined): Hol {
  const hol: Hol = { entries: [], shorts: [] };
  const options = argp.options;
  if (options === undefined) return hol;
  if (options.length > 0 && isAlias(options[0]!)) throw new Error('Miros libc: argp: the first option is an alias');
  let currentGroup = 0;
  let i = 0;
  while (i < options.length) {
    const first = options[i]!;
    currentGroup =
      first.group !== 0 ? first.group : first.name === 0 && first.key === 0 ? currentGroup + 1 : currentGroup;
    const entry: Entry = {
      options: [],
      shorts: hol.shorts,
      shortStart: hol.shorts.length,
      group: currentGroup,
      cluster,
      argp,
    };
    do {
      const option = options[i]!;
      entry.options.push(option);
      if (isShort(option) && !hol.shorts.includes(option.key)) hol.shorts.push(option.key);
      i++;
    } while (i < options.length && isAlias(options[i]!));
    hol.entries.push(entry);
  }
  return hol;
}

/** hol_append: MORE's entries after HOL's; its short options only where HOL's do not shadow them. */
function holAppend(hol: Hol, more: Hol): void {
  if (more.entries.length === 0) return;
  if (hol.entries.length === 0) {
    hol.entries = more.entries;
    hol.shorts = more.shorts;
    return;
  }
  const ownLength = hol.shorts.length;
  const shorts = hol.shorts.slice();
  for (const entry of hol.entries) entry.shorts = shorts;
  let moreAt = 0;
  for (const entry of more.entries) {
    entry.shortStart = shorts.length;
    entry.shorts = shorts;
    for (const option of entry.options) {
      const ch = more.shorts[moreAt];
      if (isShort(option) && ch === option.key) {
        if (!shorts.slice(0, ownLength).includes(ch)) shorts.push(ch);
        moreAt++;
      }
    }
  }
  hol.entries = hol.entries.concat(more.entries);
  hol.shorts = shorts;
}

/** argp_hol: ARGP's options, then each child's, in a cluster of its own when it has a group or header. */
function argpHol(argp: Argp, cluster: Cluster | undefined): Hol {
  const hol = makeHol(argp, cluster);
  argp.children?.forEach((child, index) => {
    const childCluster: Cluster | undefined =
      child.group !== 0 || child.header !== 0
        ? {
            header: child.header,
            index,
            group: child.group,
            parent: cluster,
            argp,
            depth: cluster !== undefined ? cluster.depth + 1 : 0,
          }
        : cluster;
    holAppend(hol, argpHol(child.argp, childCluster));
  });
  return hol;
}

/** hol_entry_short_iterate's walk: each valid (unshadowed) short option with its real option. */
function* shortOptions(entry: Entry): Generator<[ArgpOption, ArgpOption]> {
  let real = entry.options[0]!;
  let so = entry.shortStart;
  for (const option of entry.options) {
    if (isShort(option) && entry.shorts[so] === option.key) {
      if (!isAlias(option)) real = option;
      if (visible(option)) yield [option, real];
      so++;
    }
  }
}

/** hol_entry_long_iterate's walk. */
function* longOptions(entry: Entry): Generator<[ArgpOption, ArgpOption]> {
  let real = entry.options[0]!;
  for (const option of entry.options) {
    if (option.name !== 0) {
      if (!isAlias(option)) real = option;
      if (visible(option)) yield [option, real];
    }
  }
}

function firstShort(entry: Entry): number {
  for (const [option] of shortOptions(entry)) if (isShort(option)) return option.key;
  return 0;
}

function firstLong(libc: LibcProcess, entry: Entry): string | undefined {
  for (const option of entry.options) if (option.name !== 0 && visible(option)) return text(libc, option.name);
  return undefined;
}

function setGroup(libc: LibcProcess, hol: Hol, name: string, group: number): void {
  for (const entry of hol.entries)
    for (const option of entry.options)
      if (option.name !== 0 && visible(option) && text(libc, option.name) === name) {
        entry.group = group;
        return;
      }
}

/** group_cmp: 0, 1, 2, …, n, -m, …, -2, -1. */
function groupCompare(a: number, b: number): number {
  if ((a < 0 && b < 0) || (a >= 0 && b >= 0)) return a - b;
  return b - a;
}

function siblingClusterCompare(a: Cluster, b: Cluster): number {
  const cmp = groupCompare(a.group, b.group);
  if (cmp !== 0) return cmp;
  return b.index - a.index;
}

function cousinClusterCompare(a: Cluster, b: Cluster): number {
  if (a.parent === b.parent) return siblingClusterCompare(a, b);
  const cmp = cousinClusterCompare(a.parent!, b.parent!);
  if (cmp !== 0) return cmp;
  const groups = groupCompare(a.group, b.group);
  if (groups !== 0) return groups;
  return b.index - a.index;
}

function clusterCompare(first: Cluster, second: Cluster): number {
  let a = first;
  let b = second;
  if (a.depth > b.depth) {
    do a = a.parent!;
    while (a.depth > b.depth);
    const cmp = cousinClusterCompare(a, b);
    return cmp !== 0 ? cmp : 1;
  }
  if (a.depth < b.depth) {
    do b = b.parent!;
    while (a.depth < b.depth);
    const cmp = cousinClusterCompare(a, b);
    return cmp !== 0 ? cmp : -1;
  }
  return cousinClusterCompare(a, b);
}

function clusterBase(cluster: Cluster): Cluster {
  let base = cluster;
  while (base.parent !== undefined) base = base.parent;
  return base;
}

/** canon_doc_option: [looks like a non-option, the tail used for sorting]. */
function canonicalDocOption(name: string): [boolean, string] {
  let at = 0;
  while (isSpace(name[at])) at++;
  const nonOption = name[at] !== '-';
  while (at < name.length && !isAlnum(name[at])) at++;
  return [nonOption, name.slice(at)];
}

const lower = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 32 : c);

function caseCompare(a: string, b: string): number {
  for (let i = 0; ; i++) {
    const ca = i < a.length ? lower(a.charCodeAt(i)) : 0;
    const cb = i < b.length ? lower(b.charCodeAt(i)) : 0;
    if (ca !== cb || ca === 0) return ca - cb;
  }
}

/** hol_entry_cmp. */
function entryCompare(libc: LibcProcess, e1: Entry, e2: Entry): number {
  const group1 = e1.cluster ? clusterBase(e1.cluster).group : e1.group;
  const group2 = e2.cluster ? clusterBase(e2.cluster).group : e2.group;
  let cmp = groupCompare(group1, group2);
  if (cmp !== 0) return cmp;
  cmp = (e1.cluster !== undefined ? 1 : 0) - (e2.cluster !== undefined ? 1 : 0);
  if (cmp !== 0) return cmp;
  if (e1.cluster !== undefined) {
    cmp = clusterCompare(e1.cluster, e2.cluster!);
    if (cmp !== 0) return cmp;
  }
  cmp = groupCompare(e1.group, e2.group);
  if (cmp !== 0) return cmp;
  let long1 = firstLong(libc, e1);
  let long2 = firstLong(libc, e2);
  let doc1 = 0;
  let doc2 = 0;
  if (isDoc(e1.options[0]!) && long1 !== undefined) {
    const [nonOption, tail] = canonicalDocOption(long1);
    long1 = tail;
    doc1 = nonOption ? 1 : 0;
  }
  if (isDoc(e2.options[0]!) && long2 !== undefined) {
    const [nonOption, tail] = canonicalDocOption(long2);
    long2 = tail;
    doc2 = nonOption ? 1 : 0;
  }
  cmp = doc1 - doc2;
  if (cmp !== 0) return cmp;
  const short1 = firstShort(e1);
  const short2 = firstShort(e2);
  const first1 = short1 !== 0 ? short1 : long1 !== undefined ? long1.charCodeAt(0) || 0 : 0;
  const first2 = short2 !== 0 ? short2 : long2 !== undefined ? long2.charCodeAt(0) || 0 : 0;
  cmp = lower(first1) - lower(first2);
  if (cmp !== 0) return cmp;
  cmp = first2 - first1;
  if (cmp !== 0) return cmp;
  cmp = (short1 !== 0 ? 1 : 0) - (short2 !== 0 ? 1 : 0);
  if (cmp !== 0) return cmp;
  if (short1 === 0) {
    cmp = (long1 !== undefined ? 1 : 0) - (long2 !== undefined ? 1 : 0);
    if (cmp !== 0) return cmp;
    if (long1 !== undefined) {
      cmp = caseCompare(long1, long2!);
      if (cmp !== 0) return cmp;
    }
  }
  return 0;
}

// ---- Printing ----

/** One _help call: the format stream, the FILE, and the guest calls the filters need. */
class HelpOutput {
  readonly fs: FormatStream;
  constructor(
    readonly libc: LibcProcess,
    readonly stream: number,
    readonly context: HelpContext,
    readonly params: HelpParameters,
  ) {
    this.fs = new FormatStream(0, params.rightMargin, 0);
  }

  /** Writes what the format stream has released to the FILE. */
  *drain(): Help<number> {
    for (const piece of this.fs.takePending()) yield* this.libc.streams.write(this.stream, piece, 0, piece.length);
    return 0;
  }

  /**
   * filter_doc: the help filter's text for `key` in place of `doc` (a guest string, 0 for NULL),
   * or `doc` itself without a filter. Returns the text (undefined for NULL).
   */
  *filter(doc: number, key: number, argp: Argp | undefined): Help<string | undefined> {
    if (argp === undefined || argp.helpFilter === 0) return text(this.libc, doc);
    return yield* this.callFilter(argp, key, doc);
  }

  /** Calls argp's help filter with `doc` (a guest string) and frees a new string it returns. */
  *callFilter(argp: Argp, key: number, doc: number): Help<string | undefined> {
    yield* this.drain();
    const input = this.context.inputOf(argp);
    const result = yield guestCall(argp.helpFilter, [key, doc, input], 'argp help filter');
    if (result === 0) return undefined;
    const value = text(this.libc, result);
    if (result !== doc) this.libc.heap.release(result, 'free');
    return value;
  }

  /** A guest copy of host text for a filter (freed after the call). */
  guestString(value: string): number {
    const bytes = Buffer.from(value, 'latin1');
    const address = this.libc.heap.allocate(bytes.length + 1);
    storeBytes(this.libc.memory, address, bytes, true);
    return address;
  }
}

interface HelpState {
  previous: Entry | undefined;
  separateGroups: boolean;
  suppressedDupArg: boolean;
}

function indentTo(fs: FormatStream, column: number): void {
  let needed = column - fs.point();
  while (needed-- > 0) fs.putc(' ');
}

/** space(): a blank, or a newline when ENSURE more characters would not fit. */
function space(fs: FormatStream, ensure: number): void {
  if (fs.point() + ensure >= fs.rightMarginValue) fs.putc('\n');
  else fs.putc(' ');
}

function argText(
  out: HelpOutput,
  real: ArgpOption,
  required: (s: string) => string,
  optional: (s: string) => string,
): void {
  if (real.arg === 0) return;
  const name = text(out.libc, real.arg)!;
  out.fs.printf(real.flags & OPTION_ARG_OPTIONAL ? optional(name) : required(name));
}

/** print_header. */
function* printHeader(out: HelpOutput, header: number, argp: Argp, hs: HelpState): Help<number> {
  const filtered = yield* out.filter(header, ARGP_KEY_HELP_HEADER, argp);
  if (filtered !== undefined) {
    if (filtered !== '') {
      const fs = out.fs;
      if (hs.previous !== undefined) fs.putc('\n');
      indentTo(fs, out.params.headerColumn);
      fs.setLeftMargin(out.params.headerColumn);
      fs.setWrapMargin(out.params.headerColumn);
      fs.puts(filtered);
      fs.setLeftMargin(0);
      fs.putc('\n');
    }
    hs.separateGroups = true;
  }
  return 0;
}

function clusterIsChild(cluster: Cluster | undefined, ancestor: Cluster): boolean {
  let at = cluster;
  while (at !== undefined && at !== ancestor) at = at.parent;
  return at === ancestor;
}

/** comma(): ", " between items; before the first, a blank line between groups and the cluster's header. */
function* comma(out: HelpOutput, column: number, entry: Entry, hs: HelpState, first: { value: boolean }): Help<number> {
  const fs = out.fs;
  if (first.value) {
    const previous = hs.previous;
    const cluster = entry.cluster;
    if (hs.separateGroups && previous !== undefined && entry.group !== previous.group) fs.putc('\n');
    if (
      cluster !== undefined &&
      cluster.header !== 0 &&
      out.libc.memory.bytes[cluster.header] !== 0 &&
      (previous === undefined || (previous.cluster !== cluster && !clusterIsChild(previous.cluster, cluster)))
    ) {
      const oldWrap = fs.wrapMarginValue;
      yield* printHeader(out, cluster.header, cluster.argp, hs);
      fs.setWrapMargin(oldWrap);
    }
    first.value = false;
  } else fs.puts(', ');
  indentTo(fs, column);
  return 0;
}

/** hol_entry_help. */
function* entryHelp(out: HelpOutput, entry: Entry, hs: HelpState): Help<number> {
  const fs = out.fs;
  const params = out.params;
  const libc = out.libc;
  const real = entry.options[0]!;
  const oldLeft = fs.setLeftMargin(0);
  const oldWrap = fs.wrapMarginValue;
  const first = { value: true };
  let haveLong = false;
  if (!isDoc(real)) haveLong = entry.options.some((o) => o.name !== 0 && visible(o));

  fs.setWrapMargin(params.shortOptColumn);
  let so = entry.shortStart;
  // The real option of the short options' loop is the entry's first, as glibc's (never updated).
  for (const option of entry.options) {
    if (isShort(option) && option.key === entry.shorts[so]) {
      if (visible(option)) {
        yield* comma(out, params.shortOptColumn, entry, hs, first);
        fs.putc('-');
        fs.putc(String.fromCharCode(entry.shorts[so]!));
        if (!haveLong || params.dupArgs)
          argText(
            out,
            real,
            (s) => ` ${s}`,
            (s) => `[${s}]`,
          );
        else if (real.arg !== 0) hs.suppressedDupArg = true;
      }
      so++;
    }
  }

  if (isDoc(real)) {
    fs.setWrapMargin(params.docOptColumn);
    for (const option of entry.options)
      if (option.name !== 0 && visible(option)) {
        yield* comma(out, params.docOptColumn, entry, hs, first);
        fs.puts(text(libc, option.name)!);
      }
  } else {
    fs.setWrapMargin(params.longOptColumn);
    for (const option of entry.options)
      if (option.name !== 0 && visible(option)) {
        yield* comma(out, params.longOptColumn, entry, hs, first);
        fs.printf(`--${text(libc, option.name)}`);
        argText(
          out,
          real,
          (s) => `=${s}`,
          (s) => `[=${s}]`,
        );
      }
  }

  fs.setLeftMargin(0);
  if (first.value) {
    if (!isShort(real) && real.name === 0) yield* printHeader(out, real.doc, entry.argp, hs);
    else {
      fs.setLeftMargin(oldLeft);
      fs.setWrapMargin(oldWrap);
      return 0;
    }
  } else {
    const filtered = yield* out.filter(real.doc, real.key, entry.argp);
    if (filtered !== undefined && filtered !== '') {
      const column = fs.point();
      fs.setLeftMargin(params.optDocColumn);
      fs.setWrapMargin(params.optDocColumn);
      // Unsigned comparisons in glibc: a negative column setting compares as huge.
      const optDoc = params.optDocColumn >>> 0;
      if (column > optDoc + 3) fs.putc('\n');
      else if (column >= optDoc) fs.puts('   ');
      else indentTo(fs, params.optDocColumn);
      fs.puts(filtered);
    }
    fs.setLeftMargin(0);
    fs.putc('\n');
  }
  hs.previous = entry;
  fs.setLeftMargin(oldLeft);
  fs.setWrapMargin(oldWrap);
  return 0;
}

const DUP_ARGS_NOTE =
  'Mandatory or optional arguments to long options are also mandatory or optional for any corresponding short options.';

/** hol_help. */
function* holHelp(out: HelpOutput, hol: Hol, root: Argp | undefined): Help<number> {
  const hs: HelpState = { previous: undefined, separateGroups: false, suppressedDupArg: false };
  for (const entry of hol.entries) yield* entryHelp(out, entry, hs);
  if (hs.suppressedDupArg && out.params.dupArgsNote) {
    let note: string | undefined = DUP_ARGS_NOTE;
    if (root !== undefined && root.helpFilter !== 0) {
      const copy = out.guestString(DUP_ARGS_NOTE);
      note = yield* out.callFilter(root, ARGP_KEY_HELP_DUP_ARGS_NOTE, copy);
      out.libc.heap.release(copy, 'free');
    }
    if (note !== undefined && note !== '') {
      out.fs.putc('\n');
      out.fs.puts(note);
      out.fs.putc('\n');
    }
  }
  return 0;
}

/** hol_usage: [-abc] [-o ARG]… [--long[=ARG]]… */
function holUsage(out: HelpOutput, hol: Hol): void {
  if (hol.entries.length === 0) return;
  const libc = out.libc;
  const fs = out.fs;
  let noArgs = '';
  for (const entry of hol.entries)
    for (const [option, real] of shortOptions(entry))
      if (!(option.arg || real.arg) && !((option.flags | real.flags) & OPTION_NO_USAGE))
        noArgs += String.fromCharCode(option.key);
  if (noArgs !== '') fs.printf(` [-${noArgs}]`);
  for (const entry of hol.entries)
    for (const [option, real] of shortOptions(entry)) {
      const argAddress = option.arg !== 0 ? option.arg : real.arg;
      const flags = option.flags | real.flags;
      if (argAddress === 0 || flags & OPTION_NO_USAGE) continue;
      const arg = text(libc, argAddress)!;
      const key = String.fromCharCode(option.key);
      if (flags & OPTION_ARG_OPTIONAL) fs.printf(` [-${key}[${arg}]]`);
      else {
        space(fs, 6 + arg.length);
        fs.printf(`[-${key} ${arg}]`);
      }
    }
  for (const entry of hol.entries)
    for (const [option, real] of longOptions(entry)) {
      const argAddress = option.arg !== 0 ? option.arg : real.arg;
      const flags = option.flags | real.flags;
      if (flags & OPTION_NO_USAGE) continue;
      const name = text(libc, option.name)!;
      if (argAddress !== 0) {
        const arg = text(libc, argAddress)!;
        fs.printf(flags & OPTION_ARG_OPTIONAL ? ` [--${name}[=${arg}]]` : ` [--${name}=${arg}]`);
      } else fs.printf(` [--${name}]`);
    }
}

/** argp_args_levels. */
function argsLevels(libc: LibcProcess, argp: Argp): number {
  let levels = 0;
  if (argp.argsDoc !== 0 && text(libc, argp.argsDoc)!.includes('\n')) levels++;
  for (const child of argp.children ?? []) levels += argsLevels(libc, child.argp);
  return levels;
}

/** argp_args_usage: returns true while there are more patterns. */
function* argsUsage(
  out: HelpOutput,
  argp: Argp,
  levels: { at: number; values: number[] },
  advanceIn: boolean,
): Help<boolean> {
  let advance = advanceIn;
  const ourLevel = levels.at;
  let multiple = false;
  let rest = '';
  const filtered = yield* out.filter(argp.argsDoc, ARGP_KEY_HELP_ARGS_DOC, argp);
  if (filtered !== undefined) {
    let start = 0;
    let newline = filtered.indexOf('\n');
    if (newline < 0) newline = filtered.length;
    if (newline < filtered.length) {
      multiple = true;
      for (let i = 0; i < levels.values[ourLevel]!; i++) {
        start = newline + 1;
        newline = filtered.indexOf('\n', start);
        if (newline < 0) newline = filtered.length;
      }
      levels.at++;
    }
    space(out.fs, 1 + newline - start);
    out.fs.write(Buffer.from(filtered.slice(start, newline), 'latin1'));
    rest = filtered.slice(newline);
  }
  for (const child of argp.children ?? []) advance = !(yield* argsUsage(out, child.argp, levels, advance));
  if (advance && multiple) {
    if (rest !== '') {
      levels.values[ourLevel]!++;
      advance = false;
    } else if (levels.values[ourLevel]! > 0) levels.values[ourLevel] = 0;
  }
  return !advance;
}

/** argp_doc: the text before '\v' (post false) or after it; returns whether anything was printed. */
function* argpDoc(out: HelpOutput, argp: Argp, post: boolean, preBlank: boolean, firstOnly: boolean): Help<boolean> {
  const libc = out.libc;
  const fs = out.fs;
  let anything = false;
  const doc = text(libc, argp.doc);
  let inputText: string | undefined;
  let limited = false;
  if (doc !== undefined) {
    const vt = doc.indexOf('\v');
    // glibc's inp_text_limit is vt - doc: a '\v' at the very start limits nothing.
    limited = !post && vt > 0;
    inputText = post ? (vt >= 0 ? doc.slice(vt + 1) : undefined) : limited ? doc.slice(0, vt) : doc;
  }
  let docText: string | undefined;
  if (argp.helpFilter !== 0) {
    let argument = 0;
    let copy = 0;
    if (inputText !== undefined) {
      if (limited) argument = copy = out.guestString(inputText);
      else argument = post ? argp.doc + doc!.indexOf('\v') + 1 : argp.doc;
    }
    docText = yield* out.callFilter(argp, post ? ARGP_KEY_HELP_POST_DOC : ARGP_KEY_HELP_PRE_DOC, argument);
    if (copy !== 0) libc.heap.release(copy, 'free');
  } else docText = inputText;
  if (docText !== undefined) {
    if (preBlank) fs.putc('\n');
    fs.puts(docText);
    if (fs.point() > fs.leftMarginValue) fs.putc('\n');
    anything = true;
  }
  if (post && argp.helpFilter !== 0) {
    const extra = yield* out.callFilter(argp, ARGP_KEY_HELP_EXTRA, 0);
    if (extra !== undefined) {
      if (anything || preBlank) fs.putc('\n');
      fs.puts(extra);
      if (fs.point() > fs.leftMarginValue) fs.putc('\n');
      anything = true;
    }
  }
  for (const child of argp.children ?? []) {
    if (firstOnly && anything) break;
    if (yield* argpDoc(out, child.argp, post, anything || preBlank, firstOnly)) anything = true;
  }
  return anything;
}

/** _help: prints the help FLAGS ask for about ARGP on STREAM, NAME as the program's name. */
export function* help(
  libc: LibcProcess,
  argpAddress: number,
  context: HelpContext,
  stream: number,
  flagsIn: number,
  name: string,
): Help<number> {
  if (stream === 0) return 0;
  let flags = flagsIn;
  yield* fillInParameters(libc, context);
  const params = parameters.of(libc);
  const out = new HelpOutput(libc, stream, context, params);
  const fs = out.fs;
  // argp_state_help(NULL, …) has no argp: glibc dereferences NULL where it would need it.
  const argp = argpAddress !== 0 ? readArgp(libc, argpAddress) : undefined;
  const need = (): Argp => argp ?? readArgp(libc, 0);
  let anything = false;
  let hol: Hol | undefined;
  if (flags & (ARGP_HELP_USAGE | ARGP_HELP_SHORT_USAGE | ARGP_HELP_LONG)) {
    hol = argpHol(need(), undefined);
    setGroup(libc, hol, 'help', -1);
    setGroup(libc, hol, 'version', -1);
    const sorted = hol.entries;
    sorted.sort((a, b) => entryCompare(libc, a, b));
  }
  if (flags & (ARGP_HELP_USAGE | ARGP_HELP_SHORT_USAGE)) {
    let firstPattern = true;
    let more: boolean;
    const levels = { at: 0, values: new Array<number>(argsLevels(libc, need())).fill(0) };
    do {
      const oldWrap = fs.setWrapMargin(params.usageIndent);
      levels.at = 0;
      fs.printf(`${firstPattern ? 'Usage:' : '  or: '} ${name}`);
      const oldLeft = fs.setLeftMargin(params.usageIndent);
      if (flags & ARGP_HELP_SHORT_USAGE) {
        if (hol!.entries.length > 0) fs.puts(' [OPTION...]');
      } else {
        holUsage(out, hol!);
        flags |= ARGP_HELP_SHORT_USAGE;
      }
      more = yield* argsUsage(out, need(), levels, true);
      fs.setWrapMargin(oldWrap);
      fs.setLeftMargin(oldLeft);
      fs.putc('\n');
      anything = true;
      firstPattern = false;
    } while (more);
  }
  if (flags & ARGP_HELP_PRE_DOC) anything = (yield* argpDoc(out, need(), false, false, true)) || anything;
  if (flags & ARGP_HELP_SEE) {
    fs.printf(`Try \`${name} --help' or \`${name} --usage' for more information.\n`);
    anything = true;
  }
  if (flags & ARGP_HELP_LONG && hol!.entries.length > 0) {
    if (anything) fs.putc('\n');
    yield* holHelp(out, hol!, context.state !== 0 ? argp : undefined);
    anything = true;
  }
  if (flags & ARGP_HELP_POST_DOC) anything = (yield* argpDoc(out, need(), true, anything, false)) || anything;
  if (flags & ARGP_HELP_BUG_ADDR) {
    const address = loadPointer(libc.memory, argpVariable(libc, 'argp_program_bug_address'));
    if (address !== 0) {
      if (anything) fs.putc('\n');
      fs.printf(`Report bugs to ${text(libc, address)}.\n`);
    }
  }
  fs.finish();
  yield* out.drain();
  return 0;
}
