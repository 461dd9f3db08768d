// The generated functions' local reuse (src/cpu/jit/local-reuse.ts): names shared only by locals
// whose values are never live at the same time, the fault handler's reads kept live.
import { describe, expect, it } from 'vitest';
import { reuseLocals } from '../../src/cpu/jit/local-reuse.ts';

describe('reuseLocals', () => {
  it('shares a name between locals whose line intervals do not overlap', () => {
    const body = ['t0 = g[0];', 'g[2] = t0;', 't1 = g[4];', 'g[6] = t1;'];
    const result = reuseLocals(body);
    expect(result.body).toEqual(['t0 = g[0];', 'g[2] = t0;', 't0 = g[4];', 'g[6] = t0;']);
    expect(result.locals).toEqual(['t0']);
  });

  it('keeps apart locals live at once, and one defined on the line of another last use', () => {
    const body = ['t0 = g[0];', 't1 = t0 + 1;', 'g[2] = t1;'];
    const result = reuseLocals(body);
    expect(result.body).toEqual(body);
    expect(result.locals).toEqual(['t0', 't1']);
  });

  it('counts a conditional or nested first assignment, or a read of the initial 0, as live from the start', () => {
    const body = [
      't0 = g[0];',
      'if (t0 !== 0) t1 = 5;',
      'g[2] = t1;',
      'if (g[3] !== 0) {',
      't2 = 7;',
      '}',
      'g[4] = t2;',
      't3 = t3 + 1;',
      'g[6] = t3;',
    ];
    const result = reuseLocals(body);
    // t1, t2 and t3 are live from line 0: none shares t0's name or each other's.
    expect(new Set(result.locals).size).toBe(4);
    expect(result.body).toEqual(body);
  });

  it('keeps a local read in a slow path (a flag record) live until that line', () => {
    const body = [
      't0 = g[0];',
      't1 = t0 ^ t0;',
      'if (!(f[t0 >>> 12] & 1)) { cpu.faultIndex = 3; cpu.lazyR = t1; m.fault(t0, 8, 0); }',
      't2 = 9;',
      'g[2] = t2;',
    ];
    const result = reuseLocals(body);
    expect(result.body[3]).toBe('t0 = 9;');
    expect(result.body[2]).toBe(body[2]);
    expect(result.locals).toEqual(['t0', 't1']);
  });
});
