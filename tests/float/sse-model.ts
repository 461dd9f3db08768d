// Runs one recorded SSE vector through Miros's SSE semantics (src/float/sse-math.ts) on a small
// register file: xmm0 = a, xmm1 = b, xmm2 = c, as the generator (tests/float-vectors/sse.c) set
// them up. The harness of tests/float/sse-vectors.test.ts.
import { Relation } from '../../src/float/extended.ts';
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
  SseOp,
  sqrtF32,
  sqrtF64,
  type VectorFile,
} from '../../src/float/sse-math.ts';

export const SSE_RECORD = { op: 0, imm: 1, mxcsrIn: 2, a: 4, b: 20, c: 36, r: 52, mxcsrOut: 68, eflags: 70 } as const;

export interface SseOutcome {
  /** The 16 result bytes compared (integer results: the 8 bytes of the 64-bit register). */
  r: Uint8Array;
  mxcsr: number;
  /** comis/ucomis: EFLAGS bits CF(0) PF(2) ZF(6); else -1. */
  eflags: number;
}

function makeFile(rec: Uint8Array): VectorFile & { bytes: Uint8Array } {
  const buffer = new ArrayBuffer(16 * 4);
  const bytes = new Uint8Array(buffer);
  bytes.set(rec.subarray(SSE_RECORD.a, SSE_RECORD.a + 16), 0);
  bytes.set(rec.subarray(SSE_RECORD.b, SSE_RECORD.b + 16), 16);
  bytes.set(rec.subarray(SSE_RECORD.c, SSE_RECORD.c + 16), 32);
  const mxcsr = rec[SSE_RECORD.mxcsrIn]! | (rec[SSE_RECORD.mxcsrIn + 1]! << 8);
  return {
    bytes,
    xmm: new Int32Array(buffer),
    xmmF32: new Float32Array(buffer),
    xmmF64: new Float64Array(buffer),
    mxcsr,
  };
}

const ARITH: Record<string, SseOp> = { add: SseOp.Add, sub: SseOp.Sub, mul: SseOp.Mul, div: SseOp.Div };

