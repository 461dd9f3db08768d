// libdl's functions (in libc.so.6 since glibc 2.34, with the old libdl.so.2 versions): dlopen,
// dlsym, dlvsym, dlclose, dlerror, dladdr, dladdr1, dlinfo, dl_iterate_phdr, _dl_find_object.
//
// The object graph, scopes and pipeline are the linker's (src/linker/dl-api.ts); this side reads
// the C arguments, writes the C structures, keeps each thread's dlerror state, and runs the guest
// code the linker asks for — IFUNC resolvers, initialisers, finalisers, dl_iterate_phdr
// callbacks — as steps of host-call generators, never in a nested loop, so the scheduler keeps
// switching threads while a library's constructor runs.
import { PT_GNU_EH_FRAME } from '../../elf/index.ts';
import { type AddressInfo, type DlApi, type DlResult, dlApiOf, RTLD_NEXT } from '../../linker/dl-api.ts';
import type { LinkedObject } from '../../linker/linked-object.ts';
import { read64, write16, write32, write64 } from '../../linker/memory/words.ts';
import { guestCall, type HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkWrite, cString, loadPointer } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { ProcessState } from '../runtime/process-states.ts';
import { environCell } from '../start/startup.ts';

/** dladdr1 flags and dlinfo requests (dlfcn.h). */
const RTLD_DL_SYMENT = 1;
const RTLD_DL_LINKMAP = 2;
const RTLD_DI_LMID = 1;
const RTLD_DI_LINKMAP = 2;
const RTLD_DI_ORIGIN = 6;
const RTLD_DI_TLS_MODID = 9;
const RTLD_DI_TLS_DATA = 10;
const RTLD_DI_PHDR = 11;

/** struct dl_phdr_info: dlpi_addr, dlpi_name, dlpi_phdr, dlpi_phnum (+pad), dlpi_adds, dlpi_subs, dlpi_tls_modid, dlpi_tls_data. */
const PHDR_INFO_SIZE = 64;
/** struct dl_find_object: dlfo_flags, dlfo_map_start, dlfo_map_end, dlfo_link_map, dlfo_eh_frame (then reserved words). */
const FIND_OBJECT_FIELDS = 5;

/** Per-process state of the dl functions: each thread's pending dlerror message. */
interface DlState {
  api: DlApi;
  /** The message dlerror() will return next, by thread id. */
  pending: Map<number, string>;
  /** The string the last dlerror() returned in each thread (freed by the next call, as glibc's). */
  returned: Map<number, number>;
  /** Guest copies of Miros libc's entry-point names, for dladdr's dli_sname. */
  names: Map<string, number>;
}

const states = new ProcessState<DlState>(
  'dl/dl-functions states',
  (state, child, parent) => {
    // The child has its own copy of the linker (LibcProcess's fork): its dl calls work on it. The
    // calling thread's pending dlerror message and dl_iterate_phdr's counters carry over.
    const api = dlApiOf(child.linker);
    api.adds = state.api.adds;
    api.subs = state.api.subs;
    const pending = new Map<number, string>();
    const message = state.pending.get(parent.thread.tid);
    if (message !== undefined) pending.set(child.process.mainThread.tid, message);
    const returned = new Map<number, number>();
    const last = state.returned.get(parent.thread.tid);
    if (last !== undefined) returned.set(child.process.mainThread.tid, last);
    return { api, pending, returned, names: new Map(state.names) };
  },
  (libc) => ({ api: dlApiOf(libc.linker), pending: new Map(), returned: new Map(), names: new Map() }),
);

/** Records a dl call's outcome as glibc's _dlerror_run does: an error replaces the pending one, success clears it. */
function settle<T>(libc: LibcProcess, result: DlResult<T>): T | undefined {
  const state = states.of(libc);
  if ('error' in result) {
    state.pending.set(libc.thread.tid, result.error);
    return undefined;
  }
  state.pending.delete(libc.thread.tid);
  return result.ok;
}

