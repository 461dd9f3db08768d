// Terminal ioctls on a host terminal. The terminal belongs to the host: Miros reads and changes
// its real state, so a program that switches to raw mode and back behaves as it does natively.
// Node cannot issue ioctls, so this goes through stty(1) with the terminal as its stdin:
// `stty -g` prints the termios exactly (iflag:oflag:cflag:lflag:cc0:…:cc31 in hex) and accepts
// the same text back; `stty size` prints the window size. Results are cached per terminal until
// the program changes them (a process rarely races another over its terminal's settings).

import * as fs from 'node:fs';
import { isatty, spawnSync } from '../../host/lazy-builtins.ts';
import type { AddressSpace } from '../../memory/address-space.ts';
import { Ioctl } from '../abi/flags.ts';
import { Errno, fail } from '../errno.ts';
import { StructBuffer } from '../guest-memory.ts';
import { major } from './stat.ts';

/** The kernel's struct termios (asm-generic/termbits.h): 4 flag words, c_line, c_cc[19]. */
const TERMIOS_SIZE = 36;
const KERNEL_NCCS = 19;
/** c_cc entries stty -g prints (glibc's NCCS). */
const STTY_NCCS = 32;

interface Termios {
  iflag: number;
  oflag: number;
  cflag: number;
  lflag: number;
  line: number;
  cc: number[];
}

/** A "sane" cooked-mode termios (what stty sane sets), used when stty is unavailable. */
const SANE: Termios = {
  iflag: 0x500,
  oflag: 0x5,
  cflag: 0xbf,
  lflag: 0x8a3b,
  line: 0,
  cc: [3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16, 0, 0, 0],
};

const cache = new Map<number, Termios>();

/** Linux's memory devices (/dev/null, zero, full, random, urandom, mem, kmsg): never terminals. */
const MEMORY_DEVICES_MAJOR = 1;

/**
 * Whether host descriptor `hostFd` is a terminal. A memory device is answered from fstat: glibc
 * asks (TCGETS) when stdout is a character device, and /dev/null is the usual one, where loading
 * node:tty for isatty (with net and the stream machinery) cost every such `miros run` 2–5 ms.
 */
export function isHostTerminal(hostFd: number): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.fstatSync(hostFd);
  } catch {
    return false; // not an open descriptor: isatty says the same
  }
  if (stat.isCharacterDevice() && major(stat.rdev) === MEMORY_DEVICES_MAJOR) return false;
  return isatty(hostFd);
}

function stty(hostFd: number, args: string[]): string | undefined {
  const result = spawnSync('stty', args, { stdio: [hostFd, 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout.trim();
}

function readTermios(hostFd: number): Termios {
  const cached = cache.get(hostFd);
  if (cached) return cached;
  const text = stty(hostFd, ['-g']);
  const fields = text?.split(':').map((f) => Number.parseInt(f, 16));
  let termios: Termios;
  if (fields && fields.length >= 4 + KERNEL_NCCS && fields.every((f) => Number.isFinite(f))) {
    termios = {
      iflag: fields[0]!,
      oflag: fields[1]!,
      cflag: fields[2]!,
      lflag: fields[3]!,
      line: 0,
      cc: fields.slice(4, 4 + KERNEL_NCCS),
    };
  } else {
    termios = { ...SANE, cc: [...SANE.cc] };
  }
  cache.set(hostFd, termios);
  return termios;
}

function writeTermios(hostFd: number, termios: Termios): void {
  const cc = [...termios.cc];
  while (cc.length < STTY_NCCS) cc.push(0);
  const text = [termios.iflag, termios.oflag, termios.cflag, termios.lflag, ...cc].map((v) => v.toString(16)).join(':');
  if (stty(hostFd, [text]) === undefined) fail(Errno.EIO);
  cache.set(hostFd, termios);
}

/**
 * Terminal ioctls for a host file descriptor that is a terminal. Returns undefined for requests
 * that are not terminal requests (the caller handles FIONREAD etc.).
 */
export function terminalIoctl(
  memory: AddressSpace,
  hostFd: number,
  request: number,
  argument: number,
  processGroup: number,
): number | undefined {
  switch (request) {
    case Ioctl.TCGETS: {
      if (!isHostTerminal(hostFd)) fail(Errno.ENOTTY);
      const t = readTermios(hostFd);
      const s = new StructBuffer(TERMIOS_SIZE).u32(0, t.iflag).u32(4, t.oflag).u32(8, t.cflag).u32(12, t.lflag);
      s.u8(16, t.line);
      for (let i = 0; i < KERNEL_NCCS; i++) s.u8(17 + i, t.cc[i] ?? 0);
      s.writeTo(memory, argument);
      return 0;
    }
    case Ioctl.TCSETS:
    case Ioctl.TCSETSW:
    case Ioctl.TCSETSF: {
      if (!isHostTerminal(hostFd)) fail(Errno.ENOTTY);
      const s = StructBuffer.read(memory, argument, TERMIOS_SIZE);
      const cc: number[] = [];
      for (let i = 0; i < KERNEL_NCCS; i++) cc.push(s.bytes[17 + i]!);
      writeTermios(hostFd, {
        iflag: s.getU32(0),
        oflag: s.getU32(4),
        cflag: s.getU32(8),
        lflag: s.getU32(12),
        line: s.bytes[16]!,
        cc,
      });
      return 0;
    }
    case Ioctl.TIOCGWINSZ: {
      if (!isHostTerminal(hostFd)) fail(Errno.ENOTTY);
      const [rows, columns] = (stty(hostFd, ['size']) ?? '0 0').split(' ').map((n) => Number.parseInt(n, 10));
      new StructBuffer(8)
        .u16(0, rows ?? 0)
        .u16(2, columns ?? 0)
        .writeTo(memory, argument);
      return 0;
    }
    case Ioctl.TIOCSWINSZ: {
      if (!isHostTerminal(hostFd)) fail(Errno.ENOTTY);
      const s = StructBuffer.read(memory, argument, 8);
      if (stty(hostFd, ['rows', `${s.getU16(0)}`, 'cols', `${s.getU16(2)}`]) === undefined) fail(Errno.EIO);
      return 0;
    }
    case Ioctl.TIOCGPGRP:
    case Ioctl.TIOCGSID: {
      if (!isHostTerminal(hostFd)) fail(Errno.ENOTTY);
      new StructBuffer(4).u32(0, processGroup).writeTo(memory, argument);
      return 0;
    }
    case Ioctl.TIOCSPGRP:
      if (!isHostTerminal(hostFd)) fail(Errno.ENOTTY);
      return 0;
    case Ioctl.TCFLSH:
    case Ioctl.TCSBRK:
    case Ioctl.TCXONC:
      // Flushing queues, draining and flow control need ioctls Node cannot make; output is
      // already written synchronously, so draining (TCSBRK with arg 1) is exact; the others are
      // accepted without effect.
      if (!isHostTerminal(hostFd)) fail(Errno.ENOTTY);
      return 0;
    case Ioctl.TIOCOUTQ:
      if (!isHostTerminal(hostFd)) fail(Errno.ENOTTY);
      new StructBuffer(4).u32(0, 0).writeTo(memory, argument);
      return 0;
    default:
      return undefined;
  }
}

/** Forgets cached terminal settings (tests; a new process). */
export function forgetTerminalSettings(): void {
  cache.clear();
}
