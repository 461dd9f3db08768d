// __register_atfork (what pthread_atfork, linked statically from libc_nonshared.a, calls): the
// handlers are recorded per process in registration order, as glibc's list keeps them; fork
// (./fork.ts) runs `prepare` handlers in reverse order and `parent`/`child` handlers in order.
import type { FunctionTable } from '../exports/binding-types.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';

export interface AtforkHandlers {
  readonly prepare: number;
  readonly parent: number;
  readonly child: number;
  /** The registering object's __dso_handle (glibc drops its handlers when it is unloaded). */
  readonly dso: number;
}

const registered = new ProcessState<AtforkHandlers[]>('process/atfork registered', copyForChild, () => []);

/** The process's fork handlers in registration order. */
export function atforkHandlers(libc: LibcProcess): AtforkHandlers[] {
  return registered.of(libc);
}

export const ATFORK_FUNCTIONS: FunctionTable = {
  __register_atfork: (f, libc) => {
    atforkHandlers(libc).push({ prepare: f.ptr(0), parent: f.ptr(1), child: f.ptr(2), dso: f.ptr(3) });
    return 0;
  },
};
