// System and miscellaneous instructions: syscall, cpuid, rdtsc/rdtscp, nop-likes (nop, pause,
// endbr64, prefetch*, fences, clflush), flag instructions (clc stc cmc cld std lahf sahf), fs/gs
// base access, ldmxcsr/stmxcsr, xlat, and what user mode may not do: ud2 and friends (SIGILL),
// int3 (SIGTRAP), hlt/cli/sti/in/out/privileged instructions and int n (SIGSEGV, as Linux reports #GP).

import { hostMilliseconds } from '../host/clock.ts';
import { Code, codeName } from '../x86/codes.ts';
import type { Instruction } from '../x86/instruction.ts';
import { bindAddress } from './address.ts';
import type { Cpu } from './cpu.ts';
import { cpuid } from './cpuid.ts';
import { AF, CF, DF, materializeFlags, PF, readRflags, SF, setArithmeticFlags, ZF } from './flags.ts';
import { GuestFault, SI_KERNEL, SIGSEGV, SIGTRAP } from './guest-fault.ts';
import { load32, store32 } from './memory-access.ts';
import type { Exec, HandlerRegistry } from './registry.ts';

const nothing: Exec = () => {};

/** Instructions that only exist for the kernel: #GP in user mode, which Linux reports as SIGSEGV. */
const PRIVILEGED = [
  Code.HLT,
  Code.CLI,
  Code.STI,
  Code.IN,
  Code.OUT,
  Code.INS,
  Code.OUTS,
  Code.LGDT,
  Code.LIDT,
  Code.LLDT,
  Code.LTR,
  Code.LMSW,
  Code.CLTS,
  Code.INVD,
  Code.WBINVD,
  Code.WBNOINVD,
  Code.INVLPG,
  Code.INVPCID,
  Code.MOV_CR,
  Code.MOV_DR,
  Code.RDMSR,
  Code.WRMSR,
  Code.RDPMC,
  Code.SWAPGS,
  Code.SYSRET,
  Code.SYSEXIT,
  Code.SYSENTER,
  Code.IRET,
  Code.XSETBV,
  Code.MONITOR,
  Code.MWAIT,
];

/** Hints and ordering instructions with no architectural effect in a one-core interpreter. */
const NO_EFFECT = [
  Code.NOP,
  Code.PAUSE,
  Code.ENDBR64,
  Code.ENDBR32,
  // RDSSP executes as a NOP, leaving its register alone, on a CPU whose shadow stack is not enabled
  // (this CPUID advertises no CET); libgcc's unwinder relies on that to see "no shadow stack".
  Code.RDSSP,
  Code.PREFETCH,
  Code.PREFETCHW,
  Code.PREFETCHNTA,
  Code.PREFETCHT0,
  Code.PREFETCHT1,
  Code.PREFETCHT2,
  Code.LFENCE,
  Code.MFENCE,
  Code.SFENCE,
  Code.CLFLUSH,
  Code.CLFLUSHOPT,
];

