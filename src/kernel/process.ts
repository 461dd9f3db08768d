// A guest process: its address space, descriptors, namespace, signal dispositions, limits and
// threads. Created by src/kernel/start.ts (program loading) and ./fork.ts; run by ./system.ts.

import * as fs from 'node:fs';
import type { Cpu } from '../cpu/cpu.ts';
import type { CpuHost } from '../cpu/host.ts';
import { CpuTrap } from '../cpu/trap.ts';
import type { ElfFile } from '../elf/index.ts';
import { hostMilliseconds } from '../host/clock.ts';
import { os } from '../host/lazy-builtins.ts';
import { writeAllSync } from '../host/write-all.ts';
import { AddressSpace } from '../memory/address-space.ts';
import { Rlimit } from './abi/flags.ts';
import { NSIG, SIGCHLD, SIGSEGV } from './abi/signals.ts';
import { applyExecCapabilities, type CapabilitySets, hostCapabilities } from './capabilities.ts';
import { SyscallDispatcher } from './dispatch.ts';
import { ExecRequest, ProcessExit } from './exit.ts';
import { hostRandom } from './fs/devices.ts';
import { FdTable } from './fs/fd-table.ts';
import type { Location } from './fs/file-system.ts';
import { RecordLocks } from './fs/record-locks.ts';
import type { Vfs } from './fs/vfs.ts';
import { FutexQueues } from './futex-queue.ts';
import { applySemaphoreUndo } from './ipc/semaphores.ts';
import { defaultLimits, type ResourceLimit } from './limits.ts';
import { MemoryManager } from './memory-manager.ts';
import { forceFaultSignal } from './signals/delivery.ts';
import { PosixTimers } from './signals/posix-timers.ts';
import { SIG_IGN, SignalActions, type SignalInfo } from './signals/signal-state.ts';
import { RealTimer } from './signals/timers.ts';
import type { System } from './system.ts';
import { Thread } from './thread.ts';
import type { SyscallTracer } from './trace.ts';
import { inheritUtsNamespace } from './uts.ts';

/** The program being run. */
export interface Executable {
  /** Host path, for reading the file again (crash report, symbols). */
  hostPath: string;
  /** The path the guest sees (/proc/self/exe, AT_EXECFN is argv-independent). */
  nsPath: string;
  /** Where /proc/self/exe leads: inside the namespace, or the file itself when outside --root. */
  location: Location;
}

/** The ids of a process and its capability sets (./capabilities.ts). */
export interface Credentials extends CapabilitySets {
  uid: number;
  euid: number;
  suid: number;
  fsuid: number;
  gid: number;
  egid: number;
  sgid: number;
  fsgid: number;
  groups: number[];
}

/** The host's CPU count, asked once (node:os is loaded only when a program wants it). */
let hostCpuCount: number | undefined;

function hostCredentials(): Credentials {
  let status: string | undefined;
  try {
    status = fs.readFileSync('/proc/self/status', 'latin1');
  } catch {
    // No /proc: groups and capabilities from what Node knows.
  }
  const uid = process.getuid?.() ?? 0;
  const euid = process.geteuid?.() ?? uid;
  const gid = process.getgid?.() ?? 0;
  const egid = process.getegid?.() ?? gid;
  return {
    uid,
    euid,
    suid: euid,
    fsuid: euid,
    gid,
    egid,
    sgid: egid,
    fsgid: egid,
    groups: hostGroups(status),
    ...hostCapabilities(euid, status),
  };
}

/**
 * The host process's supplementary groups as getgroups(2) reports them: from /proc/self/status,
 * because Node's process.getgroups() adds the effective gid, which the kernel's list need not hold.
 */
function hostGroups(status: string | undefined): number[] {
  const line = status === undefined ? null : /^Groups:(.*)$/m.exec(status);
  if (line) return line[1]!.trim().split(/\s+/).filter(Boolean).map(Number);
  // No /proc: Node's list.
  return process.getgroups?.() ?? [];
}

/** The host process's group and session (fields 5 and 6 of /proc/self/stat). */
function hostProcessGroup(): { pgid: number; sid: number } {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pgid: Number(fields[2]), sid: Number(fields[3]) };
  } catch {
    return { pgid: process.pid, sid: process.pid };
  }
}

/**
 * What a page fault's access was, from the CPU's description of it (MemoryFault words it as
 * `read at …`, `write at …`, `execute at …`): the write bit of the sigcontext's error code.
 */
