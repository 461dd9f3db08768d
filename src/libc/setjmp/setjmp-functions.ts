// setjmp.h: setjmp, _setjmp, __sigsetjmp (sigsetjmp is a macro for it), longjmp, _longjmp,
// siglongjmp and __longjmp_chk, with glibc's x86-64 jmp_buf:
//     0  __jmpbuf[8]: rbx, rbp, r12, r13, r14, r15, rsp, rip   (rbp, rsp, rip mangled)
//    64  int __mask_was_saved
//    72  __sigset_t __saved_mask (128 bytes; the kernel's 8 are used)
// Mangling is glibc's PTR_MANGLE: xor with the pointer guard at %fs:0x30, then rotate left by 17
// bits — so a jmp_buf written by Miros reads back the same way in a debugger or in code that
// demangles it (and a corrupted one sends longjmp somewhere wild, as it would natively).
//
// setjmp runs as a host function: the caller's callee-saved registers are still in the CPU, rsp
// points at the return address. longjmp restores them and "returns" to the saved rip with the
// saved rsp. With a saved mask, the last step is guest code (rt_sigprocmask, then the jump), so a
// signal the restored mask unblocks is delivered by the kernel before the jump completes, as in
// glibc.
import { type Cpu, Gpr } from '../../cpu/cpu.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { guestCode, pushReturn } from '../signal/guest-code.ts';

const TWO_32 = 4294967296;
const POINTER_GUARD = 0x30;
const MASK_WAS_SAVED = 64;
const SAVED_MASK = 72;
/**
 * The bytes setjmp writes and longjmp reads: the registers and __mask_was_saved, and with a saved
 * mask the kernel's 8 bytes of it. A pthread_cleanup_push buffer (__pthread_unwind_buf_t, 104
 * bytes at the top of a stack) is set by __sigsetjmp without a mask and holds only the first part.
 */
const REGISTERS_AND_FLAG = MASK_WAS_SAVED + 4;
const SIG_BLOCK = 0;
const SIG_SETMASK = 2;
const KERNEL_SIGSET_SIZE = 8;
const WITH_KERNEL_MASK = SAVED_MASK + KERNEL_SIGSET_SIZE;
/** The callee-saved registers in __jmpbuf order, and whether each slot is mangled. */
const SLOTS: readonly (readonly [number, boolean])[] = [
  [Gpr.RBX, false],
  [Gpr.RBP, true],
  [Gpr.R12, false],
  [Gpr.R13, false],
  [Gpr.R14, false],
  [Gpr.R15, false],
];
const JB_RSP = 6;
const JB_PC = 7;

/** The pointer guard of the running thread, as two uint32 halves. */
function guard(cpu: Cpu): [number, number] {
  const at = cpu.fsBase + POINTER_GUARD;
  checkRead(cpu.memory, at, 8);
  const view = cpu.memory.view;
  return [view.getUint32(at, true), view.getUint32(at + 4, true)];
}

/** Stores (lo, hi) at `at` mangled: xor guard, rotate left 17. */
function storeMangled(view: DataView, at: number, lo: number, hi: number, g: [number, number]): void {
  const x = (lo ^ g[0]) >>> 0;
  const y = (hi ^ g[1]) >>> 0;
  view.setUint32(at, ((x << 17) | (y >>> 15)) >>> 0, true);
  view.setUint32(at + 4, ((y << 17) | (x >>> 15)) >>> 0, true);
}

/** Reads a mangled slot back: rotate right 17, xor guard; returns [lo, hi]. */
function loadMangled(view: DataView, at: number, g: [number, number]): [number, number] {
  const lo = view.getUint32(at, true);
  const hi = view.getUint32(at + 4, true);
  const x = ((lo >>> 17) | (hi << 15)) >>> 0;
  const y = ((hi >>> 17) | (lo << 15)) >>> 0;
  return [(x ^ g[0]) >>> 0, (y ^ g[1]) >>> 0];
}

function sigsetjmp(f: CallFrame, libc: LibcProcess, env: number, saveMask: boolean): number {
  const cpu = f.cpu;
  const memory = cpu.memory;
  checkWrite(memory, env, saveMask ? WITH_KERNEL_MASK : REGISTERS_AND_FLAG);
  const view = memory.view;
  const g = guard(cpu);
  const gpr = cpu.gpr;
  for (let i = 0; i < SLOTS.length; i++) {
    const [r, mangled] = SLOTS[i]!;
    if (mangled) storeMangled(view, env + 8 * i, gpr[2 * r]!, gpr[2 * r + 1]!, g);
    else {
      view.setInt32(env + 8 * i, gpr[2 * r]!, true);
      view.setInt32(env + 8 * i + 4, gpr[2 * r + 1]!, true);
    }
  }
  // The caller's rsp after our return, and where it returns to.
  const sp = f.sp;
  checkRead(memory, sp, 8);
  const after = sp + 8;
  storeMangled(view, env + 8 * JB_RSP, after >>> 0, Math.floor(after / TWO_32), g);
  storeMangled(view, env + 8 * JB_PC, view.getUint32(sp, true), view.getUint32(sp + 4, true), g);
  // __sigjmp_save: the mask is saved when asked and sigprocmask succeeds.
  let saved = 0;
  if (saveMask && libc.sys(Sys.rt_sigprocmask, SIG_BLOCK, 0, env + SAVED_MASK, KERNEL_SIGSET_SIZE) === 0) saved = 1;
  view.setInt32(env + MASK_WAS_SAVED, saved, true);
  return 0;
}