export function registerSystem(r: HandlerRegistry): void {
  r.defineAll(NO_EFFECT, () => nothing);
  r.defineAll(PRIVILEGED, (inst) => {
    const name = describe(inst);
    return () => {
      throw GuestFault.generalProtection(`privileged instruction: ${name}`);
    };
  });
  r.define(Code.UD2, () => () => {
    throw GuestFault.invalidOpcode('ud2');
  });
  r.define(Code.UD0, () => () => {
    throw GuestFault.invalidOpcode('ud0');
  });
  r.define(Code.UD1, () => () => {
    throw GuestFault.invalidOpcode('ud1');
  });
  r.define(
    Code.INT3,
    () => () => {
      // A trap: reported with rip after the instruction, si_code SI_KERNEL as Linux does for int3.
      throw new GuestFault(SIGTRAP, SI_KERNEL, 0, 'int3 breakpoint', true);
    },
    { endsBlock: true },
  );
  r.define(Code.INT1, () => () => {
    throw new GuestFault(SIGTRAP, SI_KERNEL, 0, 'int1', true);
  });
  r.define(Code.INT, (inst) => {
    const vector = inst.imm & 0xff;
    return () => {
      throw new GuestFault(SIGSEGV, SI_KERNEL, 0, `int 0x${vector.toString(16)}: not allowed in user mode`);
    };
  });

  r.define(
    Code.SYSCALL,
    (inst) => {
      const next = inst.address + inst.length;
      return (cpu) => {
        const g = cpu.gpr;
        g[2] = next | 0;
        g[3] = Math.floor(next / 4294967296) | 0;
        g[22] = readRflags(cpu);
        g[23] = 0;
        cpu.rip = next;
        cpu.host.syscall(cpu);
      };
    },
    { endsBlock: true },
  );

  r.define(Code.CPUID, () => (cpu) => cpuid(cpu));
  r.define(Code.RDTSC, () => (cpu) => readTimestamp(cpu));
  r.define(Code.RDTSCP, () => (cpu) => {
    readTimestamp(cpu);
    cpu.gpr[2] = 0; // IA32_TSC_AUX: cpu 0
    cpu.gpr[3] = 0;
  });
  r.define(Code.XGETBV, () => () => {
    // CR4.OSXSAVE is clear (CPUID says so): xgetbv is #UD.
    throw GuestFault.invalidOpcode('xgetbv: XSAVE is not enabled');
  });

  r.define(Code.CLC, () => (cpu) => setCarry(cpu, 0));
  r.define(Code.STC, () => (cpu) => setCarry(cpu, CF));
  r.define(Code.CMC, () => (cpu) => setCarry(cpu, (materializeFlags(cpu) & CF) ^ CF));
  r.define(Code.CLD, () => (cpu) => {
    cpu.flags &= ~DF;
  });
  r.define(Code.STD, () => (cpu) => {
    cpu.flags |= DF;
  });
  r.define(Code.LAHF, () => (cpu) => {
    const f = readRflags(cpu) & (SF | ZF | AF | PF | CF);
    cpu.gpr[0] = (cpu.gpr[0]! & ~0xff00) | ((f | 2) << 8);
  });
  r.define(Code.SAHF, () => (cpu) => {
    const ah = (cpu.gpr[0]! >> 8) & (SF | ZF | AF | PF | CF);
    const f = materializeFlags(cpu);
    setArithmeticFlags(cpu, (f & 0x800) | ah);
  });

  r.define(Code.RDFSBASE, (inst) => bindReadBase(inst, true));
  r.define(Code.RDGSBASE, (inst) => bindReadBase(inst, false));
  r.define(Code.WRFSBASE, (inst) => bindWriteBase(inst, true));
  r.define(Code.WRGSBASE, (inst) => bindWriteBase(inst, false));

  r.define(Code.LDMXCSR, (inst) => {
    const address = bindAddress(inst);
    return (cpu) => {
      const v = load32(cpu, address(cpu));
      if ((v & ~0xffff) !== 0) throw GuestFault.generalProtection('ldmxcsr: reserved bits set');
      cpu.mxcsr = v;
    };
  });
  r.define(Code.STMXCSR, (inst) => {
    const address = bindAddress(inst);
    return (cpu) => store32(cpu, address(cpu), cpu.mxcsr);
  });

  r.define(Code.XLAT, (inst) => {
    const address = bindAddress(inst);
    return (cpu) => {
      cpu.gpr[0] = (cpu.gpr[0]! & ~0xff) | cpu.memory.read8(address(cpu));
    };
  });
}

function setCarry(cpu: Cpu, carry: number): void {
  const f = materializeFlags(cpu);
  setArithmeticFlags(cpu, (f & 0x8d4) | carry);
}

let lastTimestamp = 0;

/** rdtsc: nanoseconds since the process started, strictly increasing. */
function readTimestamp(cpu: Cpu): void {
  let t = Math.floor(hostMilliseconds() * 1e6);
  if (t <= lastTimestamp) t = lastTimestamp + 1;
  lastTimestamp = t;
  cpu.gpr[0] = (t % 4294967296) | 0;
  cpu.gpr[1] = 0;
  cpu.gpr[4] = Math.floor(t / 4294967296) | 0;
  cpu.gpr[5] = 0;
}

function bindReadBase(inst: Instruction, fs: boolean): Exec {
  const op = inst.operands[0]!;
  const d = op.reg * 2;
  const wide = op.size === 8;
  return (cpu) => {
    const base = fs ? cpu.fsBase : cpu.gsBase;
    cpu.gpr[d] = (base % 4294967296) | 0;
    cpu.gpr[d + 1] = wide ? Math.floor(base / 4294967296) | 0 : 0;
  };
}

function bindWriteBase(inst: Instruction, fs: boolean): Exec {
  const op = inst.operands[0]!;
  const s = op.reg * 2;
  const wide = op.size === 8;
  return (cpu) => {
    const value = wide ? cpu.gpr[s + 1]! * 4294967296 + (cpu.gpr[s]! >>> 0) : cpu.gpr[s]! >>> 0;
    if (fs) cpu.fsBase = value;
    else cpu.gsBase = value;
  };
}

function describe(inst: Instruction): string {
  return codeName(inst.code).toLowerCase();
}
