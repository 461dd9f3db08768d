// The decoded x86-64 instruction: the contract between the decoder (src/x86/decoder*), the
// formatter (Intel syntax, objdump layout) and the CPU (src/cpu), which executes it.
//
// Shape: one flat object per instruction, no per-operand allocation beyond the fixed `operands`
// array, so the CPU can cache decoded instructions per address and bind each to a specialised
// handler once. Numbers only: 64-bit quantities are kept as two int32 halves (lo/hi), never BigInt.
//
// Field meanings are fixed here; the decoder fills them, the formatter and the CPU only read them.

/** What an operand is. */
export const enum OperandKind {
  None = 0,
  /** A register: `regClass` and `reg` say which; `size` how much of it is accessed. */
  Register = 1,
  /** The instruction's memory operand: see the `mem*` fields of the instruction. */
  Memory = 2,
  /** An immediate: `imm`/`immHigh` of the instruction (or `imm2` for the second immediate). */
  Immediate = 3,
  /** A relative branch target (jmp/jcc/call/loop/jrcxz/xbegin): see `branchTarget`. */
  RelativeBranch = 4,
  /** An implicit constant operand (the `1` of `shl eax,1`): `reg` holds the value. */
  Constant = 5,
  /**
   * The source of a string instruction (movs, lods, cmps, outs): [rsi] (esi with 0x67) in `segment`
   * (ds unless overridden). `size` is the element size.
   */
  StringSource = 6,
  /** The destination of a string instruction (movs, stos, cmps, scas, ins): es:[rdi] (edi with 0x67). */
  StringDestination = 7,
}

/** Register files. Numbers within a class follow the encoding (rax=0 … r15=15, xmm0=0 …). */
export const enum RegisterClass {
  /** rax…r15; with size 1 and a REX prefix, 4–7 are spl/bpl/sil/dil. */
  GPR = 0,
  /** ah, ch, dh, bh (size 1, no REX): `reg` 0–3 names the containing register rax…rbx. */
  GPRHigh8 = 1,
  /** es=0 cs=1 ss=2 ds=3 fs=4 gs=5. */
  Segment = 2,
  /** st(0)…st(7), relative to the x87 stack top. */
  X87 = 3,
  /** mm0…mm7. */
  MMX = 4,
  /** xmm0…xmm31 (the vector register file; size 16/32/64 says xmm/ymm/zmm). */
  Vector = 5,
  /** AVX-512 opmask k0…k7. */
  Mask = 6,
  /** cr0…cr15. */
  Control = 7,
  /** dr0…dr15. */
  Debug = 8,
  /** bnd0…bnd3 (MPX). */
  Bound = 9,
  /** AMX tile registers tmm0…tmm7. */
  Tile = 10,
}

/** Segment of a memory operand, after overrides (64-bit mode ignores es/cs/ss/ds bases). */
export const enum Segment {
  ES = 0,
  CS = 1,
  SS = 2,
  DS = 3,
  FS = 4,
  GS = 5,
  /** No override prefix: the default segment. */
  None = 6,
}

/** `memBase` value for RIP-relative addressing: the address is `nextRip + memDisp`. */
export const MEM_BASE_RIP = 16;
/** `memBase`/`memIndex` value when absent. */
export const MEM_NONE = -1;

/** Repeat prefix in effect for a string instruction (or as a mandatory/ignored prefix elsewhere). */
export const enum RepeatPrefix {
  None = 0,
  /** F3: rep / repe / repz. */
  Rep = 1,
  /** F2: repne / repnz. */
  Repne = 2,
}

export interface Operand {
  kind: OperandKind;
  /**
   * Bytes accessed: 1, 2, 4, 8, 10 (x87 extended), 16, 32, 64; for a memory operand the access
   * size (0 when only the address is used: lea, prefetch, nop, invlpg, …; far pointers and
   * descriptor tables give their full size: 10 for `lgdt` in 64-bit mode, etc.).
   */
  size: number;
  /** For Register operands. */
  regClass: RegisterClass;
  /** Register number within `regClass`, or the value of a Constant operand. */
  reg: number;
  /**
   * For vector memory operands with EVEX embedded broadcast: the element size broadcast (4 or 8),
   * else 0. For Register/Memory operands of gather/scatter, unused.
   */
  broadcast: number;
}

export interface Instruction {
  /**
   * The instruction's identity: one value per distinct operation, from the opcode table
   * (`Code` in ./codes.ts). Distinct operations that share a mnemonic text get distinct codes
   * (string `movs` vs SSE `movsd`). Invalid encodings get `Code.Invalid`.
   */
  code: number;
  /** Bytes consumed (1–15). For an invalid encoding, the bytes the decoder consumed before deciding. */
  length: number;
  /** Address of the first byte (as given to the decoder). */
  address: number;

