// A form: one row of the opcode table, compiled. Every decoded instruction points at its form
// (`Instruction.form`), which holds the facts that do not vary between instances: identity (code),
// mnemonic, operand specifications, prefix rules, EVEX properties.
//
// Row syntax (see ./opcode-table/*.ts):   <encoding> | <mnemonic> <operands> | <flags>
//
//   encoding: space-separated tokens
//     VEX / EVEX / XOP / 3DNOW    encoding space (default: legacy)
//     NP 66 F3 F2                 mandatory prefix (legacy: NP = no F2/F3 prefix and no 66 unless
//                                 the instruction uses 66 as its operand size; VEX/EVEX: the pp field)
//     0F 0F38 0F3A M5 M6 M8 M9 MA opcode map (legacy/VEX/EVEX maps 1–3, EVEX maps 5–6, XOP maps 8–A)
//     L0 L1 L2 L12 L01            vector length(s) 128/256/512 allowed (absent: any)
//     W0 W1                       REX.W / VEX.W / EVEX.W (absent: ignored)
//     hh                          the opcode byte; `hh+r`: eight opcodes with a register in the low bits
//     /r  /0../7                  a ModRM byte (with a fixed reg field)
//     hh (after the opcode)       the whole ModRM byte (mod = 3); `hh+i`: any rm (x87 st(i) forms)
//     mem reg                     ModRM.mod must be != 3 / == 3 (usually implied by the operands)
//     rb0 rb1                     REX.B must be 0 / 1 (90: nop vs xchg r8,rax)
//     rm0..rm7                    ModRM.rm must be this value (with `reg`)
//   mnemonic: the text objdump shows. `o:a/b/c` picks by operand size 16/32/64, `a:a/b` by address
//     size 32/64, `w:a/b` by W0/W1, `l:a/b/c` by vector length 128/256/512.
//   operands: comma-separated tokens of ./operand-spec.ts, in Intel order.
//   flags: lock rep repcc bnd notrack d64 f64 hle xrelease modreg fwait os66 norexw distinct distinctdest pred=<table> —
//     and for EVEX: k (masking) z (zeroing) kreq (mask required) b=4|8|2|w (broadcast element size;
//     w: 4 with W0, 8 with W1) er (embedded rounding) sae; t=<tuple type> (disp8*N compression).
//     `=NAME` sets the instruction identity (Code.NAME); by default it is the mnemonic in capitals.

import type { Encoding } from './instruction.ts';
import { dependsOnOperandSize, OperandSource, type OperandSpec, operandSpec, SizeRule } from './operand-spec.ts';

/** Opcode tables the decoder indexes: encoding space and map. */
export const enum OpcodeTable {
  Legacy = 0,
  Legacy0F = 1,
  Legacy0F38 = 2,
  Legacy0F3A = 3,
  Vex0F = 4,
  Vex0F38 = 5,
  Vex0F3A = 6,
  Evex0F = 7,
  Evex0F38 = 8,
  Evex0F3A = 9,
  EvexMap5 = 10,
  EvexMap6 = 11,
  XopMap8 = 12,
  XopMap9 = 13,
  XopMapA = 14,
  /** 3DNow!: 0F 0F /r, indexed by the trailing opcode byte. */
  Now3D = 15,
  Count = 16,
}

/** How a mnemonic varies within one form. */
export const enum MnemonicVariant {
  None = 0,
  /** By operand size 16/32/64. */
  OperandSize = 1,
  /** By address size 32/64. */
  AddressSize = 2,
  /** By W0/W1. */
  W = 3,
  /** By vector length 128/256/512. */
  VectorLength = 4,
}

