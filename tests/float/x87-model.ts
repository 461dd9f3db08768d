// Runs one recorded x87 vector through Miros's soft-float (src/float) the way the x87 would:
// the harness for tests/float/x87-vectors.test.ts (the CPU-level replay goes through the
// instruction handlers instead).
import { Relation } from '../../src/float/extended.ts';
import { Format } from '../../src/float/soft-float.ts';
import { relationCodes } from '../../src/float/x87-math.ts';
import { X87Transcendental } from '../../src/float/x87-transcendental.ts';

/** Record layout (tests/float-vectors/x87.c). */
export const X87_RECORD = { op: 0, eflags: 1, cw: 2, a: 4, b: 14, r0: 24, r1: 34, sw: 44 } as const;

export interface X87Outcome {
  /** Status word bits that the operation defines (TOP excluded). */
  sw: number;
  /** Which status-word bits to compare. */
  swMask: number;
  r0: Uint8Array | null;
  r1: Uint8Array | null;
  eflags: number;
}

const PC_FORMAT = [Format.Extended24, Format.Extended24, Format.Extended53, Format.Extended64];
const EXCEPTIONS = 0x3f;
const C0 = 0x100;
const C1 = 0x200;
const C2 = 0x400;
const C3 = 0x4000;

function f80Bytes(se: number, hi: number, lo: number): Uint8Array {
  const out = new Uint8Array(10);
  const v = new DataView(out.buffer);
  v.setUint32(0, lo >>> 0, true);
  v.setUint32(4, hi >>> 0, true);
  v.setUint16(8, se & 0xffff, true);
  return out;
}

