// SSE, SSE2, SSE3 and SSE4.1 floating-point instructions: arithmetic, min/max, square roots and
// their approximations, compares, conversions, horizontal and dot-product operations, rounding
// and blends. The semantics (MXCSR rounding, DAZ/FTZ, flags, NaN rules) live in
// src/float/sse-math.ts, which works on the CPU's XMM views directly; this file binds operands.
//
// Lane indices: float32 lane i of register r is r*4+i, float64 lane i is r*2+i (see Cpu.xmm). A
// memory source is loaded into slot XMM_SOURCE first (m128 sources of legacy packed forms must be
// 16-byte aligned); operations whose lanes read across each other build results in XMM_RESULT.
// Only the legacy (non-VEX) encodings are implemented, as CPUID advertises no AVX.

import { FLAG_DE, FLAG_IE, FLAG_OE, FLAG_PE, FLAG_UE, FLAG_ZE } from '../float/exceptions.ts';
import { Relation } from '../float/extended.ts';
import {
  arithF32,
  arithF64,
  comiF32,
  comiF64,
  compareF32,
  compareF64,
  dotProductF32,
  dotProductF64,
  f32ToF64,
  f64ToF32,
  floatToInt,
  floatToIntHigh,
  int32ToFloat,
  int64ToFloat,
  minMaxF32,
  minMaxF64,
  reciprocalF32,
  reciprocalSqrtF32,
  roundF32,
  roundF64,
  SimdFloatingPointException,
  SseOp,
  setUnmaskedExceptionHook,
  sqrtF32,
  sqrtF64,
} from '../float/sse-math.ts';
import { Code, codeName } from '../x86/codes.ts';
import { Encoding, type Instruction, OperandKind, RegisterClass } from '../x86/instruction.ts';
import { bindAddress } from './address.ts';
import { type Cpu, XMM_RESULT, XMM_SOURCE } from './cpu.ts';
import { CF, PF, setArithmeticFlags, ZF } from './flags.ts';
import { GuestFault, SIGFPE } from './guest-fault.ts';
import { checkAligned16, load32, load64, loadWords128 } from './memory-access.ts';
import type { Exec, HandlerRegistry } from './registry.ts';
import { copySlot } from './vector-operands.ts';

/** si_code of SIGFPE for SIMD exceptions, as Linux derives it from the unmasked flags. */
const FPE_FLTDIV = 3;
const FPE_FLTOVF = 4;
const FPE_FLTUND = 5;
const FPE_FLTRES = 6;
const FPE_FLTINV = 7;

function simdSignalCode(flags: number): number {
  if (flags & FLAG_IE) return FPE_FLTINV;
  if (flags & FLAG_ZE) return FPE_FLTDIV;
  if (flags & FLAG_OE) return FPE_FLTOVF;
  if (flags & (FLAG_UE | FLAG_DE)) return FPE_FLTUND;
  if (flags & FLAG_PE) return FPE_FLTRES;
  return 0;
}

// An unmasked SIMD exception is #XM: Linux delivers SIGFPE with the instruction's address.
setUnmaskedExceptionHook((flags) => {
  throw new GuestFault(
    SIGFPE,
    simdSignalCode(flags),
    null,
    `SIMD floating-point exception (MXCSR flags 0x${flags.toString(16)})`,
  );
});
void SimdFloatingPointException;

/** Register-to-register body: destination register d, source register (or XMM_SOURCE) s. */
type Body = (cpu: Cpu, d: number, s: number) => void;

function unsupported(inst: Instruction, why: string): Exec {
  const text = `unsupported instruction: ${codeName(inst.code).toLowerCase()} (${why})`;
  return () => {
    throw GuestFault.invalidOpcode(text);
  };
}

/** Only legacy encodings with XMM registers (not the MMX forms sharing some codes). */
function checkForm(inst: Instruction): string | null {
  if (inst.encoding !== Encoding.Legacy) return 'VEX/EVEX forms are not implemented';
  for (let i = 0; i < inst.operandCount; i++) {
    const op = inst.operands[i]!;
    if (op.kind === OperandKind.Register && op.regClass === RegisterClass.MMX) return 'MMX form';
  }
  return null;
}

