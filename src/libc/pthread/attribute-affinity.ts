// pthread_attr_setaffinity_np/pthread_attr_getaffinity_np as glibc 2.36's, and the affinity
// pthread_create gives a thread made with such attributes. glibc keeps the set in the attribute's
// extension (struct pthread_attr_extension at offset 40: cpuset pointer, cpusetsize, then the
// signal mask and its flag), allocated zeroed on first use and freed by pthread_attr_destroy.
// pthread_create sets the new thread's affinity before it runs and fails with EINVAL, creating
// nothing, when the set names no CPU the system has (the kernel's sched_setaffinity rule).
import type { FunctionTable, LibcFunction } from '../exports/binding-types.ts';
import { checkRead, checkWrite, loadPointer, storePointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { realloc } from '../stdlib/malloc-functions.ts';

const EXTENSION = 40;
/** struct pthread_attr_extension: cpuset, cpusetsize, sigset_t sigmask (128), bool sigmask_set. */
const EXTENSION_SIZE = 152;
const CPUSET = 0;
const CPUSET_SIZE = 8;
const EINVAL = 22;
const ENOMEM = 12;
/** The GLIBC_2.3.3 forms had no size argument: a cpu_set_t (128 bytes). */
const OLD_CPU_SET_SIZE = 128;

function extensionOf(libc: LibcProcess, attr: number): number {
  return loadPointer(libc.memory, attr + EXTENSION);
}

/** pthread_attr_setaffinity_np: 0, or ENOMEM. A NULL or empty set removes the attribute's set. */
function setAffinity(libc: LibcProcess, attr: number, size: number, cpuset: number): number {
  const memory = libc.memory;
  let extension = extensionOf(libc, attr);
  if (cpuset === 0 || size === 0) {
    if (extension !== 0) {
      const old = loadPointer(memory, extension + CPUSET);
      if (old !== 0) libc.heap.release(old, 'free');
      storePointer(memory, extension + CPUSET, 0);
      storePointer(memory, extension + CPUSET_SIZE, 0);
    }
    return 0;
  }
  if (extension === 0) {
    extension = libc.heap.allocate(EXTENSION_SIZE);
    if (extension === 0) return ENOMEM;
    memory.bytes.fill(0, extension, extension + EXTENSION_SIZE);
    storePointer(memory, attr + EXTENSION, extension);
  }
  if (loadPointer(memory, extension + CPUSET_SIZE) !== size) {
    const grown = realloc(libc, loadPointer(memory, extension + CPUSET), size);
    if (grown === 0) return ENOMEM;
    storePointer(memory, extension + CPUSET, grown);
    storePointer(memory, extension + CPUSET_SIZE, size);
  }
  checkRead(memory, cpuset, size);
  const set = loadPointer(memory, extension + CPUSET);
  memory.bytes.copyWithin(set, cpuset, cpuset + size);
  return 0;
}

/**
 * pthread_attr_getaffinity_np: the attribute's set, zero-padded to `size` (EINVAL when bits are
 * set beyond it), or every bit set when the attribute has none.
 */
function getAffinity(libc: LibcProcess, attr: number, size: number, cpuset: number): number {
  const memory = libc.memory;
  const extension = extensionOf(libc, attr);
  const set = extension !== 0 ? loadPointer(memory, extension + CPUSET) : 0;
  checkWrite(memory, cpuset, size);
  if (set === 0) {
    memory.bytes.fill(0xff, cpuset, cpuset + size);
    return 0;
  }
  const have = loadPointer(memory, extension + CPUSET_SIZE);
  for (let i = size; i < have; i++) if (memory.bytes[set + i] !== 0) return EINVAL;
  const copied = Math.min(have, size);
  memory.bytes.copyWithin(cpuset, set, set + copied);
  memory.bytes.fill(0, cpuset + copied, cpuset + size);
  return 0;
}

/** pthread_attr_destroy: the extension and its set freed. */
export function destroyAttributeExtension(libc: LibcProcess, attr: number): number {
  const extension = extensionOf(libc, attr);
  if (extension !== 0) {
    const set = loadPointer(libc.memory, extension + CPUSET);
    if (set !== 0) libc.heap.release(set, 'free');
    libc.heap.release(extension, 'free');
  }
  return 0;
}

/** The CPU set the attributes at `attr` give a new thread, if any: [address, size]. */
export function attributeAffinity(libc: LibcProcess, attr: number): [number, number] | undefined {
  if (attr === 0) return undefined;
  const extension = extensionOf(libc, attr);
  if (extension === 0) return undefined;
  const set = loadPointer(libc.memory, extension + CPUSET);
  return set === 0 ? undefined : [set, loadPointer(libc.memory, extension + CPUSET_SIZE)];
}

/** Whether the set names a CPU the system has (else sched_setaffinity's EINVAL). */
export function affinityUsable(libc: LibcProcess, set: number, size: number): boolean {
  const cpus = libc.process.cpuCount;
  for (let cpu = 0; cpu < cpus && cpu < 8 * size; cpu++)
    if ((libc.memory.bytes[set + (cpu >> 3)]! >> (cpu & 7)) & 1) return true;
  return false;
}

/** Gives thread `tid` the attribute's set (pthread_create, before the thread runs). */
export function applyAffinity(libc: LibcProcess, tid: number, set: number, size: number): void {
  libc.sys(Sys.sched_setaffinity, tid, size, set);
}

export const ATTRIBUTE_AFFINITY_FUNCTIONS: FunctionTable = {
  pthread_attr_setaffinity_np: (f, libc) => setAffinity(libc, f.ptr(0), f.ulong(1), f.ptr(2)),
  pthread_attr_getaffinity_np: (f, libc) => getAffinity(libc, f.ptr(0), f.ulong(1), f.ptr(2)),
};

export const ATTRIBUTE_AFFINITY_OLD_VERSIONS: Readonly<Record<string, LibcFunction>> = {
  'pthread_attr_setaffinity_np@GLIBC_2.3.3': (f, libc) => setAffinity(libc, f.ptr(0), OLD_CPU_SET_SIZE, f.ptr(1)),
  'pthread_attr_getaffinity_np@GLIBC_2.3.3': (f, libc) => getAffinity(libc, f.ptr(0), OLD_CPU_SET_SIZE, f.ptr(1)),
};
