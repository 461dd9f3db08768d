// IEEE 754 binary32 and binary64 values as their raw bits (a bigint), for the functions whose
// results depend on NaN payloads, signs of NaNs and signaling bits (nextup, canonicalize, the
// fmaximum family, totalorder, payloads): a JavaScript number does not keep a NaN's bits, so these
// functions never turn a NaN into a number.

export interface IeeeFormat {
  /** Number of fraction (trailing significand) bits: 52 or 23. */
  readonly fractionBits: bigint;
  /** The sign bit. */
  readonly sign: bigint;
  /** The exponent field's mask in place. */
  readonly exponentMask: bigint;
  /** The fraction field's mask. */
  readonly fractionMask: bigint;
  /** The quiet bit of a NaN (the fraction's top bit). */
  readonly quietBit: bigint;
  /** Exponent bias. */
  readonly bias: number;
}

function format(exponentBits: bigint, fractionBits: bigint, bias: number): IeeeFormat {
  return {
    fractionBits,
    sign: 1n << (exponentBits + fractionBits),
    exponentMask: ((1n << exponentBits) - 1n) << fractionBits,
    fractionMask: (1n << fractionBits) - 1n,
    quietBit: 1n << (fractionBits - 1n),
    bias,
  };
}

export const BINARY64: IeeeFormat = format(11n, 52n, 1023);
export const BINARY32: IeeeFormat = format(8n, 23n, 127);

export function isNaNBits(f: IeeeFormat, x: bigint): boolean {
  return (x & f.exponentMask) === f.exponentMask && (x & f.fractionMask) !== 0n;
}

export function isSignalingBits(f: IeeeFormat, x: bigint): boolean {
  return isNaNBits(f, x) && (x & f.quietBit) === 0n;
}

export function isInfiniteBits(f: IeeeFormat, x: bigint): boolean {
  return (x & ~f.sign) === f.exponentMask;
}

export function isNegativeBits(f: IeeeFormat, x: bigint): boolean {
  return (x & f.sign) !== 0n;
}

export function magnitudeBits(f: IeeeFormat, x: bigint): bigint {
  return x & ~f.sign;
}

const view = new DataView(new ArrayBuffer(8));

/** The value of non-NaN bits as a number (exact: every float and double is a double). */
export function bitsToNumber(f: IeeeFormat, x: bigint): number {
  if (f === BINARY32) {
    view.setUint32(0, Number(x));
    return view.getFloat32(0);
  }
  view.setBigUint64(0, x);
  return view.getFloat64(0);
}

/** The bits of a non-NaN number (for binary32, a number that is a float). */
export function numberToBits(f: IeeeFormat, x: number): bigint {
  if (f === BINARY32) {
    view.setFloat32(0, x);
    return BigInt(view.getUint32(0));
  }
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

/**
 * The NaN an SSE arithmetic instruction returns for these operands: the first NaN quieted (a
 * signaling one among them raises invalid, reported through `signaling`), or undefined when none
 * is a NaN.
 */
export function propagateNaN(f: IeeeFormat, ...operands: bigint[]): bigint | undefined {
  for (const x of operands) if (isNaNBits(f, x)) return x | f.quietBit;
  return undefined;
}

export function anySignaling(f: IeeeFormat, ...operands: bigint[]): boolean {
  return operands.some((x) => isSignalingBits(f, x));
}

/** The exact value of finite bits as sign · significand · 2^exponent (significand an integer). */
export interface ExactValue {
  negative: boolean;
  significand: bigint;
  exponent: number;
}

export function exactValue(f: IeeeFormat, x: bigint): ExactValue {
  const biased = Number((x & f.exponentMask) >> f.fractionBits);
  const fraction = x & f.fractionMask;
  const fractionBits = Number(f.fractionBits);
  return {
    negative: isNegativeBits(f, x),
    significand: biased === 0 ? fraction : fraction | (1n << f.fractionBits),
    exponent: (biased === 0 ? 1 : biased) - f.bias - fractionBits,
  };
}