/** The state longjmp goes back to. */
interface Target {
  sp: number;
  pcLo: number;
  pcHi: number;
}

function readTarget(cpu: Cpu, env: number): Target {
  checkRead(cpu.memory, env, REGISTERS_AND_FLAG);
  const view = cpu.memory.view;
  const g = guard(cpu);
  const [spLo, spHi] = loadMangled(view, env + 8 * JB_RSP, g);
  const [pcLo, pcHi] = loadMangled(view, env + 8 * JB_PC, g);
  return { sp: (spHi | 0) * TWO_32 + spLo, pcLo, pcHi };
}

/** __libc_siglongjmp: restores the mask if it was saved, then the registers; setjmp returns `value || 1`. */
function longjmp(cpu: Cpu, libc: LibcProcess, env: number, value: number, target: Target): number | undefined {
  const memory = cpu.memory;
  const view = memory.view;
  const g = guard(cpu);
  const gpr = cpu.gpr;
  const result = value === 0 ? 1 : value >>> 0;
  const maskSaved = view.getInt32(env + MASK_WAS_SAVED, true) !== 0;
  for (let i = 0; i < SLOTS.length; i++) {
    const [r, mangled] = SLOTS[i]!;
    if (mangled) {
      const [lo, hi] = loadMangled(view, env + 8 * i, g);
      gpr[2 * r] = lo | 0;
      gpr[2 * r + 1] = hi | 0;
    } else {
      gpr[2 * r] = view.getInt32(env + 8 * i, true);
      gpr[2 * r + 1] = view.getInt32(env + 8 * i + 4, true);
    }
  }
  // Return to the saved rip with the saved rsp: the bridge's `ret` pops what is pushed here.
  cpu.setRegister(Gpr.RSP, target.sp);
  pushReturn(cpu, target.pcHi * TWO_32 + target.pcLo);
  if (!maskSaved) return result;
  // rt_sigprocmask(SIG_SETMASK, &env->__saved_mask, NULL, 8) from guest code, then rax = r8 and the jump.
  cpu.setRegister(Gpr.RDI, SIG_SETMASK);
  cpu.setRegister(Gpr.RSI, env + SAVED_MASK);
  cpu.setRegister(Gpr.RDX, 0);
  cpu.setRegister(Gpr.R10, KERNEL_SIGSET_SIZE);
  cpu.setRegister(Gpr.R8, result);
  pushReturn(cpu, guestCode(libc).maskThenJump);
  return undefined;
}

function plainLongjmp(f: CallFrame, libc: LibcProcess): number | undefined {
  return jumpTo(f.cpu, libc, f.ptr(0), f.int(1));
}

/**
 * longjmp(env, value) from the end of a host function running on `cpu`: the registers of `env`,
 * and a return to where its setjmp returned, which now returns `value || 1` (pthread cancellation's unwinding
 * jumps into the __sigsetjmp buffers of pthread_cleanup_push this way).
 */
export function jumpTo(cpu: Cpu, libc: LibcProcess, env: number, value: number): number | undefined {
  return longjmp(cpu, libc, env, value, readTarget(cpu, env));
}

/**
 * The fortified longjmp: jumping to a frame below the current stack pointer means the jmp_buf
 * belongs to a function that has returned — glibc stops the program, unless the jump leaves a
 * signal handler running on the alternate stack.
 */
function checkedLongjmp(f: CallFrame, libc: LibcProcess): number | undefined {
  const env = f.ptr(0);
  const target = readTarget(f.cpu, env);
  const current = f.sp;
  if (target.sp < current) {
    const stack = libc.thread.altStack;
    const onAlternate = stack.size !== 0 && current > stack.sp && current - stack.sp <= stack.size;
    const targetOnAlternate = stack.size !== 0 && target.sp > stack.sp && target.sp - stack.sp <= stack.size;
    if (!onAlternate || targetOnAlternate) libc.fatal('*** longjmp causes uninitialized stack frame ***: terminated\n');
  }
  return longjmp(f.cpu, libc, env, f.int(1), target);
}

export const SETJMP_FUNCTIONS: FunctionTable = {
  setjmp: (f, libc) => sigsetjmp(f, libc, f.ptr(0), true),
  _setjmp: (f, libc) => sigsetjmp(f, libc, f.ptr(0), false),
  __sigsetjmp: (f, libc) => sigsetjmp(f, libc, f.ptr(0), f.int(1) !== 0),
  longjmp: plainLongjmp,
  _longjmp: plainLongjmp,
  siglongjmp: plainLongjmp,
  __longjmp_chk: checkedLongjmp,
};
