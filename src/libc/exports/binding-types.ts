// The shapes of Miros libc's implementations, as the export table binds them.
import type { CallFrame } from '../abi/call-frame.ts';
import type { HostGenerator } from '../abi/host-region.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';

/** A libc function: reads its arguments from the frame, returns rax (or undefined, or a generator). */
export type LibcFunction = (f: CallFrame, libc: LibcProcess) => number | undefined | HostGenerator;

/** A libc data object: places it in guest memory (once per process) and returns its address. */
export type LibcObject = (libc: LibcProcess) => number;

export type FunctionTable = Readonly<Record<string, LibcFunction>>;
export type ObjectTable = Readonly<Record<string, LibcObject>>;
