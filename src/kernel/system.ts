// The system: every guest process of a run, and the one loop that runs all their threads.
//
// A run starts with one process (the program `miros run` was given); fork, vfork and clone
// without CLONE_VM add more (./fork.ts). The threads of all processes share one deterministic
// round-robin schedule (./scheduler.ts): a thread runs for a slice of instructions or until its
// call blocks, so a pipe read in one process is completed by a write in another exactly as
// between two threads of one process. Only one guest thread runs at any moment.
//
// Process ids: the first process has the host's pid (as before fork existed); every later pid and
// tid is the next number after the last one handed out, in one sequence for the whole system.
//
// A process that ends (./exit.ts ProcessExit) closes its descriptors, becomes a zombie holding
// its status until its parent reaps it with wait4/waitid (./syscalls/wait.ts) — or is reaped at
// once when the parent ignores SIGCHLD or set SA_NOCLDWAIT, as on Linux — and its parent gets its
// exit signal (SIGCHLD from fork). Its children are re-parented to the first process, which acts
// as a child subreaper (PR_SET_CHILD_SUBREAPER): natively they would go to init or the session's
// subreaper, which is outside the run. The first process's own orphans get ppid 1 (init).
//
// The end of the run. The run's exit status is the first process's, as the shell that started
// `miros run` sees its child's. Processes still alive then go on running until they exit or
// none of them can make progress any more (all wait for something only another guest could do);
// then they are dropped. They are not killed when the first process exits because natively they
// would outlive it and still write to the descriptors they hold: `prog | head`, where prog forks a
// writer and exits, gets every line the writer writes; only `miros run` returns later than prog
// would. A deadlock while the first process is alive is reported (DeadlockError), as before.

import { SigactionFlag } from './abi/flags.ts';
import { DefaultAction, defaultAction, SI_USER, SIGCHLD, SIGCONT, SIGKILL } from './abi/signals.ts';
import { SWITCH_THREAD } from './blocking.ts';
import { ExecRequest, PROCESS_STOPPED, ProcessExit, ThreadExit } from './exit.ts';
import { createProcFs } from './fs/proc-fs.ts';
import { RecordLocks } from './fs/record-locks.ts';
import { LoadError } from './loader/elf-loader.ts';
import type { Process } from './process.ts';
import { DeadlockError, nextThread } from './scheduler.ts';
import { FileSharing, releaseShared, syncIn, syncOut } from './shared-memory.ts';
import { deliverPendingSignals } from './signals/delivery.ts';
import { SIG_IGN } from './signals/signal-state.ts';
import { checkTimers, timersArmed } from './signals/timers.ts';
import type { Thread } from './thread.ts';

/**
 * Instructions per slice between checks for asynchronous signals — and, with several threads,
 * before the next thread's turn (a fixed count: scheduling is deterministic).
 */
const SLICE = 1 << 20;
/** Shorter slices while a timer is armed, so its signal arrives within a few milliseconds. */
const TIMER_SLICE = 1 << 16;
/** Bytes of the SYSCALL instruction (0f 05). */
const SYSCALL_LENGTH = 2;

/** Where the first process's orphans go, as natively without a subreaper. */
const INIT_PID = 1;

/** si_code of SIGCHLD and waitid's siginfo: how the child ended. */
export const CLD_EXITED = 1;
export const CLD_KILLED = 2;
export const CLD_STOPPED = 5;
export const CLD_CONTINUED = 6;

/** A child that stopped or continued, until its parent's wait (WUNTRACED, WCONTINUED) takes it. */
export interface StateReport {
  pid: number;
  ppid: number;
  pgid: number;
  uid: number;
  kind: 'stopped' | 'continued';
  /** The stop signal, or SIGCONT. */
  signal: number;
}

/** A process that has ended and waits for its parent to reap it (wait4, waitid). */
export interface Zombie {
  pid: number;
  ppid: number;
  pgid: number;
  uid: number;
  /** The exit status (0-255) when it called exit; undefined when a signal ended it. */
  status: number | undefined;
  signal: number | undefined;
}

export interface SystemOptions {
  /** execve's second half: the program `request` names, in a new Process with old's pid (start.ts). */
  exec: (old: Process, request: ExecRequest) => Promise<Process>;
  /** Told about every process but the first when it ends (crash reports of children). */
  onProcessEnd?: (process: Process, exit: ProcessExit) => void;
  /** Where messages about programs that cannot be loaded past execve's checks go. */
  warn: (line: string) => void;
}

/** How the run ended: the first process's exit, and the last Process object it had (after execs). */
export interface RunResult {
  exit: ProcessExit;
  process: Process;
}

