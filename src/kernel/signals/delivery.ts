// Acting on pending signals at the points Linux does: on the way back from a system call, after
// a fault, and between CPU slices. Default actions are carried out here (terminate, ignore); a
// guest handler is entered through a Linux-exact signal frame (./frame.ts).

import { SigactionFlag } from '../abi/flags.ts';
import { DefaultAction, defaultAction, SI_KERNEL, SIGSEGV, signalName } from '../abi/signals.ts';
import { PROCESS_STOPPED, ProcessExit } from '../exit.ts';
import type { Thread } from '../thread.ts';
import { pushSignalFrame } from './frame.ts';
import { SIG_DFL, SIG_IGN, type SignalAction, type SignalInfo } from './signal-state.ts';

/**
 * Handles every deliverable pending signal of `thread`. Throws ProcessExit when one is fatal,
 * PROCESS_STOPPED when one stops the process (the rest stay pending until it continues).
 */
export function deliverPendingSignals(thread: Thread): void {
  const process = thread.process;
  process.signalsArrived = false;
  for (;;) {
    const info = thread.nextDeliverable();
    if (!info) return;
    const action = process.signalActions.get(info.signal);
    if (action.handler === SIG_IGN) continue;
    if (action.handler === SIG_DFL) {
      switch (defaultAction(info.signal)) {
        case DefaultAction.Ignore:
        case DefaultAction.Continue:
          continue;
        case DefaultAction.Stop:
          if (process.system === undefined) {
            // Stopping needs a system of processes, one of which can continue it.
            process.warn(`${signalName(info.signal)} would stop the process; ignored`);
            continue;
          }
          process.system.stop(process, info.signal);
          throw PROCESS_STOPPED;
        default:
          throw terminationBy(thread, info);
      }
    }
    enterHandler(thread, info, action);
    // Like Linux, further deliverable signals get their frames on top: the last one's handler
    // runs first, and each returns into the previous one.
  }
}

/** Sets up the handler frame and the handler's signal mask; SA_RESETHAND resets the action. */
function enterHandler(thread: Thread, info: SignalInfo, action: SignalAction): void {
  const process = thread.process;
  process.tracer?.traceSignal(info.signal, info.code, info.address, thread);
  const restoreMask = thread.savedMask ?? thread.blocked.copy();
  if (!pushSignalFrame(thread, info, action, restoreMask)) {
    // The frame cannot be written (stack overflow, bad alternate stack): force_sigsegv.
    process.signalActions.set(SIGSEGV, { ...process.signalActions.get(SIGSEGV), handler: SIG_DFL });
    throw terminationBy(thread, {
      signal: SIGSEGV,
      code: SI_KERNEL,
      detail: `no room for the ${signalName(info.signal)} handler's signal frame on the stack`,
    });
  }
  thread.savedMask = undefined;
  thread.blocked.set(thread.blocked.lo | action.maskLo, thread.blocked.hi | action.maskHi);
  if ((action.flags & SigactionFlag.NODEFER) === 0) thread.blocked.add(info.signal);
  thread.blocked.dropUnblockable();
  if ((action.flags & SigactionFlag.RESETHAND) !== 0) {
    process.signalActions.set(info.signal, { ...action, handler: SIG_DFL });
  }
}

/**
 * For a thread blocked in a call: carries out the pending signals that do not run a handler
 * (ignored ones are dropped and the call keeps waiting; a fatal one ends the process, throwing
 * ProcessExit) and returns the number of a deliverable signal with a handler, or 0. That signal
 * stays pending: it is delivered on the way out of the interrupted call.
 */
export function handlerSignalPending(thread: Thread): number {
  if (thread.pending.length === 0) return 0;
  const process = thread.process;
  for (let i = 0; i < thread.pending.length; i++) {
    const info = thread.pending[i]!;
    if (thread.blocked.has(info.signal)) continue;
    const handler = process.signalActions.get(info.signal).handler;
    if (handler !== SIG_DFL && handler !== SIG_IGN) return info.signal;
  }
  // No handler to run: act on the rest now (drop ignored ones, or terminate).
  deliverPendingSignals(thread);
  process.signalsArrived = thread.pending.length > 0;
  return 0;
}

/**
 * A fault the CPU raised (SIGSEGV, SIGFPE, SIGILL, SIGBUS, SIGTRAP): as Linux's force_sig_fault,
 * a blocked or ignored fault signal is unblocked and reset to the default action, because
 * returning to the faulting instruction would only fault again.
 */
export function forceFaultSignal(thread: Thread, info: SignalInfo): void {
  const process = thread.process;
  const action = process.signalActions.get(info.signal);
  if (thread.blocked.has(info.signal) || action.handler === SIG_IGN) {
    thread.blocked.remove(info.signal);
    if (action.handler === SIG_IGN) process.signalActions.set(info.signal, { ...action, handler: SIG_DFL });
  }
  thread.pending.unshift(info);
  deliverPendingSignals(thread);
}

function terminationBy(thread: Thread, info: SignalInfo): ProcessExit {
  return new ProcessExit(undefined, info.signal, {
    code: info.code,
    ...(info.address !== undefined ? { faultAddress: info.address } : {}),
    rip: info.rip ?? thread.cpu.rip,
    detail: info.detail ?? '',
    fault: info.address !== undefined,
    tid: thread.tid,
  });
}
