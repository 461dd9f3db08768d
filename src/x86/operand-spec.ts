// The operand vocabulary of the opcode table: what each operand token of a table row means, where
// its value comes from in the encoding and how big it is.
//
// Tokens follow the Intel SDM's opcode-map notation (addressing method letter + size letters), with a
// few additions for what the SDM leaves to prose:
//
//   addressing (where the operand is encoded)
//     E  general register or memory (ModRM.rm)     R  general register (ModRM.rm, mod = 3 only)
//     G  general register (ModRM.reg)               B  general register (VEX.vvvv)
//     Z  general register (opcode low bits + REX.B) M  memory only (ModRM.rm, mod != 3)
//     V  vector register (ModRM.reg)                W  vector register or memory (ModRM.rm)
//     U  vector register (ModRM.rm, mod = 3 only)   H  vector register (VEX/EVEX vvvv)
//     L  vector register (imm8[7:4], VEX is4)       P  MMX register (ModRM.reg)
//     Q  MMX register or memory (ModRM.rm)          N  MMX register (ModRM.rm, mod = 3 only)
//     S  segment register (ModRM.reg)               C / D  control / debug register (ModRM.reg)
//     Kr / Km / Kv  opmask register from ModRM.reg / ModRM.rm (mod = 3) / vvvv
//     Tr / Tm  bound register (MPX) from ModRM.reg / ModRM.rm (register or memory)
//     Tilr / Tilm / Tilv  AMX tile register from ModRM.reg / ModRM.rm / vvvv
//     STi  x87 st(i) from ModRM.rm                  I  immediate (zero-extended), Is (sign-extended)
//     J  relative branch target                      O  absolute memory offset (moffs)
//     X / Y  string source ds:[rsi] / destination es:[rdi]
//   a pair `Rd/Mb` gives different register and memory forms of one ModRM.rm operand; VSIB memory
//   operands are `Vsib<index size>/<element size>`, e.g. `Vsibx/d`.
//   sizes: b w d q (1 2 4 8), t (10), dq (16), qq (32), dqq (64), x (vector length), h / qx / ox
//     (half / quarter / eighth of the vector length), v (operand size 2/4/8), y (4 or 8 by REX.W /
//     VEX.W), z (2 or 4: immediates and ports), p (far pointer: 2 + operand size), o (16 bytes shown as
//     OWORD, cmpxchg16b). Memory tokens without a size (`M`) only compute an address (lea); `Mb!`
//     accesses nothing but objdump shows it as BYTE PTR (prefetch, clflush); the named memory
//     operands (`Menv`, `Mfpustate`, `Mfxstate`, `Mdesc`, `Mxstate`) have the sizes of their
//     structures.
//   fixed registers: AL CL DX AX EAX RAX rAX (operand size) eAX (z size) ST XMM0 and the constant 1.

import { RegisterClass } from './instruction.ts';

/** Where an operand's value is encoded. */
export const enum OperandSource {
  /** ModRM.rm: a register (of `regClass`) when mod = 3, memory otherwise. */
  ModrmRm = 0,
  /** ModRM.reg (+ REX.R, EVEX.R'). */
  ModrmReg = 1,
  /** VEX/EVEX/XOP vvvv (+ EVEX.V'). */
  Vvvv = 2,
  /** Bits 7:4 of the trailing immediate byte (VEX 4-operand forms). */
  Is4 = 3,
  /** Low three bits of the opcode byte + REX.B. */
  OpcodeReg = 4,
  /** A register implied by the opcode (`fixedReg`). */
  Fixed = 5,
  /** An immediate of the instruction. */
  Immediate = 6,
  /** The second immediate (enter, extrq, insertq). */
  Immediate2 = 7,
  /** A relative branch displacement. */
  Relative = 8,
  /** A moffs absolute address (address-size wide). */
  Moffs = 9,
  /** ds:[rsi] of a string instruction. */
  StringSource = 10,
  /** es:[rdi] of a string instruction. */
  StringDestination = 11,
  /** The constant 1 (shifts by one). */
  Constant = 12,
  /** ds:[rbx] of xlat (the byte at rbx + al). */
  XlatMemory = 13,
}