function accessOf(detail: string): number | undefined {
  if (detail.startsWith('write')) return 1;
  if (detail.startsWith('execute')) return 2;
  if (detail.startsWith('read')) return 0;
  return undefined;
}

export interface ProcessOptions {
  /**
   * Makes the CPU of a thread. Passed in (start.ts passes the interpreter) so that the kernel
   * does not load the CPU and decoder when it is used without running code (tests of calls).
   */
  createCpu: (memory: AddressSpace, host: CpuHost) => Cpu;
  vfs: Vfs;
  cwd: Location;
  executable: Executable;
  /** Comma-separated MIROS_DEBUG words: 'syscalls' reports unsupported calls, 'stack' etc. */
  debug?: ReadonlySet<string>;
  tracer?: SyscallTracer;
  /** Fixed randomness for reproducible runs (tests); host randomness otherwise. */
  random?: (target: Uint8Array, offset: number, length: number) => void;
  /** Where Miros's own messages go (host stderr by default). */
  warn?: (line: string) => void;
  pid?: number;
  /** clone(CLONE_VM) without CLONE_THREAD: the new process runs in this one's address space. */
  shareMemoryWith?: Process;
}

export class Process {
  readonly memory: AddressSpace;
  /**
   * The processes whose threads run in `memory`: this one, and those that share it through
   * clone(CLONE_VM) without CLONE_THREAD (posix_spawn's CLONE_VM|CLONE_VFORK child). One array
   * object shared by all of them.
   */
  readonly memoryUsers: Process[];
  readonly limits: ResourceLimit[] = defaultLimits();
  readonly mm: MemoryManager;
  readonly fds: FdTable;
  /** The file namespace as this process sees it: its root directory is vfs.root (chroot changes it). */
  vfs: Vfs;
  cwd: Location;
  umask = 0o022;
  /** Scheduling niceness (getpriority/setpriority) and personality(2) flags. */
  nice = 0;
  personality = 0;
  readonly pid: number;
  /** The parent's pid: the host's parent for the first process; re-parented orphans get the first's. */
  ppid = process.ppid;
  /** The system this process belongs to (undefined for a process built alone, as in unit tests). */
  system: System | undefined;
  /** The record locks of a process built alone (a system's processes share the system's). */
  private ownRecordLocks: RecordLocks | undefined;
  /** The signal the parent gets when this process ends (clone's low byte; SIGCHLD from fork). */
  exitSignal = SIGCHLD;
  /** PR_SET_PDEATHSIG: the signal this process gets when its parent ends (0: none). */
  parentDeathSignal = 0;
  /** PR_SET_CHILD_SUBREAPER: orphaned descendants are re-parented to this process. */
  childSubreaper = false;
  /** Set when the process has called execve or ended: a vfork parent waits for that. */
  vforkDone = false;
  /** Process group and session (the host's, until the program changes them). */
  pgid: number;
  sid: number;
  /**
   * The ids the program sees. They start as the host's and follow the program's set*id calls
   * under Linux's rules; the host still checks permissions with its own ids.
   */
  readonly credentials: Credentials;
  /** CPUs reported by sched_getaffinity and /proc (the host's count). */
  get cpuCount(): number {
    hostCpuCount ??= os().availableParallelism();
    return hostCpuCount;
  }
  /** Fills guest memory with random bytes (AT_RANDOM, getrandom, /dev/urandom). */
  readonly random: (target: Uint8Array, offset: number, length: number) => void;
  readonly signalActions = new SignalActions();
  /** ITIMER_REAL (alarm, setitimer). */
  readonly realTimer = new RealTimer();
  /** timer_create's timers (not inherited by fork's child, deleted by execve). */
  readonly posixTimers = new PosixTimers();
  /** Set when a signal is queued: the dispatcher and run loop then look at pending signals. */
  signalsArrived = false;
  /** Live threads, in creation order (the scheduler's round-robin order). */
  readonly threads: Thread[] = [];
  readonly mainThread: Thread;
  /** The thread whose instructions run now (the caller of a system call). */
  current: Thread;
  /** Futex wait queues. */
  readonly futexes: FutexQueues;
  /** Makes the CPU of a new thread. */
  readonly createCpu: (memory: AddressSpace, host: CpuHost) => Cpu;
  private lastTid: number;
  /** Instructions of threads that have exited. */
  private exitedInstructions = 0;
  readonly executable: Executable;
  readonly dispatcher: SyscallDispatcher;
  readonly debug: ReadonlySet<string>;
  readonly tracer: SyscallTracer | undefined;
  /** Where argv and envp strings and the auxiliary vector sit on the initial stack (/proc/self/*). */
  argumentArea: { argStart: number; argEnd: number; envStart: number; envEnd: number; auxv: Uint8Array } = {
    argStart: 0,
    argEnd: 0,
    envStart: 0,
    envEnd: 0,
    auxv: new Uint8Array(0),
  };
  /** The loaded program, for the crash report's symbols (set by src/kernel/start.ts). */
  image: { elf: ElfFile; loadBias: number; entry: number } | undefined;
  /** Boot-relative start time in clock ticks (/proc/self/stat). */
  readonly startTime = hostMilliseconds();
  /** Writes one line of Miros's own messages (warn() adds the prefix). */
  readonly warnLine: (line: string) => void;
  private readonly warned = new Set<string>();

