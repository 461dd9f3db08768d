// fenv.h on the guest's two floating-point units, as glibc 2.36's x86-64 versions do it: the
// rounding mode lives in both the x87 control word and MXCSR (fesetround sets both, fegetround
// reads the x87 one); exception flags live in either unit's status (fetestexcept ORs the x87
// status word with MXCSR); feraiseexcept raises invalid and divide-by-zero through SSE divisions
// (MXCSR) and overflow, underflow and inexact by writing the x87 status word.
//
// fenv_t (32 bytes) is the 28-byte FNSTENV image followed by MXCSR; fexcept_t is an unsigned short.
import type { Cpu } from '../../cpu/cpu.ts';
import { writeEnvironment } from '../../cpu/x87.ts';
import type { X87State } from '../../cpu/x87-state.ts';
import type { CallFrame } from '../abi/call-frame.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { checkRead, checkWrite } from '../runtime/guest-access.ts';

export const FE_INVALID = 0x01;
export const FE_DIVBYZERO = 0x04;
export const FE_OVERFLOW = 0x08;
export const FE_UNDERFLOW = 0x10;
export const FE_INEXACT = 0x20;
/** FE_DENORMAL (0x02) is not part of FE_ALL_EXCEPT. */
export const FE_ALL_EXCEPT = 0x3d;
const FE_TOWARDZERO = 0xc00;
/** x87 precision control "extended" (bits 8–9 of the control word). */
const FPU_EXTENDED = 0x300;
const MXCSR_DEFAULT = 0x1f80;
const MXCSR_ROUNDING_SHIFT = 13;
const X87_ROUNDING_SHIFT = 10;
const FENV_SIZE = 32;
/** FNSTENV's image: the first part of fenv_t, MXCSR follows. */
const X87_ENVIRONMENT_SIZE = 28;

/** The special environment pointers: (fenv_t *) -1 and -2. */
const FE_DFL_ENV = 2 ** 64 - 1;
const FE_NOMASK_ENV = 2 ** 64 - 2;
/** The exception mask bits of MXCSR sit 7 bits above the flags. */
const MXCSR_MASK_SHIFT = 7;

/** The rounding mode the SSE unit uses (RC encoding: 0 nearest, 1 down, 2 up, 3 toward zero). */
export function sseRoundingMode(cpu: Cpu): number {
  return (cpu.mxcsr >>> MXCSR_ROUNDING_SHIFT) & 3;
}

/**
 * Sets exception flags as an SSE instruction computing the result would (the math functions'
 * exceptions). A flag whose exception is unmasked would trap (SIGFPE) natively: Miros stops loudly.
 */
export function raiseSse(cpu: Cpu, flags: number, what: string): void {
  if (flags === 0) return;
  const unmasked = flags & ~(cpu.mxcsr >>> MXCSR_MASK_SHIFT) & FE_ALL_EXCEPT;
  if (unmasked !== 0) {
    throw new Error(
      `${what} raised unmasked floating-point exception 0x${unmasked.toString(16)} (SIGFPE not emulated)`,
    );
  }
  cpu.mxcsr |= flags;
}

function x87Status(x: X87State): number {
  return x.status & FE_ALL_EXCEPT;
}

function feclearexcept(f: CallFrame): number {
  const excepts = f.int(0) & FE_ALL_EXCEPT;
  const x = f.cpu.x87;
  x.status &= ~excepts;
  // Clearing every pending flag also clears the summary and busy bits, as FLDENV recomputes them.
  if ((x.status & 0x3f) === 0) x.status &= ~0x8080;
  f.cpu.mxcsr &= ~excepts;
  return 0;
}

function fetestexcept(f: CallFrame): number {
  return (x87Status(f.cpu.x87) | f.cpu.mxcsr) & f.int(0) & FE_ALL_EXCEPT;
}

function feraiseexcept(f: CallFrame): number {
  const excepts = f.int(0) & FE_ALL_EXCEPT;
  const cpu = f.cpu;
  // Invalid and divide-by-zero come from SSE divisions (0/0, 1/0).
  raiseSse(cpu, excepts & (FE_INVALID | FE_DIVBYZERO), 'feraiseexcept');
  // The others are written into the x87 status word and made visible by FWAIT.
  const x87Flags = excepts & (FE_OVERFLOW | FE_UNDERFLOW | FE_INEXACT);
  if (x87Flags !== 0) {
    const unmasked = x87Flags & ~cpu.x87.control;
    if (unmasked !== 0) {
      throw new Error(`feraiseexcept raised unmasked x87 exception 0x${unmasked.toString(16)} (SIGFPE not emulated)`);
    }
    cpu.x87.status |= x87Flags;
  }
  return 0;
}