/** How big an operand is, resolved per instruction from operand size, vector length and W. */
export const enum SizeRule {
  None = 0,
  Byte = 1,
  Word = 2,
  Dword = 3,
  Qword = 4,
  Tbyte = 5,
  Xmm = 6,
  Ymm = 7,
  Zmm = 8,
  /** v: the operand size (2, 4 or 8). */
  OperandSize = 9,
  /** y: 8 with REX.W / VEX.W1, else 4. */
  DwordOrQword = 10,
  /** z: 2 with a 16-bit operand size, else 4. */
  WordOrDword = 11,
  /** x: the vector length. */
  Vector = 12,
  HalfVector = 13,
  QuarterVector = 14,
  EighthVector = 15,
  /** p: far pointer, 2 + operand size. */
  FarPointer = 16,
  /** 16 bytes shown as OWORD (cmpxchg16b). */
  Oword = 17,
  /** x87 environment: 28 bytes (14 with a 16-bit operand size). */
  FpuEnvironment = 18,
  /** x87 state (fsave/frstor): 108 bytes (94 with a 16-bit operand size). */
  FpuState = 19,
  /** fxsave/fxrstor area: 512 bytes. */
  FxState = 20,
  /** Descriptor table register image (lgdt/sgdt): 10 bytes in 64-bit mode. */
  Descriptor = 21,
  /** 64-byte memory block (movdir64b, enqcmd): shown without a size. */
  Block64 = 22,
  /** Memory accessed only by address (prefetch, clflush) but shown as BYTE PTR. */
  ByteAddressOnly = 23,
  /** movddup's source: 8 bytes at 128 bits, the whole vector otherwise. */
  DupVector = 24,
}

/** What a table operand token compiles to. */
export interface OperandSpec {
  readonly token: string;
  readonly source: OperandSource;
  /** Register file of the register form (ModrmRm/ModrmReg/Vvvv/Is4/OpcodeReg/Fixed). */
  readonly regClass: RegisterClass;
  /** Size of the register form; None when the operand cannot be a register. */
  readonly regSize: SizeRule;
  /** Size accessed by the memory form; `memAllowed` says whether there is one. */
  readonly memSize: SizeRule;
  readonly memAllowed: boolean;
  /** Size keyword objdump shows for the memory form (None: no `PTR` keyword). */
  readonly memDisplay: SizeRule;
  /** Fixed register number, or the value of a Constant. */
  readonly fixedReg: number;
  /** For immediates: sign-extended to the operand size (else zero-extended). */
  readonly signExtend: boolean;
  /** For immediates and relative targets: the encoded width rule. */
  readonly encodedSize: SizeRule;
  /** VSIB memory operand: index register size rule (the element size is memSize). */
  readonly vsibIndex: SizeRule;
  /** The memory form must use a SIB byte (AMX tile loads and stores). */
  readonly requiresSib: boolean;
}

const sizeSuffixes: ReadonlyMap<string, SizeRule> = new Map([
  ['b', SizeRule.Byte],
  ['w', SizeRule.Word],
  ['d', SizeRule.Dword],
  ['q', SizeRule.Qword],
  ['t', SizeRule.Tbyte],
  ['dq', SizeRule.Xmm],
  ['qq', SizeRule.Ymm],
  ['dqq', SizeRule.Zmm],
  ['v', SizeRule.OperandSize],
  ['y', SizeRule.DwordOrQword],
  ['z', SizeRule.WordOrDword],
  ['x', SizeRule.Vector],
  ['h', SizeRule.HalfVector],
  ['qx', SizeRule.QuarterVector],
  ['ox', SizeRule.EighthVector],
  ['p', SizeRule.FarPointer],
  ['o', SizeRule.Oword],
  ['dup', SizeRule.DupVector],
]);

const namedMemory: ReadonlyMap<string, SizeRule> = new Map([
  ['Menv', SizeRule.FpuEnvironment],
  ['Mfpustate', SizeRule.FpuState],
  ['Mfxstate', SizeRule.FxState],
  ['Mdesc', SizeRule.Descriptor],
  ['Mxstate', SizeRule.None],
  ['Mblock', SizeRule.Block64],
  // AMX tile memory: a SIB address without size (tileloadd tmm0,[rax+rbx*1]).
  ['Msib', SizeRule.None],
]);

/** Register numbers of the fixed-register tokens. */
const fixedRegisters: ReadonlyMap<string, [RegisterClass, SizeRule, number]> = new Map([
  ['AL', [RegisterClass.GPR, SizeRule.Byte, 0]],
  ['CL', [RegisterClass.GPR, SizeRule.Byte, 1]],
  ['AX', [RegisterClass.GPR, SizeRule.Word, 0]],
  ['DX', [RegisterClass.GPR, SizeRule.Word, 2]],
  ['EAX', [RegisterClass.GPR, SizeRule.Dword, 0]],
  ['ECX', [RegisterClass.GPR, SizeRule.Dword, 1]],
  ['EDX', [RegisterClass.GPR, SizeRule.Dword, 2]],
  ['EBX', [RegisterClass.GPR, SizeRule.Dword, 3]],
  ['RAX', [RegisterClass.GPR, SizeRule.Qword, 0]],
  ['rAX', [RegisterClass.GPR, SizeRule.OperandSize, 0]],
  ['eAX', [RegisterClass.GPR, SizeRule.WordOrDword, 0]],
  ['ST', [RegisterClass.X87, SizeRule.Tbyte, 0]],
  ['XMM0', [RegisterClass.Vector, SizeRule.Xmm, 0]],
  ['FS', [RegisterClass.Segment, SizeRule.Word, 4]],
  ['GS', [RegisterClass.Segment, SizeRule.Word, 5]],
]);

