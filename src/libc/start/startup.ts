// Start-up and exit: __libc_start_main (the executable's initialisers, main, exit), exit and its
// handlers (atexit/on_exit/__cxa_atexit, run latest first, then the streams flushed), _exit,
// abort, the fortify and stack-protector failures, __assert_fail, errno's location, getauxval,
// and the variables start-up fills (environ, __progname, program_invocation_name…).
//
// Calls into guest code (initialisers, main, exit handlers) are yielded to the host-call bridge
// (../abi/host-region.ts), never run in a nested loop.

import { initialiserSteps } from '../../linker/stages/init.ts';
import { type ForkableCall, guestCall, type HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable, ObjectTable } from '../exports/binding-types.ts';
import { runThreadDestructors } from '../pthread/lifecycle.ts';
import { HandlerKind } from '../runtime/exit-handlers.ts';
import { cString, loadPointer } from '../runtime/guest-access.ts';
import { Sys } from '../runtime/kernel-call.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { runNow } from '../stdio/stream-io.ts';

const ENOENT = 2;

/** Runs the exit handlers, flushes the streams and ends the process with `status`. */
export function* exitSequence(libc: LibcProcess, status: number): HostGenerator {
  // The calling thread's thread_local destructors run first (glibc's __call_tls_dtors in exit).
  yield* runThreadDestructors(libc);
  for (;;) {
    const handler = libc.exitHandlers.next();
    if (handler === undefined) break;
    switch (handler.kind) {
      case HandlerKind.Atexit:
        yield guestCall(handler.fn, [], 'atexit handler');
        break;
      case HandlerKind.OnExit:
        yield guestCall(handler.fn, [status, handler.arg], 'on_exit handler');
        break;
      case HandlerKind.Cxa:
        yield guestCall(handler.fn, [handler.arg], '__cxa_atexit handler');
        break;
    }
  }
  yield* libc.streams.flushAll();
  libc.sys(Sys.exit_group, status);
  throw new Error('exit_group returned');
}

function* libcStartMain(
  libc: LibcProcess,
  main: number,
  argc: number,
  argv: number,
  init: number,
  fini: number,
  rtldFini: number,
): HostGenerator {
  const memory = libc.memory;
  const envp = argv + 8 * (argc + 1);
  const view = memory.view;
  view.setUint32(environCell(libc), envp, true);
  const program = argc > 0 ? loadPointer(memory, argv) : 0;
  if (program !== 0) {
    const name = cString(memory, program);
    const slash = name.lastIndexOf('/');
    view.setUint32(objectCell(libc, '__progname_full'), program, true);
    view.setUint32(objectCell(libc, '__progname'), program + slash + 1, true);
  }
  if (rtldFini !== 0) libc.exitHandlers.add(HandlerKind.Cxa, rtldFini, 0, 0);
  if (init !== 0) {
    // A binary linked against glibc before 2.34 passes __libc_csu_init/fini.
    yield guestCall(init, [argc, argv, envp], '__libc_csu_init');
    if (fini !== 0) libc.exitHandlers.add(HandlerKind.Cxa, fini, 0, 0);
  } else if (libc.linker.main) {
    for (const step of initialiserSteps(libc.linker.main)) {
      if (step.kind !== 'call') continue;
      const fn = step.function ?? loadPointer(memory, step.slot!);
      // 0 and -1 are placeholders glibc skips too; guest code lies below 4 GiB.
      if (fn === 0 || fn > 0xffffffff) continue;
      yield guestCall(fn, [argc, argv, envp], step.what);
    }
  }
  // A child forked inside main goes on with its own exit sequence when its main returns.
  const callMain: ForkableCall = {
    ...guestCall(main, [argc, argv, envp], 'main'),
    afterFork: (child, status) => exitSequence(child as LibcProcess, status | 0),
  };
  const status = yield callMain;
  yield* exitSequence(libc, status | 0);
  return undefined;
}

/** The 8-byte cell of a pointer variable (placed on first use, or the program's copy). */
export function objectCell(libc: LibcProcess, name: string): number {
  return libc.objectAddress(name, () => libc.data.allocate(8, 8));
}

export function environCell(libc: LibcProcess): number {
  return objectCell(libc, 'environ');
}

