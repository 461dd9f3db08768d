// Signal state: the process's dispositions (rt_sigaction) and the pending queues. Signal sets
// are 64-bit masks kept as two uint32 halves: bit (n-1) of the 64 is signal n, so `lo` holds
// signals 1–32 and `hi` signals 33–64, in the layout sigset_t has in guest memory.

import { NSIG, SIGKILL, SIGSTOP } from '../abi/signals.ts';

export const SIG_DFL = 0;
export const SIG_IGN = 1;

export interface SignalAction {
  /** Handler address, or SIG_DFL / SIG_IGN. */
  handler: number;
  /** SA_* flags. */
  flags: number;
  restorer: number;
  /** Signals blocked while the handler runs. */
  maskLo: number;
  maskHi: number;
}

/** One pending signal, with what siginfo_t will say about it. */
export interface SignalInfo {
  signal: number;
  code: number;
  /** Sender's pid and uid (kill, tgkill, SI_USER/SI_TKILL). */
  pid?: number;
  uid?: number;
  /** si_addr (faults). */
  address?: number;
  /** For page faults: what the access was (AccessKind: read 0, write 1, execute 2). */
  access?: number;
  /** si_value / si_int for sigqueue and timers. */
  value?: number;
  /** POSIX timers (SI_TIMER): si_timerid and si_overrun (./posix-timers.ts). */
  timerId?: number;
  overrun?: number;
  /** For messages: what raised it. */
  detail?: string;
  /** The instruction a fault happened at (the CPU's report; rip may already differ). */
  rip?: number;
}

/** A 64-bit signal set as two uint32 halves. */
export class SignalSet {
  constructor(
    public lo = 0,
    public hi = 0,
  ) {}

  has(signal: number): boolean {
    const bit = signal - 1;
    return bit < 32 ? ((this.lo >>> bit) & 1) !== 0 : ((this.hi >>> (bit - 32)) & 1) !== 0;
  }

  add(signal: number): void {
    const bit = signal - 1;
    if (bit < 32) this.lo = (this.lo | (1 << bit)) >>> 0;
    else this.hi = (this.hi | (1 << (bit - 32))) >>> 0;
  }

  remove(signal: number): void {
    const bit = signal - 1;
    if (bit < 32) this.lo = (this.lo & ~(1 << bit)) >>> 0;
    else this.hi = (this.hi & ~(1 << (bit - 32))) >>> 0;
  }

  set(lo: number, hi: number): void {
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  copy(): SignalSet {
    return new SignalSet(this.lo, this.hi);
  }

  /** SIGKILL and SIGSTOP can never be blocked. */
  dropUnblockable(): void {
    this.remove(SIGKILL);
    this.remove(SIGSTOP);
  }
}

export class SignalActions {
  private readonly actions: SignalAction[] = [];

  constructor() {
    for (let signal = 1; signal <= NSIG; signal++) {
      this.actions[signal] = { handler: SIG_DFL, flags: 0, restorer: 0, maskLo: 0, maskHi: 0 };
    }
  }

  get(signal: number): SignalAction {
    return this.actions[signal]!;
  }

  set(signal: number, action: SignalAction): void {
    this.actions[signal] = action;
  }

  /** Whether any signal has a guest handler installed. */
  hasHandlers(): boolean {
    return this.actions.some((a) => a !== undefined && a.handler !== SIG_DFL && a.handler !== SIG_IGN);
  }
}