function fegetexceptflag(f: CallFrame): number {
  const address = f.ptr(0);
  checkWrite(f.memory, address, 2);
  f.memory.view.setUint16(address, (x87Status(f.cpu.x87) | f.cpu.mxcsr) & f.int(1) & FE_ALL_EXCEPT, true);
  return 0;
}

function fesetexceptflag(f: CallFrame): number {
  const address = f.ptr(0);
  checkRead(f.memory, address, 2);
  const excepts = f.int(1) & FE_ALL_EXCEPT;
  const flags = f.memory.view.getUint16(address, true) & excepts;
  // glibc clears the flags in the x87 unit and sets them in MXCSR only.
  f.cpu.x87.status &= ~excepts;
  f.cpu.mxcsr = (f.cpu.mxcsr & ~excepts) | flags;
  return 0;
}

function fegetround(f: CallFrame): number {
  return f.cpu.x87.control & FE_TOWARDZERO;
}

function fesetround(f: CallFrame): number {
  const round = f.int(0);
  if ((round & ~FE_TOWARDZERO) !== 0) return 1;
  const x = f.cpu.x87;
  x.setControl((x.control & ~FE_TOWARDZERO) | round);
  f.cpu.mxcsr = (f.cpu.mxcsr & ~(3 << MXCSR_ROUNDING_SHIFT)) | ((round >>> X87_ROUNDING_SHIFT) << MXCSR_ROUNDING_SHIFT);
  return 0;
}

/** Writes the FNSTENV image and MXCSR, as fegetenv leaves them. */
function storeEnvironment(f: CallFrame, address: number): void {
  checkWrite(f.memory, address, FENV_SIZE);
  const v = f.memory.view;
  writeEnvironment(f.cpu.x87, new DataView(v.buffer, v.byteOffset + address, X87_ENVIRONMENT_SIZE));
  v.setUint32(address + X87_ENVIRONMENT_SIZE, f.cpu.mxcsr, true);
}

function fegetenv(f: CallFrame): number {
  storeEnvironment(f, f.ptr(0));
  return 0;
}

/**
 * fesetenv: FE_DFL_ENV restores the defaults, FE_NOMASK_ENV unmasks every exception, anything else
 * loads the saved control bits (masks, rounding, precision), exception flags and MXCSR.
 */
function setEnvironment(f: CallFrame, address: number): void {
  const x = f.cpu.x87;
  const keep = FE_ALL_EXCEPT | FE_TOWARDZERO | FPU_EXTENDED;
  if (address === FE_DFL_ENV || address === FE_NOMASK_ENV) {
    let control = (x.control | FE_ALL_EXCEPT) & ~FE_TOWARDZERO;
    control |= FPU_EXTENDED;
    let mxcsr = MXCSR_DEFAULT;
    if (address === FE_NOMASK_ENV) {
      control &= ~FE_ALL_EXCEPT;
      mxcsr &= ~(FE_ALL_EXCEPT << MXCSR_MASK_SHIFT);
    }
    x.setControl(control);
    x.status &= ~(FE_ALL_EXCEPT | 0x8080);
    f.cpu.mxcsr = mxcsr;
    return;
  }
  checkRead(f.memory, address, FENV_SIZE);
  const v = f.memory.view;
  x.setControl((x.control & ~keep) | (v.getUint16(address, true) & keep));
  x.status = (x.status & ~(FE_ALL_EXCEPT | 0x8080)) | (v.getUint16(address + 4, true) & FE_ALL_EXCEPT);
  if ((x.status & ~x.control & 0x3f) !== 0) x.status |= 0x8080;
  f.cpu.mxcsr = v.getUint32(address + X87_ENVIRONMENT_SIZE, true);
}

function fesetenv(f: CallFrame): number {
  setEnvironment(f, f.ptr(0));
  return 0;
}

/** feholdexcept: saves the environment, clears the flags and masks every exception. */
function feholdexcept(f: CallFrame): number {
  storeEnvironment(f, f.ptr(0));
  const x = f.cpu.x87;
  x.setControl(x.control | FE_ALL_EXCEPT);
  x.status &= ~(FE_ALL_EXCEPT | 0x8080);
  f.cpu.mxcsr = (f.cpu.mxcsr | (FE_ALL_EXCEPT << MXCSR_MASK_SHIFT)) & ~FE_ALL_EXCEPT;
  return 0;
}

