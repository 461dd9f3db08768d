// <ucontext.h>: getcontext, setcontext, swapcontext and makecontext with glibc 2.36's x86-64
// ucontext_t (968 bytes):
//     0 uc_flags   8 uc_link   16 uc_stack {ss_sp, ss_flags, ss_size}
//    40 uc_mcontext.gregs[23] in REG_* order: r8 r9 r10 r11 r12 r13 r14 r15 rdi rsi rbp rbx rdx
//       rax rcx rsp rip eflags csgsfs err trapno oldmask cr2
//   224 uc_mcontext.fpregs (a pointer, set to &__fpregs_mem)   232 __reserved1[8]
//   296 uc_sigmask (128 bytes; the kernel's 8 are used)   424 __fpregs_mem (512)   936 __ssp[4]
// What glibc's getcontext.S/setcontext.S/swapcontext.S save and load, and nothing more: the
// callee-saved registers, the argument registers (rdi rsi rdx rcx r8 r9), rsp as the caller's
// after the return and rip as the return address, the x87 environment (FNSTENV's 28-byte image at
// the start of __fpregs_mem, then MXCSR over its bytes 24-27 — fxsave's mxcsr slot) and the
// signal mask. Loading a context sets the mask, the x87 environment (from uc_mcontext.fpregs)
// and MXCSR (from the context's own __fpregs_mem), the registers, rax = 0, and "returns" to the
// saved rip on the saved stack — as setjmp-functions.ts's longjmp does from a host function.
// A signal unblocked by the new mask is delivered at the thread's next kernel entry (glibc's
// rt_sigprocmask delivers it before the jump).
//
// makecontext(ucp, func, argc, ...) lays out glibc's stack at the top of uc_stack: 16-byte aligned
// less 8, the return address __start_context at the bottom, arguments 7 and up above it, then
// the uc_link pointer, whose slot rbx points at; the first six arguments go to the argument
// registers. When func returns into __start_context (a Miros entry point), it loads uc_link's
// context, or exits the process with status 0 when uc_link is NULL (exit(-1) if the load fails).
import { type Cpu, Gpr } from '../../cpu/cpu.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite, loadPointer, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { pushReturn } from '../signal/guest-code.ts';
import { exitSequence } from '../start/startup.ts';

const UCONTEXT_SIZE = 968;
const UC_LINK = 8;
const UC_STACK_SP = 16;
const UC_STACK_SIZE = 32;
const GREGS = 40;
const FPREGS = 224;
const UC_SIGMASK = 296;
const FPREGS_MEM = 424;
/** fxsave's mxcsr slot in __fpregs_mem. */
const MXCSR_IN_FPSTATE = 24;
const X87_ENVIRONMENT_SIZE = 28;
const SIG_BLOCK = 0;
const SIG_SETMASK = 2;
const KERNEL_SIGSET_SIZE = 8;
const TWO_32 = 4294967296;

/** gregs[] slot of each register glibc saves or loads. */
const REG_R8 = 0;
const REG_R9 = 1;
const REG_R12 = 4;
const REG_R13 = 5;
const REG_R14 = 6;
const REG_R15 = 7;
const REG_RDI = 8;
const REG_RSI = 9;
const REG_RBP = 10;
const REG_RBX = 11;
const REG_RDX = 12;
const REG_RCX = 14;
const REG_RSP = 15;
const REG_RIP = 16;

/** The registers saved and loaded, with their gregs slots (rsp and rip are handled apart). */
const SAVED: readonly (readonly [number, number])[] = [
  [Gpr.RBX, REG_RBX],
  [Gpr.RBP, REG_RBP],
  [Gpr.R12, REG_R12],
  [Gpr.R13, REG_R13],
  [Gpr.R14, REG_R14],
  [Gpr.R15, REG_R15],
  [Gpr.RDI, REG_RDI],
  [Gpr.RSI, REG_RSI],
  [Gpr.RDX, REG_RDX],
  [Gpr.RCX, REG_RCX],
  [Gpr.R8, REG_R8],
  [Gpr.R9, REG_R9],
];
const ARGUMENT_SLOTS = [REG_RDI, REG_RSI, REG_RDX, REG_RCX, REG_R8, REG_R9];