export const enum FormFlag {
  Lock = 1 << 0,
  /** F3 is `rep` (movs, stos, lods, ins, outs). */
  Rep = 1 << 1,
  /** F3/F2 are `repz`/`repnz` (cmps, scas). */
  RepCondition = 1 << 2,
  /** F2 is `bnd` (MPX branch). */
  Bnd = 1 << 3,
  /** 3E is `notrack` (CET indirect branch). */
  Notrack = 1 << 4,
  /** Default operand size 64 (push, pop, …): 66 selects 16, 32 is not encodable. */
  Default64 = 1 << 5,
  /** Operand size forced to 64 (near branches): 66 and REX.W ignored (Intel behaviour). */
  Force64 = 1 << 6,
  /** F2/F3 with LOCK are xacquire/xrelease. */
  Hle = 1 << 7,
  /** F3 without LOCK is xrelease (mov to memory). */
  XreleaseMov = 1 << 8,
  /** ModRM.mod is ignored: always the register form (mov to/from control and debug registers). */
  ModIsRegister = 1 << 9,
  /** The 9B (fwait) byte before the x87 opcode is part of the instruction (fstcw, fstenv, …). */
  Fwait = 1 << 10,
  // EVEX properties.
  Masking = 1 << 11,
  Zeroing = 1 << 12,
  MaskRequired = 1 << 13,
  EmbeddedRounding = 1 << 14,
  SuppressAllExceptions = 1 << 15,
  /** The row is valid with the 66 prefix as operand size (NP rows that use 66: movbe). */
  AcceptsOperandSize66 = 1 << 16,
  /** 66 selects 16-bit operand size; REX.W is ignored for the size (but may choose the row). */
  NoRexW = 1 << 17,
  /** The register operands (and a VSIB index) must all differ (gathers, AMX dot products): #UD otherwise. */
  DistinctRegisters = 1 << 18,
  /** The destination register must differ from the source registers (complex fp16 FMA). */
  DistinctDestination = 1 << 19,
}

/** EVEX compressed-displacement tuple types (SDM 2.7.5). */
export const enum TupleType {
  None = 0,
  /** Full vector, with broadcast. */
  Full = 1,
  /** Half vector, with broadcast (conversions that widen elements). */
  Half = 2,
  /** Full vector memory, no broadcast. */
  FullMem = 3,
  /** One scalar element: N = element size. */
  Tuple1Scalar = 4,
  /** One 32/64-bit element of a fixed size (N = 4/8 by W): vmovd, vpinsrd, … */
  Tuple1Fixed = 5,
  Tuple2 = 6,
  Tuple4 = 7,
  Tuple8 = 8,
  HalfMem = 9,
  QuarterMem = 10,
  EighthMem = 11,
  Mem128 = 12,
  Movddup = 13,
  /** Quarter vector, with broadcast (fp16 → fp64 conversions). */
  Quarter = 14,
  /** A fixed N given in the row (`t=4`): one element of a compress/expand, a 4FMAPS block. */
  Fixed = 15,
}

/** Predicate pseudo-op tables for immediates that select a comparison (cmpps → cmpltps). */
export const enum Predicate {
  None = 0,
  /** SSE/AVX cmp{ps,pd,ss,sd}: 8 (legacy) or 32 (VEX/EVEX) predicates before the suffix. */
  Compare = 1,
  /** pclmulqdq: lqlq/hqlq/lqhq/hqhq. */
  Pclmul = 2,
  /** AVX-512 vpcmp[u]{b,w,d,q}: eq lt le false neq nlt nle true. */
  IntegerCompare = 3,
  /** XOP vpcom[u]{b,w,d,q}: lt le gt ge eq neq false true. */
  XopCompare = 4,
}