/** The auxiliary vector's value for `type` (AT_*), undefined when the kernel gave none. */
export function auxiliaryValue(libc: LibcProcess, type: number): number | undefined {
  const auxv = libc.process.argumentArea.auxv;
  const view = new DataView(auxv.buffer, auxv.byteOffset, auxv.byteLength);
  for (let at = 0; at + 16 <= auxv.length; at += 16) {
    const key = view.getUint32(at, true) + view.getUint32(at + 4, true) * 4294967296;
    if (key === 0) break;
    if (key === type) return view.getUint32(at + 8, true) + view.getUint32(at + 12, true) * 4294967296;
  }
  return undefined;
}

function assertFail(libc: LibcProcess, assertion: number, file: number, line: number, fn: number): never {
  const memory = libc.memory;
  const progname = loadPointer(memory, objectCell(libc, '__progname'));
  const name = progname !== 0 ? cString(memory, progname) : '';
  const where = fn !== 0 ? `${cString(memory, fn)}: ` : '';
  const text = `${name}${name ? ': ' : ''}${cString(memory, file)}:${line >>> 0}: ${where}Assertion \`${cString(memory, assertion)}' failed.\n`;
  runNow(libc, libc.streams.flush(libc.streams.stderr));
  libc.fatal(Buffer.from(text, 'latin1').toString('latin1'));
}

export const STARTUP_FUNCTIONS: FunctionTable = {
  __libc_start_main: (f, libc) => libcStartMain(libc, f.ptr(0), f.int(1), f.ptr(2), f.ptr(3), f.ptr(4), f.ptr(5)),
  exit: (f, libc) => exitSequence(libc, f.int(0)),
  _exit: (f, libc) => {
    libc.sys(Sys.exit_group, f.int(0));
    return undefined;
  },
  _Exit: (f, libc) => {
    libc.sys(Sys.exit_group, f.int(0));
    return undefined;
  },
  __cxa_atexit: (f, libc) => {
    libc.exitHandlers.add(HandlerKind.Cxa, f.ptr(0), f.ptr(1), f.ptr(2));
    return 0;
  },
  on_exit: (f, libc) => {
    libc.exitHandlers.add(HandlerKind.OnExit, f.ptr(0), f.ptr(1), 0);
    return 0;
  },
  __cxa_finalize: (f, libc) => cxaFinalize(libc, f.ptr(0)),
  abort: (_f, libc) => libc.raiseAbort(),
  __stack_chk_fail: (_f, libc) => libc.fatal('*** stack smashing detected ***: terminated\n'),
  __fortify_fail: (f, libc) => libc.fatal(`*** ${cString(libc.memory, f.ptr(0))} ***: terminated\n`),
  __chk_fail: (_f, libc) => libc.fatal('*** buffer overflow detected ***: terminated\n'),
  __assert_fail: (f, libc) => assertFail(libc, f.ptr(0), f.ptr(1), f.uint(2), f.ptr(3)),
  __errno_location: (_f, libc) => libc.errnoAddress,
  getauxval: (f, libc) => {
    const value = auxiliaryValue(libc, f.ulong(0));
    if (value === undefined) {
      libc.errno = ENOENT;
      return 0;
    }
    return value;
  },
};

function* cxaFinalize(libc: LibcProcess, dso: number): HostGenerator {
  for (;;) {
    const handler = libc.exitHandlers.next(dso === 0 ? undefined : dso);
    if (handler === undefined) break;
    if (handler.kind === HandlerKind.Cxa) yield guestCall(handler.fn, [handler.arg], '__cxa_finalize handler');
    else if (handler.kind === HandlerKind.OnExit) yield guestCall(handler.fn, [0, handler.arg], 'on_exit handler');
    else yield guestCall(handler.fn, [], 'atexit handler');
  }
  return undefined;
}

/** The start-up variables: environ (and its aliases), __progname, the single-thread flag. */
export const STARTUP_OBJECTS: ObjectTable = {
  environ: (libc) => environCell(libc),
  __environ: (libc) => environCell(libc),
  _environ: (libc) => environCell(libc),
  __progname: (libc) => objectCell(libc, '__progname'),
  program_invocation_short_name: (libc) => objectCell(libc, '__progname'),
  __progname_full: (libc) => objectCell(libc, '__progname_full'),
  program_invocation_name: (libc) => objectCell(libc, '__progname_full'),
  __libc_single_threaded: (libc) =>
    libc.objectAddress('__libc_single_threaded', () => {
      const address = libc.data.allocate(1, 1);
      libc.memory.bytes[address] = 1;
      return address;
    }),
};