function gregAt(context: number, slot: number): number {
  return context + GREGS + 8 * slot;
}

function storeRegisterPair(cpu: Cpu, at: number, register: number): void {
  cpu.memory.view.setInt32(at, cpu.gpr[2 * register]!, true);
  cpu.memory.view.setInt32(at + 4, cpu.gpr[2 * register + 1]!, true);
}

function write64(cpu: Cpu, at: number, value: number): void {
  cpu.memory.view.setUint32(at, value >>> 0, true);
  cpu.memory.view.setUint32(at + 4, Math.floor(value / TWO_32) >>> 0, true);
}

/**
 * The part getcontext and swapcontext share: registers, rsp/rip of the caller (whose return
 * address is at `sp`), the fpregs link, the x87 environment and MXCSR.
 */
function saveContext(cpu: Cpu, context: number, sp: number): void {
  checkWrite(cpu.memory, context, UCONTEXT_SIZE);
  checkRead(cpu.memory, sp, 8);
  const view = cpu.memory.view;
  for (const [register, slot] of SAVED) storeRegisterPair(cpu, gregAt(context, slot), register);
  view.setUint32(gregAt(context, REG_RIP), view.getUint32(sp, true), true);
  view.setUint32(gregAt(context, REG_RIP) + 4, view.getUint32(sp + 4, true), true);
  write64(cpu, gregAt(context, REG_RSP), sp + 8);
  const fpstate = context + FPREGS_MEM;
  write64(cpu, context + FPREGS, fpstate);
  // FNSTENV's protected-mode image, then MXCSR into fxsave's slot (over the image's last dword).
  const x = cpu.x87;
  view.setUint32(fpstate, 0xffff0000 | x.control, true);
  view.setUint32(fpstate + 4, 0xffff0000 | x.statusWord(), true);
  view.setUint32(fpstate + 8, 0xffff0000 | x.tagWord(), true);
  view.setUint32(fpstate + 12, 0, true);
  view.setUint32(fpstate + 16, x.lastOpcode << 16, true);
  view.setUint32(fpstate + 20, 0, true);
  view.setUint32(fpstate + 24, 0xffff0000, true);
  view.setUint32(fpstate + MXCSR_IN_FPSTATE, cpu.mxcsr, true);
}

/** FLDENV of the image at `at`: control word, status word (with TOP), which registers are empty. */
function loadX87Environment(cpu: Cpu, at: number): void {
  checkRead(cpu.memory, at, X87_ENVIRONMENT_SIZE);
  const view = cpu.memory.view;
  const x = cpu.x87;
  x.setControl(view.getUint16(at, true));
  x.setStatusWord(view.getUint16(at + 4, true));
  const tags = view.getUint16(at + 8, true);
  let empty = 0;
  for (let r = 0; r < 8; r++) if (((tags >> (2 * r)) & 3) === 3) empty |= 1 << r;
  x.empty = empty;
}

/**
 * Loads `context` into the CPU as setcontext's second half: x87 environment and MXCSR, rsp,
 * the registers, and the saved rip pushed for the bridge's return; rax = 0 is the caller's to set.
 */
function loadContext(cpu: Cpu, context: number): void {
  checkRead(cpu.memory, context, UCONTEXT_SIZE);
  const view = cpu.memory.view;
  loadX87Environment(cpu, loadPointer(cpu.memory, context + FPREGS));
  cpu.mxcsr = view.getUint32(context + FPREGS_MEM + MXCSR_IN_FPSTATE, true);
  cpu.setRegister(Gpr.RSP, loadPointer(cpu.memory, gregAt(context, REG_RSP)));
  for (const [register, slot] of SAVED) {
    const at = gregAt(context, slot);
    cpu.gpr[2 * register] = view.getInt32(at, true);
    cpu.gpr[2 * register + 1] = view.getInt32(at + 4, true);
  }
  const ripLow = view.getUint32(gregAt(context, REG_RIP), true);
  const ripHigh = view.getUint32(gregAt(context, REG_RIP) + 4, true);
  pushReturn(cpu, ripHigh * TWO_32 + ripLow);
}

