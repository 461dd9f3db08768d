// Pseudo-terminals of a run: /dev/ptmx makes a master/slave pair, the slave appears as
// /dev/pts/N (N the lowest free number) and opens once the master has unlocked it (TIOCSPTLCK).
// Between the two sits a line discipline after Linux's n_tty, for what programs use:
// - input (written to the master): ISTRIP, IGNCR/ICRNL/INLCR; with ISIG, VINTR/VQUIT/VSUSP send
//   SIGINT/SIGQUIT/SIGTSTP to the terminal's foreground process group (and flush the input
//   unless NOFLSH); with ICANON, lines edited by VERASE and VKILL and completed by '\n', VEOL,
//   VEOL2 or VEOF (a read returns one line at most; VEOF at the start of a line reads as end of
//   file); without ICANON bytes are readable at once (VMIN counts them, VTIME times the read: all
//   of it with VMIN 0, between bytes otherwise); ECHO (ECHOCTL's ^X, ECHOE's erasing, ECHOK, ECHONL);
// - output (written to the slave): with OPOST, ONLCR ('\n' → "\r\n") and OCRNL.
// Settings belong to the slave; the master's ioctls read and change them. Closing the master hangs the slave up
// (reads end, writes fail with EIO, SIGHUP to the foreground group); closing every slave makes
// master reads fail with EIO. TIOCSCTTY, or an open without O_NOCTTY by a session leader, makes
// the slave the controlling terminal of the caller's session, TIOCSPGRP picks its foreground group, TIOCSWINSZ
// sends SIGWINCH to that group when the size changes.
//
// The host's terminal is a different thing (./terminal.ts): these exist only inside the run.

import { Ioctl, OpenFlag, PollEvent } from '../abi/flags.ts';
import { SI_KERNEL, SIGHUP, SIGINT } from '../abi/signals.ts';
import { BLOCKED } from '../blocking.ts';
import { monotonicNanoseconds } from '../clock.ts';
import { Errno, fail } from '../errno.ts';
import { readI32, StructBuffer } from '../guest-memory.ts';
import type { Process } from '../process.ts';
import type { Thread } from '../thread.ts';
import { deviceStat } from './devices.ts';
import type { Location } from './file-system.ts';
import { nextChangeSerial, OpenFile } from './open-file.ts';
import { makedev, type Stat } from './stat.ts';

const SIGQUIT = 3;
const SIGTSTP = 20;
const SIGWINCH = 28;
const TIOCGPTPEER = 0x5441;
const TIOCGPTLCK = 0x80045439;
/** The kernel's struct termios: 4 flag words, c_line, c_cc[19]. */
const TERMIOS_SIZE = 36;
const NCCS = 19;
/** Unix98 pty slaves: character major 136 (minor = N); /dev/ptmx is (5, 2). */
const PTY_SLAVE_MAJOR = 136;
const TTY_GROUP = 5;
/** N_TTY_BUF_SIZE: the input a slave holds before the master's writer must wait. */
const INPUT_CAPACITY = 4096;

// termios bits (asm-generic/termbits.h).
const ISTRIP = 0o40;
const INLCR = 0o100;
const IGNCR = 0o200;
const ICRNL = 0o400;
const OPOST = 0o1;
const ONLCR = 0o4;
const OCRNL = 0o10;
const ISIG = 0o1;
const ICANON = 0o2;
const ECHO = 0o10;
const ECHOE = 0o20;
const ECHOK = 0o40;
const ECHONL = 0o100;
const NOFLSH = 0o200;
const ECHOCTL = 0o1000;
const ECHOKE = 0o4000;
const VINTR = 0;
const VQUIT = 1;
const VERASE = 2;
const VKILL = 3;
const VEOF = 4;
const VTIME = 5;
const VMIN = 6;
const VSUSP = 10;
const VEOL = 11;
const VEOL2 = 16;

interface Termios {
  iflag: number;
  oflag: number;
  cflag: number;
  lflag: number;
  line: number;
  cc: number[];
}

/** tty_std_termios: a new slave's settings (cooked, echoing, B38400 CS8 CREAD HUPCL). */
function standardTermios(): Termios {
  return {
    iflag: ICRNL | 0o2000, // ICRNL | IXON
    oflag: OPOST | ONLCR,
    cflag: 0o277, // B38400 | CS8 | CREAD | HUPCL
    lflag: ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | 0o100000, // … | IEXTEN
    line: 0,
    cc: [3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16, 0, 0, 0],
  };
}

