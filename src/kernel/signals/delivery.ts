// Acting on pending signals at the points Linux does: on the way back from a system call, after
// a fault, and between CPU slices. Default actions are carried out here (terminate, ignore);
// running a guest handler needs a signal frame (rt_sigframe) — issue 5's part, which plugs in
// through `process.deliverToHandler`.

import { DefaultAction, defaultAction, signalName } from '../abi/signals.ts';
import { ProcessExit } from '../exit.ts';
import type { Thread } from '../thread.ts';
import { SIG_DFL, SIG_IGN, type SignalInfo } from './signal-state.ts';

/** Handles every deliverable pending signal of `thread`. Throws ProcessExit when one is fatal. */
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
          // Stopping needs a parent to continue it; Miros has none to hand control to.
          process.warn(`${signalName(info.signal)} would stop the process; ignored`);
          continue;
        default:
          throw terminationBy(thread, info);
      }
    }
    process.deliverToHandler(thread, info, action);
    // A handler frame was set up: the thread continues in the handler; further signals are
    // delivered after it runs (Linux delivers one per return to user mode as well).
    return;
  }
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
  });
}
