// src/kernel/errno.ts keeps the errno names twice: the const enum Errno (inlined by the build) and a
// text the tracer and messages split on first use. They must agree.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errnoByName, errnoName, hostErrno, knownErrnoName } from '../../src/kernel/errno.ts';

/** The members of `export const enum Errno { … }` as written in the source. */
function enumMembers(): [string, number][] {
  const source = readFileSync(new URL('../../src/kernel/errno.ts', import.meta.url), 'utf8');
  const body = source.slice(source.indexOf('export const enum Errno {'));
  const members = body.slice(body.indexOf('{') + 1, body.indexOf('}'));
  return [...members.matchAll(/^\s*(E[A-Z0-9]+) = (\d+),$/gm)].map((m) => [m[1]!, Number(m[2])]);
}

describe('errno names', () => {
  it('the name text has exactly the enum members', () => {
    const members = enumMembers();
    expect(members.length).toBe(131);
    for (const [name, errno] of members) {
      expect(errnoName(errno)).toBe(name);
      expect(errnoByName(name)).toBe(errno);
    }
    const numbers = new Set(members.map(([, errno]) => errno));
    for (let errno = -1; errno <= 140; errno++) {
      if (!numbers.has(errno)) {
        expect(knownErrnoName(errno)).toBeUndefined();
        expect(errnoName(errno)).toBe(`E${errno}`);
      }
    }
    expect(errnoByName('')).toBeUndefined();
    expect(errnoByName('toString')).toBeUndefined();
  });

  it('hostErrno takes a Node error code by name', () => {
    expect(hostErrno({ code: 'ECONNREFUSED' })).toBe(111);
    expect(() => hostErrno({ code: 'ENOTANERRNO' })).toThrow();
  });
});
