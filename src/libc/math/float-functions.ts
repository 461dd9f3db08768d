// The float transcendental functions' libm entries (spread into math-functions.ts's table).
import type { FunctionTable, LibcFunction } from '../exports/binding-types.ts';
import { exp2f, expf, log2f, logf, powfBits } from './float-exp-log.ts';
import { sinf } from './float-trig.ts';
import { begin, finish, floatUnary, returnNaN } from './math-binding.ts';

/** powf reads its arguments' bits from xmm0/xmm1 itself: a signaling NaN must stay one. */
const powfEntry: LibcFunction = (f, libc) => {
  begin(f.cpu);
  const lanes = f.cpu.xmmU32;
  const r = Math.fround(powfBits(lanes[0]!, lanes[4]!));
  if (Number.isNaN(r)) returnNaN(f.cpu, true, 2);
  else f.returnFloat(r);
  finish(f, libc, r, 'powf');
  return undefined;
};

export const FLOAT_FUNCTIONS: FunctionTable = {
  expf: floatUnary('expf', expf),
  __expf_finite: floatUnary('expf', expf),
  exp2f: floatUnary('exp2f', exp2f),
  __exp2f_finite: floatUnary('exp2f', exp2f),
  logf: floatUnary('logf', logf),
  __logf_finite: floatUnary('logf', logf),
  log2f: floatUnary('log2f', log2f),
  __log2f_finite: floatUnary('log2f', log2f),
  powf: powfEntry,
  __powf_finite: powfEntry,
  sinf: floatUnary('sinf', sinf),
};