  /** Explicit operands in Intel order (destination first); `operandCount` of them are meaningful. */
  operands: readonly Operand[];
  operandCount: number;

  /** Effective operand size of general-purpose operations: 1, 2, 4 or 8 (after 66/REX.W). */
  operandSize: number;
  /** Effective address size: 4 (after 0x67) or 8. */
  addressSize: number;

  /** Memory operand, when an operand has kind Memory. Registers are GPR numbers 0–15. */
  memBase: number; // MEM_NONE, 0–15, or MEM_BASE_RIP
  memIndex: number; // MEM_NONE or 0–15 (for VSIB: a Vector register number, see `vsib`)
  memScale: number; // 1, 2, 4, 8
  /** Displacement, sign-extended to 64 bits, as int32 halves (moffs forms give a full 64-bit value). */
  memDisp: number;
  memDispHigh: number;
  /** Segment after prefixes; only FS and GS change the address in 64-bit mode. */
  segment: Segment;
  /** The index register is a vector register (VSIB, gathers/scatters). */
  vsib: boolean;

  /** First immediate, extended as the instruction defines (sign or zero) to 64 bits, int32 halves. */
  imm: number;
  immHigh: number;
  /** Second immediate (enter, extrq/insertq), zero-extended. */
  imm2: number;
  /** Absolute target of a RelativeBranch operand: address + length + displacement (mod 2^64, as a JS number). */
  branchTarget: number;

  /** LOCK prefix present. */
  lock: boolean;
  /** Repeat prefix (F3/F2) as it applies to this instruction, when it is not a mandatory prefix. */
  rep: RepeatPrefix;

  /** Vector length of VEX/EVEX instructions in bytes (16, 32, 64); 16 for legacy SSE; 0 otherwise. */
  vectorLength: number;
  /** EVEX opmask register (0 = none), zeroing-masking flag, and embedded rounding/SAE. */
  opmask: number;
  zeroing: boolean;
  /** EVEX static rounding: -1 none, 0 rn, 1 rd, 2 ru, 3 rz; `sae` suppress-all-exceptions. */
  rounding: number;
  sae: boolean;

  /** Encoding family, for the formatter and diagnostics. */
  encoding: Encoding;
  /**
   * Prefix bytes that the instruction did not use (redundant or meaningless ones), in order;
   * objdump prints them as separate words (`data16`, `rex.W`, `ds`, `repz` …).
   */
  unusedPrefixes: number[];

  // Added by the decoder (src/x86/decoder.ts) beyond the original contract.

  /**
   * Index of the opcode-table row (`Form`, src/x86/form.ts) the instruction matched; -1 when
   * invalid. The form's static facts (mnemonic, operand specifications, flags) are `forms[form]`
   * (src/x86/decode-index.ts): a CPU may bind its handler per form.
   */
  form: number;
  /** Bytes of displacement encoded (0, 1, 4, or 8 for moffs): objdump shows `+0x0` when 1 or 4. */
  memDispSize: number;
  /** The SIB byte of the memory operand, or -1 without one (objdump's `riz` depends on it). */
  sib: number;
  /**
   * The words objdump prints before the mnemonic, in prefix order: the unused prefix bytes (as in
   * `unusedPrefixes`: `data16`, `cs`, `rex.W`, `repz` …), 0xF0 for `lock`, and prefixes used in a
   * role as `PrefixWord` values (`rep`, `bnd`, `notrack`, `xacquire`, `xrelease`). Usually empty.
   */
  prefixWords: number[];
}

/** Values of `Instruction.prefixWords` beyond raw prefix bytes. */
export const enum PrefixWord {
  /** F3 used as `rep` by movs/stos/lods/ins/outs. */
  Rep = 0x100,
  /** F2 used as `bnd` (MPX) by a branch. */
  Bnd = 0x101,
  /** 3E used as `notrack` (CET) by an indirect call or jmp. */
  Notrack = 0x102,
  /** F2 with LOCK: lock-elision acquire. */
  Xacquire = 0x103,
  /** F3 with LOCK, or on a plain store: lock-elision release. */
  Xrelease = 0x104,
}

export const enum Encoding {
  Legacy = 0,
  VEX = 1,
  EVEX = 2,
  XOP = 3,
  /** 3DNow! (0F 0F). */
  Now3D = 4,
}
