// Linux x86-64 signal numbers, their default actions, and si_code values: one table.

export const enum DefaultAction {
  /** Terminate the process. */
  Terminate = 0,
  /** Terminate and dump core (the crash report's signals). */
  Core = 1,
  Ignore = 2,
  Stop = 3,
  Continue = 4,
}

/** [number, name, default action] for the standard signals; 32–64 are real-time (Terminate). */
const standardSignals: readonly (readonly [number, string, DefaultAction])[] = [
  [1, 'SIGHUP', DefaultAction.Terminate],
  [2, 'SIGINT', DefaultAction.Terminate],
  [3, 'SIGQUIT', DefaultAction.Core],
  [4, 'SIGILL', DefaultAction.Core],
  [5, 'SIGTRAP', DefaultAction.Core],
  [6, 'SIGABRT', DefaultAction.Core],
  [7, 'SIGBUS', DefaultAction.Core],
  [8, 'SIGFPE', DefaultAction.Core],
  [9, 'SIGKILL', DefaultAction.Terminate],
  [10, 'SIGUSR1', DefaultAction.Terminate],
  [11, 'SIGSEGV', DefaultAction.Core],
  [12, 'SIGUSR2', DefaultAction.Terminate],
  [13, 'SIGPIPE', DefaultAction.Terminate],
  [14, 'SIGALRM', DefaultAction.Terminate],
  [15, 'SIGTERM', DefaultAction.Terminate],
  [16, 'SIGSTKFLT', DefaultAction.Terminate],
  [17, 'SIGCHLD', DefaultAction.Ignore],
  [18, 'SIGCONT', DefaultAction.Continue],
  [19, 'SIGSTOP', DefaultAction.Stop],
  [20, 'SIGTSTP', DefaultAction.Stop],
  [21, 'SIGTTIN', DefaultAction.Stop],
  [22, 'SIGTTOU', DefaultAction.Stop],
  [23, 'SIGURG', DefaultAction.Ignore],
  [24, 'SIGXCPU', DefaultAction.Core],
  [25, 'SIGXFSZ', DefaultAction.Core],
  [26, 'SIGVTALRM', DefaultAction.Terminate],
  [27, 'SIGPROF', DefaultAction.Terminate],
  [28, 'SIGWINCH', DefaultAction.Ignore],
  [29, 'SIGIO', DefaultAction.Terminate],
  [30, 'SIGPWR', DefaultAction.Terminate],
  [31, 'SIGSYS', DefaultAction.Core],
];

export const NSIG = 64;
export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGSEGV = 11;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGCHLD = 17;
export const SIGVTALRM = 26;
export const SIGPROF = 27;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGXFSZ = 25;
export const SIGSYS = 31;
export const SIGRTMIN = 32;

const names: string[] = [];
const actions: DefaultAction[] = [];
for (const [signal, name, action] of standardSignals) {
  names[signal] = name;
  actions[signal] = action;
}

/** 'SIGSEGV', 'SIGRTMIN', 'SIGRT_3' as strace prints them; `signal N` beyond 64. */
export function signalName(signal: number): string {
  if (names[signal]) return names[signal]!;
  if (signal === SIGRTMIN) return 'SIGRTMIN';
  if (signal > SIGRTMIN && signal <= NSIG) return `SIGRT_${signal - SIGRTMIN}`;
  return `${signal}`;
}

export function defaultAction(signal: number): DefaultAction {
  return actions[signal] ?? DefaultAction.Terminate;
}

/** The text a shell uses for a signal (strsignal), for one-line messages. */
const descriptions: Record<number, string> = {
  1: 'Hangup',
  2: 'Interrupt',
  3: 'Quit',
  4: 'Illegal instruction',
  5: 'Trace/breakpoint trap',
  6: 'Aborted',
  7: 'Bus error',
  8: 'Floating point exception',
  9: 'Killed',
  10: 'User defined signal 1',
  11: 'Segmentation fault',
  12: 'User defined signal 2',
  13: 'Broken pipe',
  14: 'Alarm clock',
  15: 'Terminated',
  16: 'Stack fault',
  24: 'CPU time limit exceeded',
  25: 'File size limit exceeded',
  26: 'Virtual timer expired',
  27: 'Profiling timer expired',
  29: 'I/O possible',
  30: 'Power failure',
  31: 'Bad system call',
};

export function signalDescription(signal: number): string {
  return descriptions[signal] ?? (signal >= SIGRTMIN ? `Real-time signal ${signal - SIGRTMIN}` : `Signal ${signal}`);
}

/** si_code values that do not depend on the signal. */
export const SI_USER = 0;
export const SI_KERNEL = 0x80;
export const SI_QUEUE = -1;
export const SI_TIMER = -2;
export const SI_TKILL = -6;

const genericCodes: Record<number, string> = {
  [SI_USER]: 'SI_USER',
  [SI_KERNEL]: 'SI_KERNEL',
  [SI_QUEUE]: 'SI_QUEUE',
  [SI_TIMER]: 'SI_TIMER',
  [-3]: 'SI_MESGQ',
  [-4]: 'SI_ASYNCIO',
  [-5]: 'SI_SIGIO',
  [SI_TKILL]: 'SI_TKILL',
};

/** si_code names per signal (asm-generic/siginfo.h), index = code. */
const faultCodes: Record<number, readonly string[]> = {
  4: [
    '',
    'ILL_ILLOPC',
    'ILL_ILLOPN',
    'ILL_ILLADR',
    'ILL_ILLTRP',
    'ILL_PRVOPC',
    'ILL_PRVREG',
    'ILL_COPROC',
    'ILL_BADSTK',
  ],
  5: ['', 'TRAP_BRKPT', 'TRAP_TRACE', 'TRAP_BRANCH', 'TRAP_HWBKPT', 'TRAP_UNK'],
  7: ['', 'BUS_ADRALN', 'BUS_ADRERR', 'BUS_OBJERR', 'BUS_MCEERR_AR', 'BUS_MCEERR_AO'],
  8: [
    '',
    'FPE_INTDIV',
    'FPE_INTOVF',
    'FPE_FLTDIV',
    'FPE_FLTOVF',
    'FPE_FLTUND',
    'FPE_FLTRES',
    'FPE_FLTINV',
    'FPE_FLTSUB',
  ],
  11: ['', 'SEGV_MAPERR', 'SEGV_ACCERR', 'SEGV_BNDERR', 'SEGV_PKUERR'],
};

export function signalCodeName(signal: number, code: number): string {
  if (code > 0 && code < SI_KERNEL) {
    const name = faultCodes[signal]?.[code];
    if (name) return name;
  }
  return genericCodes[code] ?? `${code}`;
}

/** Whether the signal carries a fault address (si_addr) when raised by the CPU. */
export function isFaultSignal(signal: number): boolean {
  return signal === 4 || signal === 5 || signal === 7 || signal === 8 || signal === 11;
}