export interface Form {
  /** Index in `forms`: the row's identity, stable for the life of the process. */
  readonly index: number;
  /** The instruction identity (Code). */
  code: number;
  readonly codeName: string;
  /** Mnemonic text(s) objdump shows; `variant` says how one is picked. */
  readonly mnemonics: readonly string[];
  readonly variant: MnemonicVariant;
  readonly operands: readonly OperandSpec[];
  readonly flags: number;
  readonly encoding: Encoding;
  readonly table: OpcodeTable;
  /** Opcode byte (the first, for `+r` rows). */
  readonly opcode: number;
  /** Opcodes this row covers (8 for `+r` rows). */
  readonly opcodeCount: number;
  readonly hasModrm: boolean;
  /** Constraints; -1 = any. `prefix`: 0 none, 1 = 66, 2 = F3, 3 = F2. */
  readonly prefix: number;
  readonly mod: number; // 0: memory (mod != 3), 1: register (mod == 3), -1 any
  readonly reg: number;
  readonly rm: number;
  readonly w: number;
  /** Allowed VEX.L / EVEX.L'L values as a bit mask (bit n: L = n), or -1 for any. */
  readonly lengths: number;
  readonly rexB: number;
  /** The `NP` row of a legacy SSE/GP opcode: also used with 66 when 66 is its operand size. */
  readonly noPrefixDeclared: boolean;
  /** Bytes of immediate data after the ModRM/SIB/displacement, per operand size 2/4/8 (index 0/1/2). */
  readonly immediateBytes: readonly [number, number, number];
  /**
   * Some operand is read from bytes after the addressing bytes: an immediate, a relative target,
   * an is4 register or a moffs address (the decoder reads them only then).
   */
  readonly trailingOperands: boolean;
  readonly predicate: Predicate;
  readonly tuple: TupleType;
  /** N of a `TupleType.Fixed` row. */
  readonly tupleN: number;
  /** EVEX broadcast element size: 0 none, 2, 4, 8, or -1 (4 with W0, 8 with W1). */
  readonly broadcast: number;
  /** Whether some operand's size depends on the operand size (so 66/REX.W are used by it). */
  readonly usesOperandSize: boolean;
  /** Which operand (if any) is the ModRM.rm operand, and which is VEX.vvvv, or -1. */
  readonly rmOperand: number;
  readonly vvvvOperand: number;
  /** The source table line, for diagnostics. */
  readonly source: string;
}

const tableOfMap: Record<string, Record<string, OpcodeTable>> = {
  legacy: {
    '': OpcodeTable.Legacy,
    '0F': OpcodeTable.Legacy0F,
    '0F38': OpcodeTable.Legacy0F38,
    '0F3A': OpcodeTable.Legacy0F3A,
  },
  VEX: { '0F': OpcodeTable.Vex0F, '0F38': OpcodeTable.Vex0F38, '0F3A': OpcodeTable.Vex0F3A },
  EVEX: {
    '0F': OpcodeTable.Evex0F,
    '0F38': OpcodeTable.Evex0F38,
    '0F3A': OpcodeTable.Evex0F3A,
    M5: OpcodeTable.EvexMap5,
    M6: OpcodeTable.EvexMap6,
  },
  XOP: { M8: OpcodeTable.XopMap8, M9: OpcodeTable.XopMap9, MA: OpcodeTable.XopMapA },
  '3DNOW': { '0F': OpcodeTable.Now3D },
};

const encodingOfSpace: Record<string, Encoding> = {
  legacy: 0 as Encoding.Legacy,
  VEX: 1 as Encoding.VEX,
  EVEX: 2 as Encoding.EVEX,
  XOP: 3 as Encoding.XOP,
  '3DNOW': 4 as Encoding.Now3D,
};

const flagNames: Record<string, FormFlag> = {
  lock: FormFlag.Lock,
  rep: FormFlag.Rep,
  repcc: FormFlag.RepCondition,
  bnd: FormFlag.Bnd,
  notrack: FormFlag.Notrack,
  d64: FormFlag.Default64,
  f64: FormFlag.Force64,
  hle: FormFlag.Hle,
  xrelease: FormFlag.XreleaseMov,
  modreg: FormFlag.ModIsRegister,
  fwait: FormFlag.Fwait,
  k: FormFlag.Masking,
  z: FormFlag.Zeroing,
  kreq: FormFlag.MaskRequired | FormFlag.Masking,
  er: FormFlag.EmbeddedRounding,
  sae: FormFlag.SuppressAllExceptions,
  os66: FormFlag.AcceptsOperandSize66,
  norexw: FormFlag.NoRexW,
  distinct: FormFlag.DistinctRegisters,
  distinctdest: FormFlag.DistinctDestination,
};