function readTermios(thread: Thread, address: number): Termios {
  const s = StructBuffer.read(thread.process.memory, address, TERMIOS_SIZE);
  const cc: number[] = [];
  for (let i = 0; i < NCCS; i++) cc.push(s.bytes[17 + i]!);
  return { iflag: s.getU32(0), oflag: s.getU32(4), cflag: s.getU32(8), lflag: s.getU32(12), line: s.bytes[16]!, cc };
}

function writeTermios(thread: Thread, address: number, t: Termios): void {
  const s = new StructBuffer(TERMIOS_SIZE).u32(0, t.iflag).u32(4, t.oflag).u32(8, t.cflag).u32(12, t.lflag);
  s.u8(16, t.line);
  for (let i = 0; i < NCCS; i++) s.u8(17 + i, t.cc[i] ?? 0);
  s.writeTo(thread.process.memory, address);
}

/** Every process of the caller's run (the caller alone when it was built without a System). */
function processesOf(thread: Thread): readonly Process[] {
  return thread.process.system?.processes ?? [thread.process];
}

/** One master/slave pair and the line discipline between them. */
export class PseudoTerminal {
  locked = true;
  masterOpen = true;
  slaveOpens = 0;
  private slaveEverOpened = false;
  /** The slave's settings, which ioctls on the master read and change too (Linux's tty->link). */
  termios = standardTermios();
  window = { rows: 0, columns: 0, xPixels: 0, yPixels: 0 };
  /** The session it controls and its foreground process group (0: none). */
  session = 0;
  foreground = 0;
  /** Input the slave can read: completed lines (canonical) or bytes. */
  private readonly lines: Uint8Array[] = [];
  private editing: number[] = [];
  private raw: number[] = [];
  /** Output the master can read. */
  private output: number[] = [];
  lastInput = 0;
  changeSerial = 0;

  constructor(readonly index: number) {}

  get canonical(): boolean {
    return (this.termios.lflag & ICANON) !== 0;
  }

  slaveStat(): Stat {
    const stat = deviceStat(1000 + this.index, makedev(PTY_SLAVE_MAJOR, this.index), 0o620);
    return { ...stat, uid: process.getuid?.() ?? 0, gid: TTY_GROUP };
  }

  private changed(): void {
    this.changeSerial = nextChangeSerial();
  }

  /** Bytes a slave read could take now. */
  private inputAvailable(): number {
    if (this.canonical) return this.lines.reduce((sum, line) => sum + line.length, 0);
    return this.raw.length;
  }

  /** Whether a slave read of `length` bytes completes now: a line, or VMIN bytes (VMIN 0: at once). */
  inputReady(length: number): boolean {
    if (this.canonical) return this.lines.length > 0;
    const minimum = this.termios.cc[VMIN] ?? 1;
    return minimum === 0 || this.raw.length >= Math.min(minimum, length);
  }

  /** poll's view of the slave: input there, or hung up (a read then ends at once). */
  slaveReadable(): boolean {
    if (!this.masterOpen) return true;
    return this.canonical ? this.lines.length > 0 : this.raw.length > 0;
  }

