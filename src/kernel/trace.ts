// --trace=syscalls: every system call printed to stderr as strace prints it, e.g.
//   openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3
//   read(3, "root:x:0:0:root:/root:/bin/bash\n"..., 4096) = 1234
//   mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0xf7ffc000
//   --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---
//   +++ killed by SIGSEGV (core dumped) +++
// Strings are escaped and cut at 32 bytes like strace's default (-s 32). Lines of processes
// other than the first (forked children) start with `[pid N] `, as with strace -f.

import type { AddressSpace } from '../memory/address-space.ts';
import {
  AccessMode,
  ArchPrctl,
  AT_FDCWD,
  AtFlag,
  ClockId,
  Fcntl,
  type FlagGroup,
  FUTEX_CLOCK_REALTIME,
  FUTEX_PRIVATE_FLAG,
  FutexOp,
  GetrandomFlag,
  Ioctl,
  Madvise,
  MapFlag,
  MremapFlag,
  MsyncFlag,
  OpenFlag,
  Prctl,
  Prot,
  RenameFlag,
  Rlimit,
  Seek,
  SigprocmaskHow,
} from './abi/flags.ts';
import { DefaultAction, defaultAction, signalCodeName, signalName } from './abi/signals.ts';
import { BLOCKED, KEEP_RAX } from './blocking.ts';

/** rt_sigreturn's number: its result is the restored rax. */
const RT_SIGRETURN = 15;

import { argumentValue } from './dispatch.ts';
import { errnoMessage, errnoName } from './errno.ts';
import { type ArgumentKind, syscallDefinition, syscallName } from './syscalls/table.ts';
import type { Thread } from './thread.ts';

const STRING_LIMIT = 32;
/** An argument strace leaves out (open's mode without O_CREAT). */
const OMITTED = '';
const RESULT_COLUMN = 40;
/** Registers holding arguments 0–5, as gpr indices of their low halves. */
const ARGUMENT_REGISTERS = [14, 12, 4, 20, 16, 18];

export class SyscallTracer {
  constructor(private readonly output: (line: string) => void) {}

  /** Traces one call around `invoke` (which performs it and returns rax). */
  traceCall(thread: Thread, number: number, invoke: () => number): number {
    const definition = syscallDefinition(number);
    const g = thread.cpu.gpr;
    const args = ARGUMENT_REGISTERS.map((r) => argumentValue(g[r]!, g[r + 1]!));
    const kinds = definition?.args ?? ['hex', 'hex', 'hex', 'hex', 'hex', 'hex'];
    const memory = thread.process.memory;
    // Inputs are read before the call (it may change them); outputs after.
    const before = kinds.map((kind, i) => (isOutput(kind) ? undefined : formatArgument(memory, kind, args, i)));
    const name = syscallName(number);
    const prefix = pidPrefix(thread);
    if (definition?.returns === 'none') {
      this.output(`${prefix}${pad(`${name}(${before.filter((t) => t !== OMITTED).join(', ')})`)}= ?`);
    }
    const result = invoke();
    if (definition?.returns === 'none') return result;
    const shown = kinds
      .map((kind, i) => before[i] ?? formatOutput(memory, kind, args, i, result))
      .filter((text) => text !== OMITTED);
    // KEEP_RAX (rt_sigreturn, a restarted call): rax holds the result already.
    const shownResult =
      result === KEEP_RAX
        ? number === RT_SIGRETURN
          ? formatResult(argumentValue(g[0]!, g[1]!), 'hex')
          : '? ERESTARTSYS (To be restarted)'
        : formatResult(result, definition?.returns);
    this.output(`${prefix}${pad(`${name}(${shown.join(', ')})`)}= ${shownResult}`);
    return result;
  }

  /** A signal's delivery; `thread` names a forked child's (its lines get their pid). */
  traceSignal(signal: number, code: number, address: number | undefined, thread?: Thread): void {
    const addressPart = address !== undefined ? `, si_addr=${pointer(address)}` : '';
    this.output(
      `${thread ? pidPrefix(thread) : ''}--- ${signalName(signal)} {si_signo=${signalName(signal)}, si_code=${signalCodeName(signal, code)}${addressPart}} ---`,
    );
  }

  /** A process's end; `pid` for a forked child's (the first process's line has none). */
  traceExit(status: number | undefined, signal: number | undefined, pid?: number): void {
    const prefix = pid !== undefined ? `[pid ${pid}] ` : '';
    if (signal !== undefined) {
      const core = defaultAction(signal) === DefaultAction.Core ? ' (core dumped)' : '';
      this.output(`${prefix}+++ killed by ${signalName(signal)}${core} +++`);
    } else {
      this.output(`${prefix}+++ exited with ${status ?? 0} +++`);
    }
  }
}