const tupleNames: Record<string, TupleType> = {
  fv: TupleType.Full,
  hv: TupleType.Half,
  fvm: TupleType.FullMem,
  t1s: TupleType.Tuple1Scalar,
  t1f: TupleType.Tuple1Fixed,
  t2: TupleType.Tuple2,
  t4: TupleType.Tuple4,
  t8: TupleType.Tuple8,
  hvm: TupleType.HalfMem,
  qvm: TupleType.QuarterMem,
  ovm: TupleType.EighthMem,
  m128: TupleType.Mem128,
  dup: TupleType.Movddup,
  qv: TupleType.Quarter,
};

const predicateNames: Record<string, Predicate> = {
  cmp: Predicate.Compare,
  pclmul: Predicate.Pclmul,
  vpcmp: Predicate.IntegerCompare,
  vpcom: Predicate.XopCompare,
};

const variantPrefixes: Record<string, MnemonicVariant> = {
  'o:': MnemonicVariant.OperandSize,
  'a:': MnemonicVariant.AddressSize,
  'w:': MnemonicVariant.W,
  'l:': MnemonicVariant.VectorLength,
};

/** Immediate bytes of an operand spec at operand size 2/4/8. */
// The widths immediateWidths gives, made once (a row is parsed by start-up code: see parseRow).
const NO_BYTES: readonly [number, number, number] = [0, 0, 0];
const ONE_BYTE: readonly [number, number, number] = [1, 1, 1];
const WORD_BYTES: readonly [number, number, number] = [2, 2, 2];
const DWORD_BYTES: readonly [number, number, number] = [4, 4, 4];
const WORD_OR_DWORD_BYTES: readonly [number, number, number] = [2, 4, 4];
const OPERAND_SIZE_BYTES: readonly [number, number, number] = [2, 4, 8];

function immediateWidths(op: OperandSpec): readonly [number, number, number] {
  if (op.source === OperandSource.Is4) return ONE_BYTE;
  if (
    op.source !== OperandSource.Immediate &&
    op.source !== OperandSource.Immediate2 &&
    op.source !== OperandSource.Relative
  )
    return NO_BYTES;
  switch (op.encodedSize) {
    case SizeRule.Byte:
      return ONE_BYTE;
    case SizeRule.Word:
      return WORD_BYTES;
    case SizeRule.Dword:
      return DWORD_BYTES;
    case SizeRule.WordOrDword:
      return WORD_OR_DWORD_BYTES;
    case SizeRule.OperandSize:
      return OPERAND_SIZE_BYTES;
    default:
      throw new Error(`opcode table: immediate '${op.token}' has no encodable size`);
  }
}

/** What a row's encoding column says (before the operands add what they imply). */
export interface EncodingColumn {
  space: string;
  mapName: string;
  table: OpcodeTable;
  prefix: number;
  noPrefixDeclared: boolean;
  opcode: number;
  opcodeCount: number;
  hasModrm: boolean;
  mod: number;
  reg: number;
  rm: number;
  w: number;
  lengths: number;
  rexB: number;
}

// The patterns of the table's tokens, made once: a regular-expression literal inside a function
// makes a new RegExp object each time it is evaluated, and a row is parsed at a program's first
// use of its form (start-up: ~3.6 KB of fresh memory per form before, issue 4). The columns are cut
// into tokens by scanning rather than by split with a pattern, which allocated ~430 bytes a call
// (the tokens' array, the split's own matching; ~1.7 KB of fresh memory per row in all).
const EVEX_MAP_TOKEN = /^M[5689A]$/;
const LENGTHS_TOKEN = /^L[0-3]+$/;
const RM_TOKEN = /^rm[0-7]$/;
const REG_TOKEN = /^\/[0-7]$/;
const OPCODE_TOKEN = /^[0-9A-F]{2}(\+r)?$/;
const MODRM_TOKEN = /^[0-9A-F]{2}(\+i)?$/;
const NOT_IN_CODE_NAME = /[^A-Z0-9_]/g;