  /** Output processing of bytes the slave writes (or echoes) into the master's queue. */
  private emit(bytes: ArrayLike<number>): void {
    const post = (this.termios.oflag & OPOST) !== 0;
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i]!;
      if (post && c === 0x0a && this.termios.oflag & ONLCR) this.output.push(0x0d, 0x0a);
      else if (post && c === 0x0d && this.termios.oflag & OCRNL) this.output.push(0x0a);
      else this.output.push(c);
    }
    this.changed();
  }

  private echo(c: number): void {
    const lflag = this.termios.lflag;
    if (!(lflag & ECHO)) {
      if (c === 0x0a && lflag & ECHONL && this.canonical) this.emit([0x0a]);
      return;
    }
    const control = (c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f;
    if (control && lflag & ECHOCTL) this.emit([0x5e, c ^ 0x40]);
    else this.emit([c]);
  }

  private signalForeground(thread: Thread, signal: number): void {
    if (this.foreground === 0) return;
    for (const p of processesOf(thread)) if (p.pgid === this.foreground) p.signalProcess(signal, SI_KERNEL);
  }

  private flushInput(): void {
    this.lines.length = 0;
    this.editing = [];
    this.raw = [];
  }

  /** The line discipline's input side: bytes written to the master. */
  receive(thread: Thread, source: Uint8Array, offset: number, length: number): number {
    const t = this.termios;
    const cc = t.cc;
    let taken = 0;
    for (; taken < length; taken++) {
      if (this.inputAvailable() + this.editing.length >= INPUT_CAPACITY) break;
      let c = source[offset + taken]!;
      if (t.iflag & ISTRIP) c &= 0x7f;
      if (c === 0x0d) {
        if (t.iflag & IGNCR) continue;
        if (t.iflag & ICRNL) c = 0x0a;
      } else if (c === 0x0a && t.iflag & INLCR) c = 0x0d;
      if (t.lflag & ISIG) {
        const signal =
          c === cc[VINTR] && c !== 0
            ? SIGINT
            : c === cc[VQUIT] && c !== 0
              ? SIGQUIT
              : c === cc[VSUSP] && c !== 0
                ? SIGTSTP
                : 0;
        if (signal !== 0) {
          // Without NOFLSH the input and the output not yet read by the master are dropped.
          if (!(t.lflag & NOFLSH)) {
            this.flushInput();
            this.output = [];
          }
          this.echo(c);
          this.signalForeground(thread, signal);
          continue;
        }
      }
      if (!this.canonical) {
        this.raw.push(c);
        this.echo(c);
        continue;
      }
      if (c === cc[VERASE] && c !== 0) {
        if (this.editing.length > 0) {
          this.editing.pop();
          if (t.lflag & ECHO && t.lflag & ECHOE) this.emit([0x08, 0x20, 0x08]);
          else this.echo(c);
        }
        continue;
      }
      if (c === cc[VKILL] && c !== 0) {
        const erased = this.editing.length;
        this.editing = [];
        if (t.lflag & ECHO) {
          if (t.lflag & ECHOKE && t.lflag & ECHOE) for (let i = 0; i < erased; i++) this.emit([0x08, 0x20, 0x08]);
          else {
            this.echo(c);
            if (t.lflag & ECHOK) this.emit([0x0a]);
          }
        }
        continue;
      }
      if (c === cc[VEOF] && c !== 0) {
        // The line so far becomes readable, without the VEOF byte (an empty one reads as EOF).
        this.lines.push(Uint8Array.from(this.editing));
        this.editing = [];
        continue;
      }
      this.editing.push(c);
      this.echo(c);
      if (c === 0x0a || (c === cc[VEOL] && c !== 0) || (c === cc[VEOL2] && c !== 0)) {
        this.lines.push(Uint8Array.from(this.editing));
        this.editing = [];
      }
    }
    if (taken > 0) this.lastInput = monotonicNanoseconds();
    this.changed();
    return taken;
  }

  /** A slave read: one line at most (canonical), else what is there. */
  deliver(target: Uint8Array, offset: number, length: number): number {
    if (this.canonical) {
      const line = this.lines[0]!;
      const n = Math.min(length, line.length);
      target.set(line.subarray(0, n), offset);
      if (n === line.length) this.lines.shift();
      else this.lines[0] = line.subarray(n);
      this.changed();
      return n;
    }
    const n = Math.min(length, this.raw.length);
    target.set(this.raw.splice(0, n), offset);
    this.changed();
    return n;
  }

  /** Bytes waiting in raw mode, and when input last arrived (monotonic ns; VTIME's inter-byte timer). */
  get rawLength(): number {
    return this.raw.length;
  }

  /** The slave's output, for a master read. */
  takeOutput(target: Uint8Array, offset: number, length: number): number {
    const n = Math.min(length, this.output.length);
    target.set(this.output.splice(0, n), offset);
    this.changed();
    return n;
  }

  get outputLength(): number {
    return this.output.length;
  }

  send(bytes: Uint8Array, offset: number, length: number): void {
    this.emit(bytes.subarray(offset, offset + length));
  }

  slaveOpened(): void {
    this.slaveOpens++;
    this.slaveEverOpened = true;
    this.changed();
  }

  /** Master reads fail with EIO once every slave that was opened is closed again. */
  get slaveGone(): boolean {
    return this.slaveEverOpened && this.slaveOpens === 0;
  }

  hangUp(thread: Thread | undefined): void {
    this.masterOpen = false;
    if (thread !== undefined) this.signalForeground(thread, SIGHUP);
    this.changed();
  }

  /**
   * Forgets the session it controlled once that session's leader has ended (Linux disassociates
   * the controlling terminal when the leader exits).
   */
  dropEndedSession(processes: readonly Process[]): void {
    if (this.session === 0) return;
    if (processes.some((p) => p.pid === this.session && p.sid === this.session)) return;
    this.session = 0;
    this.foreground = 0;
  }

  /** The terminal ioctls both ends answer alike (settings, size, job control). */
  commonIoctl(thread: Thread, request: number, argument: number, isMaster: boolean): number {
    const process = thread.process;
    this.dropEndedSession(processesOf(thread));
    const settings = this.termios;
    switch (request) {
      case Ioctl.TCGETS:
        writeTermios(thread, argument, settings);
        return 0;
      case Ioctl.TCSETS:
      case Ioctl.TCSETSW:
      case Ioctl.TCSETSF: {
        const next = readTermios(thread, argument);
        if (request === Ioctl.TCSETSF) this.flushInput();
        Object.assign(settings, next);
        // Leaving canonical mode makes the line being edited readable as it is.
        if (!this.canonical && this.editing.length > 0) {
          this.raw.push(...this.lines.flatMap((l) => [...l]), ...this.editing);
          this.lines.length = 0;
          this.editing = [];
        }
        this.changed();
        return 0;
      }
      case Ioctl.TIOCGWINSZ:
        new StructBuffer(8)
          .u16(0, this.window.rows)
          .u16(2, this.window.columns)
          .u16(4, this.window.xPixels)
          .u16(6, this.window.yPixels)
          .writeTo(process.memory, argument);
        return 0;
      case Ioctl.TIOCSWINSZ: {
        const s = StructBuffer.read(process.memory, argument, 8);
        const next = { rows: s.getU16(0), columns: s.getU16(2), xPixels: s.getU16(4), yPixels: s.getU16(6) };
        const w = this.window;
        if (
          next.rows !== w.rows ||
          next.columns !== w.columns ||
          next.xPixels !== w.xPixels ||
          next.yPixels !== w.yPixels
        ) {
          this.window = next;
          this.signalForeground(thread, SIGWINCH);
        }
        return 0;
      }
      case Ioctl.FIONREAD:
        new StructBuffer(4)
          .u32(0, isMaster ? this.output.length : this.inputAvailable())
          .writeTo(process.memory, argument);
        return 0;
      case Ioctl.TIOCOUTQ:
        new StructBuffer(4).u32(0, isMaster ? 0 : this.output.length).writeTo(process.memory, argument);
        return 0;
      case Ioctl.TCFLSH: {
        const queue = argument | 0;
        if (queue < 0 || queue > 2) fail(Errno.EINVAL);
        if (queue !== 1) this.flushInput();
        if (queue !== 0) this.output = [];
        this.changed();
        return 0;
      }
      case Ioctl.TCSBRK:
      case Ioctl.TCXONC:
        return 0;
      case Ioctl.TIOCSCTTY: {
        if (process.sid !== process.pid) fail(Errno.EPERM);
        if (this.session === process.sid) return 0;
        if (this.session !== 0 && processesOf(thread).some((p) => p.sid === this.session)) fail(Errno.EPERM);
        this.session = process.sid;
        this.foreground = process.pgid;
        return 0;
      }
      case Ioctl.TIOCNOTTY:
        if (isMaster || this.session !== process.sid) fail(Errno.ENOTTY);
        this.session = 0;
        this.foreground = 0;
        return 0;
      case Ioctl.TIOCGPGRP:
        if (!isMaster && this.session !== process.sid) fail(Errno.ENOTTY);
        new StructBuffer(4).u32(0, this.foreground).writeTo(process.memory, argument);
        return 0;
      case Ioctl.TIOCSPGRP: {
        if (this.session === 0 || this.session !== process.sid) fail(Errno.ENOTTY);
        const group = readI32(process.memory, argument);
        if (group < 0) fail(Errno.EINVAL);
        if (!processesOf(thread).some((p) => p.pgid === group && p.sid === this.session)) fail(Errno.EPERM);
        this.foreground = group;
        return 0;
      }
      case Ioctl.TIOCGSID:
        if (this.session === 0 || (!isMaster && this.session !== process.sid)) fail(Errno.ENOTTY);
        new StructBuffer(4).u32(0, this.session).writeTo(process.memory, argument);
        return 0;
      default:
        fail(Errno.ENOTTY);
    }
  }
}

