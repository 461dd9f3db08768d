// sched_getcpu: the CPU the thread runs on, through the getcpu system call (glibc 2.36 reads its
// rseq area first; Miros registers none, so glibc's fallback is what runs), -1 and errno on error.
// __profile_frequency: the clock tick of profiling, which glibc takes from AT_CLKTCK on Linux.
import type { FunctionTable } from '../exports/binding-types.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { auxiliaryValue } from '../start/startup.ts';

const GETCPU = 309;
const AT_CLKTCK = 17;

function schedGetcpu(libc: LibcProcess): number {
  const result = libc.sys(GETCPU, libc.scratch, 0, 0);
  if (result < 0) return libc.sysResult(result);
  return libc.memory.view.getInt32(libc.scratch, true);
}

export const CURRENT_CPU_FUNCTIONS: FunctionTable = {
  sched_getcpu: (_f, libc) => schedGetcpu(libc),
  __profile_frequency: (_f, libc) => auxiliaryValue(libc, AT_CLKTCK) ?? 0,
};