/**
 * Binds `body(d, s)` with operand 0 an XMM register and operand 1 an XMM register or memory of
 * `bytes` (4, 8 or 16; 16-byte sources of packed forms must be aligned).
 */
function bindXmm(inst: Instruction, bytes: number, body: Body, aligned = true): Exec {
  const problem = checkForm(inst);
  if (problem) return unsupported(inst, problem);
  const d = inst.operands[0]!.reg;
  const src = inst.operands[1]!;
  if (src.kind === OperandKind.Register) {
    const s = src.reg;
    return (cpu) => body(cpu, d, s);
  }
  const address = bindAddress(inst);
  const S = XMM_SOURCE * 4;
  if (bytes === 4) {
    return (cpu) => {
      cpu.xmm[S] = load32(cpu, address(cpu));
      body(cpu, d, XMM_SOURCE);
    };
  }
  if (bytes === 8) {
    return (cpu) => {
      const lo = load64(cpu, address(cpu));
      cpu.xmm[S] = lo;
      cpu.xmm[S + 1] = cpu.hi;
      body(cpu, d, XMM_SOURCE);
    };
  }
  return (cpu) => {
    const ea = address(cpu);
    if (aligned) checkAligned16(ea);
    loadWords128(cpu, ea, cpu.xmm, S);
    body(cpu, d, XMM_SOURCE);
  };
}

// ---- arithmetic ----

function arithmetic(r: HandlerRegistry, op: SseOp, ss: number, sd: number, ps: number, pd: number): void {
  r.define(ss, (inst) => bindXmm(inst, 4, (cpu, d, s) => arithF32(cpu, op, d * 4, d * 4, s * 4)));
  r.define(sd, (inst) => bindXmm(inst, 8, (cpu, d, s) => arithF64(cpu, op, d * 2, d * 2, s * 2)));
  r.define(ps, (inst) =>
    bindXmm(inst, 16, (cpu, d, s) => {
      const D = d * 4;
      const S = s * 4;
      arithF32(cpu, op, D, D, S);
      arithF32(cpu, op, D + 1, D + 1, S + 1);
      arithF32(cpu, op, D + 2, D + 2, S + 2);
      arithF32(cpu, op, D + 3, D + 3, S + 3);
    }),
  );
  r.define(pd, (inst) =>
    bindXmm(inst, 16, (cpu, d, s) => {
      arithF64(cpu, op, d * 2, d * 2, s * 2);
      arithF64(cpu, op, d * 2 + 1, d * 2 + 1, s * 2 + 1);
    }),
  );
}

function minMax(r: HandlerRegistry, max: boolean, ss: number, sd: number, ps: number, pd: number): void {
  r.define(ss, (inst) => bindXmm(inst, 4, (cpu, d, s) => minMaxF32(cpu, max, d * 4, d * 4, s * 4)));
  r.define(sd, (inst) => bindXmm(inst, 8, (cpu, d, s) => minMaxF64(cpu, max, d * 2, d * 2, s * 2)));
  r.define(ps, (inst) =>
    bindXmm(inst, 16, (cpu, d, s) => {
      for (let i = 0; i < 4; i++) minMaxF32(cpu, max, d * 4 + i, d * 4 + i, s * 4 + i);
    }),
  );
  r.define(pd, (inst) =>
    bindXmm(inst, 16, (cpu, d, s) => {
      for (let i = 0; i < 2; i++) minMaxF64(cpu, max, d * 2 + i, d * 2 + i, s * 2 + i);
    }),
  );
}