/** The pseudo-terminals of one run, by number. */
export class PseudoTerminals {
  private readonly terminals = new Map<number, PseudoTerminal>();

  /** `taken`: numbers used otherwise in /dev/pts (the host terminals the run was started on). */
  constructor(private readonly taken: () => readonly string[]) {}

  allocate(): PseudoTerminal {
    const used = new Set(this.taken());
    let index = 0;
    while (this.terminals.has(index) || used.has(String(index))) index++;
    const terminal = new PseudoTerminal(index);
    this.terminals.set(index, terminal);
    return terminal;
  }

  get(index: number): PseudoTerminal | undefined {
    return this.terminals.get(index);
  }

  /** The numbers in use, as /dev/pts lists them. */
  names(): string[] {
    return [...this.terminals.keys()].map(String);
  }

  /** Whether one of the run's ptys is the controlling terminal of session `sid`. */
  controls(sid: number): boolean {
    for (const terminal of this.terminals.values()) if (terminal.session === sid) return true;
    return false;
  }

  /** A pair leaves /dev/pts when its master and every slave are closed. */
  release(terminal: PseudoTerminal): void {
    if (!terminal.masterOpen && terminal.slaveOpens === 0) this.terminals.delete(terminal.index);
  }
}

export class PseudoTerminalMaster extends OpenFile {
  constructor(
    readonly terminal: PseudoTerminal,
    private readonly terminals: PseudoTerminals,
    private readonly slaveLocation: (index: number) => Location,
    flags: number,
    location: Location,
  ) {
    super(flags, location);
  }

