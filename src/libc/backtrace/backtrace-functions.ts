// <execinfo.h>: backtrace, backtrace_symbols and backtrace_symbols_fd, as glibc 2.36's
// debug/backtrace.c and backtracesyms.c/backtracesymsfd.c.
//
// backtrace stores the return addresses of the calling frames, the caller's first, as libgcc's
// _Unwind_Backtrace reports them to glibc (./call-frame-unwinder.ts walks the same .eh_frame
// information). Frames above main differ from glibc's: there __libc_start_call_main,
// __libc_start_main and _start follow main, while Miros's __libc_start_main is a host function —
// main returns to the entry bridge's resume slot in [miros-libc], which has no call frame
// information, so that address is the last one reported. A return into __restore_rt (a signal
// handler's frame) likewise ends the walk; glibc's unwinder continues into the interrupted code.
//
// backtrace_symbols describes each address with what dladdr finds (the file, the exported
// symbol covering it) in glibc's formats (see describe); one malloc'd block holds the pointer
// array and the strings. backtrace_symbols_fd writes its lines to a descriptor, allocating nothing.
import { Gpr } from '../../cpu/cpu.ts';
import { describeAddress } from '../dl/dl-functions.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite, cStringView, loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { walkFrames } from './call-frame-unwinder.ts';

/** The CPU registers by DWARF number (rax, rdx, rcx, rbx, rsi, rdi, rbp, rsp, r8–r15). */
const DWARF_REGISTERS = [
  Gpr.RAX,
  Gpr.RDX,
  Gpr.RCX,
  Gpr.RBX,
  Gpr.RSI,
  Gpr.RDI,
  Gpr.RBP,
  Gpr.RSP,
  Gpr.R8,
  Gpr.R9,
  Gpr.R10,
  Gpr.R11,
  Gpr.R12,
  Gpr.R13,
  Gpr.R14,
  Gpr.R15,
];

function backtrace(libc: LibcProcess, sp: number, buffer: number, size: number): number {
  if (size <= 0) return 0;
  const cpu = libc.cpu;
  const registers = DWARF_REGISTERS.map((r) => cpu.getRegister(r));
  registers.push(0);
  const frames = walkFrames(libc, sp, registers, size);
  checkWrite(libc.memory, buffer, 8 * frames.length);
  for (let i = 0; i < frames.length; i++) storePointer(libc.memory, buffer + 8 * i, frames[i]!);
  return frames.length;
}

function hex(value: number): string {
  return value.toString(16);
}

/** %p: "0x…", "(nil)" for 0. */
function pointerText(value: number): string {
  return value === 0 ? '(nil)' : `0x${hex(value)}`;
}

/**
 * The text of one address (without NUL or newline). backtrace_symbols: "file(symbol+0xoff) [0xaddr]",
 * "file(+0xoff) [0xaddr]" from the load bias (l_addr) without a symbol, "file() [0xaddr]" when the
 * bias is 0 too, "[0xaddr]" outside every object. backtrace_symbols_fd: the same without the space
 * before "[", "+0x0" for a zero offset, and no parentheses at all when there is neither a symbol
 * nor a bias.
 */
function describe(libc: LibcProcess, pc: number, forFd: boolean): Uint8Array {
  const found = describeAddress(libc, pc);
  const memory = libc.memory;
  const address = forFd ? `[0x${hex(pc)}]` : `[${pointerText(pc)}]`;
  if (found === undefined || found.fname === 0 || memory.read8(found.fname) === 0)
    return Buffer.from(address, 'latin1');
  const file = cStringView(memory, found.fname);
  const symbol = found.sname !== 0 ? cStringView(memory, found.sname) : new Uint8Array(0);
  // No symbol: relative to the link map's l_addr (its first word), the load bias.
  const origin = found.sname !== 0 ? found.saddr : loadPointer(memory, found.map);
  const sign = pc >= origin ? '+' : '-';
  const offset = pc >= origin ? pc - origin : origin - pc;
  const offsetText = forFd || offset !== 0 ? `0x${hex(offset)}` : '0';
  const parts: Uint8Array[] = [file];
  if (found.sname === 0 && origin === 0) {
    if (!forFd) parts.push(Buffer.from('()', 'latin1'));
  } else parts.push(Buffer.from('(', 'latin1'), symbol, Buffer.from(`${sign}${offsetText})`, 'latin1'));
  parts.push(Buffer.from(`${forFd ? '' : ' '}${address}`, 'latin1'));
  return Buffer.concat(parts);
}

function addressesOf(libc: LibcProcess, buffer: number, size: number): number[] {
  const count = Math.max(size, 0);
  checkRead(libc.memory, buffer, 8 * count);
  return Array.from({ length: count }, (_, i) => loadPointer(libc.memory, buffer + 8 * i));
}

function backtraceSymbols(libc: LibcProcess, buffer: number, size: number): number {
  const texts = addressesOf(libc, buffer, size).map((pc) => describe(libc, pc, false));
  const total = 8 * texts.length + texts.reduce((sum, text) => sum + text.length + 1, 0);
  const block = libc.heap.allocate(total);
  if (block === 0) {
    libc.errno = 12; // ENOMEM
    return 0;
  }
  let at = block + 8 * texts.length;
  texts.forEach((text, i) => {
    storePointer(libc.memory, block + 8 * i, at);
    libc.memory.bytes.set(text, at);
    libc.memory.bytes[at + text.length] = 0;
    at += text.length + 1;
  });
  return block;
}

function backtraceSymbolsFd(libc: LibcProcess, buffer: number, size: number, fd: number): undefined {
  for (const pc of addressesOf(libc, buffer, size))
    libc.writeToFd(fd, Buffer.concat([describe(libc, pc, true), Buffer.from('\n', 'latin1')]));
  return undefined;
}

export const BACKTRACE_FUNCTIONS: FunctionTable = {
  backtrace: (f, libc) => backtrace(libc, f.sp, f.ptr(0), f.int(1)),
  __backtrace: (f, libc) => backtrace(libc, f.sp, f.ptr(0), f.int(1)),
  backtrace_symbols: (f, libc) => backtraceSymbols(libc, f.ptr(0), f.int(1)),
  __backtrace_symbols: (f, libc) => backtraceSymbols(libc, f.ptr(0), f.int(1)),
  backtrace_symbols_fd: (f, libc) => backtraceSymbolsFd(libc, f.ptr(0), f.int(1), f.int(2)),
  __backtrace_symbols_fd: (f, libc) => backtraceSymbolsFd(libc, f.ptr(0), f.int(1), f.int(2)),
};
