// What the double libm replay tests share: reading the generators' hex words, their xorshift64
// argument stream, the flags the binding derives from errno, and the replay loop that compares
// result bits, errno and flags with the natively recorded ones. The data files' format is
// described in each generator (tests/libc/generators/libm-*.c).
import { describe, expect, it } from 'vitest';
import { mathStatus } from '../../../src/libc/math/exact.ts';

export const FE_INVALID = 0x1;
export const FE_OVERFLOW = 0x8;
export const FE_UNDERFLOW = 0x10;
export const FE_INEXACT = 0x20;
export const EDOM = 33;
export const ERANGE = 34;

const view = new DataView(new ArrayBuffer(8));

export function fromHex(hex: string): number {
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

export function toHex(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/** NaNs compare by class only: the binding (math-binding.ts) gives them SSE's bits, not these functions. */
export function canonical(hex: string): string {
  return toHex(fromHex(hex));
}

/** Whether the bits in hex are a signaling NaN's (which a JavaScript number may not keep). */
export function signalingBits(hex: string): boolean {
  const bits = BigInt(`0x${hex}`) & 0x7fffffffffffffffn;
  return bits > 0x7ff0000000000000n && (bits & 0x8000000000000n) === 0n;
}

/** The generators' seed for their xorshift64 streams. */
export const SEED = 0x9e3779b97f4a7c15n;

/** The generators' xorshift64 stream and their argument distribution: a random sign and significand with a biased exponent drawn from [low, high]. */
export function makeDraw(seed: bigint): (low: number, high: number) => number {
  let state = seed;
  const mask = (1n << 64n) - 1n;
  const next = (): bigint => {
    state ^= (state << 13n) & mask;
    state ^= state >> 7n;
    state ^= (state << 17n) & mask;
    return state;
  };
  return (low, high) => {
    const a = next();
    const b = next();
    const exponent = BigInt(low) + (a % BigInt(high - low + 1));
    view.setBigUint64(0, (b & 0x800fffffffffffffn) | (exponent << 52n));
    return view.getFloat64(0);
  };
}

/** A stream line ("result [errno [flags]]", the defaults 0 and inexact left out) as "result errno flags". */
export function streamResult(line: string): string {
  const g = line.split(' ');
  return `${canonical(g[0]!)} ${g[1] ?? 0} ${g[2] ?? FE_INEXACT.toString(16)}`;
}

/** The flags the binding (math-binding.ts) raises for a call that returned r. */
export function bindingFlags(r: number): number {
  let flags = mathStatus.exceptions;
  if (flags === 0 && mathStatus.errno === EDOM) flags = FE_INVALID;
  else if (flags === 0 && mathStatus.errno === ERANGE)
    flags = Number.isFinite(r) ? FE_UNDERFLOW | FE_INEXACT : FE_OVERFLOW | FE_INEXACT;
  return flags;
}

export interface ReplayCase {
  args: number[];
  /** "result errno flags" as the generator recorded them. */
  expected: string;
  /** A signaling NaN argument (its bits, which a JavaScript number may not keep). */
  signaling?: boolean;
}

/** Collects cases per function name, in file order. */
export class ReplayCases extends Map<string, ReplayCase[]> {
  add(name: string, c: ReplayCase): void {
    const list = this.get(name) ?? [];
    list.push(c);
    this.set(name, list);
  }
}

/**
 * One test per function: every recorded call must give glibc's bits, errno and flags, except for
 * exactly knownMismatches[name].count calls (zero unless listed with a reason).
 */
export function replay(
  title: string,
  cases: ReplayCases,
  functions: Record<string, (...args: number[]) => number>,
  knownMismatches: Record<string, { count: number; reason: string }>,
): void {
  describe(title, () => {
    for (const [name, list] of cases) {
      it(`${name}: ${list.length} recorded calls`, () => {
        const fn = functions[name]!;
        const failures: string[] = [];
        for (const { args, expected, signaling } of list) {
          mathStatus.errno = 0;
          mathStatus.exceptions = 0;
          // A signaling NaN argument never reaches the function: the binding (signaling-nan.ts)
          // returns the quieted NaN with invalid raised.
          const r = signaling ? Number.NaN : fn(...args);
          if (signaling) mathStatus.exceptions = FE_INVALID;
          const actual = `${toHex(r)} ${mathStatus.errno} ${bindingFlags(r).toString(16)}`;
          if (actual !== expected)
            failures.push(`${name}(${args.map(toHex).join(', ')}): glibc ${expected}, miros ${actual}`);
        }
        const known = knownMismatches[name]?.count ?? 0;
        if (failures.length !== known)
          expect(`${failures.length} mismatches\n${failures.slice(0, 20).join('\n')}`).toBe(`${known} mismatches`);
      });
    }
  });
}
