/* The double trigonometric functions (sin, cos, sincos, tan, atan, atan2, asin, acos) through the PLT, built with -fno-builtin
   so gcc folds nothing: result bits, errno and the exception flags each call leaves, over awkward
   arguments (zeros, subnormals, the tiny-argument thresholds, multiples of pi/2, huge values,
   infinities, quiet and signaling NaNs with payloads) plus sums over many calls in every range
   (direct, pi/2 - x, reduce_sincos, branred). Output must match the native run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned long long bits(double x) { uint64_t b; memcpy(&b, &x, 8); return b; }
static double from_bits(uint64_t b) { double x; memcpy(&x, &b, 8); return x; }

static const char *flags(void) {
  static char s[8];
  int e = fetestexcept(FE_ALL_EXCEPT);
  s[0] = e & FE_INVALID ? 'i' : '-';
  s[1] = e & FE_DIVBYZERO ? 'z' : '-';
  s[2] = e & FE_OVERFLOW ? 'o' : '-';
  s[3] = e & FE_UNDERFLOW ? 'u' : '-';
  s[4] = e & FE_INEXACT ? 'x' : '-';
  s[5] = 0;
  return s;
}
#define PREP() (errno = 0, feclearexcept(FE_ALL_EXCEPT))
#define D1(fn, x) do { PREP(); double r = fn(x); printf("%-6s %016llx %016llx e%d %s\n", #fn, bits(x), bits(r), errno, flags()); } while (0)

int main(void) {
  const double xs[] = {0x1.b096cp-27, 0x1.b096c00000001p-27, 0.0608, 0.787, 25.0, 25.000000000000004, 1e8, 1.0000000000000002e8,
                       0x1.bb67ap-27, 0.0625, 16.0, 5.8e15, 5.9e15, -7.5, 0.3, 0.0, -0.0, 0x1p-1074, -0x1p-1030, 0x1p-1022, 1e-300, 1e-10, 0x1p-27, 0x1p-26, -0x1.8p-26,
                       0.1, 0.125, 0.126, 0.5, -0.7, 0.855, 0.86, 1.0, 1.5707963267948966, 2.0, 2.43, -3.0,
                       3.141592653589793, 10.0, 100.0, -1000.5, 1e6, 105414350.0, 105414351.0, 1e9, 1e22,
                       -1e22, 1e300, 0x1.fffffffffffffp1023, 0x1.6ac5b262ca1ffp849, INFINITY, -INFINITY, NAN,
                       -NAN, from_bits(0x7ff8000000000123ull), from_bits(0x7ff4000000000001ull),
                       from_bits(0xfff0000000000abcull)};
  for (unsigned i = 0; i < sizeof xs / sizeof *xs; i++) {
    D1(sin, xs[i]);
    D1(cos, xs[i]);
    D1(tan, xs[i]);
    D1(atan, xs[i]);
    D1(asin, xs[i]);
    D1(acos, xs[i]);
    double s = 1, c = 1;
    PREP();
    sincos(xs[i], &s, &c);
    printf("sincos %016llx %016llx %016llx e%d %s\n", bits(xs[i]), bits(s), bits(c), errno, flags());
  }
  /* atan2 over pairs of awkward values (NaN payloads of both arguments included). */
  const double ps[] = {0.0, -0.0, 1.0, -2.5, 1e-300, 0x1p-1074, 1e300, 0x1p-600, INFINITY, -INFINITY,
                       from_bits(0x7ff8000000000123ull), from_bits(0xfff8000000000456ull), from_bits(0x7ff4000000000001ull)};
  for (unsigned i = 0; i < sizeof ps / sizeof *ps; i++)
    for (unsigned j = 0; j < sizeof ps / sizeof *ps; j++) {
      PREP();
      double r = atan2(ps[i], ps[j]);
      printf("atan2 %016llx %016llx %016llx e%d %s\n", bits(ps[i]), bits(ps[j]), bits(r), errno, flags());
    }
  /* asin and acos at each of their paths' boundaries and around ±1. */
  const double as[] = {0x1.fffffffffffffp-28, 0x1p-26, 0x1p-56, 0x1.8p-55, 0x1.fffffffffffffp-4, 0.125, 0.2499999999999999,
                       0.25, 0.49999999999999994, 0.7499999999999999, 0.75, 0.921875, 0.953125, 0.96875,
                       0.9999999999999999, 1.0000000000000002, -0.9999999999999999, -0.96875, -0.6, -0.3, -0.01};
  for (unsigned i = 0; i < sizeof as / sizeof *as; i++) {
    D1(asin, as[i]);
    D1(acos, as[i]);
  }
  /* asin and acos sums over [-1, 1] in each rounding mode (e_asin.c computes in the caller's mode). */
  const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    double sum = 0, sum2 = 0;
    for (int i = -500; i <= 500; i++) {
      double x = i * 0.001999 + 0.0000001 * (i % 7);
      sum += asin(x) + 0.5 * asin(1 - 0x1p-40 * (i + 501));
      sum2 += acos(x) - acos(-1 + 0x1p-30 * (i + 501));
    }
    fesetround(FE_TONEAREST);
    printf("asin/acos sums mode %d: %016llx %016llx\n", m, bits(sum), bits(sum2));
  }
  /* Sums over each range; with the rounding mode changed too (glibc computes in nearest anyway). */
  const double scales[] = {1e-3, 0.05, 0.8, 2.0, 1e4, 3e7, 1e12, 1e200};
  for (int mode = 0; mode < 2; mode++) {
    if (mode) fesetround(FE_UPWARD);
    for (unsigned j = 0; j < sizeof scales / sizeof *scales; j++) {
      double sum = 0, sum2 = 0;
      for (int i = 1; i <= 60; i++) {
        double x = scales[j] * (i * 5.150283239582457 - 150.0);
        double s, c;
        sincos(x, &s, &c);
        sum += sin(x) - 3 * cos(x) + 0.25 * atan(x) + 0x1p-60 * tan(x);
        sum2 += s * 5 + c + atan2(x, s - 0.3) - atan2(c, -x);
      }
      printf("sums mode %d scale %a: %016llx %016llx\n", mode, scales[j], bits(sum), bits(sum2));
    }
  }
  return 0;
}