export function runX87(name: string, rec: Uint8Array): X87Outcome | undefined {
  const v = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
  const cw = v.getUint16(X87_RECORD.cw, true);
  const aLo = v.getUint32(X87_RECORD.a, true);
  const aHi = v.getUint32(X87_RECORD.a + 4, true);
  const aSe = v.getUint16(X87_RECORD.a + 8, true);
  const bLo = v.getUint32(X87_RECORD.b, true);
  const bHi = v.getUint32(X87_RECORD.b + 4, true);
  const bSe = v.getUint16(X87_RECORD.b + 8, true);
  const m = new X87Transcendental();
  m.rounding = (cw >> 10) & 3;
  const format = PC_FORMAT[(cw >> 8) & 3]!;
  const result = (): Uint8Array => f80Bytes(m.se, m.hi, m.lo);
  const arith = (): X87Outcome => ({
    sw: m.flags | (m.roundedUp ? C1 : 0),
    swMask: EXCEPTIONS | C1,
    r0: result(),
    r1: null,
    eflags: 0,
  });
  const compare = (rel: Relation, fcomi: boolean): X87Outcome => {
    if (fcomi) {
      const eflags = rel === Relation.Less ? 1 : rel === Relation.Equal ? 0x40 : rel === Relation.Unordered ? 0x45 : 0;
      return { sw: m.flags, swMask: EXCEPTIONS, r0: null, r1: null, eflags };
    }
    return { sw: m.flags | relationCodes(rel), swMask: EXCEPTIONS | C0 | C2 | C3, r0: null, r1: null, eflags: 0 };
  };
  switch (name) {
    case 'fadd':
      m.add(aSe, aHi, aLo, bSe, bHi, bLo, false, format);
      return arith();
    case 'fsub':
      m.add(aSe, aHi, aLo, bSe, bHi, bLo, true, format);
      return arith();
    case 'fmul':
      m.mul(aSe, aHi, aLo, bSe, bHi, bLo, format);
      return arith();
    case 'fdiv':
      m.div(aSe, aHi, aLo, bSe, bHi, bLo, format);
      return arith();
    case 'fsqrt':
      m.sqrt(aSe, aHi, aLo, format);
      return arith();
    case 'fcom':
    case 'fucom':
      return compare(m.compare(aSe, aHi, aLo, bSe, bHi, bLo, name === 'fucom'), false);
    case 'fcomi':
    case 'fucomi':
      return compare(m.compare(aSe, aHi, aLo, bSe, bHi, bLo, name === 'fucomi'), true);
    case 'fprem':
    case 'fprem1':
      m.remainder(aSe, aHi, aLo, bSe, bHi, bLo, name === 'fprem1');
      return {
        sw: m.flags | m.conditionCodes,
        swMask: EXCEPTIONS | C0 | C1 | C2 | C3,
        r0: result(),
        r1: null,
        eflags: 0,
      };
    case 'fscale':
      m.scale(aSe, aHi, aLo, bSe, bHi, bLo);
      return arith();
    case 'frndint':
      m.roundInt(aSe, aHi, aLo);
      return arith();
    case 'fxtract':
      m.extract(aSe, aHi, aLo);
      return { sw: m.flags, swMask: EXCEPTIONS, r0: result(), r1: f80Bytes(m.se2, m.hi2, m.lo2), eflags: 0 };
    case 'fxam':
      return { sw: m.examine(aSe, aHi, aLo), swMask: C0 | C1 | C2 | C3, r0: null, r1: null, eflags: 0 };
    case 'ftst':
      return compare(m.test(aSe, aHi, aLo), false);
    case 'fld32':
      m.loadFloat32(aLo);
      return { sw: m.flags, swMask: EXCEPTIONS, r0: result(), r1: null, eflags: 0 };
    case 'fld64':
      m.loadFloat64(aHi, aLo);
      return { sw: m.flags, swMask: EXCEPTIONS, r0: result(), r1: null, eflags: 0 };
    case 'fild16':
      m.loadInteger((aLo << 16) >> 16, aLo & 0x8000 ? -1 : 0);
      return { sw: m.flags, swMask: EXCEPTIONS, r0: result(), r1: null, eflags: 0 };
    case 'fild32':
      m.loadInteger(aLo | 0, aLo & 0x80000000 ? -1 : 0);
      return { sw: m.flags, swMask: EXCEPTIONS, r0: result(), r1: null, eflags: 0 };
    case 'fild64':
      m.loadInteger(aLo | 0, aHi | 0);
      return { sw: m.flags, swMask: EXCEPTIONS, r0: result(), r1: null, eflags: 0 };
    case 'fbld':
      m.loadBcd(rec.subarray(X87_RECORD.a, X87_RECORD.a + 10));
      return { sw: m.flags, swMask: EXCEPTIONS, r0: result(), r1: null, eflags: 0 };
    case 'fst32':
    case 'fst64':
    case 'fist16':
    case 'fist32':
    case 'fist64':
    case 'fisttp16':
    case 'fisttp32':
    case 'fisttp64':
    case 'fbstp': {
      const out = new Uint8Array(10).fill(0xaa);
      const o = new DataView(out.buffer);
      if (name === 'fbstp') m.storeBcd(aSe, aHi, aLo, out);
      else if (name === 'fst32') o.setInt32(0, m.storeFloat32(aSe, aHi, aLo), true);
      else if (name === 'fst64') {
        o.setInt32(0, m.storeFloat64(aSe, aHi, aLo), true);
        o.setInt32(4, m.storeHigh, true);
      } else {
        const bits = Number(name.replace(/\D/g, ''));
        const low = m.storeInteger(aSe, aHi, aLo, bits, name.startsWith('fisttp'));
        if (bits === 16) o.setUint16(0, low, true);
        else o.setInt32(0, low, true);
        if (bits === 64) o.setInt32(4, m.storeHigh, true);
      }
      return { sw: m.flags | (m.roundedUp ? C1 : 0), swMask: EXCEPTIONS | C1, r0: out, r1: null, eflags: 0 };
    }
    case 'fsin':
    case 'fcos':
    case 'fptan': {
      if (name === 'fsin') m.sin(aSe, aHi, aLo);
      else if (name === 'fcos') m.cos(aSe, aHi, aLo);
      else m.tan(aSe, aHi, aLo);
      const c2 = m.outOfRange ? C2 : 0;
      if (name === 'fptan' && !m.outOfRange) {
        // FPTAN pushes 1.0, or the NaN result again when there is one (masked invalid included).
        const nan = (m.se & 0x7fff) === 0x7fff && ((m.hi & 0x7fffffff) | m.lo) !== 0;
        return {
          sw: m.flags | c2 | (m.roundedUp ? C1 : 0),
          swMask: EXCEPTIONS | C1 | C2,
          r0: nan ? result() : f80Bytes(0x3fff, 0x80000000, 0),
          r1: result(),
          eflags: 0,
        };
      }
      return {
        sw: m.flags | c2 | (m.roundedUp ? C1 : 0),
        swMask: EXCEPTIONS | C1 | C2,
        r0: result(),
        r1: null,
        eflags: 0,
      };
    }
    case 'fsincos': {
      m.sin(aSe, aHi, aLo);
      if (m.outOfRange) return { sw: m.flags | C2, swMask: EXCEPTIONS | C2, r0: result(), r1: null, eflags: 0 };
      const sin = result();
      const flagsSin = m.flags;
      m.flags = 0;
      m.cos(aSe, aHi, aLo);
      return { sw: m.flags | flagsSin, swMask: EXCEPTIONS | C2, r0: result(), r1: sin, eflags: 0 };
    }
    case 'fpatan':
      m.atan2(bSe, bHi, bLo, aSe, aHi, aLo);
      return arith();
    case 'f2xm1':
      m.twoToXMinus1(aSe, aHi, aLo);
      return arith();
    case 'fyl2x':
    case 'fyl2xp1':
      m.yLog2(aSe, aHi, aLo, bSe, bHi, bLo, name === 'fyl2xp1');
      return arith();
    default:
      return undefined;
  }
}
