// What Miros prints when a program dies from a signal: which signal and why, where (rip as
// symbol+offset), the faulting instruction disassembled, the registers, and the memory map.
// Printed after the program's own output (which Miros never buffers), on stderr.

import { DefaultAction, defaultAction, signalCodeName, signalDescription, signalName } from '../kernel/abi/signals.ts';
import type { ProcessExit } from '../kernel/exit.ts';
import { formatMaps } from '../kernel/maps.ts';
import type { Process } from '../kernel/process.ts';
import { decode } from '../x86/decoder.ts';
import { formatInstruction } from '../x86/format-intel.ts';
import { symbolize } from './symbolize.ts';

/** si_code explanations (as the siginfo man page words them). */
const codeMeanings: Record<string, string> = {
  SEGV_MAPERR: 'address not mapped to object',
  SEGV_ACCERR: 'invalid permissions for mapped object',
  BUS_ADRALN: 'invalid address alignment',
  BUS_ADRERR: 'nonexistent physical address',
  FPE_INTDIV: 'integer divide by zero',
  FPE_INTOVF: 'integer overflow',
  FPE_FLTDIV: 'floating-point divide by zero',
  FPE_FLTINV: 'floating-point invalid operation',
  ILL_ILLOPC: 'illegal opcode',
  ILL_ILLOPN: 'illegal operand',
  ILL_PRVOPC: 'privileged opcode',
  TRAP_BRKPT: 'process breakpoint',
  SI_KERNEL: 'sent by the kernel',
  SI_USER: 'sent by kill()',
  SI_TKILL: 'sent by tkill()/tgkill() (raise, abort)',
  SI_QUEUE: 'sent by sigqueue()',
};

/** Whether this ending deserves a crash report: the signals whose default action dumps core. */
export function wantsCrashReport(exit: ProcessExit): boolean {
  return exit.signal !== undefined && defaultAction(exit.signal) === DefaultAction.Core;
}

function hex64(lo: number, hi: number): string {
  return `0x${(hi >>> 0).toString(16).padStart(8, '0')}${(lo >>> 0).toString(16).padStart(8, '0')}`;
}

/**
 * An address or register value in hex. Values reach here as JS numbers: uint32 addresses, 64-bit
 * values (up to 2^64 - 1, possibly rounded), or negative ones meaning their 64-bit two's
 * complement (a sign-extended pointer): never `0x-…`.
 */
export function hex(value: number): string {
  if (value >= 0) return `0x${value.toString(16)}`;
  if (value >= -(2 ** 53)) return `0x${BigInt.asUintN(64, BigInt(Math.trunc(value))).toString(16)}`;
  return `0x${(2 ** 64 + value).toString(16)}`;
}

const REGISTER_NAMES = [
  'rax',
  'rcx',
  'rdx',
  'rbx',
  'rsp',
  'rbp',
  'rsi',
  'rdi',
  'r8',
  'r9',
  'r10',
  'r11',
  'r12',
  'r13',
  'r14',
  'r15',
];
/** The order registers are shown in (gdb's). */
const DISPLAY_ORDER = [0, 3, 1, 2, 6, 7, 5, 4, 8, 9, 10, 11, 12, 13, 14, 15];
const FLAG_BITS: [number, string][] = [
  [0, 'CF'],
  [2, 'PF'],
  [4, 'AF'],
  [6, 'ZF'],
  [7, 'SF'],
  [8, 'TF'],
  [9, 'IF'],
  [10, 'DF'],
  [11, 'OF'],
];

/** Up to 15 instruction bytes at `address`, stopping at the first unreadable page. */
function codeBytes(process: Process, address: number): Uint8Array {
  const memory = process.memory;
  memory.materialize(address, 15);
  let end = address;
  while (end < address + 15 && end < 2 ** 32 && (memory.pageFlags[end >>> 12]! & 1) !== 0) end++;
  return memory.bytes.slice(address, end);
}