  stat(): Stat {
    return deviceStat(2, makedev(5, 2), 0o666);
  }

  override read(thread: Thread, target: Uint8Array, offset: number, length: number): number {
    const terminal = this.terminal;
    if (length === 0) return 0;
    if (terminal.outputLength === 0) {
      if (terminal.slaveGone) fail(Errno.EIO);
      if (this.nonBlocking) fail(Errno.EAGAIN);
      thread.wait = { kind: 'readable', file: this };
      return BLOCKED;
    }
    return terminal.takeOutput(target, offset, length);
  }

  override write(thread: Thread, source: Uint8Array, offset: number, length: number): number {
    if (length === 0) return 0;
    const n = this.terminal.receive(thread, source, offset, length);
    if (n > 0) return n;
    if (this.nonBlocking) fail(Errno.EAGAIN);
    thread.wait = { kind: 'writable', file: this };
    return BLOCKED;
  }

  override get externallyDriven(): boolean {
    return false;
  }

  override get changeSerial(): number {
    return this.terminal.changeSerial;
  }

  override poll(events: number): number {
    const terminal = this.terminal;
    let ready = events & (PollEvent.OUT | PollEvent.WRNORM);
    if (terminal.outputLength > 0) ready |= events & (PollEvent.IN | PollEvent.RDNORM);
    if (terminal.slaveGone) ready |= PollEvent.HUP;
    return ready;
  }

  override ioctl(thread: Thread, request: number, argument: number): number {
    const terminal = this.terminal;
    const memory = thread.process.memory;
    switch (request >>> 0) {
      case Ioctl.TIOCGPTN:
        new StructBuffer(4).u32(0, terminal.index).writeTo(memory, argument);
        return 0;
      case Ioctl.TIOCSPTLCK:
        terminal.locked = readI32(memory, argument) !== 0;
        return 0;
      case TIOCGPTLCK:
        new StructBuffer(4).u32(0, terminal.locked ? 1 : 0).writeTo(memory, argument);
        return 0;
      case TIOCGPTPEER: {
        // Opens the slave from the master (argument: open flags), locked or not as open() would see it.
        if (terminal.locked) fail(Errno.EIO);
        const flags = argument | 0;
        if ((flags & ~(3 | OpenFlag.NOCTTY | OpenFlag.NONBLOCK | OpenFlag.CLOEXEC)) !== 0) fail(Errno.EINVAL);
        const slave = openSlave(
          terminal,
          this.terminals,
          (flags & 3) | (flags & OpenFlag.NONBLOCK),
          this.slaveLocation(terminal.index),
        );
        try {
          return thread.process.fds.add(slave, (flags & OpenFlag.CLOEXEC) !== 0);
        } catch (error) {
          slave.retain().drop();
          throw error;
        }
      }
      default:
        return terminal.commonIoctl(thread, request >>> 0, argument, true);
    }
  }