/** Unary lane operations: `lane(cpu, dLane, sLane)`; scalar forms keep the upper lanes. */
function unary32(r: HandlerRegistry, ss: number, ps: number, lane: (cpu: Cpu, d: number, a: number) => void): void {
  r.define(ss, (inst) => bindXmm(inst, 4, (cpu, d, s) => lane(cpu, d * 4, s * 4)));
  r.define(ps, (inst) =>
    bindXmm(inst, 16, (cpu, d, s) => {
      for (let i = 0; i < 4; i++) lane(cpu, d * 4 + i, s * 4 + i);
    }),
  );
}

// ---- compares ----

function comiFlags(rel: Relation): number {
  return rel === Relation.Less ? CF : rel === Relation.Equal ? ZF : rel === Relation.Unordered ? ZF | PF | CF : 0;
}

function compares(r: HandlerRegistry): void {
  r.define(Code.CMPSS, (inst) => {
    const p = inst.imm & 7;
    return bindXmm(inst, 4, (cpu, d, s) => compareF32(cpu, p, d * 4, d * 4, s * 4));
  });
  r.define(Code.CMPSD_XMM, (inst) => {
    const p = inst.imm & 7;
    return bindXmm(inst, 8, (cpu, d, s) => compareF64(cpu, p, d * 2, d * 2, s * 2));
  });
  r.define(Code.CMPPS, (inst) => {
    const p = inst.imm & 7;
    return bindXmm(inst, 16, (cpu, d, s) => {
      for (let i = 0; i < 4; i++) compareF32(cpu, p, d * 4 + i, d * 4 + i, s * 4 + i);
    });
  });
  r.define(Code.CMPPD, (inst) => {
    const p = inst.imm & 7;
    return bindXmm(inst, 16, (cpu, d, s) => {
      for (let i = 0; i < 2; i++) compareF64(cpu, p, d * 2 + i, d * 2 + i, s * 2 + i);
    });
  });
  r.define(Code.COMISS, (inst) =>
    bindXmm(inst, 4, (cpu, d, s) => setArithmeticFlags(cpu, comiFlags(comiF32(cpu, d * 4, s * 4, false)))),
  );
  r.define(Code.UCOMISS, (inst) =>
    bindXmm(inst, 4, (cpu, d, s) => setArithmeticFlags(cpu, comiFlags(comiF32(cpu, d * 4, s * 4, true)))),
  );
  r.define(Code.COMISD, (inst) =>
    bindXmm(inst, 8, (cpu, d, s) => setArithmeticFlags(cpu, comiFlags(comiF64(cpu, d * 2, s * 2, false)))),
  );
  r.define(Code.UCOMISD, (inst) =>
    bindXmm(inst, 8, (cpu, d, s) => setArithmeticFlags(cpu, comiFlags(comiF64(cpu, d * 2, s * 2, true)))),
  );
}

// ---- conversions ----

/** CVTSI2SS/CVTSI2SD: operand 1 a 32/64-bit general register or memory. */
function bindIntToFloat(inst: Instruction, double: boolean): Exec {
  const problem = checkForm(inst);
  if (problem) return unsupported(inst, problem);
  const lane = double ? inst.operands[0]!.reg * 2 : inst.operands[0]!.reg * 4;
  const src = inst.operands[1]!;
  const wide = src.size === 8;
  if (src.kind === OperandKind.Register) {
    const g = src.reg * 2;
    if (wide) return (cpu) => int64ToFloat(cpu, lane, cpu.gpr[g]!, cpu.gpr[g + 1]!, double);
    return (cpu) => int32ToFloat(cpu, lane, cpu.gpr[g]!, double);
  }
  const address = bindAddress(inst);
  if (wide) {
    return (cpu) => {
      const lo = load64(cpu, address(cpu));
      int64ToFloat(cpu, lane, lo, cpu.hi, double);
    };
  }
  return (cpu) => int32ToFloat(cpu, lane, load32(cpu, address(cpu)), double);
}