  constructor(options: ProcessOptions) {
    this.vfs = options.vfs;
    this.cwd = options.cwd;
    this.executable = options.executable;
    this.debug = options.debug ?? new Set();
    this.tracer = options.tracer;
    this.pid = options.pid ?? process.pid;
    const ids = hostProcessGroup();
    this.pgid = ids.pgid;
    this.sid = ids.sid;
    this.credentials = hostCredentials();
    this.random = options.random ?? hostRandom;
    this.warnLine = options.warn ?? ((line) => writeAllSync(2, `${line}\n`));
    // A process sharing another's memory shares its mappings' bookkeeping and futex queues too
    // (Linux's one mm_struct); otherwise it starts with an empty address space.
    const sharing = options.shareMemoryWith;
    this.memory = sharing?.memory ?? new AddressSpace();
    this.mm = sharing?.mm ?? new MemoryManager(this.memory, this.limits[Rlimit.STACK]!.soft);
    this.futexes = sharing?.futexes ?? new FutexQueues();
    this.memoryUsers = sharing?.memoryUsers ?? [];
    this.memoryUsers.push(this);
    this.fds = new FdTable(this.limits[Rlimit.NOFILE]!.soft);
    this.fds.onClose = (file) => this.recordLocks.descriptorClosed(this.pid, file);
    this.dispatcher = new SyscallDispatcher(this);
    const name = options.executable.nsPath.slice(options.executable.nsPath.lastIndexOf('/') + 1);
    this.createCpu = options.createCpu;
    this.mainThread = new Thread(this, this.pid, options.createCpu(this.memory, this.dispatcher), name);
    this.threads.push(this.mainThread);
    this.current = this.mainThread;
    this.lastTid = this.pid;
  }

  /** fcntl's record locks of every process of the run (./fs/record-locks.ts). */
  get recordLocks(): RecordLocks {
    if (this.system) return this.system.recordLocks;
    this.ownRecordLocks ??= new RecordLocks();
    return this.ownRecordLocks;
  }

  /** A thread id for a new thread: the next numbers after the pid, as a fresh Linux pid space. */
  allocateTid(): number {
    return this.system ? this.system.allocateId() : ++this.lastTid;
  }

  /** Whether a thread other than the caller exists to run while the caller waits (any process). */
  othersCanRun(): boolean {
    return (this.system?.threadCount ?? this.threads.length) > 1;
  }

  /** Takes an exited thread out of the process (its futex wait, its place in the schedule). */
  removeThread(thread: Thread): void {
    const index = this.threads.indexOf(thread);
    if (index < 0) return;
    this.futexes.remove(thread);
    thread.alive = false;
    this.exitedInstructions += thread.cpu.instructionCount;
    this.threads.splice(index, 1);
  }

  /**
   * A signal for the whole process (kill, the interval timer): like Linux's complete_signal, it
   * goes to the main thread if that does not block it, else to the first thread that does not,
   * else it waits on the main (or first) thread until one unblocks it.
   */
  signalProcess(signal: number, code: number, extra: Omit<SignalInfo, 'signal' | 'code'> = {}): void {
    this.signalProcessWith({ signal, code, ...extra });
  }

