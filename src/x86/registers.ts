// Register names as objdump (Intel syntax) spells them.

import { RegisterClass } from './instruction.ts';

const gpr64 = [
  'rax',
  'rcx',
  'rdx',
  'rbx',
  'rsp',
  'rbp',
  'rsi',
  'rdi',
  'r8',
  'r9',
  'r10',
  'r11',
  'r12',
  'r13',
  'r14',
  'r15',
];
const gpr32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'].concat(gpr64.slice(8).map((r) => `${r}d`));
const gpr16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'].concat(gpr64.slice(8).map((r) => `${r}w`));
const gpr8 = ['al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil'].concat(gpr64.slice(8).map((r) => `${r}b`));
const high8 = ['ah', 'ch', 'dh', 'bh'];
const segments = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];

/** Name of a general-purpose register of `size` bytes. */
export function gprName(reg: number, size: number): string {
  switch (size) {
    case 1:
      return gpr8[reg] ?? '?';
    case 2:
      return gpr16[reg] ?? '?';
    case 4:
      return gpr32[reg] ?? '?';
    default:
      return gpr64[reg] ?? '?';
  }
}

/** Name of a register operand (x87 registers as `st(i)`). */
export function registerName(regClass: RegisterClass, reg: number, size: number): string {
  switch (regClass) {
    case RegisterClass.GPR:
      return gprName(reg, size);
    case RegisterClass.GPRHigh8:
      return high8[reg] ?? '?';
    case RegisterClass.Segment:
      return segments[reg] ?? '?';
    case RegisterClass.X87:
      return `st(${reg})`;
    case RegisterClass.MMX:
      return `mm${reg}`;
    case RegisterClass.Vector:
      return `${size === 64 ? 'z' : size === 32 ? 'y' : 'x'}mm${reg}`;
    case RegisterClass.Mask:
      return `k${reg}`;
    case RegisterClass.Control:
      return `cr${reg}`;
    case RegisterClass.Debug:
      return `dr${reg}`;
    case RegisterClass.Bound:
      return `bnd${reg}`;
    case RegisterClass.Tile:
      return `tmm${reg}`;
  }
}
