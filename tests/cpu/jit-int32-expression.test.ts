// BlockEmitter's register words held in locals (src/cpu/jit/block-emitter.ts) keep only values
// that an Int32Array store leaves unchanged: isInt32Expression must never say yes to an expression
// that can yield anything but an int32 (a "no" only costs a reload of the register later).
import { describe, expect, it } from 'vitest';
import { isInt32Expression } from '../../src/cpu/jit/block-emitter.ts';

const int32Locals = new Set(['t1', 't2']);

describe('isInt32Expression', () => {
  it('accepts reads of g, getInt32, int32 locals and expressions whose outermost operator is bitwise', () => {
    for (const expression of [
      'g[12]',
      'v.getInt32(t7 + 4, true)',
      't1',
      't4 | 0',
      '(t0 >>> 0) + (t2 >>> 0) | 0',
      '(t1 + 0 + (t2 > 4294967295 ? 1 : 0)) | 0',
      '(t0 >> 31)',
      't5 << 3',
      't3 ^ t4',
      't3 & 0xff',
      '((t3 & 255))',
    ]) {
      expect([expression, isInt32Expression(expression, int32Locals)]).toEqual([expression, true]);
    }
  });

  it('refuses arithmetic, unsigned shifts, comparisons, conditionals and unknown locals', () => {
    for (const expression of [
      't3',
      '(t0 >>> 0) + (t2 >>> 0)',
      't5 >>> 0',
      '(t5 >>> 3)',
      't4 === 0',
      '!((t4 | t5) === 0)',
      't1 < 0 | 0',
      'c ? t1 : t2 | 0',
      't1 && t2 | 0',
      't1 * 4294967296 + (t2 >>> 0) + 8',
      '(f[t7 >>> 12] & 1) !== 0 ? b[t7] : m.read8(t7)',
      'v.getUint16(t7, true)',
      '4294967295',
    ]) {
      expect([expression, isInt32Expression(expression, int32Locals)]).toEqual([expression, false]);
    }
  });
});