function spec(token: string, fields: Partial<OperandSpec> & Pick<OperandSpec, 'source'>): OperandSpec {
  return {
    token,
    regClass: RegisterClass.GPR,
    regSize: SizeRule.None,
    memSize: SizeRule.None,
    memAllowed: false,
    memDisplay: SizeRule.None,
    fixedReg: 0,
    signExtend: false,
    encodedSize: SizeRule.None,
    vsibIndex: SizeRule.None,
    requiresSib: false,
    ...fields,
  };
}

function sizeOf(suffix: string, token: string): SizeRule {
  const size = sizeSuffixes.get(suffix);
  if (size === undefined) throw new Error(`opcode table: unknown size '${suffix}' in operand '${token}'`);
  return size;
}

/** Register-form letters of ModRM.rm operands, and their register files. */
const rmRegisterLetters: Record<string, RegisterClass> = {
  R: RegisterClass.GPR,
  U: RegisterClass.Vector,
  N: RegisterClass.MMX,
  Km: RegisterClass.Mask,
  Tm: RegisterClass.Bound,
};

/** Parses one register-form or memory-form half of an rm operand (`Rd`, `Mb`, `Ux`, `N`). */
function rmHalf(text: string, token: string): Partial<OperandSpec> {
  if (text === 'M') return { memAllowed: true };
  const named = namedMemory.get(text);
  if (named !== undefined) return { memAllowed: true, memSize: named, requiresSib: text === 'Msib' };
  if (text.startsWith('M')) {
    const addressOnly = text.endsWith('!');
    const size = sizeOf(text.slice(1, addressOnly ? -1 : undefined), token);
    if (addressOnly) return { memAllowed: true, memSize: SizeRule.ByteAddressOnly, memDisplay: size };
    return { memAllowed: true, memSize: size, memDisplay: size };
  }
  for (const [letters, regClass] of Object.entries(rmRegisterLetters)) {
    if (text.startsWith(letters)) {
      const rest = text.slice(letters.length);
      const regSize =
        regClass === RegisterClass.MMX
          ? SizeRule.Qword
          : regClass === RegisterClass.Mask || regClass === RegisterClass.Bound
            ? rest === ''
              ? SizeRule.Qword
              : sizeOf(rest, token)
            : sizeOf(rest, token);
      return { regClass, regSize };
    }
  }
  throw new Error(`opcode table: cannot read '${text}' in operand '${token}'`);
}

const cache = new Map<string, OperandSpec>();

/** Compiles one operand token of the opcode table. Throws on tokens it does not know. */
export function operandSpec(token: string): OperandSpec {
  let result = cache.get(token);
  if (!result) {
    result = parseOperand(token);
    cache.set(token, result);
  }
  return result;
}

