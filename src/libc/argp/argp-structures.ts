// <argp.h>'s structures as argp reads them from guest memory, its constants, and the variables
// glibc exports for it (argp_program_version, argp_program_bug_address,
// argp_program_version_hook, argp_err_exit_status), which a program usually defines itself.
import { LOOKUP_NEWEST } from '../../linker/symbols/elf-symbols.ts';
import { lookupInScopes } from '../../linker/symbols/lookup.ts';
import { SymbolReference } from '../../linker/symbols/symbol-reference.ts';
import { cString, loadPointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { objectCell } from '../start/startup.ts';

/** struct argp_option flags. */
export const OPTION_ARG_OPTIONAL = 0x1;
export const OPTION_HIDDEN = 0x2;
export const OPTION_ALIAS = 0x4;
export const OPTION_DOC = 0x8;
export const OPTION_NO_USAGE = 0x10;

/** argp_parse flags. */
export const ARGP_PARSE_ARGV0 = 0x01;
export const ARGP_NO_ERRS = 0x02;
export const ARGP_NO_ARGS = 0x04;
export const ARGP_IN_ORDER = 0x08;
export const ARGP_NO_HELP = 0x10;
export const ARGP_NO_EXIT = 0x20;
export const ARGP_LONG_ONLY = 0x40;

/** Special keys a parser is called with. */
export const ARGP_KEY_ARG = 0;
export const ARGP_KEY_ARGS = 0x1000006;
export const ARGP_KEY_END = 0x1000001;
export const ARGP_KEY_NO_ARGS = 0x1000002;
export const ARGP_KEY_INIT = 0x1000003;
export const ARGP_KEY_FINI = 0x1000007;
export const ARGP_KEY_SUCCESS = 0x1000004;
export const ARGP_KEY_ERROR = 0x1000005;

/** Keys a help filter is called with. */
export const ARGP_KEY_HELP_PRE_DOC = 0x2000001;
export const ARGP_KEY_HELP_POST_DOC = 0x2000002;
export const ARGP_KEY_HELP_HEADER = 0x2000003;
export const ARGP_KEY_HELP_EXTRA = 0x2000004;
export const ARGP_KEY_HELP_DUP_ARGS_NOTE = 0x2000005;
export const ARGP_KEY_HELP_ARGS_DOC = 0x2000006;

/** ARGP_ERR_UNKNOWN (E2BIG). */
export const ARGP_ERR_UNKNOWN = 7;

/** argp_help/argp_state_help flags. */
export const ARGP_HELP_USAGE = 0x01;
export const ARGP_HELP_SHORT_USAGE = 0x02;
export const ARGP_HELP_SEE = 0x04;
export const ARGP_HELP_LONG = 0x08;
export const ARGP_HELP_PRE_DOC = 0x10;
export const ARGP_HELP_POST_DOC = 0x20;
export const ARGP_HELP_BUG_ADDR = 0x40;
export const ARGP_HELP_LONG_ONLY = 0x80;
export const ARGP_HELP_EXIT_ERR = 0x100;
export const ARGP_HELP_EXIT_OK = 0x200;
export const ARGP_HELP_STD_ERR = ARGP_HELP_SEE | ARGP_HELP_EXIT_ERR;
export const ARGP_HELP_STD_USAGE = ARGP_HELP_SHORT_USAGE | ARGP_HELP_SEE | ARGP_HELP_EXIT_ERR;
export const ARGP_HELP_STD_HELP =
  ARGP_HELP_SHORT_USAGE |
  ARGP_HELP_LONG |
  ARGP_HELP_EXIT_OK |
  ARGP_HELP_PRE_DOC |
  ARGP_HELP_POST_DOC |
  ARGP_HELP_BUG_ADDR;

/** struct argp_option (48 bytes). */
export const OPTION_SIZE = 48;
/** struct argp (56 bytes) and struct argp_child (32 bytes). */
export const ARGP_SIZE = 56;
export const CHILD_SIZE = 32;

/** struct argp_state's fields (96 bytes). */
export const enum StateField {
  RootArgp = 0,
  Argc = 8,
  Argv = 16,
  Next = 24,
  Flags = 28,
  ArgNum = 32,
  Quoted = 36,
  Input = 40,
  ChildInputs = 48,
  Hook = 56,
  Name = 64,
  ErrStream = 72,
  OutStream = 80,
  Pstate = 88,
}
export const STATE_SIZE = 96;

/** One struct argp_option; strings are guest pointers (0 for NULL). */
export interface ArgpOption {
  name: number;
  key: number;
  arg: number;
  flags: number;
  doc: number;
  group: number;
}

export interface ArgpChild {
  argp: Argp;
  flags: number;
  header: number;
  group: number;
}

/** One struct argp, with its options (undefined for a NULL options pointer) and children. */
export interface Argp {
  address: number;
  options: ArgpOption[] | undefined;
  parser: number;
  argsDoc: number;
  doc: number;
  children: ArgpChild[] | undefined;
  helpFilter: number;
  domain: number;
}

/** __option_is_end. */
function isEnd(option: ArgpOption): boolean {
  return option.key === 0 && option.name === 0 && option.doc === 0 && option.group === 0;
}

/** __option_is_short: a printable key of one byte, not a documentation entry. */
export function isShort(option: ArgpOption): boolean {
  if (option.flags & OPTION_DOC) return false;
  return option.key > 0 && option.key <= 0xff && option.key >= 0x20 && option.key < 0x7f;
}

function readOption(libc: LibcProcess, address: number): ArgpOption {
  const view = libc.memory.view;
  return {
    name: loadPointer(libc.memory, address),
    key: view.getInt32(address + 8, true),
    arg: loadPointer(libc.memory, address + 16),
    flags: view.getInt32(address + 24, true),
    doc: loadPointer(libc.memory, address + 32),
    group: view.getInt32(address + 40, true),
  };
}

/** The argp tree at `address`, read now (argp reads it afresh at every call, as glibc does). */
export function readArgp(libc: LibcProcess, address: number): Argp {
  if (address === 0) throw new Error('Miros libc: argp called with a NULL struct argp');
  const memory = libc.memory;
  const optionsAddress = loadPointer(memory, address);
  let options: ArgpOption[] | undefined;
  if (optionsAddress !== 0) {
    options = [];
    for (let at = optionsAddress; ; at += OPTION_SIZE) {
      const option = readOption(libc, at);
      if (isEnd(option)) break;
      options.push(option);
    }
  }
  const childrenAddress = loadPointer(memory, address + 32);
  let children: ArgpChild[] | undefined;
  if (childrenAddress !== 0) {
    children = [];
    for (let at = childrenAddress; ; at += CHILD_SIZE) {
      const child = loadPointer(memory, at);
      if (child === 0) break;
      children.push({
        argp: readArgp(libc, child),
        flags: memory.view.getInt32(at + 8, true),
        header: loadPointer(memory, at + 16),
        group: memory.view.getInt32(at + 24, true),
      });
    }
  }
  return {
    address,
    options,
    parser: loadPointer(memory, address + 8),
    argsDoc: loadPointer(memory, address + 16),
    doc: loadPointer(memory, address + 24),
    children,
    helpFilter: loadPointer(memory, address + 40),
    domain: loadPointer(memory, address + 48),
  };
}

/** A guest C string as Latin-1 text, undefined for NULL. */
export function text(libc: LibcProcess, address: number): string | undefined {
  return address === 0 ? undefined : cString(libc.memory, address);
}

const variableAddresses = new ProcessState<Map<string, number>>(
  'argp/argp-structures variables',
  copyForChild,
  () => new Map(),
);

/**
 * Where argp's variable `name` lives: the definition the global scope gives (the program's own,
 * as glibc's references through its GOT bind to it), else Miros libc's cell.
 */
export function argpVariable(libc: LibcProcess, name: string): number {
  const addresses = variableAddresses.of(libc);
  let address = addresses.get(name);
  if (address === undefined) {
    const linker = libc.linker;
    const found = lookupInScopes(
      [linker.globalScope],
      new SymbolReference(name, undefined),
      LOOKUP_NEWEST,
      linker.lookupContext,
    );
    address =
      found !== undefined && found.value !== 0 ? found.value : (libc.currentObject(name) ?? placeVariable(libc, name));
    addresses.set(name, address);
  }
  return address;
}

/** Miros libc's own cells: argp_err_exit_status starts at EX_USAGE (64), the pointers at NULL. */
export function placeVariable(libc: LibcProcess, name: string): number {
  return libc.objectAddress(name, () => {
    const cell = libc.data.allocate(8, 8);
    if (name === 'argp_err_exit_status') libc.memory.view.setInt32(cell, 64, true);
    return cell;
  });
}

/** __argp_short_program_name: program_invocation_short_name. */
export function shortProgramName(libc: LibcProcess): string {
  return text(libc, loadPointer(libc.memory, objectCell(libc, '__progname'))) ?? '';
}