/** Whether `c` (a character code) is white space, as `\s` of the table's ASCII text. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** The end of the token that starts at `start` of `text`, before `end` (at a space, a '.' too when `dotSeparates`). */
function tokenEnd(text: string, start: number, end: number, dotSeparates: boolean): number {
  let at = start + 1;
  while (at < end) {
    const c = text.charCodeAt(at);
    if (isSpace(c) || (dotSeparates && c === 46)) break;
    at++;
  }
  return at;
}
const FIXED_TUPLE_TOKEN = /^t=[0-9]+$/;

/**
 * Parses the encoding column of a table row (the text before the first `|`). Cheap enough to run
 * over the whole table at start-up: the decoder groups rows by opcode with it.
 */
export function parseEncodingColumn(line: string): EncodingColumn {
  const bar = line.indexOf('|');
  const encodingEnd = bar < 0 ? line.length : bar;
  let space = 'legacy';
  let mapName = '';
  let prefix = -1;
  let noPrefixDeclared = false;
  let opcode = -1;
  let opcodeCount = 1;
  let hasModrm = false;
  let mod = -1;
  let reg = -1;
  let rm = -1;
  let w = -1;
  let lengths = -1;
  let rexB = -1;
  // Tokens are separated by spaces and dots (`VEX.66.0F38.W0`).
  for (let start = 0; start < encodingEnd; ) {
    const c = line.charCodeAt(start);
    if (isSpace(c) || c === 46) {
      start++;
      continue;
    }
    const stop = tokenEnd(line, start, encodingEnd, true);
    const token = line.slice(start, stop);
    start = stop;
    if (token in encodingOfSpace) space = token;
    else if (token === 'NP') {
      prefix = 0;
      noPrefixDeclared = true;
    } else if (token === '66' && opcode < 0 && mapName === '' && prefix < 0) prefix = 1;
    else if (token === 'F3' && opcode < 0 && mapName === '') prefix = 2;
    else if (token === 'F2' && opcode < 0 && mapName === '') prefix = 3;
    else if (
      (token === '0F' || token === '0F38' || token === '0F3A' || EVEX_MAP_TOKEN.test(token)) &&
      opcode < 0 &&
      mapName === ''
    )
      mapName = token;
    else if (LENGTHS_TOKEN.test(token)) {
      lengths = 0;
      for (const digit of token.slice(1)) lengths |= 1 << Number(digit);
    } else if (token === 'LIG' || token === 'WIG') {
      // explicitly ignored
    } else if (token === 'W0' || token === 'W1') w = Number(token[1]);
    else if (token === 'mem') mod = 0;
    else if (token === 'reg') mod = 1;
    else if (token === 'rb0' || token === 'rb1') rexB = Number(token[2]);
    else if (RM_TOKEN.test(token)) rm = Number(token[2]);
    else if (token === '/r') hasModrm = true;
    else if (REG_TOKEN.test(token)) {
      hasModrm = true;
      reg = Number(token[1]);
    } else if (OPCODE_TOKEN.test(token) && opcode < 0) {
      opcode = Number.parseInt(token.slice(0, 2), 16);
      if (token.endsWith('+r')) opcodeCount = 8;
    } else if (MODRM_TOKEN.test(token) && opcode >= 0) {
      const modrm = Number.parseInt(token.slice(0, 2), 16);
      if (modrm < 0xc0) throw new Error(`opcode table: ModRM byte ${token} must be a register form in '${line}'`);
      hasModrm = true;
      mod = 1;
      reg = (modrm >> 3) & 7;
      if (!token.endsWith('+i')) rm = modrm & 7;
    } else throw new Error(`opcode table: unknown encoding token '${token}' in '${line}'`);
  }
  if (opcode < 0) throw new Error(`opcode table: no opcode in '${line}'`);
  const table = tableOfMap[space]?.[mapName];
  if (table === undefined) throw new Error(`opcode table: no map '${mapName}' for ${space} in '${line}'`);
  return {
    space,
    mapName,
    table,
    prefix,
    noPrefixDeclared,
    opcode,
    opcodeCount,
    hasModrm,
    mod,
    reg,
    rm,
    w,
    lengths,
    rexB,
  };
}

