// Floating-point exception flags, as both units encode them: the x87 status word and MXCSR keep
// the six flags in bits 0–5, and the x87 control word and MXCSR keep the matching masks in the same
// order (control word bits 0–5, MXCSR bits 7–12).

/** Invalid operation. */
export const FLAG_IE = 0x01;
/** Denormal operand. */
export const FLAG_DE = 0x02;
/** Divide by zero. */
export const FLAG_ZE = 0x04;
/** Overflow. */
export const FLAG_OE = 0x08;
/** Underflow. */
export const FLAG_UE = 0x10;
/** Precision (inexact result). */
export const FLAG_PE = 0x20;
export const ALL_FLAGS = 0x3f;

/** Rounding control, as both the x87 control word (bits 10–11) and MXCSR (bits 13–14) encode it. */
export const enum Rounding {
  NearestEven = 0,
  Down = 1,
  Up = 2,
  TowardZero = 3,
}
