// What signals are called: strsignal, psignal, sigdescr_np, sigabbrev_np — glibc 2.36's texts in
// the C locale (one table: number → abbreviation and description).
import type { FunctionTable } from '../exports/binding-types.ts';
import { cStringView } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const SIGRTMIN = 34;
const SIGRTMAX = 64;

/** [abbreviation, description] by signal number (index 0 unused). */
const SIGNALS: readonly (readonly [string, string])[] = [
  ['', ''],
  ['HUP', 'Hangup'],
  ['INT', 'Interrupt'],
  ['QUIT', 'Quit'],
  ['ILL', 'Illegal instruction'],
  ['TRAP', 'Trace/breakpoint trap'],
  ['ABRT', 'Aborted'],
  ['BUS', 'Bus error'],
  ['FPE', 'Floating point exception'],
  ['KILL', 'Killed'],
  ['USR1', 'User defined signal 1'],
  ['SEGV', 'Segmentation fault'],
  ['USR2', 'User defined signal 2'],
  ['PIPE', 'Broken pipe'],
  ['ALRM', 'Alarm clock'],
  ['TERM', 'Terminated'],
  ['STKFLT', 'Stack fault'],
  ['CHLD', 'Child exited'],
  ['CONT', 'Continued'],
  ['STOP', 'Stopped (signal)'],
  ['TSTP', 'Stopped'],
  ['TTIN', 'Stopped (tty input)'],
  ['TTOU', 'Stopped (tty output)'],
  ['URG', 'Urgent I/O condition'],
  ['XCPU', 'CPU time limit exceeded'],
  ['XFSZ', 'File size limit exceeded'],
  ['VTALRM', 'Virtual timer expired'],
  ['PROF', 'Profiling timer expired'],
  ['WINCH', 'Window changed'],
  ['POLL', 'I/O possible'],
  ['PWR', 'Power failure'],
  ['SYS', 'Bad system call'],
];

/** glibc's description of a standard signal, or undefined (0, 32, 33, real-time, out of range). */
function description(signal: number): string | undefined {
  return signal > 0 && signal < SIGNALS.length ? SIGNALS[signal]![1] : undefined;
}

/** strsignal's text: the description, "Real-time signal N" or "Unknown signal N". */
function strsignalText(signal: number): string {
  const known = description(signal);
  if (known !== undefined) return known;
  if (signal >= SIGRTMIN && signal <= SIGRTMAX) return `Real-time signal ${signal - SIGRTMIN}`;
  return `Unknown signal ${signal}`;
}

/** A constant C string in libc's data area (one per distinct text, placed on first use). */
function constantString(libc: LibcProcess, text: string): number {
  return libc.objectAddress(`<signal:text:${text}>`, () => {
    const bytes = Buffer.from(text, 'latin1');
    const at = libc.data.allocate(bytes.length + 1, 1);
    libc.memory.bytes.set(bytes, at);
    return at;
  });
}

/** strsignal's buffer for texts with a number in them (glibc's is per thread; rewritten each call). */
function numberedString(libc: LibcProcess, text: string): number {
  const size = 64;
  const at = libc.objectAddress('<signal:strsignal-buffer>', () => libc.data.allocate(size, 1));
  const bytes = Buffer.from(text, 'latin1');
  libc.memory.bytes.set(bytes.subarray(0, size - 1), at);
  libc.memory.bytes[at + Math.min(bytes.length, size - 1)] = 0;
  return at;
}

export const SIGNAL_NAME_FUNCTIONS: FunctionTable = {
  strsignal: (f, libc) => {
    const signal = f.int(0);
    const known = description(signal);
    return known !== undefined ? constantString(libc, known) : numberedString(libc, strsignalText(signal));
  },
  sigdescr_np: (f, libc) => {
    const known = description(f.int(0));
    return known === undefined ? 0 : constantString(libc, known);
  },
  sigabbrev_np: (f, libc) => {
    const signal = f.int(0);
    return signal > 0 && signal < SIGNALS.length ? constantString(libc, SIGNALS[signal]![0]) : 0;
  },
  psignal: (f, libc) => {
    // "s: description\n", or just the description when s is NULL or empty; signals without a
    // description (real-time ones too) print "Unknown signal N", as glibc's psignal does.
    const signal = f.int(0);
    const prefix = f.ptr(1) === 0 ? '' : Buffer.from(cStringView(libc.memory, f.ptr(1))).toString('latin1');
    const text = description(signal) ?? `Unknown signal ${signal}`;
    libc.writeToFd(2, Buffer.from(`${prefix}${prefix === '' ? '' : ': '}${text}\n`, 'latin1'));
    return undefined;
  },
};