/** strace -f's `[pid N] ` before the lines of processes other than the first one. */
function pidPrefix(thread: Thread): string {
  const system = thread.process.system;
  if (system === undefined || thread.process.pid === system.first.pid) return '';
  return `[pid ${thread.tid}] `;
}

function pad(call: string): string {
  return call.length < RESULT_COLUMN ? call.padEnd(RESULT_COLUMN) : `${call} `;
}

function isOutput(kind: ArgumentKind): boolean {
  return kind === 'outbuf' || kind === 'outstring' || kind === 'pipefds';
}

function formatResult(result: number, kind: string | undefined): string {
  if (result === BLOCKED) return '? (blocked)';
  if (result < 0 && result >= -4095) return `-1 ${errnoName(-result)} (${errnoMessage(-result)})`;
  if (kind === 'hex') return `0x${result.toString(16)}`;
  if (kind === 'octal') return `0${result.toString(8)}`;
  return `${result}`;
}

function pointer(value: number): string {
  if (value === 0) return 'NULL';
  return value < 0 ? `0x${(2 ** 64 + value).toString(16)}` : `0x${value.toString(16)}`;
}

/** A guest string or buffer in strace's quoting; undefined when unreadable. */
function quote(memory: AddressSpace, address: number, length: number | undefined): string | undefined {
  if (address < 0 || address >= 2 ** 32) return undefined;
  try {
    let bytes: Uint8Array;
    let truncated = false;
    if (length === undefined) {
      bytes = memory.readCString(address, 4096);
      if (bytes.length > STRING_LIMIT) {
        bytes = bytes.subarray(0, STRING_LIMIT);
        truncated = true;
      }
    } else {
      truncated = length > STRING_LIMIT;
      bytes = memory.readBytes(address, Math.min(length, STRING_LIMIT));
    }
    return `"${escapeBytes(bytes)}"${truncated ? '...' : ''}`;
  } catch {
    return undefined;
  }
}

function escapeBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const next = bytes[i + 1];
    switch (b) {
      case 0x09:
        out += '\\t';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0b:
        out += '\\v';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
    }
    if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else {
      // Octal, padded to three digits when a digit follows (so it cannot be misread).
      const digits = b.toString(8);
      out += `\\${next !== undefined && next >= 0x30 && next <= 0x37 ? digits.padStart(3, '0') : digits}`;
    }
  }
  return out;
}

/** Bit flags by name, largest combinations first (O_SYNC before O_DSYNC); leftovers in hex. */
function formatFlags(value: number, group: FlagGroup, zero = '0'): string {
  let rest = value >>> 0;
  const names: string[] = [];
  const entries = Object.entries(group.values).sort((a, b) => bitCount(b[1]) - bitCount(a[1]));
  for (const [name, bits] of entries) {
    if (bits !== 0 && (rest & bits) >>> 0 === bits >>> 0) {
      names.push(group.prefix + name);
      rest = (rest & ~bits) >>> 0;
    }
  }
  if (rest !== 0) names.push(`0x${rest.toString(16)}`);
  return names.length > 0 ? names.join('|') : zero;
}

function bitCount(value: number): number {
  let v = value >>> 0;
  let n = 0;
  while (v) {
    n += v & 1;
    v >>>= 1;
  }
  return n;
}

/** A value of an enumeration by name; unknown ones as strace shows them (`0x7 /* SEEK_??? *\/`). */
function formatEnum(value: number, group: FlagGroup): string {
  for (const [name, v] of Object.entries(group.values)) if (v === value) return group.prefix + name;
  return group.prefix === '' ? `${value}` : `0x${(value >>> 0).toString(16)} /* ${group.prefix}??? */`;
}

function formatOpenFlags(value: number): string {
  const mode = value & 3;
  const access = mode === 0 ? 'O_RDONLY' : mode === 1 ? 'O_WRONLY' : mode === 2 ? 'O_RDWR' : '0x3';
  const rest = value & ~3;
  return rest === 0 ? access : `${access}|${formatFlags(rest, { ...OpenFlag.group, values: withoutAccess() })}`;
}

function withoutAccess(): Record<string, number> {
  const { WRONLY: _w, RDWR: _r, ...rest } = OpenFlag.group.values;
  return rest;
}

function formatMapFlags(value: number): string {
  const type = value & 0xf;
  const typeName =
    type === 1
      ? 'MAP_SHARED'
      : type === 2
        ? 'MAP_PRIVATE'
        : type === 3
          ? 'MAP_SHARED_VALIDATE'
          : `0x${type.toString(16)}`;
  const { SHARED: _s, PRIVATE: _p, ...rest } = MapFlag.group.values;
  const others = value & ~0xf;
  return others === 0 ? typeName : `${typeName}|${formatFlags(others, { ...MapFlag.group, values: rest })}`;
}

