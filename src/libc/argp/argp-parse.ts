// argp_parse and argp's error and help entry points (glibc 2.36 argp/argp-parse.c and the end of
// argp-help.c). The program's argp tree becomes one getopt option set (short options string and
// long options, each long option's value tagged with its group in the top 8 bits) scanned with
// a getopt state of argp's own; each option or argument goes to the parser of the group that
// declared it (guest code, called with the struct argp_state argp keeps in guest memory, whose
// fields parsers read and change). Unless ARGP_NO_HELP, the tree is wrapped with glibc's
// --help/--usage/--program-name/--HANG group and, when the program has a version, --version.
import { Errno, errnoMessage } from '../../kernel/errno.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import { guestCall, type HostStep } from '../abi/host-region.ts';
import { formatMessage, registerArgs } from '../err/err-functions.ts';
import type { FunctionTable, ObjectTable } from '../exports/binding-types.ts';
import { GetoptState, getoptReentrant } from '../getopt/getopt.ts';
import { loadPointer, storeBytes, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { exitSequence, objectCell } from '../start/startup.ts';
import { waitingCall } from '../stdio/stream-io.ts';
import { help } from './argp-help.ts';
import {
  ARGP_ERR_UNKNOWN,
  ARGP_HELP_EXIT_ERR,
  ARGP_HELP_EXIT_OK,
  ARGP_HELP_LONG_ONLY,
  ARGP_HELP_STD_ERR,
  ARGP_HELP_STD_HELP,
  ARGP_HELP_STD_USAGE,
  ARGP_HELP_USAGE,
  ARGP_IN_ORDER,
  ARGP_KEY_ARG,
  ARGP_KEY_ARGS,
  ARGP_KEY_END,
  ARGP_KEY_ERROR,
  ARGP_KEY_FINI,
  ARGP_KEY_INIT,
  ARGP_KEY_NO_ARGS,
  ARGP_KEY_SUCCESS,
  ARGP_LONG_ONLY,
  ARGP_NO_ARGS,
  ARGP_NO_ERRS,
  ARGP_NO_EXIT,
  ARGP_NO_HELP,
  ARGP_PARSE_ARGV0,
  ARGP_SIZE,
  type Argp,
  argpVariable,
  CHILD_SIZE,
  isShort,
  OPTION_ALIAS,
  OPTION_ARG_OPTIONAL,
  OPTION_DOC,
  OPTION_HIDDEN,
  OPTION_SIZE,
  placeVariable,
  readArgp,
  STATE_SIZE,
  StateField,
  shortProgramName,
  text,
} from './argp-structures.ts';

/** An argp step: may call guest code and wait on streams; returns an error_t. */
type Parse = Generator<HostStep, number, number>;

const EBADKEY = ARGP_ERR_UNKNOWN;
/** getopt's answers argp tells apart. */
const KEY_END = -1;
const KEY_ARG = 1;
const KEY_ERR = 0x3f;
/** The long-option value bits argp keeps for the group number. */
const USER_BITS = 24;
const USER_MASK = (1 << USER_BITS) - 1;
/** The default group's keys. */
const OPT_PROGNAME = -2;
const OPT_USAGE = -3;
const OPT_HANG = -4;
const STRUCT_OPTION_SIZE = 32;

/** The guest copies of glibc's default argps (argp_default_argp, argp_version_argp). */
interface DefaultArgps {
  defaultArgp: number;
  versionArgp: number;
  domain: number;
}

const defaults = new ProcessState<DefaultArgps>('argp/argp-parse defaults', copyForChild, placeDefaultArgps);

function placeString(libc: LibcProcess, value: string): number {
  const bytes = Buffer.from(value, 'latin1');
  const address = libc.data.allocate(bytes.length + 1, 1);
  storeBytes(libc.memory, address, bytes, true);
  return address;
}

type OptionSpec = [name: string, key: number, arg: string | undefined, flags: number, doc: string, group: number];

function placeArgp(libc: LibcProcess, options: OptionSpec[], domain: number): number {
  const memory = libc.memory;
  const table = libc.data.allocate(OPTION_SIZE * (options.length + 1), 8);
  options.forEach(([name, key, arg, flags, doc, group], i) => {
    const at = table + i * OPTION_SIZE;
    storePointer(memory, at, placeString(libc, name));
    memory.view.setInt32(at + 8, key, true);
    storePointer(memory, at + 16, arg === undefined ? 0 : placeString(libc, arg));
    memory.view.setInt32(at + 24, flags, true);
    storePointer(memory, at + 32, placeString(libc, doc));
    memory.view.setInt32(at + 40, group, true);
  });
  const argp = libc.data.allocate(ARGP_SIZE, 8);
  storePointer(memory, argp, table);
  storePointer(memory, argp + 48, domain);
  return argp;
}

/** glibc's argp_default_argp and argp_version_argp, placed in libc's data area at first use. */
function placeDefaultArgps(libc: LibcProcess): DefaultArgps {
  const domain = placeString(libc, 'libc');
  return {
    defaultArgp: placeArgp(
      libc,
      [
        ['help', 0x3f, undefined, 0, 'Give this help list', -1],
        ['usage', OPT_USAGE, undefined, 0, 'Give a short usage message', 0],
        ['program-name', OPT_PROGNAME, 'NAME', OPTION_HIDDEN, 'Set the program name', 0],
        ['HANG', OPT_HANG, 'SECS', OPTION_ARG_OPTIONAL | OPTION_HIDDEN, 'Hang for SECS seconds (default 3600)', 0],
      ],
      domain,
    ),
    versionArgp: placeArgp(libc, [['version', 0x56, undefined, 0, 'Print program version', -1]], domain),
    domain,
  };
}

type ParserKind = { kind: 'guest'; fn: number } | { kind: 'default' } | { kind: 'version' } | undefined;

/** struct group: one argp of the tree that has options or a parser. */
interface Group {
  parser: ParserKind;
  argp: Argp;
  /** Where this group's short options end in the short options string. */
  shortEnd: number;
  argsProcessed: number;
  parent: Group | undefined;
  parentIndex: number;
  input: number;
  /** The guest array of this group's children's inputs (0 when it has no children). */
  childInputs: number;
  hook: number;
}

/** One argp_parse call. */
class ParserRun {
  readonly groups: Group[] = [];
  shortOptions = '';
  readonly longNames = new Set<string>();
  readonly longOptions: { name: number; hasArg: number; value: number }[] = [];
  readonly optData = new GetoptState();
  tryGetopt = true;
  /** Guest allocations freed at the end. */
  shortAddress = 0;
  longAddress = 0;
  childInputsAddress = 0;

  constructor(
    readonly libc: LibcProcess,
    readonly root: Argp | undefined,
    readonly state: number,
  ) {}

  get view(): DataView {
    return this.libc.memory.view;
  }

  field(field: StateField): number {
    return this.view.getInt32(this.state + field, true);
  }

  setField(field: StateField, value: number): void {
    this.view.setInt32(this.state + field, value, true);
  }

  pointer(field: StateField): number {
    return loadPointer(this.libc.memory, this.state + field);
  }

  setPointer(field: StateField, value: number): void {
    storePointer(this.libc.memory, this.state + field, value);
  }
}

const runs = new ProcessState<Map<number, ParserRun>>(
  'argp/argp-parse runs',
  () => undefined,
  () => new Map(),
);

/** convert_options: ARGP's options into the getopt sets, its group, then its children's. */
function convertOptions(
  run: ParserRun,
  argp: Argp,
  parentIn: Group | undefined,
  parentIndex: number,
  childInputSlots: { next: number },
): void {
  const libc = run.libc;
  const defaultsOf = defaults.of(libc);
  let parent = parentIn;
  const parser: ParserKind =
    argp.address === defaultsOf.defaultArgp
      ? { kind: 'default' }
      : argp.address === defaultsOf.versionArgp
        ? { kind: 'version' }
        : argp.parser !== 0
          ? { kind: 'guest', fn: argp.parser }
          : undefined;
  if (argp.options !== undefined || parser !== undefined) {
    const groupIndex = run.groups.length;
    const options = argp.options ?? [];
    let real = options[0];
    for (const option of options) {
      if (!(option.flags & OPTION_ALIAS)) real = option;
      if (real!.flags & OPTION_DOC) continue;
      if (isShort(option)) {
        run.shortOptions += String.fromCharCode(option.key);
        if (real!.arg !== 0) {
          run.shortOptions += ':';
          if (real!.flags & OPTION_ARG_OPTIONAL) run.shortOptions += ':';
        }
      }
      if (option.name !== 0) {
        const name = text(libc, option.name)!;
        if (!run.longNames.has(name)) {
          run.longNames.add(name);
          run.longOptions.push({
            name: option.name,
            hasArg: real!.arg !== 0 ? (real!.flags & OPTION_ARG_OPTIONAL ? 2 : 1) : 0,
            value: (((option.key !== 0 ? option.key : real!.key) & USER_MASK) + ((groupIndex + 1) << USER_BITS)) | 0,
          });
        }
      }
    }
    const group: Group = {
      parser,
      argp,
      shortEnd: run.shortOptions.length,
      argsProcessed: 0,
      parent,
      parentIndex,
      input: 0,
      hook: 0,
      childInputs: 0,
    };
    if (argp.children !== undefined) {
      group.childInputs = childInputSlots.next;
      childInputSlots.next += 8 * argp.children.length;
    }
    run.groups.push(group);
    parent = group;
  } else parent = undefined;
  argp.children?.forEach((child, index) => {
    convertOptions(run, child.argp, parent, index, childInputSlots);
  });
}

/** The number of child-input slots the tree needs (calc_sizes' num_child_inputs). */
function countChildren(argp: Argp): number {
  let count = 0;
  for (const child of argp.children ?? []) count += 1 + countChildren(child.argp);
  return count;
}

/** group_parse: GROUP's parser with its fields swapped into the state. */
function* groupParse(run: ParserRun, group: Group, key: number, arg: number): Parse {
  const parser = group.parser;
  if (parser === undefined) return EBADKEY;
  run.setPointer(StateField.Hook, group.hook);
  run.setPointer(StateField.Input, group.input);
  run.setPointer(StateField.ChildInputs, group.childInputs);
  run.setField(StateField.ArgNum, group.argsProcessed);
  let err: number;
  if (parser.kind === 'guest') err = (yield guestCall(parser.fn, [key, arg, run.state], 'argp parser')) | 0;
  else if (parser.kind === 'default') err = yield* defaultParser(run, key, arg);
  else err = yield* versionParser(run, key);
  group.hook = run.pointer(StateField.Hook);
  return err;
}

/** argp_default_parser: --help, --usage, --program-name, --HANG. */
function* defaultParser(run: ParserRun, key: number, arg: number): Parse {
  const libc = run.libc;
  const state = run.state;
  switch (key) {
    case 0x3f:
      yield* stateHelp(libc, state, run.pointer(StateField.OutStream), ARGP_HELP_STD_HELP);
      break;
    case OPT_USAGE:
      yield* stateHelp(libc, state, run.pointer(StateField.OutStream), ARGP_HELP_USAGE | ARGP_HELP_EXIT_OK);
      break;
    case OPT_PROGNAME: {
      storePointer(libc.memory, objectCell(libc, '__progname_full'), arg);
      const value = text(libc, arg)!;
      const slash = value.lastIndexOf('/');
      const name = slash >= 0 ? arg + slash + 1 : arg;
      run.setPointer(StateField.Name, name);
      storePointer(libc.memory, objectCell(libc, '__progname'), name);
      if ((run.field(StateField.Flags) & (ARGP_PARSE_ARGV0 | ARGP_NO_ERRS)) === ARGP_PARSE_ARGV0)
        storePointer(libc.memory, run.pointer(StateField.Argv), arg);
      break;
    }
    case OPT_HANG: {
      let seconds = arg !== 0 ? Number.parseInt(text(libc, arg)!, 10) || 0 : 3600;
      const request = libc.heap.allocate(16);
      while (seconds-- > 0) {
        storePointer(libc.memory, request, 1);
        storePointer(libc.memory, request + 8, 0);
        yield* waitingCall(libc, Sys.nanosleep, request, 0, 0);
      }
      libc.heap.release(request, 'free');
      break;
    }
    default:
      return EBADKEY;
  }
  return 0;
}

/** argp_version_parser: -V/--version. */
function* versionParser(run: ParserRun, key: number): Parse {
  if (key !== 0x56) return EBADKEY;
  const libc = run.libc;
  const out = run.pointer(StateField.OutStream);
  const hook = loadPointer(libc.memory, argpVariable(libc, 'argp_program_version_hook'));
  const version = loadPointer(libc.memory, argpVariable(libc, 'argp_program_version'));
  if (hook !== 0) yield guestCall(hook, [out, run.state], 'argp_program_version_hook');
  else if (version !== 0) yield* writeText(libc, out, `${text(libc, version)}\n`);
  else yield* errorMessage(libc, run.state, '(PROGRAM ERROR) No version known!?');
  if (!(run.field(StateField.Flags) & ARGP_NO_EXIT)) return (yield* exitSequence(libc, 0)) ?? 0;
  return 0;
}

function* writeText(libc: LibcProcess, stream: number, value: string): Parse {
  const bytes = Buffer.from(value, 'latin1');
  if (bytes.length > 0) yield* libc.streams.write(stream, bytes, 0, bytes.length);
  return 0;
}

/** parser_init: the getopt sets, the groups, ARGP_KEY_INIT to every parser. */
function* parserInit(run: ParserRun, argc: number, argv: number, flags: number, input: number): Parse {
  const libc = run.libc;
  const memory = libc.memory;
  const childInputs = { next: 0 };
  if (flags & ARGP_IN_ORDER) run.shortOptions = '-';
  else if (flags & ARGP_NO_ARGS) run.shortOptions = '+';
  if (run.root !== undefined) convertOptions(run, run.root, undefined, 0, childInputs);
  // Guest copies: getopt reads them there.
  const shortBytes = Buffer.from(run.shortOptions, 'latin1');
  run.shortAddress = libc.heap.allocate(shortBytes.length + 1);
  run.longAddress = libc.heap.allocate((run.longOptions.length + 1) * STRUCT_OPTION_SIZE);
  const children = run.root !== undefined ? countChildren(run.root) : 0;
  run.childInputsAddress = libc.heap.allocate(Math.max(children, 1) * 8);
  if (run.shortAddress === 0 || run.longAddress === 0 || run.childInputsAddress === 0) return Errno.ENOMEM;
  storeBytes(memory, run.shortAddress, shortBytes, true);
  memory.bytes.fill(0, run.longAddress, run.longAddress + (run.longOptions.length + 1) * STRUCT_OPTION_SIZE);
  run.longOptions.forEach((option, i) => {
    const at = run.longAddress + i * STRUCT_OPTION_SIZE;
    storePointer(memory, at, option.name);
    memory.view.setInt32(at + 8, option.hasArg, true);
    memory.view.setInt32(at + 24, option.value, true);
  });
  memory.bytes.fill(0, run.childInputsAddress, run.childInputsAddress + Math.max(children, 1) * 8);
  for (const group of run.groups)
    if (group.childInputs !== 0 || group.argp.children !== undefined) group.childInputs += run.childInputsAddress;

  memory.bytes.fill(0, run.state, run.state + STATE_SIZE);
  run.setPointer(StateField.RootArgp, run.root?.address ?? 0);
  run.setField(StateField.Argc, argc);
  run.setPointer(StateField.Argv, argv);
  run.setField(StateField.Flags, flags);
  run.setPointer(StateField.ErrStream, libc.streams.current('stderr', libc.streams.stderr));
  run.setPointer(StateField.OutStream, libc.streams.current('stdout', libc.streams.stdout));
  run.setField(StateField.Next, 0);
  run.setPointer(StateField.Pstate, run.state);
  run.tryGetopt = true;

  let err = 0;
  if (run.groups.length > 0) run.groups[0]!.input = input;
  for (const group of run.groups) {
    if (err !== 0 && err !== EBADKEY) break;
    if (group.parent !== undefined) group.input = loadPointer(memory, group.parent.childInputs + 8 * group.parentIndex);
    if (group.parser === undefined && group.argp.children !== undefined && group.argp.children.length > 0)
      storePointer(memory, group.childInputs, group.input);
    err = yield* groupParse(run, group, ARGP_KEY_INIT, 0);
  }
  if (err === EBADKEY) err = 0;
  if (err !== 0) return err;

  if (run.field(StateField.Flags) & ARGP_NO_ERRS) {
    run.optData.opterr = 0;
    if (run.field(StateField.Flags) & ARGP_PARSE_ARGV0) {
      run.setPointer(StateField.Argv, run.pointer(StateField.Argv) - 8);
      run.setField(StateField.Argc, run.field(StateField.Argc) + 1);
    }
  } else run.optData.opterr = 1;

  const argv0 = run.pointer(StateField.Argv) === argv ? loadPointer(memory, argv) : 0;
  if (argv0 !== 0) {
    const slash = text(libc, argv0)!.lastIndexOf('/');
    run.setPointer(StateField.Name, slash >= 0 ? argv0 + slash + 1 : argv0);
  } else run.setPointer(StateField.Name, loadPointer(memory, objectCell(libc, '__progname')));
  return 0;
}

/** parser_parse_arg: a non-option argument to each group's parser in turn (ARGP_KEY_ARG, then ARGP_KEY_ARGS). */
function* parseArgument(run: ParserRun, value: number): Parse {
  const index = run.field(StateField.Next) - 1;
  run.setField(StateField.Next, index);
  let err = EBADKEY;
  let key = 0;
  let last: Group | undefined;
  for (const group of run.groups) {
    if (err !== EBADKEY) break;
    last = group;
    run.setField(StateField.Next, run.field(StateField.Next) + 1);
    key = ARGP_KEY_ARG;
    err = yield* groupParse(run, group, key, value);
    if (err === EBADKEY) {
      run.setField(StateField.Next, run.field(StateField.Next) - 1);
      key = ARGP_KEY_ARGS;
      err = yield* groupParse(run, group, key, 0);
    }
  }
  if (err === 0) {
    if (key === ARGP_KEY_ARGS) run.setField(StateField.Next, run.field(StateField.Argc));
    const next = run.field(StateField.Next);
    if (next > index) last!.argsProcessed += next - index;
    else run.tryGetopt = true;
  }
  return err;
}

/** parser_parse_opt: an option to the group that declared it. */
function* parseOption(run: ParserRun, opt: number, value: number): Parse {
  const groupKey = opt >> USER_BITS;
  let err = EBADKEY;
  if (groupKey === 0) {
    const at = `${run.shortOptions}\0`.indexOf(String.fromCharCode(opt & 0xff));
    if (at >= 0)
      for (const group of run.groups)
        if (group.shortEnd > at) {
          err = yield* groupParse(run, group, opt, value);
          break;
        }
  } else err = yield* groupParse(run, run.groups[groupKey - 1]!, (opt << 8) >> 8, value);
  if (err === EBADKEY) {
    const message = '(PROGRAM ERROR) Option should have been recognized!?';
    if (groupKey === 0) yield* errorMessage(run.libc, run.state, `-${String.fromCharCode(opt & 0xff)}: ${message}`);
    else {
      const long = run.longOptions.find((option) => option.value === opt);
      yield* errorMessage(
        run.libc,
        run.state,
        `--${long !== undefined ? text(run.libc, long.name) : '???'}: ${message}`,
      );
    }
  }
  return err;
}

/** parser_parse_next: returns the error and whether an EBADKEY came from an argument. */
function* parseNext(run: ParserRun, result: { argEbadkey: boolean }): Parse {
  const libc = run.libc;
  let opt: number;
  const quoted = run.field(StateField.Quoted);
  if (quoted !== 0 && run.field(StateField.Next) < quoted) run.setField(StateField.Quoted, 0);
  if (run.tryGetopt && run.field(StateField.Quoted) === 0) {
    const d = run.optData;
    d.optind = run.field(StateField.Next);
    d.optopt = KEY_END;
    opt = getoptReentrant(
      libc,
      d,
      run.field(StateField.Argc),
      run.pointer(StateField.Argv),
      run.shortAddress,
      run.longAddress,
      (run.field(StateField.Flags) & ARGP_LONG_ONLY) !== 0,
    );
    run.setField(StateField.Next, d.optind);
    if (opt === KEY_END) {
      run.tryGetopt = false;
      const next = run.field(StateField.Next);
      if (next > 1 && text(libc, loadPointer(libc.memory, run.pointer(StateField.Argv) + 8 * (next - 1))) === '--')
        run.setField(StateField.Quoted, next);
    } else if (opt === KEY_ERR && d.optopt !== KEY_END) {
      result.argEbadkey = false;
      return EBADKEY;
    }
  } else opt = KEY_END;

  let value = run.optData.optarg;
  if (opt === KEY_END) {
    const next = run.field(StateField.Next);
    if (next >= run.field(StateField.Argc) || run.field(StateField.Flags) & ARGP_NO_ARGS) {
      result.argEbadkey = true;
      return EBADKEY;
    }
    opt = KEY_ARG;
    value = loadPointer(libc.memory, run.pointer(StateField.Argv) + 8 * next);
    run.optData.optarg = value;
    run.setField(StateField.Next, next + 1);
  }
  const err = opt === KEY_ARG ? yield* parseArgument(run, value) : yield* parseOption(run, opt, value);
  if (err === EBADKEY) result.argEbadkey = opt === KEY_END || opt === KEY_ARG;
  return err;
}

/** parser_finalize: the end keys, the error report, ARGP_KEY_SUCCESS/ERROR and FINI. */
function* parserFinalize(run: ParserRun, errIn: number, argEbadkey: boolean, endIndex: number): Parse {
  const libc = run.libc;
  let err = errIn;
  if (err === EBADKEY && argEbadkey) err = 0;
  if (err === 0) {
    if (run.field(StateField.Next) === run.field(StateField.Argc)) {
      for (const group of run.groups) {
        if (err !== 0 && err !== EBADKEY) break;
        if (group.argsProcessed === 0) err = yield* groupParse(run, group, ARGP_KEY_NO_ARGS, 0);
      }
      for (let i = run.groups.length - 1; i >= 0 && (err === 0 || err === EBADKEY); i--)
        err = yield* groupParse(run, run.groups[i]!, ARGP_KEY_END, 0);
      if (err === EBADKEY) err = 0;
      if (endIndex !== 0) libc.memory.view.setInt32(endIndex, run.field(StateField.Next), true);
    } else if (endIndex !== 0) libc.memory.view.setInt32(endIndex, run.field(StateField.Next), true);
    else {
      const errStream = run.pointer(StateField.ErrStream);
      if (!(run.field(StateField.Flags) & ARGP_NO_ERRS) && errStream !== 0)
        yield* writeText(libc, errStream, `${nameOf(run)}: Too many arguments\n`);
      err = EBADKEY;
    }
  }
  if (err !== 0) {
    if (err === EBADKEY) yield* stateHelp(libc, run.state, run.pointer(StateField.ErrStream), ARGP_HELP_STD_ERR);
    for (const group of run.groups) yield* groupParse(run, group, ARGP_KEY_ERROR, 0);
  } else {
    for (let i = run.groups.length - 1; i >= 0 && (err === 0 || err === EBADKEY); i--)
      err = yield* groupParse(run, run.groups[i]!, ARGP_KEY_SUCCESS, 0);
    if (err === EBADKEY) err = 0;
  }
  for (let i = run.groups.length - 1; i >= 0; i--) yield* groupParse(run, run.groups[i]!, ARGP_KEY_FINI, 0);
  if (err === EBADKEY) err = Errno.EINVAL;
  return err;
}

function nameOf(run: ParserRun): string {
  return text(run.libc, run.pointer(StateField.Name)) ?? '(null)';
}

/** argp_parse. */
function* argpParse(
  libc: LibcProcess,
  argpAddress: number,
  argc: number,
  argv: number,
  flags: number,
  endIndex: number,
  input: number,
): Parse {
  const memory = libc.memory;
  let root = argpAddress;
  let top = 0;
  if (!(flags & ARGP_NO_HELP)) {
    // TOP_ARGP: no options, the program's argp, glibc's defaults and, with a version, --version.
    const { defaultArgp, versionArgp } = defaults.of(libc);
    top = libc.heap.allocate(ARGP_SIZE + 4 * CHILD_SIZE);
    memory.bytes.fill(0, top, top + ARGP_SIZE + 4 * CHILD_SIZE);
    const children = top + ARGP_SIZE;
    storePointer(memory, top + 32, children);
    let at = children;
    if (argpAddress !== 0) {
      storePointer(memory, at, argpAddress);
      at += CHILD_SIZE;
    }
    storePointer(memory, at, defaultArgp);
    at += CHILD_SIZE;
    if (
      loadPointer(memory, argpVariable(libc, 'argp_program_version')) !== 0 ||
      loadPointer(memory, argpVariable(libc, 'argp_program_version_hook')) !== 0
    )
      storePointer(memory, at, versionArgp);
    root = top;
  }
  const state = libc.heap.allocate(STATE_SIZE);
  const run = new ParserRun(libc, root !== 0 ? readArgp(libc, root) : undefined, state);
  runs.of(libc).set(state, run);
  try {
    let err = yield* parserInit(run, argc, argv, flags, input);
    if (err === 0) {
      const result = { argEbadkey: false };
      while (err === 0) err = yield* parseNext(run, result);
      err = yield* parserFinalize(run, err, result.argEbadkey, endIndex);
    }
    return err;
  } finally {
    runs.of(libc).delete(state);
    for (const address of [run.shortAddress, run.longAddress, run.childInputsAddress, state, top])
      if (address !== 0) libc.heap.release(address, 'free');
  }
}

/** __argp_input: the input of the group parsing ARGP in the argp_parse that owns STATE. */
function inputOf(libc: LibcProcess, state: number, argp: Argp): number {
  if (state === 0) return 0;
  const run = runs.of(libc).get(loadPointer(libc.memory, state + StateField.Pstate));
  if (run === undefined) return 0;
  for (const group of run.groups) if (group.argp.address === argp.address) return group.input;
  return 0;
}

/** argp_state_help: help about STATE's argp on STREAM, then the exit FLAGS ask for. */
function* stateHelp(libc: LibcProcess, state: number, stream: number, flagsIn: number): Parse {
  const flagsOfState = state !== 0 ? libc.memory.view.getInt32(state + StateField.Flags, true) : 0;
  if ((state === 0 || !(flagsOfState & ARGP_NO_ERRS)) && stream !== 0) {
    let flags = flagsIn;
    if (state !== 0 && flagsOfState & ARGP_LONG_ONLY) flags |= ARGP_HELP_LONG_ONLY;
    const root = state !== 0 ? loadPointer(libc.memory, state + StateField.RootArgp) : 0;
    const name =
      state !== 0
        ? (text(libc, loadPointer(libc.memory, state + StateField.Name)) ?? '(null)')
        : shortProgramName(libc);
    yield* help(libc, root, helpContext(libc, state), stream, flags, name);
    if (state === 0 || !(flagsOfState & ARGP_NO_EXIT)) {
      if (flags & ARGP_HELP_EXIT_ERR) {
        const status = libc.memory.view.getInt32(argpVariable(libc, 'argp_err_exit_status'), true);
        return (yield* exitSequence(libc, status)) ?? 0;
      }
      if (flags & ARGP_HELP_EXIT_OK) return (yield* exitSequence(libc, 0)) ?? 0;
    }
  }
  return 0;
}

function helpContext(libc: LibcProcess, state: number) {
  return {
    state,
    inputOf: (argp: Argp) => inputOf(libc, state, argp),
    failure: (message: string) => failure(libc, state, 0, 0, message),
  };
}

/** The stream argp's messages about STATE go to: its err_stream, or stderr without a state. */
function errorStream(libc: LibcProcess, state: number): number {
  return state !== 0
    ? loadPointer(libc.memory, state + StateField.ErrStream)
    : libc.streams.current('stderr', libc.streams.stderr);
}

function messageName(libc: LibcProcess, state: number): string {
  return state !== 0
    ? (text(libc, loadPointer(libc.memory, state + StateField.Name)) ?? '(null)')
    : shortProgramName(libc);
}

function noErrors(libc: LibcProcess, state: number): boolean {
  return state !== 0 && (libc.memory.view.getInt32(state + StateField.Flags, true) & ARGP_NO_ERRS) !== 0;
}

/** __argp_error_internal with the message formatted: "name: message\n", then the "Try …" help. */
function* errorMessage(libc: LibcProcess, state: number, message: string): Parse {
  if (noErrors(libc, state)) return 0;
  const stream = errorStream(libc, state);
  if (stream === 0) return 0;
  yield* writeText(libc, stream, `${messageName(libc, state)}: ${message}\n`);
  return yield* stateHelp(libc, state, stream, ARGP_HELP_STD_ERR);
}

/** __argp_failure_internal with the message formatted (undefined: no format). */
function* failure(
  libc: LibcProcess,
  state: number,
  status: number,
  errnum: number,
  message: string | undefined,
): Parse {
  if (noErrors(libc, state)) return 0;
  const stream = errorStream(libc, state);
  if (stream === 0) return 0;
  yield* writeText(libc, stream, messageName(libc, state));
  if (message !== undefined) yield* writeText(libc, stream, `: ${message}`);
  if (errnum !== 0) yield* writeText(libc, stream, `: ${errnoMessage(errnum)}`);
  yield* libc.streams.putc(stream, 0x0a);
  if (status !== 0 && (state === 0 || !(libc.memory.view.getInt32(state + StateField.Flags, true) & ARGP_NO_EXIT)))
    return (yield* exitSequence(libc, status)) ?? 0;
  return 0;
}

function formatted(libc: LibcProcess, f: CallFrame, format: number, fixed: number): string {
  return Buffer.from(formatMessage(libc, format, registerArgs(libc, f, fixed))).toString('latin1');
}

export const ARGP_FUNCTIONS: FunctionTable = {
  argp_parse: (f, libc) => argpParse(libc, f.ptr(0), f.int(1), f.ptr(2), f.uint(3), f.ptr(4), f.ptr(5)),
  argp_help: (f, libc) =>
    help(libc, f.ptr(0), helpContext(libc, 0), f.ptr(1), f.uint(2), text(libc, f.ptr(3)) ?? '(null)'),
  argp_state_help: (f, libc) => stateHelp(libc, f.ptr(0), f.ptr(1), f.uint(2)),
  argp_usage: (f, libc) =>
    stateHelp(libc, f.ptr(0), libc.streams.current('stderr', libc.streams.stderr), ARGP_HELP_STD_USAGE),
  argp_error: (f, libc) => {
    // Formatted first: the variadic arguments live in registers guest code would clobber.
    const state = f.ptr(0);
    const message = noErrors(libc, state) ? '' : formatted(libc, f, f.ptr(1), 2);
    return errorMessage(libc, state, message);
  },
  argp_failure: (f, libc) => {
    const state = f.ptr(0);
    const format = f.ptr(3);
    const message = format !== 0 && !noErrors(libc, state) ? formatted(libc, f, format, 4) : undefined;
    return failure(libc, state, f.int(1), f.int(2), message);
  },
};

export const ARGP_OBJECTS: ObjectTable = {
  argp_err_exit_status: (libc) => placeVariable(libc, 'argp_err_exit_status'),
  argp_program_version: (libc) => placeVariable(libc, 'argp_program_version'),
  argp_program_bug_address: (libc) => placeVariable(libc, 'argp_program_bug_address'),
  argp_program_version_hook: (libc) => placeVariable(libc, 'argp_program_version_hook'),
};
