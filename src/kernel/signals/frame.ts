// Entering a guest signal handler and returning from it: Linux's x86-64 rt_sigframe, byte for
// byte (arch/x86/kernel/signal_64.c), so that code reading the frame — glibc's and musl's
// sigsetjmp/siglongjmp, backtrace through the restorer, language runtimes that inspect
// ucontext_t — sees what it would natively.
//
// The frame, at the handler's rsp:
//     0  pretcode      the return address: sa_restorer (which calls rt_sigreturn)
//     8  ucontext_t    uc_flags, uc_link, uc_stack (stack_t), uc_mcontext (struct sigcontext,
//                      256 bytes), uc_sigmask (8 bytes: the kernel's sigset)
//   312  siginfo_t     128 bytes
// and, above it, 64-byte aligned, the 512-byte FXSAVE image uc_mcontext.fpstate points to.

import type { Cpu } from '../../cpu/cpu.ts';
import { AccessKind, SEGV_ACCERR } from '../../memory/fault.ts';
import { SigactionFlag, SigaltstackFlag } from '../abi/flags.ts';
import { SI_KERNEL, SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGTRAP } from '../abi/signals.ts';
import type { Thread } from '../thread.ts';
import { FP_STATE_SIZE, resetFpState, restoreFpState, saveFpState } from './fp-state.ts';
import type { SignalAction, SignalInfo, SignalSet } from './signal-state.ts';

const TWO_32 = 4294967296;

/** Offsets in the frame. */
const UC = 8;
const UC_FLAGS = UC + 0;
const UC_LINK = UC + 8;
const UC_STACK = UC + 16; // ss_sp, ss_flags (int + padding), ss_size
const SIGCONTEXT = UC + 40;
const UC_SIGMASK = UC + 296;
const SIGINFO = UC + 304;
export const SIGINFO_SIZE = 128;
export const FRAME_SIZE = SIGINFO + SIGINFO_SIZE; // 440

/** struct sigcontext: r8–r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp (register numbers). */
const SIGCONTEXT_REGISTERS = [8, 9, 10, 11, 12, 13, 14, 15, 7, 6, 5, 3, 2, 0, 1, 4];
const SC_RIP = 128;
const SC_EFLAGS = 136;
const SC_CS = 144;
const SC_SS = 150;
const SC_ERR = 152;
const SC_TRAPNO = 160;
const SC_OLDMASK = 168;
const SC_CR2 = 176;
const SC_FPSTATE = 184;

/** uc_flags Linux sets for a 64-bit task without XSAVE: UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS. */
const UC_FLAGS_VALUE = 0x2 | 0x4;
const USER_CS = 0x33;
const USER_DS = 0x2b;
/** The x86-64 ABI's red zone below rsp, which a signal frame must not overwrite. */
const RED_ZONE = 128;
/** The RFLAGS bits rt_sigreturn takes from the frame (FIX_EFLAGS): AC OF DF TF SF ZF AF PF CF RF. */
const FIX_EFLAGS = 0x40000 | 0x800 | 0x400 | 0x100 | 0x80 | 0x40 | 0x10 | 0x4 | 0x1 | 0x10000;
/** Flags cleared on handler entry: DF, RF, TF. */
const ENTRY_CLEARED_FLAGS = 0x400 | 0x10000 | 0x100;

/** Exception vectors (trapno) for the faults the CPU raises. */
const TRAP_DE = 0;
const TRAP_BP = 3;
const TRAP_UD = 6;
const TRAP_GP = 13;
const TRAP_PF = 14;

function setU64(view: DataView, offset: number, value: number): void {
  view.setUint32(offset, value >>> 0, true);
  view.setInt32(offset + 4, Math.floor(value / TWO_32) | 0, true);
}

function getU64(view: DataView, offset: number): number {
  return view.getInt32(offset + 4, true) * TWO_32 + view.getUint32(offset, true);
}

/** Whether `sp` lies on the thread's alternate signal stack (Linux's on_sig_stack). */
export function onAlternateStack(thread: Thread, sp: number): boolean {
  const s = thread.altStack;
  return s.size !== 0 && sp > s.sp && sp - s.sp <= s.size;
}

