// <termios.h> as glibc 2.36 implements it over the kernel's terminal ioctls (TCGETS, TCSETS*,
// TCFLSH, TCXONC, TCSBRK, TIOC[GS]PGRP, TIOCGSID). The user's struct termios (60 bytes) is not
// the kernel's (36 bytes): glibc converts between them —
//   user:   c_iflag 0, c_oflag 4, c_cflag 8, c_lflag 12, c_line 16, c_cc[32] 17, c_ispeed 52, c_ospeed 56
//   kernel: c_iflag 0, c_oflag 4, c_cflag 8, c_lflag 12, c_line 16, c_cc[19] 17
// and keeps the speeds in c_cflag's CBAUD|CBAUDEX bits (c_ispeed/c_ospeed are mirrors), with
// IBAUD0 in c_iflag marking "input speed 0" (never passed to the kernel).
import { Ioctl } from '../../kernel/abi/flags.ts';
import { Errno } from '../../kernel/errno.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const C_IFLAG = 0;
const C_OFLAG = 4;
const C_CFLAG = 8;
const C_LFLAG = 12;
const C_CC = 17;
const C_ISPEED = 52;
const C_OSPEED = 56;
const USER_TERMIOS_SIZE = 60;
const USER_NCCS = 32;
/** c_iflag…c_line and c_cc[KERNEL_NCCS]: C_CC + KERNEL_NCCS. */
const KERNEL_TERMIOS_SIZE = 36;
const KERNEL_NCCS = 19;

const CBAUD = 0o10017;
const CBAUDEX = 0o10000;
const SPEED_BITS = CBAUD | CBAUDEX;
/** glibc's private c_iflag bit: the input speed was set to 0 ("same as output"). */
const IBAUD0 = 0o20000000000;
const B57600 = 0o10001;
const MAX_BAUD = 0o10017;

/** TCSBRKP (POSIX tcsendbreak with a duration in tenths of a second); not in abi/flags.ts. */
const TCSBRKP = 0x5425;

/** tcsetattr's optional_actions → the ioctl. */
const SET_REQUESTS = [Ioctl.TCSETS, Ioctl.TCSETSW, Ioctl.TCSETSF] as const;

/** cfsetspeed's table: each speed as a number of bits per second and as its B constant. */
const SPEEDS: readonly (readonly [number, number])[] = [
  [0, 0],
  [50, 1],
  [75, 2],
  [110, 3],
  [134, 4],
  [150, 5],
  [200, 6],
  [300, 7],
  [600, 8],
  [1200, 9],
  [1800, 10],
  [2400, 11],
  [4800, 12],
  [9600, 13],
  [19200, 14],
  [38400, 15],
  [57600, 0o10001],
  [115200, 0o10002],
  [230400, 0o10003],
  [460800, 0o10004],
  [500000, 0o10005],
  [576000, 0o10006],
  [921600, 0o10007],
  [1000000, 0o10010],
  [1152000, 0o10011],
  [1500000, 0o10012],
  [2000000, 0o10013],
  [2500000, 0o10014],
  [3000000, 0o10015],
  [3500000, 0o10016],
  [4000000, 0o10017],
];

// cfmakeraw's bits.
const IGNBRK = 0o1;
const BRKINT = 0o2;
const PARMRK = 0o10;
const ISTRIP = 0o40;
const INLCR = 0o100;
const IGNCR = 0o200;
const ICRNL = 0o400;
const IXON = 0o2000;
const OPOST = 0o1;
const ISIG = 0o1;
const ICANON = 0o2;
const ECHO = 0o10;
const ECHONL = 0o100;
const IEXTEN = 0o100000;
const CSIZE = 0o60;
const CS8 = 0o60;
const PARENB = 0o400;
const VTIME = 5;
const VMIN = 6;

export function tcgetattr(libc: LibcProcess, fd: number, termios: number): number {
  const kernel = libc.scratch;
  const result = libc.sys(Sys.ioctl, fd, Ioctl.TCGETS, kernel);
  if (result < 0) return libc.sysResult(result);
  checkWrite(libc.memory, termios, USER_TERMIOS_SIZE);
  const bytes = libc.memory.bytes;
  // The flags, c_line and the kernel's c_cc[19] sit at the same offsets in both structures.
  bytes.copyWithin(termios, kernel, kernel + KERNEL_TERMIOS_SIZE);
  // The rest of c_cc is _POSIX_VDISABLE ('\0').
  bytes.fill(0, termios + C_CC + KERNEL_NCCS, termios + C_CC + USER_NCCS);
  const view = libc.memory.view;
  const speed = view.getUint32(kernel + C_CFLAG, true) & SPEED_BITS;
  view.setUint32(termios + C_ISPEED, speed, true);
  view.setUint32(termios + C_OSPEED, speed, true);
  return 0;
}

export function tcsetattr(libc: LibcProcess, fd: number, action: number, termios: number): number {
  const request = SET_REQUESTS[action];
  if (action < 0 || request === undefined) {
    libc.errno = Errno.EINVAL;
    return -1;
  }
  checkRead(libc.memory, termios, KERNEL_TERMIOS_SIZE);
  const kernel = libc.scratch;
  const view = libc.memory.view;
  libc.memory.bytes.copyWithin(kernel, termios, termios + KERNEL_TERMIOS_SIZE);
  view.setUint32(kernel + C_IFLAG, (view.getUint32(kernel + C_IFLAG, true) & ~IBAUD0) >>> 0, true);
  return libc.sysResult(libc.sys(Sys.ioctl, fd, request, kernel));
}

function field(libc: LibcProcess, termios: number, offset: number): number {
  checkRead(libc.memory, termios + offset, 4);
  return libc.memory.view.getUint32(termios + offset, true);
}