/** feupdateenv: installs the saved environment, then raises the exceptions that were pending. */
function feupdateenv(f: CallFrame): number {
  const pending = (x87Status(f.cpu.x87) | f.cpu.mxcsr) & FE_ALL_EXCEPT;
  setEnvironment(f, f.ptr(0));
  const cpu = f.cpu;
  raiseSse(cpu, pending & (FE_INVALID | FE_DIVBYZERO), 'feupdateenv');
  cpu.x87.status |= pending & (FE_OVERFLOW | FE_UNDERFLOW | FE_INEXACT);
  return 0;
}

/** fetestexceptflag: the saved flags (an fexcept_t) among excepts. */
function fetestexceptflag(f: CallFrame): number {
  const address = f.ptr(0);
  checkRead(f.memory, address, 2);
  return f.memory.view.getUint16(address, true) & f.int(1) & FE_ALL_EXCEPT;
}

/**
 * fesetexcept: sets the flags in MXCSR (as measured natively: the x87 status word is untouched),
 * trapping on none even when unmasked (LDMXCSR does not trap).
 */
function fesetexcept(f: CallFrame): number {
  f.cpu.mxcsr |= f.int(0) & FE_ALL_EXCEPT;
  return 0;
}

/** femode_t: the x87 control word at 0, MXCSR at 4. */
const FEMODE_MXCSR = 4;
/** FE_DFL_MODE: (const femode_t *) -1. */
const FE_DFL_MODE = 2 ** 64 - 1;
/** _FPU_DEFAULT: every exception masked, extended precision, round to nearest. */
const FPU_DEFAULT = 0x37f;
/** The MXCSR flag bits, denormal included (FE_ALL_EXCEPT_X86). */
const MXCSR_FLAGS = 0x3f;

function fegetmode(f: CallFrame): number {
  const address = f.ptr(0);
  checkWrite(f.memory, address, 8);
  f.memory.view.setUint16(address, f.cpu.x87.control, true);
  f.memory.view.setUint32(address + FEMODE_MXCSR, f.cpu.mxcsr, true);
  return 0;
}

/** fesetmode: control word and MXCSR's modes from the saved ones (or the defaults); flags stay. */
function fesetmode(f: CallFrame): number {
  const address = f.ptr(0);
  let control: number;
  let mxcsr = f.cpu.mxcsr & MXCSR_FLAGS;
  if (address === FE_DFL_MODE) {
    control = FPU_DEFAULT;
    mxcsr |= MXCSR_FLAGS << MXCSR_MASK_SHIFT;
  } else {
    checkRead(f.memory, address, 8);
    control = f.memory.view.getUint16(address, true);
    mxcsr |= f.memory.view.getUint32(address + FEMODE_MXCSR, true) & ~MXCSR_FLAGS;
  }
  f.cpu.x87.setControl(control);
  f.cpu.mxcsr = mxcsr >>> 0;
  return 0;
}

/** The exceptions enabled (unmasked) in the x87 control word. */
function enabledExceptions(f: CallFrame): number {
  return ~f.cpu.x87.control & FE_ALL_EXCEPT;
}

/** feenableexcept: unmasks the exceptions in both units; returns the previously enabled ones. */
function feenableexcept(f: CallFrame): number {
  const excepts = f.int(0) & FE_ALL_EXCEPT;
  const previous = enabledExceptions(f);
  f.cpu.x87.setControl(f.cpu.x87.control & ~excepts);
  f.cpu.mxcsr &= ~(excepts << MXCSR_MASK_SHIFT);
  return previous;
}

function fedisableexcept(f: CallFrame): number {
  const excepts = f.int(0) & FE_ALL_EXCEPT;
  const previous = enabledExceptions(f);
  f.cpu.x87.setControl(f.cpu.x87.control | excepts);
  f.cpu.mxcsr |= excepts << MXCSR_MASK_SHIFT;
  return previous;
}

export const FENV_FUNCTIONS: FunctionTable = {
  fetestexceptflag,
  fesetexcept,
  fegetmode,
  fesetmode,
  feenableexcept,
  fedisableexcept,
  fegetexcept: enabledExceptions,
  feclearexcept,
  fetestexcept,
  feraiseexcept,
  fegetexceptflag,
  fesetexceptflag,
  fegetround,
  fesetround,
  fegetenv,
  fesetenv,
  feholdexcept,
  feupdateenv,
};