function fail(libc: LibcProcess, message: string): void {
  states.of(libc).pending.set(libc.thread.tid, message);
}

/** The return address of the dl call: which object called (RTLD_DEFAULT/RTLD_NEXT scopes, dlopen's $ORIGIN). */
function callerOf(libc: LibcProcess, sp: number): number {
  return read64(libc.memory, sp);
}

function* dlopen(libc: LibcProcess, file: number, mode: number, caller: number): HostGenerator {
  const name = file === 0 ? undefined : cString(libc.memory, file);
  const opened = settle(libc, states.of(libc).api.open(name, mode, caller));
  if (opened === undefined) return 0;
  const memory = libc.memory;
  const stackEnd = libc.linker.runtime ? read64(memory, libc.linker.runtime.libcStackEnd) : 0;
  const argc = stackEnd !== 0 ? read64(memory, stackEnd) : 0;
  const argv = stackEnd !== 0 ? stackEnd + 8 : 0;
  for (const step of opened.steps) {
    switch (step.kind) {
      case 'resolve': {
        const value = yield guestCall(step.resolver, [], `IFUNC resolver (${step.what})`);
        write64(memory, step.slot, value + step.addend);
        break;
      }
      case 'protect':
        libc.linker.memory.protect(step.start, step.size, step.prot);
        break;
      case 'call': {
        const fn = step.function ?? loadPointer(memory, step.slot!);
        // 0 and -1 are placeholders glibc skips too; guest code lies below 4 GiB.
        if (fn === 0 || fn > 0xffffffff) break;
        const envp = loadPointer(memory, environCell(libc));
        yield guestCall(fn, [argc, argv, envp], `${step.object.displayName} ${step.what}`);
        break;
      }
    }
  }
  return opened.handle;
}

/** dlsym's handle argument, read signed: RTLD_NEXT is ((void *) -1), handles lie below 4 GiB. */
function handleArgument(value: number): number {
  return value === -1 ? RTLD_NEXT : value;
}

function* dlsym(
  libc: LibcProcess,
  handle: number,
  name: number,
  version: number | undefined,
  caller: number,
): HostGenerator {
  const symbolName = cString(libc.memory, name);
  const versionName = version === undefined ? undefined : cString(libc.memory, version);
  const api = states.of(libc).api;
  const found = settle(libc, api.symbol(handle, symbolName, versionName, caller, libc.cpu.fsBase));
  if (found === undefined) return 0;
  if ('address' in found) return found.address;
  // An IFUNC: dlsym returns what its resolver picks, as glibc's does.
  return yield guestCall(found.resolver, [], found.what);
}

function* dlclose(libc: LibcProcess, handle: number): HostGenerator {
  const closing = settle(libc, states.of(libc).api.close(handle));
  if (closing === undefined) return -1;
  for (const call of closing.calls) yield guestCall(call.function, call.args, call.what);
  closing.finish();
  return 0;
}

function dlerror(libc: LibcProcess): number {
  const state = states.of(libc);
  const tid = libc.thread.tid;
  const previous = state.returned.get(tid);
  if (previous !== undefined) {
    libc.linker.heap.free(previous);
    state.returned.delete(tid);
  }
  const message = state.pending.get(tid);
  if (message === undefined) return 0;
  state.pending.delete(tid);
  const address = libc.linker.heap.allocateString(Buffer.from(message, 'utf8').toString('latin1'));
  state.returned.set(tid, address);
  return address;
}

/** The guest address of a NUL-terminated copy of `name`, made once per process. */
function guestName(libc: LibcProcess, name: string): number {
  const state = states.of(libc);
  let address = state.names.get(name);
  if (address === undefined) {
    address = libc.linker.heap.allocateString(name);
    state.names.set(name, address);
  }
  return address;
}

