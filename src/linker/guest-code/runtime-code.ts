// The dynamic linker's own code and data in the guest: what ld-linux-x86-64.so.2 exports and the
// TLSDESC resolvers its relocations point at. Each routine is a few instructions of x86-64 that
// the CPU runs like any library code — no call out of the guest — over data the linker keeps
// current from the host (the DTVs, the table of finalisers).
//
// One mapping, "[miros-ld]": a code page (r-x) followed by a data page (rw-).
import { PAGE_SIZE } from '../../memory/address-space.ts';
import type { LinkerMemory } from '../memory/linker-memory.ts';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../memory/linker-memory.ts';
import { TCB_DTV, TCB_SELF } from '../tls/process-tls.ts';
import { Assembler, Cond, type Label, Reg } from './assembler.ts';

export const RUNTIME_MAPPING_NAME = '[miros-ld]';

/** Offsets in the data page. */
const DATA = {
  rDebug: 0x00, // struct r_debug (40 bytes; r_debug_extended's r_next at 40)
  libcStackEnd: 0x40,
  libcEnableSecure: 0x48,
  rseqOffset: 0x50,
  rseqSize: 0x58,
  rseqFlags: 0x5c,
  finiTable: 0x60, // pointer to [count, slot addresses…]
} as const;

export interface RuntimeAddresses {
  tlsGetAddr: number;
  tlsdescReturn: number;
  tlsdescDynamic: number;
  tlsdescUndefweak: number;
  dlFini: number;
  dlMcount: number;
  rDebug: number;
  libcStackEnd: number;
  libcEnableSecure: number;
  rseqOffset: number;
  rseqSize: number;
  rseqFlags: number;
  finiTableCell: number;
  /** The mapping: code page then data page. */
  start: number;
  end: number;
}