/** Fills siginfo_t for `info` (the union member its signal and code select). */
export function writeSiginfo(view: DataView, offset: number, info: SignalInfo): void {
  view.setInt32(offset, info.signal, true);
  view.setInt32(offset + 4, 0, true);
  view.setInt32(offset + 8, info.code, true);
  const fault =
    info.code > 0 &&
    info.code < SI_KERNEL &&
    (info.signal === SIGSEGV ||
      info.signal === SIGBUS ||
      info.signal === SIGFPE ||
      info.signal === SIGILL ||
      info.signal === SIGTRAP);
  if (fault || info.address !== undefined) {
    setU64(view, offset + 16, info.address ?? 0);
    return;
  }
  if (info.timerId !== undefined) {
    // The _timer member: si_timerid, si_overrun, si_value.
    view.setInt32(offset + 16, info.timerId, true);
    view.setInt32(offset + 20, info.overrun ?? 0, true);
  } else {
    view.setInt32(offset + 16, info.pid ?? 0, true);
    view.setUint32(offset + 20, info.uid ?? 0, true);
  }
  if (info.value !== undefined) setU64(view, offset + 24, info.value);
}

/** trapno, err and cr2 as the hardware exception behind a fault left them. */
function trapDetails(info: SignalInfo): { trapno: number; err: number; cr2: number } {
  if (info.rip === undefined) return { trapno: 0, err: 0, cr2: 0 };
  switch (info.signal) {
    case SIGSEGV:
      if (info.code === SI_KERNEL) return { trapno: TRAP_GP, err: 0, cr2: 0 };
      // Page-fault error code: user mode (4), write (2), protection violation (1), fetch (16).
      return {
        trapno: TRAP_PF,
        err:
          4 |
          (info.code === SEGV_ACCERR ? 1 : 0) |
          (info.access === AccessKind.Write ? 2 : 0) |
          (info.access === AccessKind.Execute ? 16 : 0),
        cr2: info.address ?? 0,
      };
    case SIGFPE:
      return { trapno: TRAP_DE, err: 0, cr2: 0 };
    case SIGILL:
      return { trapno: TRAP_UD, err: 0, cr2: 0 };
    case SIGTRAP:
      return { trapno: TRAP_BP, err: 0, cr2: 0 };
    default:
      return { trapno: 0, err: 0, cr2: 0 };
  }
}

/**
 * Builds the frame for `info` and points the thread at `action`'s handler. `restoreMask` is the
 * mask the handler's return restores (the current one, or the one sigsuspend replaced).
 * Returns false when the frame cannot be written (the stack is bad): the caller then kills the
 * process with SIGSEGV, as Linux's force_sigsegv does.
 */
export function pushSignalFrame(
  thread: Thread,
  info: SignalInfo,
  action: SignalAction,
  restoreMask: SignalSet,
): boolean {
  const cpu = thread.cpu;
  const memory = thread.process.memory;
  const g = cpu.gpr;
  const rsp = getRegister(cpu, 4);
  let sp = rsp - RED_ZONE;
  const stack = thread.altStack;
  let enteringAltStack = false;
  if ((action.flags & SigactionFlag.ONSTACK) !== 0 && stack.size !== 0 && !onAlternateStack(thread, sp)) {
    sp = stack.sp + stack.size;
    enteringAltStack = true;
  }
  const fpState = Math.floor((sp - FP_STATE_SIZE) / 64) * 64;
  const frame = Math.floor((fpState - FRAME_SIZE) / 16) * 16 - 8;
  // Linux refuses a frame that would run off the alternate stack.
  if ((enteringAltStack || onAlternateStack(thread, rsp)) && !onAlternateStack(thread, frame)) return false;
  if (frame < 0 || fpState + FP_STATE_SIZE > TWO_32) return false;

  const bytes = new Uint8Array(fpState + FP_STATE_SIZE - frame);
  const view = new DataView(bytes.buffer);
  setU64(view, 0, action.restorer);
  setU64(view, UC_FLAGS, UC_FLAGS_VALUE);
  setU64(view, UC_LINK, 0);
  setU64(view, UC_STACK, stack.sp);
  view.setInt32(UC_STACK + 8, stack.flags, true);
  setU64(view, UC_STACK + 16, stack.size);
  for (let i = 0; i < 16; i++) {
    const r = SIGCONTEXT_REGISTERS[i]!;
    view.setInt32(SIGCONTEXT + i * 8, g[2 * r]!, true);
    view.setInt32(SIGCONTEXT + i * 8 + 4, g[2 * r + 1]!, true);
  }
  setU64(view, SIGCONTEXT + SC_RIP, cpu.rip);
  setU64(view, SIGCONTEXT + SC_EFLAGS, cpu.rflags);
  view.setUint16(SIGCONTEXT + SC_CS, USER_CS, true);
  view.setUint16(SIGCONTEXT + SC_SS, USER_DS, true);
  const trap = trapDetails(info);
  setU64(view, SIGCONTEXT + SC_ERR, trap.err);
  setU64(view, SIGCONTEXT + SC_TRAPNO, trap.trapno);
  setU64(view, SIGCONTEXT + SC_OLDMASK, restoreMask.lo);
  setU64(view, SIGCONTEXT + SC_CR2, trap.cr2);
  setU64(view, SIGCONTEXT + SC_FPSTATE, fpState);
  view.setUint32(UC_SIGMASK, restoreMask.lo, true);
  view.setUint32(UC_SIGMASK + 4, restoreMask.hi, true);
  writeSiginfo(view, SIGINFO, info);
  saveFpState(cpu, view, fpState - frame);
  if (!memory.isAccessible(frame, bytes.length, 2)) return false;
  memory.writeBytes(frame, bytes);

  // SS_AUTODISARM: the alternate stack is disabled while the handler runs (uc_stack restores it).
  if ((stack.flags & SigaltstackFlag.AUTODISARM) !== 0) {
    thread.altStack = { sp: 0, flags: SigaltstackFlag.DISABLE, size: 0 };
  }
  setRegister(cpu, 7, info.signal); // rdi
  setRegister(cpu, 6, frame + SIGINFO); // rsi
  setRegister(cpu, 2, frame + UC); // rdx
  setRegister(cpu, 0, 0); // rax: no vector registers used by a variadic call
  setRegister(cpu, 4, frame);
  cpu.rip = action.handler;
  cpu.rflags = cpu.rflags & ~ENTRY_CLEARED_FLAGS;
  resetFpState(cpu);
  return true;
}

