// The chain of pthread_cleanup_push buffers of each thread (glibc's THREAD_SELF->cleanup_jmp_buf):
// its innermost buffer per pthread_t, and the value the thread ends with while its cleanup
// handlers run (pthread_exit's argument or PTHREAD_CANCELED). The buffers themselves, with the
// link to the next outer one, are in guest memory (see ./cancel-cleanup.ts).
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';

export interface CleanupChain {
  /** The innermost registered __pthread_unwind_buf_t, 0 when none. */
  innermost: number;
  /** Set while the thread unwinds through its buffers: what it ends with. */
  exitValue: number | undefined;
}

const chains = new ProcessState<Map<number, CleanupChain>>(
  'pthread/cleanup-buffers chains',
  copyForChild,
  () => new Map(),
);

/** The chain of pthread_t `descriptor` (made empty on first use). */
export function cleanupChain(libc: LibcProcess, descriptor: number): CleanupChain {
  const map = chains.of(libc);
  let chain = map.get(descriptor);
  if (chain === undefined) {
    chain = { innermost: 0, exitValue: undefined };
    map.set(descriptor, chain);
  }
  return chain;
}