export class System {
  /** Live processes in creation order (the schedule's order). */
  readonly processes: Process[] = [];
  /** Ended processes not yet reaped. */
  readonly zombies: Zombie[] = [];
  /** The latest stop or continue of each child, not yet reported by wait (one per child). */
  readonly stateReports: StateReport[] = [];
  /** fcntl's record locks, between every process of the system (./fs/record-locks.ts). */
  readonly recordLocks = new RecordLocks();
  /** Regions of files that processes of the system map MAP_SHARED (./shared-memory.ts). */
  private readonly fileSharing = new FileSharing();
  /** Processes stopped by a signal (their threads are not scheduled), and that signal. */
  private readonly stoppedBy = new Map<Process, number>();
  /** Threads stopped on the way out of a completed call (see markStoppedAfterCall). */
  private readonly stoppedAfterCall = new WeakSet<Thread>();
  /** The first process (after execve, the Process that replaced it; kept after it has ended). */
  first: Process;
  /** Instructions executed by every thread of the system (the scheduler's notion of progress). */
  progress = 0;
  private lastId: number;
  /** Instructions of processes that have ended or been replaced by execve. */
  private endedInstructions = 0;
  private firstExit: ProcessExit | undefined;
  /** The process whose instructions ran last (whose memory holds the shared ranges' bytes). */
  private running: Process | undefined;
  private readonly options: SystemOptions;

  constructor(first: Process, options: SystemOptions) {
    this.first = first;
    this.options = options;
    this.lastId = Math.max(first.pid, ...first.threads.map((t) => t.tid));
    this.add(first);
    // /proc shows every process; self is the one whose instructions run (it makes the call).
    first.vfs.mount('/proc', createProcFs({ current: () => this.running ?? this.first, all: () => this.processes }));
  }

  /** A new pid or tid: the number after the last one handed out anywhere in the system. */
  allocateId(): number {
    return ++this.lastId;
  }

  /** Adds a process (the first, or a child from fork) to the system and its schedule. */
  add(process: Process): void {
    process.system = this;
    process.mm.fileSharing = this.fileSharing;
    this.processes.push(process);
  }

  /** The live process with this pid. */
  find(pid: number): Process | undefined {
    return this.processes.find((p) => p.pid === pid);
  }

  /** Whether `pid` is one the system handed out (to a process alive, ended or never made). */
  owns(pid: number): boolean {
    return pid >= this.first.pid && pid <= this.lastId;
  }

  /** Threads of every live process. */
  get threadCount(): number {
    let count = 0;
    for (const process of this.processes) count += process.threads.length;
    return count;
  }

  /** Every thread, in schedule order. */
  threads(): Thread[] {
    const all: Thread[] = [];
    for (const process of this.processes) all.push(...process.threads);
    return all;
  }

  /** Instructions executed by every process of the run so far. */
  get instructionCount(): number {
    let count = this.endedInstructions;
    for (const process of this.processes) count += process.instructionCount;
    return count;
  }

  /**
   * Runs every process until the first has exited and no other can go on (see the header).
   * Returns the first process's exit.
   */
  async run(): Promise<RunResult> {
    let thread: Thread | undefined = this.first.mainThread;
    while (thread !== undefined) {
      const process: Process = thread.process;
      if (process !== this.running) this.switchTo(process);
      const cpu = thread.cpu;
      const before = cpu.instructionCount;
      process.current = thread;
      let stop: ProcessExit | ExecRequest | undefined;
      try {
        // Signals sent by other threads are delivered when this one runs, not inside a call it
        // is about to finish (its rip is on the SYSCALL; the dispatcher delivers after it).
        if (thread.blockedCall < 0 && thread.pending.length > 0) deliverPendingSignals(thread);
        cpu.run(timersArmed(process) ? TIMER_SLICE : SLICE);
        this.progress += cpu.instructionCount - before;
        this.checkTimers();
        if (process.signalsArrived) deliverPendingSignals(thread);
      } catch (error) {
        this.progress += cpu.instructionCount - before;
        if (error === SWITCH_THREAD) {
          // The call blocked: the thread waits, switched out, until its call is worth a retry.
          thread.blockedAtProgress = this.progress;
          thread.blockedSignalSerial = thread.signalSerial;
        } else if (error === PROCESS_STOPPED) {
          // Stopped by a signal delivered after a completed call: the CPU put rip back on it.
          if (this.stoppedAfterCall.delete(thread)) cpu.rip += SYSCALL_LENGTH;
        } else if (error instanceof DeadlockError && this.firstExit !== undefined) {
          // The last process left waits forever (on the host): the run is over (see the header).
          break;
        } else if (!(error instanceof ThreadExit)) {
          stop = process.handleStop(thread, error);
        }
      }
      if (stop instanceof ExecRequest) {
        const replaced = await this.exec(process, stop);
        if (replaced instanceof ProcessExit) stop = replaced;
        else {
          thread = replaced.mainThread;
          continue;
        }
      }
      if (stop !== undefined) this.end(process, stop);
      // One thread in the whole system: it runs on without a scheduling decision.
      if (
        stop === undefined &&
        thread.alive &&
        thread.blockedCall < 0 &&
        !this.stoppedBy.has(process) &&
        this.threadCount === 1
      )
        continue;
      thread = this.firstExit === undefined ? nextThread(this, thread) : this.nextAfterFirst(thread);
    }
    return { exit: this.firstExit!, process: this.first };
  }