  /** signalProcess with the queue entry given (a POSIX timer keeps its own to count overruns). */
  signalProcessWith(info: SignalInfo): void {
    const signal = info.signal;
    const main = this.mainThread.alive ? this.mainThread : this.threads[0];
    if (main === undefined) return;
    const target = !main.blocked.has(signal) ? main : (this.threads.find((t) => !t.blocked.has(signal)) ?? main);
    target.queueSignal(info);
  }

  /** Prints `miros: <message>` to the host's stderr (once per distinct message). */
  warn(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warnLine(`miros: ${message}`);
  }

  /** Turns what ended a CPU slice into a process exit, or handles it and returns undefined. */
  handleStop(thread: Thread, error: unknown): ProcessExit | ExecRequest | undefined {
    if (error instanceof ProcessExit || error instanceof ExecRequest) return error;
    if (!(error instanceof CpuTrap)) throw error;
    // A fault just below the stack grows it, and the instruction runs again.
    if (error.signal === SIGSEGV && this.mm.growStack(error.faultAddress)) return undefined;
    try {
      forceFaultSignal(thread, {
        signal: error.signal,
        code: error.code,
        address: error.faultAddress,
        detail: error.detail,
        rip: error.rip,
        access: accessOf(error.detail),
      });
    } catch (inner) {
      if (inner instanceof ProcessExit) return inner;
      throw inner;
    }
    return undefined;
  }

  /**
   * What a process keeps across execve (called on the new program's process, `old` the one
   * that called it): pid (given to the constructor), descriptors without close-on-exec, cwd and
   * umask, ids, limits, niceness, process group and session, the interval timer, the caller's
   * signal mask and pending signals, ignored signals — while handled ones return to default.
   */
  inheritAcrossExec(old: Process, caller: Thread): void {
    for (const fd of old.fds.openDescriptors()) {
      if (!old.fds.closeOnExec(fd)) this.fds.replace(fd, old.fds.get(fd), false);
    }
    // Close-on-exec descriptors close as by close(2), releasing the process's record locks on
    // their files; the others go on in the new program with the locks (same pid).
    for (const fd of old.fds.openDescriptors()) if (old.fds.closeOnExec(fd)) old.fds.close(fd);
    old.fds.onClose = undefined;
    old.fds.closeAll();
    this.umask = old.umask;
    this.nice = old.nice;
    this.parentDeathSignal = old.parentDeathSignal;
    this.childSubreaper = old.childSubreaper;
    this.personality = old.personality;
    this.pgid = old.pgid;
    this.sid = old.sid;
    Object.assign(this.credentials, old.credentials, { groups: [...old.credentials.groups] });
    applyExecCapabilities(this.credentials);
    inheritUtsNamespace(old, this);
    old.limits.forEach((limit, i) => {
      this.limits[i] = { ...limit };
    });
    this.fds.limit = this.limits[Rlimit.NOFILE]!.soft;
    this.mm.stackLimit = this.limits[Rlimit.STACK]!.soft;
    this.realTimer.deadline = old.realTimer.deadline;
    this.realTimer.interval = old.realTimer.interval;
    // setitimer's CPU-time timers go on too; timer_create's timers end with the old program.
    for (const which of ['virtualTimer', 'profilingTimer'] as const) {
      this.posixTimers[which].deadline = old.posixTimers[which].deadline;
      this.posixTimers[which].interval = old.posixTimers[which].interval;
    }
    for (let signal = 1; signal <= NSIG; signal++) {
      const action = old.signalActions.get(signal);
      if (action.handler === SIG_IGN) this.signalActions.set(signal, { ...action, flags: 0 });
    }
    const main = this.mainThread;
    main.blocked.set(caller.blocked.lo, caller.blocked.hi);
    main.pending.push(...caller.pending);
    if (main.pending.length > 0) this.signalsArrived = true;
  }

  /** Ends the process: writes shared mappings back, closes descriptors. */
  finish(): void {
    applySemaphoreUndo(this);
    this.mm.writeBackAll();
    this.fds.closeAll();
    this.recordLocks.processEnded(this.pid);
    this.leaveMemory();
  }

  /** The process no longer runs in its address space (it ended, or execve replaced it). */
  leaveMemory(): void {
    const index = this.memoryUsers.indexOf(this);
    if (index >= 0) this.memoryUsers.splice(index, 1);
  }

  get instructionCount(): number {
    let count = this.exitedInstructions;
    for (const thread of this.threads) count += thread.cpu.instructionCount;
    return count;
  }
}
