// The positioned and flagged vector I/O calls, as glibc 2.36's wrappers: preadv/pwritev (and the
// 64 names), preadv2/pwritev2 (the kernel has them: no emulation needed), each a cancellation
// point made from guest code (a read from a pipe with offset -1 can wait), the offset passed as
// LO_HI_LONG does on x86-64 (the whole value, then 0); and process_vm_readv/process_vm_writev,
// plain system calls (the kernel has no cross-process memory access: ENOSYS, as under qemu-user).
import type { FunctionTable } from '../exports/binding-types.ts';
import { cancellableSyscall } from '../pthread/cancel-cleanup.ts';
import { Sys } from '../runtime/kernel-call.ts';

const PROCESS_VM_READV = 310;
const PROCESS_VM_WRITEV = 311;

const preadv: FunctionTable[string] = (f, libc) =>
  cancellableSyscall(f, libc, Sys.preadv, f.int(0), f.ptr(1), f.int(2), f.long(3), 0);
const pwritev: FunctionTable[string] = (f, libc) =>
  cancellableSyscall(f, libc, Sys.pwritev, f.int(0), f.ptr(1), f.int(2), f.long(3), 0);
const preadv2: FunctionTable[string] = (f, libc) =>
  cancellableSyscall(f, libc, Sys.preadv2, f.int(0), f.ptr(1), f.int(2), f.long(3), 0, f.int(4));
const pwritev2: FunctionTable[string] = (f, libc) =>
  cancellableSyscall(f, libc, Sys.pwritev2, f.int(0), f.ptr(1), f.int(2), f.long(3), 0, f.int(4));

export const VECTORED_IO_FUNCTIONS: FunctionTable = {
  preadv,
  preadv64: preadv,
  pwritev,
  pwritev64: pwritev,
  preadv2,
  preadv64v2: preadv2,
  pwritev2,
  pwritev64v2: pwritev2,
  process_vm_readv: (f, libc) =>
    libc.sysResult(libc.sys(PROCESS_VM_READV, f.int(0), f.ptr(1), f.ulong(2), f.ptr(3), f.ulong(4), f.ulong(5))),
  process_vm_writev: (f, libc) =>
    libc.sysResult(libc.sys(PROCESS_VM_WRITEV, f.int(0), f.ptr(1), f.ulong(2), f.ptr(3), f.ulong(4), f.ulong(5))),
};