export function runSse(name: string, rec: Uint8Array): SseOutcome | undefined {
  const v = makeFile(rec);
  const imm = rec[SSE_RECORD.imm]!;
  let eflags = -1;
  let intResult: Uint8Array | null = null;
  const base = name.replace(/\/.*/, '');
  const m = /^(add|sub|mul|div)(ss|sd|ps|pd)$/.exec(base);
  const copy = (from: number, to: number) => v.bytes.copyWithin(to * 16, from * 16, from * 16 + 16);
  const integer = (lo: number, hi: number) => {
    const out = new Uint8Array(16);
    const dv = new DataView(out.buffer);
    dv.setInt32(0, lo, true);
    dv.setInt32(4, hi, true);
    intResult = out;
  };
  const comi = (rel: Relation) => {
    eflags = rel === Relation.Less ? 1 : rel === Relation.Equal ? 0x40 : rel === Relation.Unordered ? 0x45 : 0;
  };
  if (m) {
    const op = ARITH[m[1]!]!;
    const w = m[2]!;
    if (w === 'ss') arithF32(v, op, 0, 0, 4);
    else if (w === 'sd') arithF64(v, op, 0, 0, 2);
    else if (w === 'ps') for (let i = 0; i < 4; i++) arithF32(v, op, i, i, 4 + i);
    else for (let i = 0; i < 2; i++) arithF64(v, op, i, i, 2 + i);
  } else {
    switch (base) {
      case 'sqrtss':
        sqrtF32(v, 0, 4);
        break;
      case 'sqrtsd':
        sqrtF64(v, 0, 2);
        break;
      case 'sqrtps':
        for (let i = 0; i < 4; i++) sqrtF32(v, i, 4 + i);
        break;
      case 'minss':
      case 'maxss':
        minMaxF32(v, base === 'maxss', 0, 0, 4);
        break;
      case 'minsd':
      case 'maxsd':
        minMaxF64(v, base === 'maxsd', 0, 0, 2);
        break;
      case 'minps':
        for (let i = 0; i < 4; i++) minMaxF32(v, false, i, i, 4 + i);
        break;
      case 'maxpd':
        for (let i = 0; i < 2; i++) minMaxF64(v, true, i, i, 2 + i);
        break;
      case 'cmpss':
        compareF32(v, imm, 0, 0, 4);
        break;
      case 'cmpsd':
        compareF64(v, imm, 0, 0, 2);
        break;
      case 'cmpps':
        for (let i = 0; i < 4; i++) compareF32(v, imm, i, i, 4 + i);
        break;
      case 'cmppd':
        for (let i = 0; i < 2; i++) compareF64(v, imm, i, i, 2 + i);
        break;
      case 'comiss':
      case 'ucomiss':
        comi(comiF32(v, 0, 4, base === 'ucomiss'));
        break;
      case 'comisd':
      case 'ucomisd':
        comi(comiF64(v, 0, 2, base === 'ucomisd'));
        break;
      case 'cvtsi2ss32':
        int32ToFloat(v, 0, v.xmm[4]!, false);
        break;
      case 'cvtsi2sd32':
        int32ToFloat(v, 0, v.xmm[4]!, true);
        break;
      case 'cvtsi2ss64':
        int64ToFloat(v, 0, v.xmm[4]!, v.xmm[5]!, false);
        break;
      case 'cvtsi2sd64':
        int64ToFloat(v, 0, v.xmm[4]!, v.xmm[5]!, true);
        break;
      case 'cvtss2si32':
      case 'cvttss2si32':
        integer(floatToInt(v, 0, false, 32, base.startsWith('cvtt')), 0);
        break;
      case 'cvtss2si64':
      case 'cvttss2si64': {
        const lo = floatToInt(v, 0, false, 64, base.startsWith('cvtt'));
        integer(lo, floatToIntHigh);
        break;
      }
      case 'cvtsd2si32':
      case 'cvttsd2si32':
        integer(floatToInt(v, 0, true, 32, base.startsWith('cvtt')), 0);
        break;
      case 'cvtsd2si64':
      case 'cvttsd2si64': {
        const lo = floatToInt(v, 0, true, 64, base.startsWith('cvtt'));
        integer(lo, floatToIntHigh);
        break;
      }
      case 'cvtss2sd':
        f32ToF64(v, 0, 4);
        break;
      case 'cvtsd2ss':
        f64ToF32(v, 0, 2);
        break;
      case 'cvtdq2ps':
        for (let i = 0; i < 4; i++) int32ToFloat(v, i, v.xmm[4 + i]!, false);
        break;
      case 'cvtdq2pd': {
        const x0 = v.xmm[4]!;
        const x1 = v.xmm[5]!;
        int32ToFloat(v, 0, x0, true);
        int32ToFloat(v, 1, x1, true);
        break;
      }
      case 'cvtps2dq':
      case 'cvttps2dq':
        for (let i = 0; i < 4; i++) v.xmm[12 + i] = floatToInt(v, 4 + i, false, 32, base === 'cvttps2dq');
        copy(3, 0);
        break;
      case 'cvtpd2dq':
      case 'cvttpd2dq':
        for (let i = 0; i < 2; i++) v.xmm[12 + i] = floatToInt(v, 2 + i, true, 32, base === 'cvttpd2dq');
        v.xmm[14] = 0;
        v.xmm[15] = 0;
        copy(3, 0);
        break;
      case 'cvtps2pd':
        for (let i = 0; i < 2; i++) f32ToF64(v, 6 + i, 4 + i);
        copy(3, 0);
        break;
      case 'cvtpd2ps':
        for (let i = 0; i < 2; i++) f64ToF32(v, 12 + i, 2 + i);
        v.xmm[14] = 0;
        v.xmm[15] = 0;
        copy(3, 0);
        break;
      case 'rcpss':
        reciprocalF32(v, 0, 4);
        break;
      case 'rsqrtss':
        reciprocalSqrtF32(v, 0, 4);
        break;
      case 'rcpps':
        for (let i = 0; i < 4; i++) reciprocalF32(v, i, 4 + i);
        break;
      case 'rsqrtps':
        for (let i = 0; i < 4; i++) reciprocalSqrtF32(v, i, 4 + i);
        break;
      case 'haddps':
      case 'hsubps': {
        const op = base === 'haddps' ? SseOp.Add : SseOp.Sub;
        arithF32(v, op, 12, 0, 1);
        arithF32(v, op, 13, 2, 3);
        arithF32(v, op, 14, 4, 5);
        arithF32(v, op, 15, 6, 7);
        copy(3, 0);
        break;
      }
      case 'haddpd':
      case 'hsubpd': {
        const op = base === 'haddpd' ? SseOp.Add : SseOp.Sub;
        arithF64(v, op, 6, 0, 1);
        arithF64(v, op, 7, 2, 3);
        copy(3, 0);
        break;
      }
      case 'addsubps':
        for (let i = 0; i < 4; i++) arithF32(v, i & 1 ? SseOp.Add : SseOp.Sub, i, i, 4 + i);
        break;
      case 'addsubpd':
        for (let i = 0; i < 2; i++) arithF64(v, i & 1 ? SseOp.Add : SseOp.Sub, i, i, 2 + i);
        break;
      case 'dpps':
        dotProductF32(v, imm, 0, 1, 3);
        break;
      case 'dppd':
        dotProductF64(v, imm, 0, 1, 3);
        break;
      case 'roundss':
        roundF32(v, imm, 0, 4);
        break;
      case 'roundsd':
        roundF64(v, imm, 0, 2);
        break;
      case 'roundps':
        for (let i = 0; i < 4; i++) roundF32(v, imm, i, 4 + i);
        break;
      case 'roundpd':
        for (let i = 0; i < 2; i++) roundF64(v, imm, i, 2 + i);
        break;
      case 'blendvps':
        for (let i = 0; i < 4; i++) if (v.xmm[i]! < 0) v.xmm[4 + i] = v.xmm[8 + i]!;
        copy(1, 0);
        break;
      case 'blendvpd':
        for (let i = 0; i < 2; i++) {
          if (v.xmm[2 * i + 1]! < 0) {
            v.xmm[4 + 2 * i] = v.xmm[8 + 2 * i]!;
            v.xmm[5 + 2 * i] = v.xmm[9 + 2 * i]!;
          }
        }
        copy(1, 0);
        break;
      default:
        return undefined;
    }
  }
  // comis/ucomis write no register: the generator leaves zeros there.
  return { r: intResult ?? (eflags >= 0 ? new Uint8Array(16) : v.bytes.slice(0, 16)), mxcsr: v.mxcsr, eflags };
}