function getcontext(f: CallFrame, libc: LibcProcess, context: number): number {
  saveContext(f.cpu, context, f.sp);
  return libc.sysResult(libc.sys(Sys.rt_sigprocmask, SIG_BLOCK, 0, context + UC_SIGMASK, KERNEL_SIGSET_SIZE));
}

/** setcontext from host code: -1 with errno when the mask cannot be set, else the jump (rax 0). */
function setcontext(libc: LibcProcess, context: number): number {
  const result = libc.sysResult(libc.sys(Sys.rt_sigprocmask, SIG_SETMASK, context + UC_SIGMASK, 0, KERNEL_SIGSET_SIZE));
  if (result < 0) return -1;
  loadContext(libc.cpu, context);
  return 0;
}

function swapcontext(f: CallFrame, libc: LibcProcess, saved: number, next: number): number {
  saveContext(f.cpu, saved, f.sp);
  const result = libc.sysResult(
    libc.sys(Sys.rt_sigprocmask, SIG_SETMASK, next + UC_SIGMASK, saved + UC_SIGMASK, KERNEL_SIGSET_SIZE),
  );
  if (result < 0) return -1;
  loadContext(f.cpu, next);
  return 0;
}

/** __start_context: where a makecontext function returns; rbx points at the uc_link slot. */
function startContext(libc: LibcProcess): number {
  return libc.objectAddress('<ucontext:__start_context>', () =>
    libc.addEntry('__start_context', (owner) => () => {
      const cpu = owner.cpu;
      const link = loadPointer(cpu.memory, cpu.getRegister(Gpr.RBX));
      if (link === 0) return exitSequence(owner, 0);
      if (setcontext(owner, link) === 0) return 0;
      return exitSequence(owner, -1);
    }),
  );
}

function makecontext(f: CallFrame, libc: LibcProcess): undefined {
  const context = f.ptr(0);
  const fn = f.ptr(1);
  const count = f.int(2);
  const memory = libc.memory;
  checkWrite(memory, context, UCONTEXT_SIZE);
  const top = loadPointer(memory, context + UC_STACK_SP) + loadPointer(memory, context + UC_STACK_SIZE);
  const linkIndex = (count > 6 ? count - 6 : 0) + 1;
  const sp = Math.floor((top - 8 * linkIndex) / 16) * 16 - 8;
  checkWrite(memory, sp, 8 * (linkIndex + 1));
  const cpu = f.cpu;
  write64(cpu, gregAt(context, REG_RIP), fn);
  write64(cpu, gregAt(context, REG_RBX), sp + 8 * linkIndex);
  write64(cpu, gregAt(context, REG_RSP), sp);
  storePointer(memory, sp, startContext(libc));
  storePointer(memory, sp + 8 * linkIndex, loadPointer(memory, context + UC_LINK));
  // The arguments as the 64-bit words they were passed as (greg_t each, as glibc's va_arg reads).
  for (let i = 0; i < count; i++) {
    const at = i < 6 ? gregAt(context, ARGUMENT_SLOTS[i]!) : sp + 8 * (i - 5);
    memory.view.setBigUint64(at, f.u64(3 + i), true);
  }
  return undefined;
}

export const USER_CONTEXT_FUNCTIONS: FunctionTable = {
  getcontext: (f, libc) => getcontext(f, libc, f.ptr(0)),
  setcontext: (f, libc) => setcontext(libc, f.ptr(0)),
  swapcontext: (f, libc) => swapcontext(f, libc, f.ptr(0), f.ptr(1)),
  makecontext,
};
