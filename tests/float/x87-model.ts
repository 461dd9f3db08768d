// Runs one recorded x87 vector through Miros's soft-float (src/float) the way the x87 would:
// the harness for tests/float/x87-vectors.test.ts (the CPU-level replay goes through the
// instruction handlers instead).
import { ExtendedMath, Relation } from '../../src/float/extended.ts';
import { Format } from '../../src/float/soft-float.ts';

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
  const m = new ExtendedMath();
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
    const cc = rel === Relation.Less ? C0 : rel === Relation.Equal ? C3 : rel === Relation.Unordered ? C0 | C2 | C3 : 0;
    return { sw: m.flags | cc, swMask: EXCEPTIONS | C0 | C2 | C3, r0: null, r1: null, eflags: 0 };
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
    default:
      return undefined;
  }
}