/** Parses one table row. `index` becomes the form's index. */
export function parseRow(line: string, index: number): Form {
  // Two or three columns: encoding | instruction [| flags].
  const bar = line.indexOf('|');
  const flagBar = bar < 0 ? -1 : line.indexOf('|', bar + 1);
  if (bar < 0 || (flagBar >= 0 && line.indexOf('|', flagBar + 1) >= 0))
    throw new Error(`opcode table: bad row '${line}'`);
  const instructionText = line.slice(bar + 1, flagBar < 0 ? line.length : flagBar).trim();

  // Encoding.
  const column = parseEncodingColumn(line);
  const { space, table, prefix, noPrefixDeclared, opcode, opcodeCount, reg, rm, w, lengths, rexB } = column;
  let hasModrm = column.hasModrm;
  let mod = column.mod;
  if (space !== 'legacy' && space !== '3DNOW') hasModrm = hasModrm || opcodeHasModrmInVex(table, opcode);
  if (space === '3DNOW') hasModrm = true;

  // Mnemonic and operands.
  const spaceAt = instructionText.indexOf(' ');
  let mnemonicText = spaceAt < 0 ? instructionText : instructionText.slice(0, spaceAt);
  const operandText = spaceAt < 0 ? '' : instructionText.slice(spaceAt + 1).trim();
  let variant = MnemonicVariant.None;
  const variantPrefix = mnemonicText.slice(0, 2);
  if (variantPrefix in variantPrefixes) {
    variant = variantPrefixes[variantPrefix]!;
    mnemonicText = mnemonicText.slice(2);
  }
  // `~` stands for a space inside a mnemonic (`fneni(8087 only)`).
  // (Loops rather than map/reduce with arrows here and below: a row is parsed at a program's first
  // use of its form, by the unoptimised start-up code, where each arrow and each for-of iteration
  // is fresh memory.)
  const mnemonics = variant === MnemonicVariant.None ? [mnemonicText] : mnemonicText.split('/');
  for (let i = 0; i < mnemonics.length; i++) {
    if (mnemonics[i]!.includes('~')) mnemonics[i] = mnemonics[i]!.replaceAll('~', ' ');
  }
  const operands: OperandSpec[] = [];
  for (let start = 0; operandText !== '' && start <= operandText.length; ) {
    let comma = operandText.indexOf(',', start);
    if (comma < 0) comma = operandText.length;
    operands.push(operandSpec(operandText.slice(start, comma).trim()));
    start = comma + 1;
  }

  // Flags.
  let flags = 0;
  // By default the identity is the shortest mnemonic variant (cbw/cwde/cdqe → CBW, pushw/push → PUSH).
  let shortest = mnemonics[0]!;
  for (let i = 1; i < mnemonics.length; i++) if (mnemonics[i]!.length < shortest.length) shortest = mnemonics[i]!;
  // Unless a `=NAME` flag names it, made after the flags.
  let codeName: string | undefined;
  let predicate = Predicate.None;
  let tuple = TupleType.None;
  let tupleN = 0;
  let broadcast = 0;
  for (let start = flagBar < 0 ? line.length : flagBar + 1; start < line.length; ) {
    if (isSpace(line.charCodeAt(start))) {
      start++;
      continue;
    }
    const stop = tokenEnd(line, start, line.length, false);
    const token = line.slice(start, stop);
    start = stop;
    if (token.startsWith('=')) codeName = token.slice(1);
    else if (token.startsWith('pred=')) {
      const p = predicateNames[token.slice(5)];
      if (p === undefined) throw new Error(`opcode table: unknown predicate '${token}' in '${line}'`);
      predicate = p;
    } else if (FIXED_TUPLE_TOKEN.test(token)) {
      tuple = TupleType.Fixed;
      tupleN = Number(token.slice(2));
    } else if (token.startsWith('t=')) {
      const t = tupleNames[token.slice(2)];
      if (t === undefined) throw new Error(`opcode table: unknown tuple type '${token}' in '${line}'`);
      tuple = t;
    } else if (token.startsWith('b=')) {
      const b = token.slice(2);
      broadcast = b === 'w' ? -1 : Number(b);
      if (![2, 4, 8, -1].includes(broadcast)) throw new Error(`opcode table: bad broadcast '${token}' in '${line}'`);
    } else if (token in flagNames) flags |= flagNames[token]!;
    else throw new Error(`opcode table: unknown flag '${token}' in '${line}'`);
  }
  codeName ??= shortest.toUpperCase().replace(NOT_IN_CODE_NAME, '_');

  // What the operands imply.
  let rmOperand = -1;
  let vvvvOperand = -1;
  let usesOperandSize = variant === MnemonicVariant.OperandSize;
  const immediateBytes: [number, number, number] = [0, 0, 0];
  let hasIs4 = false;
  let hasImmediate = false;
  let trailingOperands = false;
  for (let i = 0; i < operands.length; i++) {
    const op = operands[i]!;
    if (op.source === OperandSource.Is4) hasIs4 = true;
    if (op.source === OperandSource.Immediate) hasImmediate = true;
    if (
      op.source === OperandSource.Immediate ||
      op.source === OperandSource.Immediate2 ||
      op.source === OperandSource.Relative ||
      op.source === OperandSource.Is4 ||
      op.source === OperandSource.Moffs
    )
      trailingOperands = true;
    if (op.source === OperandSource.ModrmRm) {
      if (rmOperand >= 0) throw new Error(`opcode table: two ModRM.rm operands in '${line}'`);
      rmOperand = i;
      hasModrm = true;
      if (op.regSize === SizeRule.None && op.memAllowed) {
        if (mod === 1) throw new Error(`opcode table: memory operand in a register-only row '${line}'`);
        mod = 0;
      } else if (!op.memAllowed && mod !== 0 && !(flags & FormFlag.ModIsRegister)) mod = 1;
    }
    if (op.source === OperandSource.ModrmReg) hasModrm = true;
    if (op.source === OperandSource.Vvvv) vvvvOperand = i;
    if (dependsOnOperandSize(op.regSize) || dependsOnOperandSize(op.memSize) || dependsOnOperandSize(op.encodedSize))
      usesOperandSize = true;
    const widths = immediateWidths(op);
    for (let k = 0; k < 3; k++) immediateBytes[k]! += widths[k]!;
  }
  // An is4 register and an immediate share the trailing byte.
  if (hasIs4 && hasImmediate) for (let k = 0; k < 3; k++) immediateBytes[k]! -= 1;
  if (space === '3DNOW') mod = -1;
  if (flags & FormFlag.AcceptsOperandSize66) usesOperandSize = true;

  return {
    index,
    code: 0,
    codeName,
    mnemonics,
    variant,
    operands,
    flags,
    encoding: encodingOfSpace[space]!,
    table,
    opcode,
    opcodeCount,
    hasModrm,
    prefix,
    mod,
    reg,
    rm,
    w,
    lengths,
    rexB,
    noPrefixDeclared,
    immediateBytes,
    trailingOperands,
    predicate,
    tuple,
    tupleN,
    broadcast,
    usesOperandSize,
    rmOperand,
    vvvvOperand,
    source: line,
  };
}

/** VEX/EVEX/XOP opcodes always have a ModRM byte, except vzeroupper/vzeroall (VEX 0F 77). */
function opcodeHasModrmInVex(table: OpcodeTable, opcode: number): boolean {
  return !(table === OpcodeTable.Vex0F && opcode === 0x77);
}