  /** Makes `process` the one whose instructions run: its MAP_SHARED ranges take their regions' bytes. */
  private switchTo(process: Process): void {
    if (this.running !== undefined) syncOut(this.running.mm);
    syncIn(process.mm);
    this.running = process;
  }

  /** A process leaves the schedule (ends, or execve replaces it): its shared bytes are kept first. */
  private leave(process: Process): void {
    if (this.running !== process) return;
    syncOut(process.mm);
    this.running = undefined;
  }

  /** After the first process has exited: the next thread, or undefined when none can go on. */
  private nextAfterFirst(after: Thread): Thread | undefined {
    if (this.processes.length === 0) return undefined;
    try {
      return nextThread(this, after);
    } catch (error) {
      if (error instanceof DeadlockError) return undefined;
      throw error;
    }
  }

  /** The interval timers of every process (a signal for a process that is not running now). */
  checkTimers(): void {
    for (const process of this.processes) if (timersArmed(process)) checkTimers(process);
  }

  /**
   * execve's second half for `process`: the new program in a new Process with the same pid,
   * parent and place in the schedule. A program that cannot be loaded now ends the process.
   */
  private async exec(process: Process, request: ExecRequest): Promise<Process | ProcessExit> {
    // The address space goes: shared file mappings are written back; descriptors stay.
    this.leave(process);
    process.mm.writeBackAll();
    let next: Process;
    try {
      next = await this.options.exec(process, request);
    } catch (error) {
      if (error instanceof LoadError) {
        this.options.warn(`miros: ${error.message}`);
        return new ProcessExit(error.exitStatus);
      }
      throw error;
    }
    next.ppid = process.ppid;
    next.exitSignal = process.exitSignal;
    next.system = this;
    next.mm.fileSharing = this.fileSharing;
    this.dropThreads(process);
    process.leaveMemory();
    if (process.memoryUsers.length === 0) releaseShared(process.mm);
    // A vfork parent waits until its child has called execve.
    process.vforkDone = true;
    this.endedInstructions += process.instructionCount;
    this.processes[this.processes.indexOf(process)] = next;
    if (process === this.first) this.first = next;
    this.progress++;
    return next;
  }

  /**
   * A process has ended: its descriptors close, its children go to the first process, and it
   * becomes a zombie for its parent (or is reaped at once), which gets its exit signal.
   */
  private end(process: Process, exit: ProcessExit): void {
    this.leave(process);
    process.finish();
    if (process.memoryUsers.length === 0) releaseShared(process.mm);
    process.vforkDone = true;
    const index = this.processes.indexOf(process);
    if (index >= 0) this.processes.splice(index, 1);
    this.endedInstructions += process.instructionCount;
    // Something changed for threads waiting on pipes (a writer may be gone) or for a parent.
    this.progress++;
    this.dropThreads(process);
    // Orphans go to the nearest living ancestor that is a child subreaper, else to the first
    // process; the first one's own go to init (pid 1), outside the run, and its zombies are
    // never reaped. Those that asked for it (PR_SET_PDEATHSIG) get a signal.
    const reaper = this.reaperFor(process);
    for (const child of this.processes) {
      if (child.ppid !== process.pid) continue;
      child.ppid = reaper;
      if (child.parentDeathSignal !== 0) {
        child.signalProcess(child.parentDeathSignal, SI_USER, { pid: 0, uid: 0, detail: 'its parent ended' });
      }
    }
    for (let i = this.zombies.length - 1; i >= 0; i--) {
      if (this.zombies[i]!.ppid !== process.pid) continue;
      if (process === this.first) this.zombies.splice(i, 1);
      else this.zombies[i]!.ppid = reaper;
    }
    for (let i = this.stateReports.length - 1; i >= 0; i--) {
      if (this.stateReports[i]!.pid === process.pid) this.stateReports.splice(i, 1);
    }
    this.stoppedBy.delete(process);
    if (process === this.first) this.firstExit = exit;
    else this.options.onProcessEnd?.(process, exit);
    const parent = this.find(process.ppid);
    if (parent === undefined) return;
    const action = parent.signalActions.get(SIGCHLD);
    const autoReap = action.handler === SIG_IGN || (action.flags & SigactionFlag.NOCLDWAIT) !== 0;
    if (!autoReap) {
      this.zombies.push({
        pid: process.pid,
        ppid: parent.pid,
        pgid: process.pgid,
        uid: process.credentials.uid,
        status: exit.signal === undefined ? (exit.status ?? 0) : undefined,
        signal: exit.signal,
      });
    }
    if (process.exitSignal !== 0) {
      const killed = exit.signal !== undefined;
      parent.signalProcess(process.exitSignal, killed ? CLD_KILLED : CLD_EXITED, {
        pid: process.pid,
        uid: process.credentials.uid,
        value: killed ? exit.signal! : (exit.status ?? 0),
        detail: `child ${process.pid} ${killed ? 'was killed' : 'exited'}`,
      });
    }
  }

