// How a guest process (or thread) ends: thrown out of the CPU loop by exit/exit_group or by a
// fatal signal, and caught by the run loop — or how its program ends and another begins (execve).
// Not Error subclasses: no stack trace is captured.

import type { Location } from './fs/file-system.ts';

export class ProcessExit {
  constructor(
    /** Exit status (0–255) when the process called exit; undefined when a signal ended it. */
    readonly status: number | undefined,
    /** The signal that ended the process, if any. */
    readonly signal?: number,
    /** What the signal was about (for the crash report): si_code, fault address, detail. */
    readonly cause?: SignalCause,
  ) {}

  /** The exit status a shell reports: the status, or 128 + signal. */
  get shellStatus(): number {
    return this.signal !== undefined ? 128 + this.signal : (this.status ?? 0);
  }
}

export interface SignalCause {
  code: number;
  /** si_addr for faults. */
  faultAddress?: number;
  /** The instruction address where it happened. */
  rip: number;
  /** Human-readable detail ("write at 0x0: not mapped", "sent by kill() from pid 12"). */
  detail: string;
  /** Whether the CPU raised it (a fault at `rip`) rather than a kill/raise. */
  fault: boolean;
  /** The thread the signal was delivered to: its registers are the ones the crash report shows. */
  tid: number;
}

/**
 * Thrown by execve once the new program has been checked (it exists, may be executed, is an
 * x86-64 ELF file or a script whose interpreter is): the run loop returns it, and the caller
 * (src/cli/run.ts) starts the program in the same process (src/kernel/start.ts, execProgram).
 * Strings are byte strings (one char per byte), as the kernel keeps guest strings.
 */
export class ExecRequest {
  constructor(
    /** The ELF file to run: for a script, its interpreter. */
    readonly program: { hostPath: string; nsPath: string; location: Location },
    readonly argv: readonly string[],
    readonly envp: readonly string[],
    /** The path execve was given (AT_EXECFN). */
    readonly execfn: string,
  ) {}
}

/**
 * Thrown out of the CPU when a stop signal (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU by default) has
 * stopped the process: its threads are not scheduled until SIGCONT (System.stop/resume).
 */
export const PROCESS_STOPPED = Symbol('process stopped');

/** Thrown when one thread calls exit() while others continue (issue 5's scheduler catches it). */
export class ThreadExit {
  constructor(readonly status: number) {}
}
