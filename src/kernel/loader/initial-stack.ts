// The initial stack of a new program, laid out exactly as Linux's exec does (fs/exec.c
// copy_strings, fs/binfmt_elf.c create_elf_tables), with randomisation off:
//
//   STACK_TOP - 8 .. STACK_TOP   8 zero bytes
//   below them                   the program path (AT_EXECFN), envp strings, argv strings
//                                (argv[0] lowest: each list is copied last string first)
//   16-byte aligned below        "x86_64\0" (AT_PLATFORM), then 16 random bytes (AT_RANDOM)
//   16-byte aligned below        argc, argv[], NULL, envp[], NULL, auxv pairs, AT_NULL
//                                (rsp points at argc)

import type { AddressSpace } from '../../memory/address-space.ts';
import { Errno, fail } from '../errno.ts';
import { StructBuffer } from '../guest-memory.ts';
import { STACK_TOP } from '../layout.ts';
import { AT_EXECFN, AT_NULL, AT_PLATFORM, AT_RANDOM } from './auxv.ts';

/** Linux's MAX_ARG_STRLEN: one argument or environment string may be at most 32 pages. */
const MAX_ARG_STRLEN = 32 * 4096;
const PLATFORM = 'x86_64';

export interface StackContents {
  /** Byte strings (one char per byte). */
  argv: readonly string[];
  envp: readonly string[];
  /** AT_EXECFN: the path the program was started by. */
  execfn: string;
  /** Auxiliary vector without AT_RANDOM, AT_EXECFN, AT_PLATFORM (filled in here) and AT_NULL. */
  auxv: readonly (readonly [number, number])[];
  /** Linux's order puts AT_RANDOM, AT_EXECFN and AT_PLATFORM at these points of `auxv`. */
  random: Uint8Array;
  /** The stack rlimit: arguments may use at most a quarter of it (E2BIG). */
  stackLimit: number;
}

export interface InitialStack {
  /** rsp at entry: the address of argc. */
  sp: number;
  /** The lowest address the layout uses (the stack mapping must reach below it). */
  lowest: number;
  argStart: number;
  argEnd: number;
  envStart: number;
  envEnd: number;
  /** The auxiliary vector as written (for /proc/self/auxv). */
  auxvBytes: Uint8Array;
  randomAddress: number;
}

/** Bytes the strings take at the top of the stack (below the final 8 zero bytes). */
export function stringAreaSize(contents: Pick<StackContents, 'argv' | 'envp' | 'execfn'>): number {
  let total = contents.execfn.length + 1;
  for (const s of contents.argv) total += s.length + 1;
  for (const s of contents.envp) total += s.length + 1;
  return total;
}

function bytesOf(text: string): Uint8Array {
  return Buffer.from(`${text}\0`, 'latin1');
}

/**
 * Writes the stack contents (the stack mapping must already cover STACK_TOP down far enough:
 * callers map it first, then check `lowest`). `auxvOrder` callers pass entries in Linux's order
 * with placeholders for AT_RANDOM / AT_EXECFN / AT_PLATFORM whose values are filled in here.
 */
export function buildInitialStack(memory: AddressSpace, contents: StackContents): InitialStack {
  const strings = [...contents.argv, ...contents.envp];
  let total = contents.execfn.length + 1;
  for (const s of strings) {
    if (s.length + 1 > MAX_ARG_STRLEN) fail(Errno.E2BIG);
    total += s.length + 1;
  }
  // fs/exec.c bprm_stack_limits: the strings may take a quarter of the stack limit (at most 6 MiB,
  // at least 128 KiB) minus room for the pointers.
  const limit = Math.max(Math.min(6 * 1024 * 1024, contents.stackLimit / 4), 128 * 1024);
  const pointers = (Math.max(contents.argv.length, 1) + contents.envp.length) * 8;
  if (limit <= pointers || total > limit - pointers) fail(Errno.E2BIG);

  let p = STACK_TOP - 8;
  const push = (data: Uint8Array): number => {
    p -= data.length;
    memory.poke(p, data);
    return p;
  };
  const execfn = push(bytesOf(contents.execfn));
  const envEnd = p;
  const envAddresses: number[] = [];
  for (let i = contents.envp.length - 1; i >= 0; i--) envAddresses[i] = push(bytesOf(contents.envp[i]!));
  const envStart = p;
  const argEnd = p;
  const argAddresses: number[] = [];
  for (let i = contents.argv.length - 1; i >= 0; i--) argAddresses[i] = push(bytesOf(contents.argv[i]!));
  const argStart = p;

  p -= p % 16;
  const platform = push(bytesOf(PLATFORM));
  const random = push(contents.random.subarray(0, 16));

  const auxv: [number, number][] = contents.auxv.map(([type, value]) => {
    if (type === AT_RANDOM) return [type, random];
    if (type === AT_EXECFN) return [type, execfn];
    if (type === AT_PLATFORM) return [type, platform];
    return [type, value];
  });
  auxv.push([AT_NULL, 0]);

  const items = contents.argv.length + 1 + contents.envp.length + 1 + 1;
  const unaligned = p - auxv.length * 16 - items * 8;
  const sp = unaligned - (unaligned % 16);
  const table = new StructBuffer(items * 8 + auxv.length * 16);
  let offset = 0;
  const word = (value: number) => {
    table.u64(offset, value);
    offset += 8;
  };
  word(contents.argv.length);
  for (const a of argAddresses) word(a);
  word(0);
  for (const e of envAddresses) word(e);
  word(0);
  const auxvStart = offset;
  for (const [type, value] of auxv) {
    word(type);
    word(value);
  }
  memory.poke(sp, table.bytes);
  return {
    sp,
    lowest: sp,
    argStart,
    argEnd,
    envStart,
    envEnd,
    auxvBytes: table.bytes.slice(auxvStart),
    randomAddress: random,
  };
}