function parseOperand(token: string): OperandSpec {
  const fixed = fixedRegisters.get(token);
  if (fixed)
    return spec(token, { source: OperandSource.Fixed, regClass: fixed[0], regSize: fixed[1], fixedReg: fixed[2] });
  if (token === '1') return spec(token, { source: OperandSource.Constant, fixedReg: 1 });
  if (token === 'Mxlat')
    return spec(token, {
      source: OperandSource.XlatMemory,
      memAllowed: true,
      memSize: SizeRule.Byte,
      memDisplay: SizeRule.Byte,
    });
  if (token === 'STi')
    return spec(token, { source: OperandSource.ModrmRm, regClass: RegisterClass.X87, regSize: SizeRule.Tbyte });

  // A ModRM.rm operand with distinct register and memory forms: `Rd/Mb`, `Ux/Mq`.
  if (token.includes('/') && !token.startsWith('Vsib')) {
    const [regText, memText] = token.split('/') as [string, string];
    const reg = rmHalf(regText, token);
    const mem = rmHalf(memText, token);
    if (reg.memAllowed || !mem.memAllowed) throw new Error(`opcode table: operand '${token}' is not register/memory`);
    return spec(token, { source: OperandSource.ModrmRm, ...reg, ...mem });
  }
  if (token.startsWith('Vsib')) {
    // Vsib<index>/<element>: a memory operand whose index is a vector register.
    const [indexText, elementText] = token.slice(4).split('/') as [string, string];
    const element = sizeOf(elementText, token);
    return spec(token, {
      source: OperandSource.ModrmRm,
      memAllowed: true,
      memSize: element,
      memDisplay: element,
      vsibIndex: sizeOf(indexText, token),
    });
  }

  switch (token) {
    case 'Tilr':
      return spec(token, { source: OperandSource.ModrmReg, regClass: RegisterClass.Tile, regSize: SizeRule.Zmm });
    case 'Tilm':
      return spec(token, { source: OperandSource.ModrmRm, regClass: RegisterClass.Tile, regSize: SizeRule.Zmm });
    case 'Tilv':
      return spec(token, { source: OperandSource.Vvvv, regClass: RegisterClass.Tile, regSize: SizeRule.Zmm });
  }

  const two = token.slice(0, 2);
  const rest2 = token.slice(2);
  switch (two) {
    case 'Kr':
      return spec(token, { source: OperandSource.ModrmReg, regClass: RegisterClass.Mask, regSize: SizeRule.Qword });
    case 'Kv':
      return spec(token, { source: OperandSource.Vvvv, regClass: RegisterClass.Mask, regSize: SizeRule.Qword });
    case 'Km':
      return spec(token, { source: OperandSource.ModrmRm, regClass: RegisterClass.Mask, regSize: SizeRule.Qword });
    case 'Tr':
      return spec(token, { source: OperandSource.ModrmReg, regClass: RegisterClass.Bound, regSize: SizeRule.Xmm });
    case 'Tm':
      return spec(token, {
        source: OperandSource.ModrmRm,
        regClass: RegisterClass.Bound,
        regSize: SizeRule.Xmm,
        memAllowed: true,
        memSize: rest2 === '' ? SizeRule.Xmm : sizeOf(rest2, token),
        memDisplay: rest2 === '' ? SizeRule.Xmm : sizeOf(rest2, token),
      });
    case 'Is':
      return spec(token, { source: OperandSource.Immediate, signExtend: true, encodedSize: sizeOf(rest2, token) });
    case 'I2':
      return spec(token, { source: OperandSource.Immediate2, encodedSize: sizeOf(rest2, token) });
  }

  const letter = token[0]!;
  const rest = token.slice(1);
  switch (letter) {
    case 'E': {
      const size = sizeOf(rest, token);
      return spec(token, {
        source: OperandSource.ModrmRm,
        regSize: size,
        memAllowed: true,
        memSize: size,
        memDisplay: size,
      });
    }
    case 'R':
      return spec(token, { source: OperandSource.ModrmRm, regSize: sizeOf(rest, token) });
    case 'M':
      return spec(token, { source: OperandSource.ModrmRm, ...rmHalf(token, token) });
    case 'G':
      return spec(token, { source: OperandSource.ModrmReg, regSize: sizeOf(rest, token) });
    case 'B':
      return spec(token, { source: OperandSource.Vvvv, regSize: sizeOf(rest, token) });
    case 'Z':
      return spec(token, { source: OperandSource.OpcodeReg, regSize: sizeOf(rest, token) });
    case 'V':
      return spec(token, {
        source: OperandSource.ModrmReg,
        regClass: RegisterClass.Vector,
        regSize: vectorRegister(rest, token),
      });
    case 'H':
      return spec(token, {
        source: OperandSource.Vvvv,
        regClass: RegisterClass.Vector,
        regSize: vectorRegister(rest, token),
      });
    case 'L':
      return spec(token, {
        source: OperandSource.Is4,
        regClass: RegisterClass.Vector,
        regSize: vectorRegister(rest, token),
      });
    case 'U':
      return spec(token, {
        source: OperandSource.ModrmRm,
        regClass: RegisterClass.Vector,
        regSize: vectorRegister(rest, token),
      });
    case 'W': {
      const size = sizeOf(rest, token);
      return spec(token, {
        source: OperandSource.ModrmRm,
        regClass: RegisterClass.Vector,
        regSize: vectorRegister(rest, token),
        memAllowed: true,
        memSize: size,
        memDisplay: size,
      });
    }
    case 'P':
      return spec(token, { source: OperandSource.ModrmReg, regClass: RegisterClass.MMX, regSize: SizeRule.Qword });
    case 'N':
      return spec(token, { source: OperandSource.ModrmRm, regClass: RegisterClass.MMX, regSize: SizeRule.Qword });
    case 'Q': {
      const size = rest === '' ? SizeRule.Qword : sizeOf(rest, token);
      return spec(token, {
        source: OperandSource.ModrmRm,
        regClass: RegisterClass.MMX,
        regSize: SizeRule.Qword,
        memAllowed: true,
        memSize: size,
        memDisplay: size,
      });
    }
    case 'S':
      return spec(token, { source: OperandSource.ModrmReg, regClass: RegisterClass.Segment, regSize: SizeRule.Word });
    case 'C':
      return spec(token, { source: OperandSource.ModrmReg, regClass: RegisterClass.Control, regSize: SizeRule.Qword });
    case 'D':
      return spec(token, { source: OperandSource.ModrmReg, regClass: RegisterClass.Debug, regSize: SizeRule.Qword });
    case 'I':
      return spec(token, { source: OperandSource.Immediate, encodedSize: sizeOf(rest, token) });
    case 'J':
      return spec(token, { source: OperandSource.Relative, encodedSize: sizeOf(rest, token) });
    case 'O': {
      const size = sizeOf(rest, token);
      return spec(token, { source: OperandSource.Moffs, memAllowed: true, memSize: size, memDisplay: size });
    }
    case 'X': {
      const size = sizeOf(rest, token);
      return spec(token, { source: OperandSource.StringSource, memAllowed: true, memSize: size, memDisplay: size });
    }
    case 'Y': {
      const size = sizeOf(rest, token);
      return spec(token, {
        source: OperandSource.StringDestination,
        memAllowed: true,
        memSize: size,
        memDisplay: size,
      });
    }
  }
  throw new Error(`opcode table: unknown operand '${token}'`);
}