function formatFutexOp(value: number): string {
  let text = formatEnum(value & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME), FutexOp.group);
  if (value & FUTEX_PRIVATE_FLAG) text += '_PRIVATE';
  if (value & FUTEX_CLOCK_REALTIME) text += '|FUTEX_CLOCK_REALTIME';
  return text;
}

function formatArgument(memory: AddressSpace, kind: ArgumentKind, args: number[], i: number): string {
  const v = args[i]!;
  switch (kind) {
    case 'int':
    case 'fd':
      return `${v | 0}`;
    case 'uint':
      return `${v >>> 0}`;
    case 'long':
      return `${v}`;
    case 'size':
      return v < 0 ? `${2 ** 64 + v}` : `${v}`;
    case 'hex':
      return v === 0 ? '0' : pointer(v);
    case 'octal':
      return `0${(v >>> 0).toString(8)}`;
    case 'openmode':
      return (args[i - 1]! & OpenFlag.CREAT) !== 0 || (args[i - 1]! & OpenFlag.TMPFILE) === OpenFlag.TMPFILE
        ? `0${(v >>> 0).toString(8).padStart(3, '0')}`
        : OMITTED;
    case 'ptr':
      return pointer(v);
    case 'dirfd':
      return (v | 0) === AT_FDCWD ? 'AT_FDCWD' : `${v | 0}`;
    case 'path':
    case 'string':
      return v === 0 ? 'NULL' : (quote(memory, v, undefined) ?? pointer(v));
    case 'inbuf':
      return quote(memory, v, Math.max(0, args[i + 1] ?? 0)) ?? pointer(v);
    case 'timespec': {
      if (v === 0) return 'NULL';
      try {
        const sec = memory.read32(v) + memory.read32(v + 4) * 2 ** 32;
        const nsec = memory.read32(v + 8) >>> 0;
        return `{tv_sec=${sec}, tv_nsec=${nsec}}`;
      } catch {
        return pointer(v);
      }
    }
    case 'openflags':
      return formatOpenFlags(v | 0);
    case 'atflags':
      return formatFlags(v | 0, AtFlag.group);
    case 'access':
      return (v | 0) === 0
        ? 'F_OK'
        : formatFlags(v | 0, { ...AccessMode.group, values: { R_OK: 4, W_OK: 2, X_OK: 1 } });
    case 'prot':
      return formatFlags(v | 0, Prot.group, 'PROT_NONE');
    case 'mapflags':
      return formatMapFlags(v | 0);
    case 'mremapflags':
      return formatFlags(v | 0, MremapFlag.group);
    case 'madvise':
      return formatEnum(v | 0, Madvise.group);
    case 'msync':
      return formatFlags(v | 0, MsyncFlag.group);
    case 'whence':
      return formatEnum(v | 0, Seek.group);
    case 'fcntl':
      return formatEnum(v | 0, Fcntl.group);
    case 'ioctl':
      return formatEnum(v >>> 0, Ioctl.group);
    case 'clock':
      return formatEnum(v | 0, ClockId.group);
    case 'futex':
      return formatFutexOp(v | 0);
    case 'archprctl':
      return formatEnum(v | 0, ArchPrctl.group);
    case 'prctl':
      return formatEnum(v | 0, Prctl.group);
    case 'rlimit':
      return formatEnum(v | 0, Rlimit.group);
    case 'sighow':
      return formatEnum(v | 0, SigprocmaskHow.group);
    case 'signal':
      return (v | 0) === 0 ? '0' : signalName(v | 0);
    case 'renameflags':
      return formatFlags(v | 0, RenameFlag.group);
    case 'getrandomflags':
      return formatFlags(v | 0, GetrandomFlag.group);
    default:
      return pointer(v);
  }
}

function formatOutput(memory: AddressSpace, kind: ArgumentKind, args: number[], i: number, result: number): string {
  const v = args[i]!;
  const failed = result < 0;
  switch (kind) {
    case 'outbuf':
      return failed ? pointer(v) : (quote(memory, v, result) ?? pointer(v));
    case 'outstring':
      return failed ? pointer(v) : (quote(memory, v, undefined) ?? pointer(v));
    case 'pipefds':
      if (failed) return pointer(v);
      try {
        return `[${memory.read32(v)}, ${memory.read32(v + 4)}]`;
      } catch {
        return pointer(v);
      }
    default:
      return pointer(v);
  }
}
