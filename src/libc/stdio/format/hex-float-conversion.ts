// %a %A as glibc's __printf_fphex prints them. The leading digit differs by type: for a double
// it is the implicit bit (1, or 0 for subnormals and zero) followed by the 52 fraction bits as 13
// hex digits; for an x87 long double it is the top nibble of the 64-bit significand followed by
// 15 hex digits, with the exponent lowered by 3 (1.0L prints as 0x8p-3).

import type { ConversionSpec } from './conversion-spec.ts';
import { writeSpecial } from './float-conversion.ts';
import { FloatKind, type FloatValue } from './float-value.ts';
import { RoundingMode } from './format-io.ts';
import type { FormatOutput } from './format-output.ts';

/** Hex digits of the mantissa after the leading one (at most 15). */
const mantissaDigits = new Uint8Array(16);
const text = new Uint8Array(64);

function hexDigit(value: number, upper: boolean): number {
  return value < 10 ? 0x30 + value : (upper ? 0x41 : 0x61) + value - 10;
}

function digitValue(ch: number): number {
  if (ch >= 0x61) return ch - 0x61 + 10;
  if (ch >= 0x41) return ch - 0x41 + 10;
  return ch - 0x30;
}

/** Increments a hex digit character: '9' becomes 'a'/'A' (the conversion's case). */
function incrementDigit(ch: number, conversion: number): number {
  return ch === 0x39 ? conversion : ch + 1;
}

function roundAway(negative: boolean, lastOdd: boolean, halfBit: boolean, moreBits: boolean, mode: number): boolean {
  switch (mode) {
    case RoundingMode.Downward:
      return negative && (halfBit || moreBits);
    case RoundingMode.Upward:
      return !negative && (halfBit || moreBits);
    case RoundingMode.TowardZero:
      return false;
    default:
      return halfBit && (lastOdd || moreBits);
  }
}

export function formatHexFloat(
  out: FormatOutput,
  spec: ConversionSpec,
  value: FloatValue,
  mode: number,
  decimalPoint: Uint8Array,
): void {
  const conversion = spec.conversion; // 'a' or 'A'
  const upper = conversion === 0x41;
  if (value.kind === FloatKind.Infinite || value.kind === FloatKind.NaN) {
    writeSpecial(out, spec, value, upper);
    return;
  }
  let digitCount: number;
  let leading: number;
  let zeroMantissa: boolean;
  let exponent: number;
  let exponentNegative: boolean;
  if (!value.isLongDouble) {
    // 13 digits: 20 bits of fractionHigh then 32 of fractionLow.
    for (let i = 0; i < 5; i++) mantissaDigits[i] = hexDigit((value.fractionHigh >>> (16 - 4 * i)) & 15, upper);
    for (let i = 0; i < 8; i++) mantissaDigits[5 + i] = hexDigit((value.fractionLow >>> (28 - 4 * i)) & 15, upper);
    digitCount = 13;
    zeroMantissa = value.fractionHigh === 0 && value.fractionLow === 0;
    leading = value.biasedExponent === 0 ? 0x30 : 0x31;
    const biased = value.biasedExponent;
    if (biased === 0) {
      exponentNegative = !zeroMantissa;
      exponent = zeroMantissa ? 0 : 1022;
    } else if (biased >= 1023) {
      exponentNegative = false;
      exponent = biased - 1023;
    } else {
      exponentNegative = true;
      exponent = 1023 - biased;
    }
  } else {
    leading = hexDigit(value.rawHigh >>> 28, upper);
    for (let i = 0; i < 7; i++) mantissaDigits[i] = hexDigit((value.rawHigh >>> (24 - 4 * i)) & 15, upper);
    for (let i = 0; i < 8; i++) mantissaDigits[7 + i] = hexDigit((value.low >>> (28 - 4 * i)) & 15, upper);
    digitCount = 15;
    zeroMantissa = value.rawHigh === 0 && value.low === 0;
    const biased = value.biasedExponent;
    if (biased === 0) {
      exponentNegative = !zeroMantissa;
      exponent = zeroMantissa ? 0 : 16385;
    } else if (biased >= 16386) {
      exponentNegative = false;
      exponent = biased - 16386;
    } else {
      exponentNegative = true;
      exponent = 16386 - biased;
    }
  }

  let precision = spec.precision;
  let end: number; // mantissa digits printed come from mantissaDigits[0..end)
  if (!zeroMantissa) {
    end = digitCount;
    while (end > 0 && mantissaDigits[end - 1] === 0x30) end--;
    let away = false;
    if (precision !== -1 && precision < end) {
      const last = precision > 0 ? mantissaDigits[precision - 1] : leading;
      const next = digitValue(mantissaDigits[precision]);
      const moreBits = (next & 7) !== 0 || precision + 1 < end;
      away = roundAway(value.negative, (digitValue(last) & 1) === 1, next >= 8, moreBits, mode);
    }
    if (precision === -1) {
      precision = end;
    } else if (away) {
      let i = precision - 1;
      for (; i >= 0; i--) {
        const ch = mantissaDigits[i];
        if (ch === 0x39 || (ch | 0x20) < 0x66) {
          mantissaDigits[i] = incrementDigit(ch, conversion);
          break;
        }
        mantissaDigits[i] = 0x30;
      }
      if (i < 0) {
        // fff...f carried into the leading digit.
        if (leading === 0x39 || (leading | 0x20) < 0x66) {
          leading = incrementDigit(leading, conversion);
        } else {
          leading = 0x31;
          if (exponentNegative) {
            exponent -= 4;
            if (exponent <= 0) {
              exponent = -exponent;
              exponentNegative = false;
            }
          } else {
            exponent += 4;
          }
        }
      }
    }
  } else {
    if (precision === -1) precision = 0;
    end = 0;
  }

  // Body without sign and padding: 0x h . hhh p+d
  let n = 0;
  const buffer = precision + 32 > text.length ? new Uint8Array(precision + 32) : text;
  buffer[n++] = 0x30;
  buffer[n++] = conversion + (0x78 - 0x61); // 'x' or 'X'
  const prefixEnd = n;
  buffer[n++] = leading;
  if (precision > 0 || spec.alt) for (let i = 0; i < decimalPoint.length; i++) buffer[n++] = decimalPoint[i];
  if (precision > 0) {
    const shown = Math.min(end, precision);
    for (let i = 0; i < shown; i++) buffer[n++] = mantissaDigits[i];
    for (let i = shown; i < precision; i++) buffer[n++] = 0x30;
  }
  buffer[n++] = conversion + (0x70 - 0x61); // 'p' or 'P'
  buffer[n++] = exponentNegative ? 0x2d : 0x2b;
  const exponentText = String(exponent);
  for (let i = 0; i < exponentText.length; i++) buffer[n++] = exponentText.charCodeAt(i);

  // glibc pads zeros after the "0x" prefix, and never pads on the right with '0'.
  let width = spec.width;
  if (value.negative || spec.showsign || spec.space) width--;
  width -= n;
  if (!spec.left && spec.pad !== 0x30 && width > 0) out.pad(0x20, width);
  if (value.negative) out.byte(0x2d);
  else if (spec.showsign) out.byte(0x2b);
  else if (spec.space) out.byte(0x20);
  out.bytes(buffer, 0, prefixEnd);
  if (!spec.left && spec.pad === 0x30 && width > 0) out.pad(0x30, width);
  out.bytes(buffer, prefixEnd, n);
  if (spec.left && spec.pad !== 0x30 && width > 0) out.pad(spec.pad, width);
}