/** Register view of a vector operand: scalar and 16-byte sizes are an xmm register. */
function vectorRegister(suffix: string, token: string): SizeRule {
  const size = sizeOf(suffix, token);
  switch (size) {
    case SizeRule.Vector:
    case SizeRule.HalfVector:
    case SizeRule.Ymm:
    case SizeRule.Zmm:
      return size;
    case SizeRule.DupVector:
      return SizeRule.Vector;
    default:
      return SizeRule.Xmm;
  }
}

/**
 * Resolves a size rule to bytes. `operandSize` is 2/4/8, `vectorLength` 16/32/64, `w` REX.W/VEX.W.
 * Sizes that do not depend on the instruction resolve the same for every instruction.
 */
export function resolveSize(rule: SizeRule, operandSize: number, vectorLength: number, w: boolean): number {
  switch (rule) {
    case SizeRule.None:
    case SizeRule.ByteAddressOnly:
      return 0;
    case SizeRule.Byte:
      return 1;
    case SizeRule.Word:
      return 2;
    case SizeRule.Dword:
      return 4;
    case SizeRule.Qword:
      return 8;
    case SizeRule.Tbyte:
      return 10;
    case SizeRule.Xmm:
    case SizeRule.Oword:
      return 16;
    case SizeRule.Ymm:
      return 32;
    case SizeRule.Zmm:
      return 64;
    case SizeRule.OperandSize:
      return operandSize;
    case SizeRule.DwordOrQword:
      return w ? 8 : 4;
    case SizeRule.WordOrDword:
      return operandSize === 2 ? 2 : 4;
    case SizeRule.Vector:
      return vectorLength;
    case SizeRule.HalfVector:
      return vectorLength >> 1;
    case SizeRule.QuarterVector:
      return vectorLength >> 2;
    case SizeRule.EighthVector:
      return vectorLength >> 3;
    case SizeRule.FarPointer:
      return operandSize + 2;
    case SizeRule.FpuEnvironment:
      return operandSize === 2 ? 14 : 28;
    case SizeRule.FpuState:
      return operandSize === 2 ? 94 : 108;
    case SizeRule.FxState:
      return 512;
    case SizeRule.Descriptor:
      return 10;
    case SizeRule.Block64:
      return 64;
    case SizeRule.DupVector:
      return vectorLength === 16 ? 8 : vectorLength;
  }
}

/** Register view of vector sizes: at least an xmm register. */
export function resolveVectorRegisterSize(rule: SizeRule, vectorLength: number): number {
  const size = resolveSize(rule, 4, vectorLength, false);
  return Math.max(size, 16);
}

/** Whether a size rule depends on the operand size (so a 66 prefix or REX.W changes it). */
export function dependsOnOperandSize(rule: SizeRule): boolean {
  return (
    rule === SizeRule.OperandSize ||
    rule === SizeRule.WordOrDword ||
    rule === SizeRule.FarPointer ||
    rule === SizeRule.FpuEnvironment ||
    rule === SizeRule.FpuState
  );
}
