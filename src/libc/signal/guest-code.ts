// The few pieces of Miros libc that must be real x86-64 code rather than host functions, because
// the kernel's signal machinery has to see them as ordinary guest instructions:
//
// - `__restore_rt`, the signal restorer: a handler's `ret` lands there and it issues rt_sigreturn.
//   A host function cannot do it (the bridge's own `ret` would run after the registers were
//   restored).
// - A system-call tail: host functions that can block or make a signal deliverable (raise, kill,
//   pause, sigsuspend, sigprocmask, sigtimedwait…) set the arguments and "return" into this code,
//   which executes the `syscall` instruction itself. So the kernel's dispatcher does what it does
//   for any program: waits, is interrupted by signals (EINTR, or restart with SA_RESTART), and
//   runs handlers on the way out — with the interrupted context inside libc, as in glibc, and
//   nothing left on the host if a handler siglongjmps away. Errors go through a host entry that
//   sets errno and returns -1 to the original caller.
// - A plain system-call function (number in rdi, arguments after) for generators that must look
//   at a result before returning (sigwait's EINTR loop).
// - The last step of siglongjmp with a saved mask: rt_sigprocmask, then the jump (rax = r8).
//
// They live in one read-execute page named like the entry points ("[miros-libc]").
import { type Cpu, Gpr } from '../../cpu/cpu.ts';
import { PROT_EXEC, PROT_READ } from '../../linker/memory/linker-memory.ts';
import { PAGE_SIZE } from '../../memory/address-space.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import { LIBC_MAPPING_NAME } from '../abi/host-region.ts';
import { checkWrite } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

const TWO_32 = 4294967296;

/** Offsets of the pieces in the page. */
const RESTORE_RT = 0;
const SYSCALL_TAIL = 16;
const SYSCALL_FUNCTION = 48;
const MASK_THEN_JUMP = 80;

export interface GuestCode {
  restoreRt: number;
  syscallTail: number;
  syscallFunction: number;
  maskThenJump: number;
}

function bytesOf(errorEntry: number): Uint8Array {
  const code = new Uint8Array(PAGE_SIZE).fill(0xcc);
  // __restore_rt: mov rax, 15 (rt_sigreturn); syscall — what glibc's restorer is.
  code.set([0x48, 0xc7, 0xc0, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05], RESTORE_RT);
  // Tail: syscall; cmp rax, -4095; jae error; ret;
  //       error: mov rdi, rax; mov rax, errorEntry; jmp rax   (rdi = -errno)
  const tail = [0x0f, 0x05, 0x48, 0x3d, 0x01, 0xf0, 0xff, 0xff, 0x73, 0x01, 0xc3, 0x48, 0x89, 0xc7, 0x48, 0xb8];
  code.set(tail, SYSCALL_TAIL);
  const view = new DataView(code.buffer);
  view.setUint32(SYSCALL_TAIL + tail.length, errorEntry >>> 0, true);
  view.setUint32(SYSCALL_TAIL + tail.length + 4, Math.floor(errorEntry / TWO_32), true);
  code.set([0xff, 0xe0], SYSCALL_TAIL + tail.length + 8);
  // Function: mov rax, rdi; mov rdi, rsi; mov rsi, rdx; mov rdx, rcx; mov r10, r8; mov r8, r9;
  //           syscall; ret   (as glibc's syscall())
  code.set(
    [
      0x48, 0x89, 0xf8, 0x48, 0x89, 0xf7, 0x48, 0x89, 0xd6, 0x48, 0x89, 0xca, 0x4d, 0x89, 0xc2, 0x4d, 0x89, 0xc8, 0x0f,
      0x05, 0xc3,
    ],
    SYSCALL_FUNCTION,
  );
  // Mask then jump: mov eax, 14 (rt_sigprocmask); syscall; mov rax, r8; ret
  code.set([0xb8, 0x0e, 0x00, 0x00, 0x00, 0x0f, 0x05, 0x4c, 0x89, 0xc0, 0xc3], MASK_THEN_JUMP);
  return code;
}

/** The guest code page of `libc`, mapped on first use. */
export function guestCode(libc: LibcProcess): GuestCode {
  const base = libc.objectAddress('<signal:guest-code>', () => {
    const errorEntry = libc.addEntry('<syscall error>', (owner) => (frame) => {
      // rdi = -errno from the tail; the caller gets -1 (its return address is on the stack).
      owner.errno = -frame.long(0);
      return -1;
    });
    const memory = libc.linkerMemory;
    const start = memory.reserve(PAGE_SIZE, PAGE_SIZE);
    memory.map(start, PAGE_SIZE, PROT_READ | PROT_EXEC, { name: LIBC_MAPPING_NAME, offset: 0, device: 0, inode: 0 });
    libc.memory.poke(start, bytesOf(errorEntry));
    return start;
  });
  return {
    restoreRt: base + RESTORE_RT,
    syscallTail: base + SYSCALL_TAIL,
    syscallFunction: base + SYSCALL_FUNCTION,
    maskThenJump: base + MASK_THEN_JUMP,
  };
}

/** Pushes `address` on the guest stack: the bridge's `ret` after the host function then goes there. */
export function pushReturn(cpu: Cpu, address: number): void {
  const sp = cpu.getRegister(Gpr.RSP) - 8;
  checkWrite(cpu.memory, sp, 8);
  cpu.memory.write32(sp, address >>> 0);
  cpu.memory.write32(sp + 4, Math.floor(address / TWO_32));
  cpu.setRegister(Gpr.RSP, sp);
}

/**
 * Ends a host function by making system call `nr` from guest code with arguments a0–a5 (rdi,
 * rsi, rdx, r10, r8, r9): returns rax for the bridge to set. The call's result (or -1 and errno)
 * reaches the host function's caller directly.
 */
export function tailSyscall(
  f: CallFrame,
  libc: LibcProcess,
  nr: number,
  a0: number,
  a1 = 0,
  a2 = 0,
  a3 = 0,
  a4 = 0,
  a5 = 0,
): number {
  const cpu = f.cpu;
  cpu.setRegister(Gpr.RDI, a0);
  cpu.setRegister(Gpr.RSI, a1);
  cpu.setRegister(Gpr.RDX, a2);
  cpu.setRegister(Gpr.R10, a3);
  cpu.setRegister(Gpr.R8, a4);
  cpu.setRegister(Gpr.R9, a5);
  pushReturn(cpu, guestCode(libc).syscallTail);
  return nr;
}