/** What dladdr reports for an address: an object's, or one of Miros libc's entry points. */
export function describeAddress(
  libc: LibcProcess,
  address: number,
): { fname: number; fbase: number; sname: number; saddr: number; map: number; syment: number } | undefined {
  const linker = libc.linker;
  const region = libc.region;
  if (address >= region.start && address < region.end) {
    const libcObject = linker.objects.find((o) => o.kind === 'miros' && o.soname === 'libc.so.6');
    if (!libcObject) return undefined;
    const name = region.nameAt(address);
    const exact = name !== undefined && (address - region.start) % 16 === 0;
    return {
      fname: linker.linkMaps.nameOf(libcObject),
      fbase: region.start,
      sname: exact ? guestName(libc, name.split('@')[0]!) : 0,
      saddr: exact ? address : 0,
      map: libcObject.linkMap,
      syment: 0,
    };
  }
  const info: AddressInfo | undefined = states.of(libc).api.addressInfo(address);
  if (!info) return undefined;
  const object = info.object;
  // glibc's _dl_addr: the executable's l_name is empty, so it reports argv[0].
  let fname = linker.linkMaps.nameOf(object);
  if (object.kind === 'executable' && linker.runtime) {
    const stackEnd = read64(libc.memory, linker.runtime.libcStackEnd);
    fname = read64(libc.memory, stackEnd + 8);
  }
  return {
    fname,
    fbase: info.base,
    sname: info.symbolName,
    saddr: info.symbolAddress,
    map: object.linkMap,
    syment: info.symbolEntry,
  };
}

/** dladdr/dladdr1: fills Dl_info {dli_fname, dli_fbase, dli_sname, dli_saddr}; 0 when no object holds the address. */
function dladdr(libc: LibcProcess, address: number, info: number, extra: number, flags: number): number {
  const found = describeAddress(libc, address);
  if (!found) return 0;
  const memory = libc.memory;
  checkWrite(memory, info, 32);
  write64(memory, info, found.fname);
  write64(memory, info + 8, found.fbase);
  write64(memory, info + 16, found.sname);
  write64(memory, info + 24, found.saddr);
  if (extra !== 0 && flags === RTLD_DL_LINKMAP) write64(memory, extra, found.map);
  if (extra !== 0 && flags === RTLD_DL_SYMENT) write64(memory, extra, found.syment);
  return 1;
}

/**
 * glibc's l_origin, what RTLD_DI_ORIGIN copies: the directory part of the path the object was
 * opened by, made absolute with the working directory but not normalised ("./libx.so" opened in
 * /home/u gives "/home/u/."). The linker's own `origin` ($ORIGIN) is the normalised directory.
 */
function originOf(libc: LibcProcess, object: LinkedObject): string {
  const path = object.path;
  const slash = path.lastIndexOf('/');
  if (object.kind !== 'library' || slash < 0) return object.origin;
  const directory = slash === 0 ? '/' : path.slice(0, slash);
  if (path.startsWith('/')) return directory;
  const cwd = Buffer.from(libc.process.cwd.nsPath, 'latin1').toString('utf8');
  return `${cwd === '/' ? '' : cwd}/${directory}`;
}

function dlinfo(libc: LibcProcess, handle: number, request: number, arg: number): number {
  const api = states.of(libc).api;
  const object = api.objectOfHandle(handle);
  if (!object) {
    fail(libc, 'invalid handle');
    return -1;
  }
  const memory = libc.memory;
  switch (request) {
    case RTLD_DI_LMID:
      write64(memory, arg, 0);
      break;
    case RTLD_DI_LINKMAP:
      write64(memory, arg, object.linkMap);
      break;
    case RTLD_DI_ORIGIN: {
      const origin = Buffer.from(`${originOf(libc, object)}\0`, 'utf8');
      checkWrite(memory, arg, origin.length);
      memory.bytes.set(origin, arg);
      break;
    }
    case RTLD_DI_TLS_MODID:
      write64(memory, arg, object.tls?.moduleId ?? 0);
      break;
    case RTLD_DI_TLS_DATA: {
      const block = api.tlsBlock(object, libc.cpu.fsBase);
      write64(memory, arg, block);
      break;
    }
    case RTLD_DI_PHDR:
      write64(memory, arg, object.programHeaders);
      states.of(libc).pending.delete(libc.thread.tid);
      return object.programHeaderCount;
    default:
      fail(libc, 'unsupported dlinfo request');
      return -1;
  }
  states.of(libc).pending.delete(libc.thread.tid);
  return 0;
}