/** CVT(T)SS2SI/CVT(T)SD2SI: operand 0 a 32/64-bit general register. */
function bindFloatToInt(inst: Instruction, double: boolean, truncate: boolean): Exec {
  const problem = checkForm(inst);
  if (problem) return unsupported(inst, problem);
  const dst = inst.operands[0]!;
  const g = dst.reg * 2;
  const bits = dst.size === 8 ? 64 : 32;
  const src = inst.operands[1]!;
  const convert = (cpu: Cpu, lane: number) => {
    const lo = floatToInt(cpu, lane, double, bits, truncate);
    cpu.gpr[g] = lo;
    cpu.gpr[g + 1] = bits === 64 ? floatToIntHigh : 0;
  };
  if (src.kind === OperandKind.Register) {
    const lane = double ? src.reg * 2 : src.reg * 4;
    return (cpu) => convert(cpu, lane);
  }
  const address = bindAddress(inst);
  const S = XMM_SOURCE * 4;
  return (cpu) => {
    const ea = address(cpu);
    if (double) {
      cpu.xmm[S] = load64(cpu, ea);
      cpu.xmm[S + 1] = cpu.hi;
      convert(cpu, XMM_SOURCE * 2);
    } else {
      cpu.xmm[S] = load32(cpu, ea);
      convert(cpu, XMM_SOURCE * 4);
    }
  };
}

function conversions(r: HandlerRegistry): void {
  r.define(Code.CVTSI2SS, (inst) => bindIntToFloat(inst, false));
  r.define(Code.CVTSI2SD, (inst) => bindIntToFloat(inst, true));
  r.define(Code.CVTSS2SI, (inst) => bindFloatToInt(inst, false, false));
  r.define(Code.CVTTSS2SI, (inst) => bindFloatToInt(inst, false, true));
  r.define(Code.CVTSD2SI, (inst) => bindFloatToInt(inst, true, false));
  r.define(Code.CVTTSD2SI, (inst) => bindFloatToInt(inst, true, true));
  r.define(Code.CVTSS2SD, (inst) => bindXmm(inst, 4, (cpu, d, s) => f32ToF64(cpu, d * 2, s * 4)));
  r.define(Code.CVTSD2SS, (inst) => bindXmm(inst, 8, (cpu, d, s) => f64ToF32(cpu, d * 4, s * 2)));
  r.define(Code.CVTDQ2PS, (inst) =>
    bindXmm(inst, 16, (cpu, d, s) => {
      for (let i = 0; i < 4; i++) int32ToFloat(cpu, d * 4 + i, cpu.xmm[s * 4 + i]!, false);
    }),
  );
  const toDwords = (double: boolean, truncate: boolean): Body => {
    return (cpu, d, s) => {
      const x = cpu.xmm;
      const R = XMM_RESULT * 4;
      if (double) {
        x[R] = floatToInt(cpu, s * 2, true, 32, truncate);
        x[R + 1] = floatToInt(cpu, s * 2 + 1, true, 32, truncate);
        x[R + 2] = 0;
        x[R + 3] = 0;
      } else {
        for (let i = 0; i < 4; i++) x[R + i] = floatToInt(cpu, s * 4 + i, false, 32, truncate);
      }
      copySlot(x, d, XMM_RESULT);
    };
  };
  r.define(Code.CVTPS2DQ, (inst) => bindXmm(inst, 16, toDwords(false, false)));
  r.define(Code.CVTTPS2DQ, (inst) => bindXmm(inst, 16, toDwords(false, true)));
  r.define(Code.CVTPD2DQ, (inst) => bindXmm(inst, 16, toDwords(true, false)));
  r.define(Code.CVTTPD2DQ, (inst) => bindXmm(inst, 16, toDwords(true, true)));
  r.define(Code.CVTDQ2PD, (inst) =>
    bindXmm(inst, 8, (cpu, d, s) => {
      const a = cpu.xmm[s * 4]!;
      const b = cpu.xmm[s * 4 + 1]!;
      int32ToFloat(cpu, d * 2, a, true);
      int32ToFloat(cpu, d * 2 + 1, b, true);
    }),
  );
  r.define(Code.CVTPS2PD, (inst) =>
    bindXmm(inst, 8, (cpu, d, s) => {
      f32ToF64(cpu, XMM_RESULT * 2, s * 4);
      f32ToF64(cpu, XMM_RESULT * 2 + 1, s * 4 + 1);
      copySlot(cpu.xmm, d, XMM_RESULT);
    }),
  );
  r.define(Code.CVTPD2PS, (inst) =>
    bindXmm(inst, 16, (cpu, d, s) => {
      const R = XMM_RESULT * 4;
      f64ToF32(cpu, R, s * 2);
      f64ToF32(cpu, R + 1, s * 2 + 1);
      cpu.xmm[R + 2] = 0;
      cpu.xmm[R + 3] = 0;
      copySlot(cpu.xmm, d, XMM_RESULT);
    }),
  );
  // cvtpi2ps, cvtps2pi and the other conversions with an MMX operand: ./mmx-convert.ts.
}

