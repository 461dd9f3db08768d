// The small fields of a DecodedInstruction (./decoder.ts), packed into one integer.
//
// Why: the CPU keeps every instruction it decodes, a static glibc hello world ~4,500 at start-up,
// and on this VM every fresh 4 KiB of memory costs a page fault (14-16 us; issue 4). A V8 object
// field takes 8 bytes, and thirteen of the 31 fields of an instruction hold a few bits each (flags,
// a segment, an encoding, a size out of four). One small integer holds them all; the
// instruction's accessors (DecodedInstruction) give the Instruction fields as before, and the
// decoder writes the whole word once.

import { type Encoding, type RepeatPrefix, Segment } from './instruction.ts';

export const LOCK = 1 << 0;
export const VSIB = 1 << 1;
export const ZEROING = 1 << 2;
export const SAE = 1 << 3;
export const REP_SHIFT = 4; // 2 bits: RepeatPrefix
export const SEGMENT_SHIFT = 6; // 3 bits: Segment
export const ENCODING_SHIFT = 9; // 3 bits: Encoding
export const ROUNDING_SHIFT = 12; // 3 bits: rounding + 1 (-1 … 3)
export const OPMASK_SHIFT = 15; // 3 bits: k0 … k7
export const DISP_SIZE_SHIFT = 18; // 2 bits: index in DISP_SIZES
export const VECTOR_SHIFT = 20; // 2 bits: index in VECTOR_LENGTHS
/** Set when the address size is 8, clear when 4. */
export const ADDRESS_SIZE_8 = 1 << 22;
export const SCALE_SHIFT = 23; // 2 bits: log2 of the scale

const DISP_SIZES = [0, 1, 4, 8] as const;
const VECTOR_LENGTHS = [0, 16, 32, 64] as const;

/** The word of a freshly reset instruction: no segment override, no rounding, 64-bit addresses, scale 1. */
export const DEFAULT_BITS = (Segment.None << SEGMENT_SHIFT) | (0 << ROUNDING_SHIFT) | ADDRESS_SIZE_8;

export function dispSizeBits(size: number): number {
  const code = DISP_SIZES.indexOf(size as 0);
  if (code < 0) throw new RangeError(`decoded instruction: displacement size ${size}`);
  return code << DISP_SIZE_SHIFT;
}

/**
 * `dispSizeBits` for the decoder, which only makes sizes of DISP_SIZES: comparisons, not a search
 * (start-up runs the decoder in V8's baseline code, where indexOf is a builtin call).
 */
export function knownDispSizeBits(size: 0 | 1 | 4 | 8): number {
  return (size === 0 ? 0 : size === 1 ? 1 : size === 4 ? 2 : 3) << DISP_SIZE_SHIFT;
}

export function vectorLengthBits(length: number): number {
  const code = VECTOR_LENGTHS.indexOf(length as 0);
  if (code < 0) throw new RangeError(`decoded instruction: vector length ${length}`);
  return code << VECTOR_SHIFT;
}

/** `vectorLengthBits` for the decoder, which only makes lengths of VECTOR_LENGTHS (0 = none). */
export function knownVectorLengthBits(length: 0 | 16 | 32 | 64): number {
  return (length === 64 ? 3 : length >> 4) << VECTOR_SHIFT;
}

export function scaleBits(scale: number): number {
  const code = scale === 1 ? 0 : scale === 2 ? 1 : scale === 4 ? 2 : scale === 8 ? 3 : -1;
  if (code < 0) throw new RangeError(`decoded instruction: scale ${scale}`);
  return code << SCALE_SHIFT;
}

export function addressSizeBits(size: number): number {
  if (size !== 4 && size !== 8) throw new RangeError(`decoded instruction: address size ${size}`);
  return size === 8 ? ADDRESS_SIZE_8 : 0;
}

/** `bits` with the one-bit flag `flag` set (`on`) or clear. */
export function withFlag(bits: number, flag: number, on: boolean): number {
  return on ? bits | flag : bits & ~flag;
}

/** `value` as the `width`-bit field at `shift`, checked to fit (`offset` added first: rounding's -1). */
export function fieldBits(value: number, shift: number, width: number, name: string, offset = 0): number {
  const code = value + offset;
  if (!Number.isInteger(code) || code < 0 || code >= 1 << width)
    throw new RangeError(`decoded instruction: ${name} ${value}`);
  return code << shift;
}

export function readDispSize(bits: number): number {
  return DISP_SIZES[(bits >> DISP_SIZE_SHIFT) & 3]!;
}

export function readVectorLength(bits: number): number {
  return VECTOR_LENGTHS[(bits >> VECTOR_SHIFT) & 3]!;
}

export function readRep(bits: number): RepeatPrefix {
  return (bits >> REP_SHIFT) & 3;
}

export function readSegment(bits: number): Segment {
  return (bits >> SEGMENT_SHIFT) & 7;
}

export function readEncoding(bits: number): Encoding {
  return (bits >> ENCODING_SHIFT) & 7;
}
