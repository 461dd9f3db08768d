// Handlers of the x87 transcendental instructions (FSIN, FCOS, FSINCOS, FPTAN, FPATAN, F2XM1,
// FYL2X, FYL2XP1): stack handling here, the arithmetic in src/float/x87-transcendental.ts.

import { FLAG_IE } from '../float/exceptions.ts';
import { INDEFINITE_HI } from '../float/extended.ts';
import { Code } from '../x86/codes.ts';
import type { Cpu } from './cpu.ts';
import type { Exec, HandlerRegistry } from './registry.ts';
import { checkPendingX87, x87IsEmpty, x87Pop, x87Push, x87Raise, x87SetIndefinite, x87StackUnderflow } from './x87.ts';
import { SW_C2, type X87State } from './x87-state.ts';

type Trig = 'sin' | 'cos' | 'tan' | 'sincos';

/** FSIN/FCOS (replace ST(0)), FPTAN (then push 1.0), FSINCOS (ST(0) = sin, then push cos). */
function bindTrig(kind: Trig): Exec {
  return (cpu: Cpu) => {
    const x = cpu.x87;
    checkPendingX87(x);
    const t = x.top;
    if (x87IsEmpty(x, t)) {
      x87StackUnderflow(x);
      if (x.control & FLAG_IE) {
        x87SetIndefinite(x, t);
        if (kind === 'tan' || kind === 'sincos') x87Push(x, 0xffff, INDEFINITE_HI, 0);
      }
      return;
    }
    const m = x.math;
    m.flags = 0;
    const se = x.se[t]!;
    const hi = x.hi[t]!;
    const lo = x.lo[t]!;
    if (kind === 'cos') m.cos(se, hi, lo);
    else if (kind === 'tan') m.tan(se, hi, lo);
    else m.sin(se, hi, lo);
    if (m.outOfRange) {
      // |x| ≥ 2^63: C2 set, operand left in place.
      x.status |= SW_C2;
      return;
    }
    x.status &= ~SW_C2;
    if (kind === 'sincos') {
      const sSe = m.se;
      const sHi = m.hi;
      const sLo = m.lo;
      const sinFlags = m.flags;
      m.flags = 0;
      m.cos(se, hi, lo);
      m.flags |= sinFlags;
      if (!x87Raise(x, true)) return;
      x.se[t] = sSe;
      x.hi[t] = sHi;
      x.lo[t] = sLo;
      x87Push(x, m.se, m.hi, m.lo);
      return;
    }
    if (!x87Raise(x, true)) return;
    x.se[t] = m.se;
    x.hi[t] = m.hi;
    x.lo[t] = m.lo;
    if (kind === 'tan') {
      // 1.0, or the NaN result again (a NaN operand, or a masked invalid operation): this machine
      // leaves the NaN in both ST(1) and ST(0).
      if ((m.se & 0x7fff) === 0x7fff && ((m.hi & 0x7fffffff) | m.lo) !== 0) x87Push(x, m.se, m.hi, m.lo);
      else x87Push(x, 0x3fff, 0x80000000, 0);
    }
  };
}

/** FPATAN, FYL2X, FYL2XP1: ST(1) = f(ST(0), ST(1)), then pop. */
function bindPopping(compute: (x: X87State, a: number, b: number) => void): Exec {
  return (cpu: Cpu) => {
    const x = cpu.x87;
    checkPendingX87(x);
    const a = x.top;
    const b = (x.top + 1) & 7;
    if (x87IsEmpty(x, a) || x87IsEmpty(x, b)) {
      x87StackUnderflow(x);
      if (!(x.control & FLAG_IE)) return;
      x87SetIndefinite(x, b);
      x87Pop(x);
      return;
    }
    const m = x.math;
    m.flags = 0;
    compute(x, a, b);
    if (!x87Raise(x, true)) return;
    x.se[b] = m.se;
    x.hi[b] = m.hi;
    x.lo[b] = m.lo;
    x87Pop(x);
  };
}

export function registerX87Transcendentals(r: HandlerRegistry): void {
  r.define(Code.FSIN, () => bindTrig('sin'));
  r.define(Code.FCOS, () => bindTrig('cos'));
  r.define(Code.FPTAN, () => bindTrig('tan'));
  r.define(Code.FSINCOS, () => bindTrig('sincos'));
  r.define(Code.FPATAN, () =>
    bindPopping((x, a, b) => x.math.atan2(x.se[b]!, x.hi[b]!, x.lo[b]!, x.se[a]!, x.hi[a]!, x.lo[a]!)),
  );
  r.define(Code.FYL2X, () =>
    bindPopping((x, a, b) => x.math.yLog2(x.se[a]!, x.hi[a]!, x.lo[a]!, x.se[b]!, x.hi[b]!, x.lo[b]!, false)),
  );
  r.define(Code.FYL2XP1, () =>
    bindPopping((x, a, b) => x.math.yLog2(x.se[a]!, x.hi[a]!, x.lo[a]!, x.se[b]!, x.hi[b]!, x.lo[b]!, true)),
  );
  r.define(Code.F2XM1, () => (cpu: Cpu) => {
    const x = cpu.x87;
    checkPendingX87(x);
    const t = x.top;
    if (x87IsEmpty(x, t)) {
      x87StackUnderflow(x);
      if (x.control & FLAG_IE) x87SetIndefinite(x, t);
      return;
    }
    const m = x.math;
    m.flags = 0;
    m.twoToXMinus1(x.se[t]!, x.hi[t]!, x.lo[t]!);
    if (!x87Raise(x, true)) return;
    x.se[t] = m.se;
    x.hi[t] = m.hi;
    x.lo[t] = m.lo;
  });
}