/** Fills one struct dl_phdr_info for `object`. */
function writePhdrInfo(libc: LibcProcess, api: DlApi, info: number, object: LinkedObject): void {
  const memory = libc.memory;
  const named = libc.linker.linkMaps.nameOf(object);
  write64(memory, info, object.kind === 'miros' ? 0 : object.base);
  write64(memory, info + 8, named);
  write64(memory, info + 16, object.programHeaders);
  write16(memory, info + 24, object.programHeaderCount);
  write16(memory, info + 26, 0);
  write32(memory, info + 28, 0);
  write64(memory, info + 32, api.adds);
  write64(memory, info + 40, api.subs);
  write64(memory, info + 48, object.tls?.moduleId ?? 0);
  write64(memory, info + 56, api.tlsBlock(object, libc.cpu.fsBase));
}

/** dl_iterate_phdr(callback, data): callback(info, size, data) per object until one returns non-zero. */
function* dlIteratePhdr(libc: LibcProcess, callback: number, data: number): HostGenerator {
  const api = states.of(libc).api;
  const heap = libc.linker.heap;
  const info = heap.allocate(PHDR_INFO_SIZE);
  try {
    for (const object of api.phdrObjects()) {
      if (object.linkMap === 0) continue; // unloaded by an earlier callback
      writePhdrInfo(libc, api, info, object);
      const result = yield guestCall(callback, [info, PHDR_INFO_SIZE, data], 'dl_iterate_phdr callback');
      if ((result | 0) !== 0) return result | 0;
    }
  } finally {
    heap.free(info);
  }
  return 0;
}

/** _dl_find_object(pc, result): the object whose mapping holds pc and its .eh_frame_hdr; 0, or -1. */
function dlFindObject(libc: LibcProcess, pc: number, result: number): number {
  const object = states.of(libc).api.objectContaining(pc);
  if (!object || object.elf === undefined) return -1;
  const memory = libc.memory;
  checkWrite(memory, result, 8 * FIND_OBJECT_FIELDS);
  const ehFrame = object.elf.segmentOfType(PT_GNU_EH_FRAME);
  write64(memory, result, 0);
  write64(memory, result + 8, object.mapStart);
  write64(memory, result + 16, object.mapEnd);
  write64(memory, result + 24, object.linkMap);
  write64(memory, result + 32, ehFrame ? object.base + ehFrame.virtualAddress : 0);
  return 0;
}

export const DL_FUNCTIONS: FunctionTable = {
  dlopen: (f, libc) => dlopen(libc, f.ptr(0), f.int(1), callerOf(libc, f.sp)),
  dlsym: (f, libc) => dlsym(libc, handleArgument(f.long(0)), f.ptr(1), undefined, callerOf(libc, f.sp)),
  dlvsym: (f, libc) => dlsym(libc, handleArgument(f.long(0)), f.ptr(1), f.ptr(2), callerOf(libc, f.sp)),
  dlclose: (f, libc) => dlclose(libc, f.ptr(0)),
  dlerror: (_f, libc) => dlerror(libc),
  dladdr: (f, libc) => dladdr(libc, f.ptr(0), f.ptr(1), 0, 0),
  dladdr1: (f, libc) => dladdr(libc, f.ptr(0), f.ptr(1), f.ptr(2), f.int(3)),
  dlinfo: (f, libc) => dlinfo(libc, f.ptr(0), f.int(1), f.ptr(2)),
  dl_iterate_phdr: (f, libc) => dlIteratePhdr(libc, f.ptr(0), f.ptr(1)),
  _dl_find_object: (f, libc) => dlFindObject(libc, f.ptr(0), f.ptr(1)),
};
