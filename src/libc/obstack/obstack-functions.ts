// GNU obstacks (<obstack.h>), as glibc 2.36's malloc/obstack.c behaves. Most of the obstack API is
// macros compiled into the program: they read and write struct obstack's fields directly, so the
// layout below is glibc's exactly (x86-64, interface version 1: int sizes, long chunk_size):
//
//    0 chunk_size (unsigned long)      8 chunk (struct _obstack_chunk *)
//   16 object_base                    24 next_free
//   32 chunk_limit                    40 temp (union of unsigned int and void *)
//   48 alignment_mask (unsigned int)  56 chunkfun            64 freefun
//   72 extra_arg                      80 bit 0 use_extra_arg, bit 1 maybe_empty_object,
//                                        bit 2 alloc_failed
//
// A chunk is { char *limit; struct _obstack_chunk *prev; char contents[]; }. The chunk allocator and
// the free function are guest functions (often Miros libc's own malloc/free): they are called
// through the bridge's generators, so other threads may run meanwhile.
import type { CallFrame } from '../abi/call-frame.ts';
import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import { RegisterVarArgs, VaListArgs } from '../abi/var-args.ts';
import type { FunctionTable, ObjectTable } from '../exports/binding-types.ts';
import { cStringLength, loadPointer, storePointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { ProcessState, recreatedInChild } from '../runtime/process-states.ts';
import { exitSequence } from '../start/startup.ts';
import type { VarArgs } from '../stdio/format/format-io.ts';
import { formatPrintf } from '../stdio/format/printf.ts';
import { CollectingSink, GuestFormatEnvironment } from '../stdio/format-environment.ts';
import { abortOnFortifyFailure } from '../stdio/stdio-functions.ts';
import { runNow } from '../stdio/stream-io.ts';

const CHUNK_SIZE = 0;
const CHUNK = 8;
const OBJECT_BASE = 16;
const NEXT_FREE = 24;
const CHUNK_LIMIT = 32;
const ALIGNMENT_MASK = 48;
const CHUNKFUN = 56;
const FREEFUN = 64;
const EXTRA_ARG = 72;
const FLAGS = 80;
const USE_EXTRA_ARG = 1;
const MAYBE_EMPTY_OBJECT = 2;
const ALLOC_FAILED = 4;

/** struct _obstack_chunk: limit at 0, prev at 8, contents from 16. */
const CHUNK_PREV = 8;
const CHUNK_CONTENTS = 16;

/** The strictest alignment of uintmax_t, long double and void * on x86-64 (long double: 16). */
const DEFAULT_ALIGNMENT = 16;
/** What glibc picks when size is 0: "what GNU malloc can fit in a 4096-byte block" (4096 - 32). */
const DEFAULT_CHUNK_SIZE = 4064;
/** glibc's obstack_exit_failure starts as EXIT_FAILURE. */
const EXIT_FAILURE = 1;

/** The printf engine's output, kept with the boundaries of its writes (glibc's _IO_sputn calls). */
class PieceSink extends CollectingSink {
  readonly pieceEnds: number[] = [];

  override reset(): this {
    this.pieceEnds.length = 0;
    return super.reset();
  }

  override write(data: Uint8Array, start: number, end: number): void {
    if (end <= start) return;
    super.write(data, start, end);
    this.pieceEnds.push(this.length);
  }
}

/** Per-process printf state for obstack_printf. */
class PrintState {
  readonly env: GuestFormatEnvironment;
  readonly sink = new PieceSink();
  readonly registerArgs = new RegisterVarArgs();
  readonly vaListArgs: VaListArgs;

  constructor(libc: LibcProcess) {
    this.env = new GuestFormatEnvironment(libc);
    this.vaListArgs = new VaListArgs(libc.memory);
  }
}

const printStates = new ProcessState<PrintState>(
  'obstack/obstack-functions printStates',
  recreatedInChild,
  (libc) => new PrintState(libc),
);

/** __PTR_ALIGN on x86-64 (ptrdiff_t as wide as a pointer): `pointer` rounded up to mask + 1. */
function alignUp(pointer: number, mask: number): number {
  const rounded = pointer + mask;
  return rounded - (rounded % (mask + 1));
}

function flags(libc: LibcProcess, h: number): number {
  return libc.memory.view.getUint8(h + FLAGS);
}

function setFlag(libc: LibcProcess, h: number, flag: number, on: boolean): void {
  const view = libc.memory.view;
  const value = view.getUint8(h + FLAGS);
  view.setUint8(h + FLAGS, on ? value | flag : value & ~flag);
}

/** call_chunkfun: chunkfun(size) or chunkfun(extra_arg, size). */
function* callChunkfun(libc: LibcProcess, h: number, size: number): HostGenerator {
  const memory = libc.memory;
  const chunkfun = loadPointer(memory, h + CHUNKFUN);
  const args = (flags(libc, h) & USE_EXTRA_ARG) !== 0 ? [loadPointer(memory, h + EXTRA_ARG), size] : [size];
  return yield guestCall(chunkfun, args, 'obstack chunk allocator');
}

/** call_freefun: freefun(chunk) or freefun(extra_arg, chunk). */
function* callFreefun(libc: LibcProcess, h: number, chunk: number): HostGenerator {
  const memory = libc.memory;
  const freefun = loadPointer(memory, h + FREEFUN);
  const args = (flags(libc, h) & USE_EXTRA_ARG) !== 0 ? [loadPointer(memory, h + EXTRA_ARG), chunk] : [chunk];
  yield guestCall(freefun, args, 'obstack chunk free function');
  return undefined;
}

/** The cell of obstack_alloc_failed_handler / obstack_exit_failure, wherever the program's copy is. */
function handlerCell(libc: LibcProcess): number {
  return libc.objectAddress('obstack_alloc_failed_handler', placeHandler);
}

function exitFailureCell(libc: LibcProcess): number {
  return libc.objectAddress('obstack_exit_failure', (process) => {
    const cell = process.data.allocate(8, 8);
    process.memory.view.setInt32(cell, EXIT_FAILURE, true);
    return cell;
  });
}

/** glibc's print_and_abort: "memory exhausted" on stderr, then exit(obstack_exit_failure). */
function* printAndAbort(libc: LibcProcess): HostGenerator {
  const stderr = libc.streams.current('stderr', libc.streams.stderr);
  const message = Buffer.from('memory exhausted\n', 'latin1');
  runNow(libc, libc.streams.write(stderr, message, 0, message.length));
  return yield* exitSequence(libc, libc.memory.view.getInt32(exitFailureCell(libc), true));
}

function placeHandler(libc: LibcProcess): number {
  const cell = libc.data.allocate(8, 8);
  const entry = libc.addEntry('obstack print_and_abort', (owner) => () => printAndAbort(owner));
  storePointer(libc.memory, cell, entry);
  return cell;
}

/** (*obstack_alloc_failed_handler)(): glibc's handlers do not return; one that does ends the process. */
function* allocationFailed(libc: LibcProcess): HostGenerator {
  const handler = loadPointer(libc.memory, handlerCell(libc));
  yield guestCall(handler, [], 'obstack_alloc_failed_handler');
  return libc.fatal('obstack: obstack_alloc_failed_handler returned\n');
}

/** _obstack_begin_worker: the first chunk, its aligned object base; returns 1. */
function* beginWorker(libc: LibcProcess, h: number, size: number, alignment: number): HostGenerator {
  const memory = libc.memory;
  const view = memory.view;
  const align = alignment === 0 ? DEFAULT_ALIGNMENT : alignment;
  const chunkSize = size === 0 ? DEFAULT_CHUNK_SIZE : size;
  storePointer(memory, h + CHUNK_SIZE, chunkSize);
  view.setUint32(h + ALIGNMENT_MASK, (align - 1) >>> 0, true);
  const chunk = (yield* callChunkfun(libc, h, chunkSize)) ?? 0;
  if (chunk === 0) yield* allocationFailed(libc);
  storePointer(memory, h + CHUNK, chunk);
  const base = alignUp(chunk + CHUNK_CONTENTS, align - 1);
  storePointer(memory, h + OBJECT_BASE, base);
  storePointer(memory, h + NEXT_FREE, base);
  const limit = chunk + chunkSize;
  storePointer(memory, h + CHUNK_LIMIT, limit);
  storePointer(memory, chunk, limit);
  storePointer(memory, chunk + CHUNK_PREV, 0);
  setFlag(libc, h, MAYBE_EMPTY_OBJECT, false);
  setFlag(libc, h, ALLOC_FAILED, false);
  return 1;
}

function* begin(
  libc: LibcProcess,
  h: number,
  size: number,
  alignment: number,
  chunkfun: number,
  freefun: number,
  extraArg: number | undefined,
): HostGenerator {
  storePointer(libc.memory, h + CHUNKFUN, chunkfun);
  storePointer(libc.memory, h + FREEFUN, freefun);
  if (extraArg !== undefined) storePointer(libc.memory, h + EXTRA_ARG, extraArg);
  setFlag(libc, h, USE_EXTRA_ARG, extraArg !== undefined);
  return yield* beginWorker(libc, h, size, alignment);
}

/**
 * _obstack_newchunk: a chunk with room for the current object plus `length` more (and an eighth of
 * the object, plus 100, to spare), the object moved there; the old chunk freed when the object
 * was all it held.
 */
function* newChunk(libc: LibcProcess, h: number, length: number): HostGenerator {
  const memory = libc.memory;
  const oldChunk = loadPointer(memory, h + CHUNK);
  const objectBase = loadPointer(memory, h + OBJECT_BASE);
  const objectSize = loadPointer(memory, h + NEXT_FREE) - objectBase;
  const mask = memory.view.getUint32(h + ALIGNMENT_MASK, true);
  const sum1 = objectSize + length;
  const sum2 = sum1 + mask;
  let newSize = sum2 + Math.floor(objectSize / 8) + 100;
  const chunkSize = loadPointer(memory, h + CHUNK_SIZE);
  if (newSize < chunkSize) newSize = chunkSize;
  const chunk = (yield* callChunkfun(libc, h, newSize)) ?? 0;
  if (chunk === 0) yield* allocationFailed(libc);
  storePointer(memory, h + CHUNK, chunk);
  storePointer(memory, chunk + CHUNK_PREV, oldChunk);
  const limit = chunk + newSize;
  storePointer(memory, chunk, limit);
  storePointer(memory, h + CHUNK_LIMIT, limit);
  const newBase = alignUp(chunk + CHUNK_CONTENTS, mask);
  memory.bytes.copyWithin(newBase, objectBase, objectBase + objectSize);
  if ((flags(libc, h) & MAYBE_EMPTY_OBJECT) === 0 && objectBase === alignUp(oldChunk + CHUNK_CONTENTS, mask)) {
    storePointer(memory, chunk + CHUNK_PREV, loadPointer(memory, oldChunk + CHUNK_PREV));
    yield* callFreefun(libc, h, oldChunk);
  }
  storePointer(memory, h + OBJECT_BASE, newBase);
  storePointer(memory, h + NEXT_FREE, newBase + objectSize);
  setFlag(libc, h, MAYBE_EMPTY_OBJECT, false);
  return undefined;
}

/** The chunk holding `object` (the scan both _obstack_allocated_p and obstack_free do). */
function holds(libc: LibcProcess, chunk: number, object: number): boolean {
  // ">=": an object cannot start at its chunk's first byte, but an empty one may sit exactly at
  // the end of the chunk below.
  return !(chunk >= object || loadPointer(libc.memory, chunk) < object);
}

function allocatedP(libc: LibcProcess, h: number, object: number): number {
  let chunk = loadPointer(libc.memory, h + CHUNK);
  while (chunk !== 0 && !holds(libc, chunk, object)) chunk = loadPointer(libc.memory, chunk + CHUNK_PREV);
  return chunk !== 0 ? 1 : 0;
}

/** obstack_free: frees every chunk above the one holding `object`; `object` becomes the base. */
function* free(libc: LibcProcess, h: number, object: number): HostGenerator {
  const memory = libc.memory;
  let chunk = loadPointer(memory, h + CHUNK);
  while (chunk !== 0 && !holds(libc, chunk, object)) {
    const previous = loadPointer(memory, chunk + CHUNK_PREV);
    yield* callFreefun(libc, h, chunk);
    chunk = previous;
    // Past a chunk switch nobody knows whether the chunk now current holds an empty object.
    setFlag(libc, h, MAYBE_EMPTY_OBJECT, true);
  }
  if (chunk !== 0) {
    storePointer(memory, h + OBJECT_BASE, object);
    storePointer(memory, h + NEXT_FREE, object);
    storePointer(memory, h + CHUNK_LIMIT, loadPointer(memory, chunk));
    storePointer(memory, h + CHUNK, chunk);
  } else if (object !== 0) {
    // The object is in none of the chunks: glibc calls abort().
    libc.raiseAbort();
  }
  return undefined;
}

/** _obstack_memory_used: the sizes of all chunks (unsigned int). */
function memoryUsed(libc: LibcProcess, h: number): number {
  let total = 0;
  for (
    let chunk = loadPointer(libc.memory, h + CHUNK);
    chunk !== 0;
    chunk = loadPointer(libc.memory, chunk + CHUNK_PREV)
  )
    total += loadPointer(libc.memory, chunk) - chunk;
  return total >>> 0;
}

/**
 * obstack_printf/obstack_vprintf: the formatted text grows the current object (no NUL); returns
 * its length. glibc prints through a stream whose buffer is the chunk's room; a write that does
 * not fit (_IO_obstack_xsputn, or a single character in _IO_obstack_overflow) goes through
 * obstack_grow, which asks _obstack_newchunk for room for that write alone. Miros formats first,
 * then replays the engine's writes that way. The object's bytes are always glibc's; the size of
 * a new chunk is glibc's when the text fits, or when the write crossing the chunk's end is one
 * glibc makes too (a long %s goes straight to the sink); otherwise the engine's writes are its
 * staging blocks (up to 4 KiB) rather than glibc's pieces, and the new chunk is larger.
 */
function* printToObstack(libc: LibcProcess, h: number, format: number, args: VarArgs): HostGenerator {
  const state = printStates.of(libc);
  const sink = state.sink;
  const memory = libc.memory;
  const length = cStringLength(memory, format);
  sink.reset();
  abortOnFortifyFailure(libc, () =>
    formatPrintf(memory.bytes.subarray(format, format + length + 1), 0, args, state.env, sink),
  );
  const text = sink.bytes.slice(0, sink.length);
  // glibc first makes 64 bytes of room when the object and its room are both empty.
  if (loadPointer(memory, h + CHUNK_LIMIT) === loadPointer(memory, h + OBJECT_BASE)) yield* newChunk(libc, h, 64);
  let pieceStart = 0;
  for (const pieceEnd of sink.pieceEnds) {
    const size = pieceEnd - pieceStart;
    if (size > loadPointer(memory, h + CHUNK_LIMIT) - loadPointer(memory, h + NEXT_FREE))
      yield* newChunk(libc, h, size);
    const nextFree = loadPointer(memory, h + NEXT_FREE);
    memory.bytes.set(text.subarray(pieceStart, pieceEnd), nextFree);
    storePointer(memory, h + NEXT_FREE, nextFree + size);
    pieceStart = pieceEnd;
  }
  return text.length;
}

function registerArgs(libc: LibcProcess, f: CallFrame, fixed: number): VarArgs {
  return printStates.of(libc).registerArgs.start(f, fixed);
}

export const OBSTACK_FUNCTIONS: FunctionTable = {
  _obstack_begin: (f, libc) => begin(libc, f.ptr(0), f.uint(1), f.uint(2), f.ptr(3), f.ptr(4), undefined),
  _obstack_begin_1: (f, libc) => begin(libc, f.ptr(0), f.uint(1), f.uint(2), f.ptr(3), f.ptr(4), f.ptr(5)),
  _obstack_newchunk: (f, libc) => newChunk(libc, f.ptr(0), f.uint(1)),
  _obstack_free: (f, libc) => free(libc, f.ptr(0), f.ptr(1)),
  obstack_free: (f, libc) => free(libc, f.ptr(0), f.ptr(1)),
  _obstack_memory_used: (f, libc) => memoryUsed(libc, f.ptr(0)),
  _obstack_allocated_p: (f, libc) => allocatedP(libc, f.ptr(0), f.ptr(1)),
  obstack_printf: (f, libc) => printToObstack(libc, f.ptr(0), f.ptr(1), registerArgs(libc, f, 2)),
  obstack_vprintf: (f, libc) =>
    printToObstack(libc, f.ptr(0), f.ptr(1), printStates.of(libc).vaListArgs.start(f.ptr(2))),
  __obstack_printf_chk: (f, libc) => printToObstack(libc, f.ptr(0), f.ptr(2), registerArgs(libc, f, 3)),
  __obstack_vprintf_chk: (f, libc) =>
    printToObstack(libc, f.ptr(0), f.ptr(2), printStates.of(libc).vaListArgs.start(f.ptr(3))),
};

export const OBSTACK_OBJECTS: ObjectTable = {
  obstack_alloc_failed_handler: handlerCell,
  obstack_exit_failure: exitFailureCell,
};