/**
 * rt_sigreturn: restores registers, flags, FP state, signal mask and alternate stack from the
 * frame at rsp - 8 (the restorer's `ret` popped pretcode). Returns false for a frame that cannot
 * be read (Linux then sends SIGSEGV). rax is restored too: the call's result is the saved rax.
 */
export function popSignalFrame(thread: Thread): boolean {
  const cpu = thread.cpu;
  const memory = thread.process.memory;
  const frame = getRegister(cpu, 4) - 8;
  if (frame < 0 || frame + FRAME_SIZE > TWO_32 || !memory.isAccessible(frame, FRAME_SIZE, 1)) return false;
  const view = new DataView(memory.readBytes(frame, FRAME_SIZE).buffer);
  const fpState = getU64(view, SIGCONTEXT + SC_FPSTATE);
  if (fpState !== 0) {
    if (fpState < 0 || fpState + FP_STATE_SIZE > TWO_32 || !memory.isAccessible(fpState, FP_STATE_SIZE, 1)) {
      return false;
    }
    const fp = new DataView(memory.readBytes(fpState, FP_STATE_SIZE).buffer);
    if (!restoreFpState(cpu, fp, 0)) return false;
  } else {
    resetFpState(cpu);
  }
  const g = cpu.gpr;
  for (let i = 0; i < 16; i++) {
    const r = SIGCONTEXT_REGISTERS[i]!;
    g[2 * r] = view.getInt32(SIGCONTEXT + i * 8, true);
    g[2 * r + 1] = view.getInt32(SIGCONTEXT + i * 8 + 4, true);
  }
  cpu.rip = getU64(view, SIGCONTEXT + SC_RIP);
  const savedFlags = view.getUint32(SIGCONTEXT + SC_EFLAGS, true);
  cpu.rflags = (cpu.rflags & ~FIX_EFLAGS) | (savedFlags & FIX_EFLAGS);
  thread.blocked.set(view.getUint32(UC_SIGMASK, true), view.getUint32(UC_SIGMASK + 4, true));
  thread.blocked.dropUnblockable();
  restoreAltStack(thread, getU64(view, UC_STACK), view.getInt32(UC_STACK + 8, true), getU64(view, UC_STACK + 16));
  return true;
}

/** sigaltstack() from the frame's uc_stack, whose errors rt_sigreturn ignores. */
function restoreAltStack(thread: Thread, sp: number, flags: number, size: number): void {
  if (onAlternateStack(thread, getRegister(thread.cpu, 4))) return;
  const mode = flags & ~SigaltstackFlag.AUTODISARM;
  if (mode === SigaltstackFlag.DISABLE) thread.altStack = { sp: 0, flags: SigaltstackFlag.DISABLE, size: 0 };
  else if (mode === 0 || mode === SigaltstackFlag.ONSTACK) {
    thread.altStack = { sp, flags: flags & SigaltstackFlag.AUTODISARM, size };
  }
}

function getRegister(cpu: Cpu, r: number): number {
  return cpu.gpr[2 * r + 1]! * TWO_32 + (cpu.gpr[2 * r]! >>> 0);
}

function setRegister(cpu: Cpu, r: number, value: number): void {
  cpu.gpr[2 * r] = value >>> 0;
  cpu.gpr[2 * r + 1] = Math.floor(value / TWO_32) | 0;
}