// ---- SSE3 horizontal and alternating operations ----

function horizontal(r: HandlerRegistry): void {
  const hps = (op: SseOp): Body => {
    return (cpu, d, s) => {
      const R = XMM_RESULT * 4;
      arithF32(cpu, op, R, d * 4, d * 4 + 1);
      arithF32(cpu, op, R + 1, d * 4 + 2, d * 4 + 3);
      arithF32(cpu, op, R + 2, s * 4, s * 4 + 1);
      arithF32(cpu, op, R + 3, s * 4 + 2, s * 4 + 3);
      copySlot(cpu.xmm, d, XMM_RESULT);
    };
  };
  const hpd = (op: SseOp): Body => {
    return (cpu, d, s) => {
      const R = XMM_RESULT * 2;
      arithF64(cpu, op, R, d * 2, d * 2 + 1);
      arithF64(cpu, op, R + 1, s * 2, s * 2 + 1);
      copySlot(cpu.xmm, d, XMM_RESULT);
    };
  };
  r.define(Code.HADDPS, (inst) => bindXmm(inst, 16, hps(SseOp.Add)));
  r.define(Code.HSUBPS, (inst) => bindXmm(inst, 16, hps(SseOp.Sub)));
  r.define(Code.HADDPD, (inst) => bindXmm(inst, 16, hpd(SseOp.Add)));
  r.define(Code.HSUBPD, (inst) => bindXmm(inst, 16, hpd(SseOp.Sub)));
  r.define(Code.ADDSUBPS, (inst) =>
    bindXmm(inst, 16, (cpu, d, s) => {
      for (let i = 0; i < 4; i++) arithF32(cpu, i & 1 ? SseOp.Add : SseOp.Sub, d * 4 + i, d * 4 + i, s * 4 + i);
    }),
  );
  r.define(Code.ADDSUBPD, (inst) =>
    bindXmm(inst, 16, (cpu, d, s) => {
      arithF64(cpu, SseOp.Sub, d * 2, d * 2, s * 2);
      arithF64(cpu, SseOp.Add, d * 2 + 1, d * 2 + 1, s * 2 + 1);
    }),
  );
}

// ---- SSE4.1: dot products, rounding, blends ----

