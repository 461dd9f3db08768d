// The generated functions' local reuse (src/cpu/jit/local-reuse.ts): names shared only by locals
// whose values are never live at the same time, the fault handler's reads kept live.
import { describe, expect, it } from 'vitest';
import { reuseLocals } from '../../src/cpu/jit/local-reuse.ts';

describe('reuseLocals', () => {
  it('shares a name between locals whose line intervals do not overlap', () => {
    const body = ['t0 = g[0];', 'g[2] = t0;', 't1 = g[4];', 'g[6] = t1;'];
    const result = reuseLocals(body, new Map());
    expect(result.body).toEqual(['t0 = g[0];', 'g[2] = t0;', 't0 = g[4];', 'g[6] = t0;']);
    expect(result.locals).toEqual(['t0']);
  });

  it('keeps apart locals live at once, and one defined on the line of another last use', () => {
    const body = ['t0 = g[0];', 't1 = t0 + 1;', 'g[2] = t1;'];
    const result = reuseLocals(body, new Map());
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
    const result = reuseLocals(body, new Map());
    // t1, t2 and t3 are live from line 0: none shares t0's name or each other's.
    expect(new Set(result.locals).size).toBe(4);
    expect(result.body).toEqual(body);
  });

  it("keeps the fault handler's record locals live until the next fault index, under names of their own", () => {
    const body = [
      't0 = g[0];',
      't1 = t0 ^ t0;',
      'i = 3;',
      'v.getInt32(t0, true);',
      'g[8] = 1;',
      'i = 4;',
      't2 = 9;',
      'g[2] = t2;',
    ];
    const records = new Map([['cpu.lazyR = t1;', [3]]]);
    const result = reuseLocals(body, records);
    // The handler's t1 is named first (t0); t0 and t2 (line 6, after t0's last use) share t1.
    expect(result.records).toEqual(new Map([['cpu.lazyR = t0;', [3]]]));
    expect(result.body).toEqual([
      't1 = g[0];',
      't0 = t1 ^ t1;',
      'i = 3;',
      'v.getInt32(t1, true);',
      'g[8] = 1;',
      'i = 4;',
      't1 = 9;',
      'g[2] = t1;',
    ]);
    // t2 may not take the name of t1 (read by the handler to the end) although t1's last use in
    // the body is before it, nor may t1 take the name of t0, which holds no handler value.
    const held = reuseLocals(['t0 = g[0];', 't1 = 1;', 'i = 3;', 't2 = g[1];', 'g[2] = t2;', 'g[3] = t1;'], records);
    expect(held.body).toEqual(['t1 = g[0];', 't0 = 1;', 'i = 3;', 't1 = g[1];', 'g[2] = t1;', 'g[3] = t0;']);
    expect(held.locals).toEqual(['t0', 't1']);
  });

  it('merges records that become the same text', () => {
    const body = ['t0 = 1;', 'i = 1;', 'g[0] = t0;', 'i = 2;', 't1 = 2;', 'i = 3;', 'g[0] = t1;'];
    const records = new Map([
      ['cpu.lazyR = t0;', [1]],
      ['cpu.lazyR = t1;', [3]],
    ]);
    const result = reuseLocals(body, records);
    expect(result.records).toEqual(new Map([['cpu.lazyR = t0;', [1, 3]]]));
  });
});
