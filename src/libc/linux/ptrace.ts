// ptrace, glibc 2.36's wrapper (sysdeps/unix/sysv/linux/ptrace.c): the PEEK requests (1-3) get
// the word through a local and return it with errno set to 0. Miros cannot trace: every process
// of a run is its own guest, with no second one under its control in the way ptrace needs (its
// stops, register and memory access across processes). The kernel has no ptrace, so the call
// fails with ENOSYS as it does under qemu-user (linux-user leaves ptrace unimplemented), and
// libc says so once, on the host's stderr, since a debugger or tracer then cannot work at all.
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { returnHalves } from '../unistd/wide-result.ts';

const PTRACE_SYSCALL = 101;
const ENOSYS = 38;

function ptrace(f: CallFrame, libc: LibcProcess): number | undefined {
  const request = f.int(0);
  const peek = request > 0 && request < 4;
  const word = libc.scratch;
  const result = libc.sys(PTRACE_SYSCALL, request, f.int(1), f.ptr(2), peek ? word : f.ptr(3));
  if (result === -ENOSYS)
    libc.process.warn('unsupported: ptrace (Miros cannot trace processes: ENOSYS, as under qemu-user)');
  if (result < 0 || !peek) return libc.sysResult(result);
  libc.errno = 0;
  const view = libc.memory.view;
  return returnHalves(f, view.getInt32(word, true), view.getInt32(word + 4, true));
}

export const PTRACE_FUNCTIONS: FunctionTable = {
  ptrace: (f, libc) => ptrace(f, libc),
};