  /** A stop signal's default action: the process's threads are not scheduled until SIGCONT. */
  stop(process: Process, signal: number): void {
    if (this.stoppedBy.has(process)) return;
    this.stoppedBy.set(process, signal);
    this.progress++;
    this.report(process, 'stopped', signal);
  }

  /** Whether a signal has stopped `process`. */
  isStopped(process: Process): boolean {
    return this.stoppedBy.has(process);
  }

  /**
   * A stop signal was delivered on the way out of `thread`'s completed call: the CPU puts rip
   * back on the SYSCALL instruction (as for any exception), and the run loop steps over it.
   */
  markStoppedAfterCall(thread: Thread): void {
    this.stoppedAfterCall.add(thread);
  }

  /**
   * What sending `signal` to `process` does at once, before it is delivered (Linux's
   * prepare_signal): SIGCONT continues a stopped process (its parent hears of it) and discards
   * pending stop signals; SIGKILL wakes a stopped process so that it can die; a stop signal
   * discards a pending SIGCONT.
   */
  prepareSignal(process: Process, signal: number): void {
    const discard = (unwanted: (pending: number) => boolean) => {
      for (const thread of process.threads) {
        for (let i = thread.pending.length - 1; i >= 0; i--) {
          if (unwanted(thread.pending[i]!.signal)) thread.pending.splice(i, 1);
        }
      }
    };
    if (signal === SIGCONT) {
      discard((s) => defaultAction(s) === DefaultAction.Stop);
      if (this.stoppedBy.delete(process)) {
        this.progress++;
        this.report(process, 'continued', SIGCONT);
      }
    } else if (signal === SIGKILL) {
      if (this.stoppedBy.delete(process)) this.progress++;
    } else if (defaultAction(signal) === DefaultAction.Stop) {
      discard((s) => s === SIGCONT);
    }
  }

  /**
   * A stop or continue for the parent's wait, and SIGCHLD (CLD_STOPPED, CLD_CONTINUED) unless
   * the parent set SA_NOCLDSTOP — whatever the child's exit signal, as Linux.
   */
  private report(process: Process, kind: 'stopped' | 'continued', signal: number): void {
    const parent = this.find(process.ppid);
    if (parent === undefined) return;
    const index = this.stateReports.findIndex((r) => r.pid === process.pid);
    if (index >= 0) this.stateReports.splice(index, 1);
    const uid = process.credentials.uid;
    this.stateReports.push({ pid: process.pid, ppid: parent.pid, pgid: process.pgid, uid, kind, signal });
    if ((parent.signalActions.get(SIGCHLD).flags & SigactionFlag.NOCLDSTOP) !== 0) return;
    parent.signalProcess(SIGCHLD, kind === 'stopped' ? CLD_STOPPED : CLD_CONTINUED, {
      pid: process.pid,
      uid,
      value: signal,
      detail: `child ${process.pid} ${kind}`,
    });
  }

  /** Who adopts the orphans of `process` (Linux's find_new_reaper, with the first process as the run's). */
  private reaperFor(process: Process): number {
    if (process === this.first) return INIT_PID;
    for (let ancestor = this.find(process.ppid); ancestor !== undefined; ancestor = this.find(ancestor.ppid)) {
      if (ancestor.childSubreaper) return ancestor.pid;
    }
    return this.first.pid;
  }

  /**
   * The threads of a process that ended or called execve leave every futex queue (the system's
   * shared ones too: a later wake must not go to them) and stop being alive.
   */
  private dropThreads(process: Process): void {
    for (const thread of process.threads) {
      process.futexes.remove(thread);
      thread.alive = false;
    }
  }

  /** Whether `parent` has a child it may reap now, or no children left (wait's ECHILD). */
  hasChildEvent(parent: Process): boolean {
    if (this.zombies.some((z) => z.ppid === parent.pid)) return true;
    if (this.stateReports.some((r) => r.ppid === parent.pid)) return true;
    return !this.processes.some((p) => p.ppid === parent.pid);
  }
}