/** Assembles the routines; returns the code and each routine's offset. */
export function assembleRuntime(): { code: Uint8Array; offsets: Record<string, number> } {
  const a = new Assembler();
  const offsets: Record<string, number> = {};
  // The data page follows the code page: rip-relative labels reach it at PAGE_SIZE + offset.
  const dataLabel = (offset: number): Label => {
    const label = a.label();
    label.offset = PAGE_SIZE + offset;
    return label;
  };

  // void *__tls_get_addr(tls_index *ti): dtv[ti->module].val + ti->offset. Every DTV entry is
  // filled eagerly, so there is no slow path.
  offsets.tlsGetAddr = a.size;
  a.loadFs(Reg.RAX, TCB_DTV);
  a.load(Reg.RCX, Reg.RDI, 0);
  a.shlImm(Reg.RCX, 4);
  a.add(Reg.RAX, Reg.RCX);
  a.load(Reg.RAX, Reg.RAX, 0);
  a.addLoad(Reg.RAX, Reg.RDI, 8);
  a.ret();
  a.align(16);

  // TLSDESC resolvers: called with rax = the descriptor, return in rax the variable's offset from
  // the thread pointer, and preserve every other register.
  // Static TLS: the descriptor's argument is that offset.
  offsets.tlsdescReturn = a.size;
  a.load(Reg.RAX, Reg.RAX, 8);
  a.ret();
  a.align(16);

  // Undefined weak TLS symbol: &var must be NULL, so return -tp.
  offsets.tlsdescUndefweak = a.size;
  a.load(Reg.RAX, Reg.RAX, 8);
  a.subFs(Reg.RAX, TCB_SELF);
  a.ret();
  a.align(16);

  // Dynamic TLS: the argument points at {module, offset}; dtv[module] + offset - tp.
  offsets.tlsdescDynamic = a.size;
  a.load(Reg.RAX, Reg.RAX, 8);
  a.push(Reg.RCX);
  a.push(Reg.RDX);
  a.load(Reg.RCX, Reg.RAX, 0);
  a.shlImm(Reg.RCX, 4);
  a.loadFs(Reg.RDX, TCB_DTV);
  a.add(Reg.RDX, Reg.RCX);
  a.load(Reg.RDX, Reg.RDX, 0);
  a.addLoad(Reg.RDX, Reg.RAX, 8);
  a.mov(Reg.RAX, Reg.RDX);
  a.subFs(Reg.RAX, TCB_SELF);
  a.pop(Reg.RDX);
  a.pop(Reg.RCX);
  a.ret();
  a.align(16);

  // void _dl_fini(void): calls every finaliser in the table the linker keeps (already in glibc's
  // order: objects in dependency order, each one's DT_FINI_ARRAY backwards, then DT_FINI). Each
  // entry is the address of a word holding the function, or, with bit 0 set, the address of a
  // trace line to write to stderr ({length, bytes}: MIROS_DEBUG=libs's "calling fini:"). The
  // table is emptied first, so a second call (exit from a destructor) runs nothing twice.
  offsets.dlFini = a.size;
  {
    const loop = a.label();
    const message = a.label();
    const done = a.label();
    a.push(Reg.RBX);
    a.push(Reg.R12);
    a.push(Reg.R13);
    a.loadRip(Reg.RBX, dataLabel(DATA.finiTable));
    a.test(Reg.RBX, Reg.RBX);
    a.jcc(Cond.E, done);
    a.load(Reg.R12, Reg.RBX, 0);
    a.zero(Reg.R13);
    a.store(Reg.RBX, 0, Reg.R13);
    a.bind(loop);
    a.test(Reg.R12, Reg.R12);
    a.jcc(Cond.E, done);
    a.addImm(Reg.RBX, 8);
    a.load(Reg.RAX, Reg.RBX, 0);
    a.mov(Reg.RCX, Reg.RAX);
    a.andImm(Reg.RCX, 1);
    a.test(Reg.RCX, Reg.RCX);
    a.jcc(Cond.NE, message);
    a.callMemory(Reg.RAX, 0);
    a.dec(Reg.R12);
    a.jmpLabel(loop);
    // write(2, line + 8, *line)
    a.bind(message);
    a.subImm(Reg.RAX, 1);
    a.load(Reg.RDX, Reg.RAX, 0);
    a.mov(Reg.RSI, Reg.RAX);
    a.addImm(Reg.RSI, 8);
    a.movImm(Reg.RDI, 2);
    a.movImm(Reg.RAX, 1);
    a.syscall();
    a.dec(Reg.R12);
    a.jmpLabel(loop);
    a.bind(done);
    a.pop(Reg.R13);
    a.pop(Reg.R12);
    a.pop(Reg.RBX);
    a.ret();
  }
  a.align(16);

  // void _dl_mcount(ElfW(Addr) frompc, ElfW(Addr) selfpc): profiling is off; nothing to count.
  offsets.dlMcount = a.size;
  a.ret();

  const code = a.finish();
  if (code.length > PAGE_SIZE) throw new Error('the linker runtime code outgrew its page');
  return { code, offsets };
}

/** Maps the runtime and returns the addresses of its routines and data. */
export function installRuntime(memory: LinkerMemory): RuntimeAddresses {
  const { code, offsets } = assembleRuntime();
  const start = memory.reserve(2 * PAGE_SIZE, PAGE_SIZE);
  memory.map(start, PAGE_SIZE, PROT_READ | PROT_EXEC, { name: RUNTIME_MAPPING_NAME, offset: 0, device: 0, inode: 0 });
  memory.space.poke(start, code);
  memory.map(start + PAGE_SIZE, PAGE_SIZE, PROT_READ | PROT_WRITE, {
    name: RUNTIME_MAPPING_NAME,
    offset: PAGE_SIZE,
    device: 0,
    inode: 0,
  });
  const data = start + PAGE_SIZE;
  return {
    tlsGetAddr: start + offsets.tlsGetAddr!,
    tlsdescReturn: start + offsets.tlsdescReturn!,
    tlsdescDynamic: start + offsets.tlsdescDynamic!,
    tlsdescUndefweak: start + offsets.tlsdescUndefweak!,
    dlFini: start + offsets.dlFini!,
    dlMcount: start + offsets.dlMcount!,
    rDebug: data + DATA.rDebug,
    libcStackEnd: data + DATA.libcStackEnd,
    libcEnableSecure: data + DATA.libcEnableSecure,
    rseqOffset: data + DATA.rseqOffset,
    rseqSize: data + DATA.rseqSize,
    rseqFlags: data + DATA.rseqFlags,
    finiTableCell: data + DATA.finiTable,
    start,
    end: start + 2 * PAGE_SIZE,
  };
}