function setField(libc: LibcProcess, termios: number, offset: number, value: number): void {
  checkWrite(libc.memory, termios + offset, 4);
  libc.memory.view.setUint32(termios + offset, value >>> 0, true);
}

/** A speed cfset[io]speed accept: a B constant (B0…B38400, B57600…B4000000). */
function validSpeed(speed: number): boolean {
  return (speed & ~CBAUD) === 0 || (speed >= B57600 && speed <= MAX_BAUD);
}

function cfsetospeed(libc: LibcProcess, termios: number, speed: number): number {
  if (!validSpeed(speed)) {
    libc.errno = Errno.EINVAL;
    return -1;
  }
  setField(libc, termios, C_OSPEED, speed);
  setField(libc, termios, C_CFLAG, (field(libc, termios, C_CFLAG) & ~SPEED_BITS) | speed);
  return 0;
}

function cfsetispeed(libc: LibcProcess, termios: number, speed: number): number {
  if (!validSpeed(speed)) {
    libc.errno = Errno.EINVAL;
    return -1;
  }
  setField(libc, termios, C_ISPEED, speed);
  if (speed === 0) {
    setField(libc, termios, C_IFLAG, field(libc, termios, C_IFLAG) | IBAUD0);
  } else {
    setField(libc, termios, C_IFLAG, field(libc, termios, C_IFLAG) & ~IBAUD0);
    setField(libc, termios, C_CFLAG, (field(libc, termios, C_CFLAG) & ~SPEED_BITS) | speed);
  }
  return 0;
}

/** cfsetspeed: a B constant or a number of bits per second from the table. */
function cfsetspeed(libc: LibcProcess, termios: number, speed: number): number {
  for (const [value, constant] of SPEEDS) {
    if (speed === constant || speed === value) {
      cfsetispeed(libc, termios, constant);
      cfsetospeed(libc, termios, constant);
      return 0;
    }
  }
  libc.errno = Errno.EINVAL;
  return -1;
}

function cfmakeraw(libc: LibcProcess, termios: number): undefined {
  const clear = (offset: number, bits: number) => setField(libc, termios, offset, field(libc, termios, offset) & ~bits);
  clear(C_IFLAG, IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
  clear(C_OFLAG, OPOST);
  clear(C_LFLAG, ECHO | ECHONL | ICANON | ISIG | IEXTEN);
  setField(libc, termios, C_CFLAG, (field(libc, termios, C_CFLAG) & ~(CSIZE | PARENB)) | CS8);
  checkWrite(libc.memory, termios + C_CC, USER_NCCS);
  libc.memory.bytes[termios + C_CC + VMIN] = 1;
  libc.memory.bytes[termios + C_CC + VTIME] = 0;
  return undefined;
}

/** An ioctl whose int result glibc returns as is (-1 and errno on failure). */
function ioctl(libc: LibcProcess, fd: number, request: number, argument: number): number {
  return libc.sysResult(libc.sys(Sys.ioctl, fd, request, argument));
}

/** tcgetpgrp/tcgetsid: an ioctl filling an int, which is the result. */
function ioctlInt(libc: LibcProcess, fd: number, request: number): number {
  const cell = libc.scratch;
  const result = libc.sys(Sys.ioctl, fd, request, cell);
  if (result < 0) return libc.sysResult(result);
  return libc.memory.view.getInt32(cell, true);
}

function tcsetpgrp(libc: LibcProcess, fd: number, group: number): number {
  const cell = libc.scratch;
  libc.memory.view.setInt32(cell, group, true);
  return ioctl(libc, fd, Ioctl.TIOCSPGRP, cell);
}

function tcsendbreak(libc: LibcProcess, fd: number, duration: number): number {
  if (duration <= 0) return ioctl(libc, fd, Ioctl.TCSBRK, 0);
  return ioctl(libc, fd, TCSBRKP, Math.trunc((duration + 99) / 100));
}

export const TERMIOS_FUNCTIONS: FunctionTable = {
  tcgetattr: (f, libc) => tcgetattr(libc, f.int(0), f.ptr(1)),
  tcsetattr: (f, libc) => tcsetattr(libc, f.int(0), f.int(1), f.ptr(2)),
  cfgetospeed: (f, libc) => field(libc, f.ptr(0), C_CFLAG) & SPEED_BITS,
  cfgetispeed: (f, libc) => (field(libc, f.ptr(0), C_IFLAG) & IBAUD0 ? 0 : field(libc, f.ptr(0), C_CFLAG) & SPEED_BITS),
  cfsetospeed: (f, libc) => cfsetospeed(libc, f.ptr(0), f.uint(1)),
  cfsetispeed: (f, libc) => cfsetispeed(libc, f.ptr(0), f.uint(1)),
  cfsetspeed: (f, libc) => cfsetspeed(libc, f.ptr(0), f.uint(1)),
  cfmakeraw: (f, libc) => cfmakeraw(libc, f.ptr(0)),
  tcflush: (f, libc) => ioctl(libc, f.int(0), Ioctl.TCFLSH, f.int(1)),
  tcflow: (f, libc) => ioctl(libc, f.int(0), Ioctl.TCXONC, f.int(1)),
  tcdrain: (f, libc) => ioctl(libc, f.int(0), Ioctl.TCSBRK, 1),
  tcsendbreak: (f, libc) => tcsendbreak(libc, f.int(0), f.int(1)),
  tcgetpgrp: (f, libc) => ioctlInt(libc, f.int(0), Ioctl.TIOCGPGRP),
  tcsetpgrp: (f, libc) => tcsetpgrp(libc, f.int(0), f.int(1)),
  tcgetsid: (f, libc) => ioctlInt(libc, f.int(0), Ioctl.TIOCGSID),
};