  protected override release(): void {
    this.terminal.hangUp(undefined);
    this.terminals.release(this.terminal);
    super.release();
  }
}

export class PseudoTerminalSlave extends OpenFile {
  constructor(
    readonly terminal: PseudoTerminal,
    private readonly terminals: PseudoTerminals,
    flags: number,
    location: Location,
  ) {
    super(flags, location);
    terminal.slaveOpened();
  }

  stat(): Stat {
    return this.terminal.slaveStat();
  }

  override read(thread: Thread, target: Uint8Array, offset: number, length: number): number {
    const terminal = this.terminal;
    if (length === 0) return 0;
    const time = terminal.canonical ? 0 : (terminal.termios.cc[VTIME] ?? 0);
    if (time !== 0 && terminal.masterOpen) return this.timedRead(thread, target, offset, length, time);
    if (!terminal.inputReady(length)) {
      // A hung-up terminal reads what was completed before, then end of file.
      if (!terminal.masterOpen) return 0;
      if (this.nonBlocking) fail(Errno.EAGAIN);
      thread.wait = { kind: 'readable', file: this };
      return BLOCKED;
    }
    return terminal.deliver(target, offset, length);
  }

  /**
   * A raw-mode read with VTIME (tenths of a second): with VMIN 0, what arrives before the time is
   * up (0 bytes then); with VMIN > 0, the first byte is awaited without limit, then the read ends
   * at VMIN bytes or when VTIME passes without a new byte (n_tty's inter-byte timer).
   */
  private timedRead(thread: Thread, target: Uint8Array, offset: number, length: number, time: number): number {
    const terminal = this.terminal;
    const minimum = terminal.termios.cc[VMIN] ?? 0;
    const available = terminal.rawLength;
    if (available >= Math.max(1, Math.min(minimum, length))) return terminal.deliver(target, offset, length);
    const now = monotonicNanoseconds();
    let deadline: number;
    if (minimum === 0) deadline = thread.restart?.deadline ?? now + time * 100_000_000;
    else if (available > 0) deadline = terminal.lastInput + time * 100_000_000;
    else deadline = Number.POSITIVE_INFINITY;
    if (now >= deadline) return terminal.deliver(target, offset, length);
    if (this.nonBlocking) fail(Errno.EAGAIN);
    if (minimum === 0) thread.restart = { deadline };
    thread.wait = { kind: 'poll', deadline, external: false };
    return BLOCKED;
  }

  /**
   * open(2) without O_NOCTTY by a session leader: the slave becomes its session's controlling
   * terminal if neither has one (Linux's tty_open_proc_set_tty; a session that already controls
   * the host's terminal is not seen here).
   */
  becomeControllingTerminal(process: Process): void {
    const terminal = this.terminal;
    terminal.dropEndedSession(process.system?.processes ?? [process]);
    if (process.sid !== process.pid || terminal.session !== 0 || this.terminals.controls(process.sid)) return;
    terminal.session = process.sid;
    terminal.foreground = process.pgid;
  }

  override write(_thread: Thread, source: Uint8Array, offset: number, length: number): number {
    if (!this.terminal.masterOpen) fail(Errno.EIO);
    this.terminal.send(source, offset, length);
    return length;
  }

  override get externallyDriven(): boolean {
    return false;
  }

  override get changeSerial(): number {
    return this.terminal.changeSerial;
  }

  override poll(events: number): number {
    const terminal = this.terminal;
    let ready = events & (PollEvent.OUT | PollEvent.WRNORM);
    if (terminal.slaveReadable()) ready |= events & (PollEvent.IN | PollEvent.RDNORM);
    if (!terminal.masterOpen) ready |= PollEvent.HUP;
    return ready;
  }

  override ioctl(thread: Thread, request: number, argument: number): number {
    const terminal = this.terminal;
    return terminal.commonIoctl(thread, request >>> 0, argument, false);
  }

  protected override release(): void {
    this.terminal.slaveOpens--;
    this.terminals.release(this.terminal);
    super.release();
  }
}

/** Opens a slave: EIO while it is locked or after its master is gone. */
export function openSlave(
  terminal: PseudoTerminal,
  terminals: PseudoTerminals,
  flags: number,
  location: Location,
): PseudoTerminalSlave {
  if (terminal.locked || !terminal.masterOpen) fail(Errno.EIO);
  return new PseudoTerminalSlave(terminal, terminals, flags, location);
}