function sse41(r: HandlerRegistry): void {
  r.define(Code.DPPS, (inst) => {
    const imm = inst.imm & 0xff;
    return bindXmm(inst, 16, (cpu, d, s) => dotProductF32(cpu, imm, d, s, XMM_RESULT));
  });
  r.define(Code.DPPD, (inst) => {
    const imm = inst.imm & 0xff;
    return bindXmm(inst, 16, (cpu, d, s) => dotProductF64(cpu, imm, d, s, XMM_RESULT));
  });
  r.define(Code.ROUNDSS, (inst) => {
    const imm = inst.imm & 0xf;
    return bindXmm(inst, 4, (cpu, d, s) => roundF32(cpu, imm, d * 4, s * 4));
  });
  r.define(Code.ROUNDSD, (inst) => {
    const imm = inst.imm & 0xf;
    return bindXmm(inst, 8, (cpu, d, s) => roundF64(cpu, imm, d * 2, s * 2));
  });
  r.define(Code.ROUNDPS, (inst) => {
    const imm = inst.imm & 0xf;
    return bindXmm(inst, 16, (cpu, d, s) => {
      for (let i = 0; i < 4; i++) roundF32(cpu, imm, d * 4 + i, s * 4 + i);
    });
  });
  r.define(Code.ROUNDPD, (inst) => {
    const imm = inst.imm & 0xf;
    return bindXmm(inst, 16, (cpu, d, s) => {
      for (let i = 0; i < 2; i++) roundF64(cpu, imm, d * 2 + i, s * 2 + i);
    });
  });
  // Blends select whole lanes: by the sign bits of xmm0 (BLENDV) or by immediate bits.
  r.define(Code.BLENDVPS, (inst) =>
    bindXmm(inst, 16, (cpu, d, s) => {
      const x = cpu.xmm;
      for (let i = 0; i < 4; i++) if (x[i]! < 0) x[d * 4 + i] = x[s * 4 + i]!;
    }),
  );
  r.define(Code.BLENDVPD, (inst) =>
    bindXmm(inst, 16, (cpu, d, s) => {
      const x = cpu.xmm;
      for (let i = 0; i < 2; i++) {
        if (x[2 * i + 1]! < 0) {
          x[d * 4 + 2 * i] = x[s * 4 + 2 * i]!;
          x[d * 4 + 2 * i + 1] = x[s * 4 + 2 * i + 1]!;
        }
      }
    }),
  );
  r.define(Code.BLENDPS, (inst) => {
    const imm = inst.imm & 0xf;
    return bindXmm(inst, 16, (cpu, d, s) => {
      const x = cpu.xmm;
      for (let i = 0; i < 4; i++) if (imm & (1 << i)) x[d * 4 + i] = x[s * 4 + i]!;
    });
  });
  r.define(Code.BLENDPD, (inst) => {
    const imm = inst.imm & 0x3;
    return bindXmm(inst, 16, (cpu, d, s) => {
      const x = cpu.xmm;
      for (let i = 0; i < 2; i++) {
        if (imm & (1 << i)) {
          x[d * 4 + 2 * i] = x[s * 4 + 2 * i]!;
          x[d * 4 + 2 * i + 1] = x[s * 4 + 2 * i + 1]!;
        }
      }
    });
  });
}

/** Registers every SSE-float handler. */
export function registerSseFloat(r: HandlerRegistry): void {
  arithmetic(r, SseOp.Add, Code.ADDSS, Code.ADDSD, Code.ADDPS, Code.ADDPD);
  arithmetic(r, SseOp.Sub, Code.SUBSS, Code.SUBSD, Code.SUBPS, Code.SUBPD);
  arithmetic(r, SseOp.Mul, Code.MULSS, Code.MULSD, Code.MULPS, Code.MULPD);
  arithmetic(r, SseOp.Div, Code.DIVSS, Code.DIVSD, Code.DIVPS, Code.DIVPD);
  minMax(r, false, Code.MINSS, Code.MINSD, Code.MINPS, Code.MINPD);
  minMax(r, true, Code.MAXSS, Code.MAXSD, Code.MAXPS, Code.MAXPD);
  unary32(r, Code.SQRTSS, Code.SQRTPS, sqrtF32);
  r.define(Code.SQRTSD, (inst) => bindXmm(inst, 8, (cpu, d, s) => sqrtF64(cpu, d * 2, s * 2)));
  r.define(Code.SQRTPD, (inst) =>
    bindXmm(inst, 16, (cpu, d, s) => {
      sqrtF64(cpu, d * 2, s * 2);
      sqrtF64(cpu, d * 2 + 1, s * 2 + 1);
    }),
  );
  unary32(r, Code.RCPSS, Code.RCPPS, reciprocalF32);
  unary32(r, Code.RSQRTSS, Code.RSQRTPS, reciprocalSqrtF32);
  compares(r);
  conversions(r);
  horizontal(r);
  sse41(r);
}