function disassemble(process: Process, rip: number): string {
  const bytes = codeBytes(process, rip);
  if (bytes.length === 0) return '(no readable code at this address)';
  try {
    const insn = decode(bytes, 0, bytes.length, rip);
    const raw = Array.from(bytes.subarray(0, insn.length), (b) => b.toString(16).padStart(2, '0')).join(' ');
    const text = formatInstruction(insn, {
      address: (a) => {
        const name = symbolize(process, a);
        return name ? `${hex(a)} <${name}>` : hex(a);
      },
    });
    return `${raw.padEnd(24)} ${text}`;
  } catch (error) {
    return `(cannot decode: ${(error as Error).message})`;
  }
}

function located(process: Process, address: number): string {
  const name = symbolize(process, address);
  return name ? `${hex(address)} <${name}>` : `${hex(address)} (not in any mapping)`;
}

export function crashReport(process: Process, exit: ProcessExit): string {
  const signal = exit.signal ?? 0;
  const cause = exit.cause;
  // The thread that took the signal: in a multi-threaded program it need not be the main one.
  const thread = process.threads.find((t) => t.tid === cause?.tid) ?? process.mainThread;
  const cpu = thread.cpu;
  const lines: string[] = [];
  lines.push(`miros: ${process.executable.nsPath} was killed by ${signalName(signal)} (${signalDescription(signal)})`);
  if (process.threads.length > 1) {
    const which = thread === process.mainThread ? 'the main thread' : `thread ${thread.tid}`;
    lines.push(`  thread:      ${which} (of ${process.threads.length} threads)`);
  }
  if (cause) {
    const code = signalCodeName(signal, cause.code);
    const meaning = codeMeanings[code];
    lines.push(`  code:        ${code}${meaning ? ` (${meaning})` : ''}`);
    if (cause.faultAddress !== undefined) {
      lines.push(`  address:     ${hex(cause.faultAddress)}${cause.detail ? ` (${cause.detail})` : ''}`);
    } else if (cause.detail) {
      lines.push(`  detail:      ${cause.detail}`);
    }
  }
  const rip = cause?.rip ?? cpu.rip;
  lines.push(`  rip:         ${located(process, rip)}`);
  const mapping = process.memory.mappingAt(rip);
  if (!mapping || (mapping.prot & 4) === 0) {
    // A jump or call to a bad address: the return address on the stack says where from.
    const rsp = cpu.gpr[8]! >>> 0;
    if (process.memory.isAccessible(rsp, 8, 1) && cpu.gpr[9] === 0) {
      const caller = process.memory.view.getUint32(rsp, true) + process.memory.view.getUint32(rsp + 4, true) * 2 ** 32;
      const callerMapping = process.memory.mappingAt(caller);
      if (callerMapping && (callerMapping.prot & 4) !== 0) {
        lines.push(
          `  jumped here: ${mapping ? 'non-executable memory' : 'unmapped address'}; [rsp] = ${located(process, caller)} (the return address of the call, if it was a call)`,
        );
      }
    }
  }
  lines.push(`  instruction: ${disassemble(process, rip)}`);
  lines.push('  registers:');
  const g = cpu.gpr;
  for (let row = 0; row < 16; row += 4) {
    const cells = DISPLAY_ORDER.slice(row, row + 4).map(
      (r) => `${REGISTER_NAMES[r]!.padStart(3)} ${hex64(g[2 * r]!, g[2 * r + 1]!)}`,
    );
    lines.push(`    ${cells.join('  ')}`);
  }
  const rflags = cpu.rflags;
  const flagNames = FLAG_BITS.filter(([bit]) => (rflags >>> bit) & 1).map(([, name]) => name);
  lines.push(
    `    rip ${hex64(rip >>> 0, Math.floor(rip / 2 ** 32))}  rflags ${hex(rflags)} [ ${flagNames.join(' ')} ]  fs_base ${hex(cpu.fsBase)}  gs_base ${hex(cpu.gsBase)}`,
  );
  lines.push('  memory map:');
  for (const line of formatMaps(process.memory.mappingList).trimEnd().split('\n')) lines.push(`    ${line}`);
  return `${lines.join('\n')}\n`;
}
