/* Records glibc 2.36 results of the double trigonometric functions (sin, cos, sincos, tan,
   atan, atan2; asin and acos are in libm-asin-acos.c), in libm-double.c's format:
     gcc -O0 -fno-builtin -o /tmp/libm-trig tests/libc/generators/libm-trig.c -lm &&
     /tmp/libm-trig > tests/libc/data/libm-trig.expected
   "= name x-hex result-hex errno flags" records a special argument; "@ name count lowExp highExp"
   starts a stream of arguments from the xorshift64 generator (seed 0x9E3779B97F4A7C15, then two
   draws per argument: exponent low + a % (high - low + 1), sign and significand from b), one
   line per call: result-hex [errno flags] (omitted for errno 0 with only FE_INEXACT raised).
   "= atan2 y-hex x-hex result-hex errno flags" and "@ atan2 count yLow yHigh xLow xHigh" (y then x
   drawn from one stream) are the two-argument forms. sincos is recorded as two functions, sincos.sin and sincos.cos (one call each). */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libm-recording.h"

static double sincos_sin(double x) { double s, c; sincos(x, &s, &c); return s; }
static double sincos_cos(double x) { double s, c; sincos(x, &s, &c); return c; }

static void special2(const char *name, double (*fn)(double, double), double y, double x) {
  printf("= %s %016llx %016llx ", name, (unsigned long long)db(y), (unsigned long long)db(x));
  errno = 0; feclearexcept(FE_ALL_EXCEPT);
  double r = fn(y, x);
  record(r, 0);
}

static void special1(const char *name, fn1_t fn, double x) {
  printf("= %s %016llx ", name, (unsigned long long)db(x));
  errno = 0; feclearexcept(FE_ALL_EXCEPT);
  double y = fn(x);
  record(y, 0);
}

static void stream1(const char *name, fn1_t fn, int count, int low, int high) {
  state = 0x9E3779B97F4A7C15ull;
  printf("@ %s %d %d %d\n", name, count, low, high);
  for (int i = 0; i < count; i++) {
    double x = draw(low, high);
    errno = 0; feclearexcept(FE_ALL_EXCEPT);
    double y = fn(x);
    record(y, 1);
  }
}

/* Pairs: y from exponents [ylow, yhigh], then x from [xlow, xhigh], both from one stream. */
static void stream2(const char *name, double (*fn)(double, double), int count, int ylow, int yhigh, int xlow, int xhigh) {
  state = 0x9E3779B97F4A7C15ull;
  printf("@ %s %d %d %d %d %d\n", name, count, ylow, yhigh, xlow, xhigh);
  for (int i = 0; i < count; i++) {
    double y = draw(ylow, yhigh), x = draw(xlow, xhigh);
    errno = 0; feclearexcept(FE_ALL_EXCEPT);
    double r = fn(y, x);
    record(r, 1);
  }
}

#define SNAN_BITS 0x7ff4000000000001ull

/* Arguments every trigonometric function is recorded at: zeros, the tiny-argument thresholds,
   each path's boundaries (as high words), pi/2 multiples and huge values. */
static void specials(const char *name, fn1_t fn) {
  static const double fixed[] = {0.0, -0.0, 0x1p-1074, -0x1p-1074, 0x1p-1022, -0x1p-1022, 0x0.fffffffffffffp-1022,
    1e-300, 1e-10, 0x1p-28, 0x1p-27, 0x1.fffffffffffffp-28, 0x1p-26, 0x1.fffffffffffffp-27, -0x1p-26, 0.125, 0.126,
    0x1.020c49ba5e353p-3, 0.5, 1.0, -1.0, 2.0, 3.0, M_PI, M_PI_2, M_PI_4, -M_PI_2, 10.0, 100.0, 1e6, 105414350.0,
    105414351.0, 1e9, 1e15, 0x1p52, 0x1p53, 1e22, -1e22, 1e100, 1e200, 1e300, -1e300, 0x1.fffffffffffffp1023,
    -0x1.fffffffffffffp1023, 0x1.6ac5b262ca1ffp849, 0x1.8a7dcf3c1d7d5p511, 6381956970095103.0 * 0x1p797,
    INFINITY, -INFINITY, NAN, -NAN};
  for (unsigned i = 0; i < sizeof fixed / sizeof *fixed; i++) special1(name, fn, fixed[i]);
  special1(name, fn, bd(SNAN_BITS));
  special1(name, fn, bd(SNAN_BITS | 0x8000000000000000ull));
  static const uint32_t highs[] = {0x3e400000, 0x3e500000, 0x3feb6000, 0x400368fd, 0x419921fb, 0x7fe00000,
    /* tan's thresholds 1.259e-8, 0.0608, 0.787, 25, 1e8 */
    0x3e4b096c, 0x3faf212d, 0x3fe92f1a, 0x40390000, 0x4197d784,
    /* atan's: 1.29e-8, 1/16, 1, 16, 5.8e15 */
    0x3e4bb67a, 0x3fb00000, 0x3ff00000, 0x40300000, 0x43349ff2};
  for (unsigned i = 0; i < sizeof highs / sizeof *highs; i++)
    for (int d = -1; d <= 1; d++) {
      uint64_t bits = ((uint64_t)highs[i] << 32) + (uint64_t)(int64_t)d;
      special1(name, fn, bd(bits));
      special1(name, fn, -bd(bits));
    }
  /* Near multiples of pi/2: the double nearest k·pi/2 and its neighbours (cancellation in the
     reduction), for the small range and for branred's. */
  for (int k = 1; k <= 400; k++) {
    double x = (double)(k * 1.57079632679489661923132169163975144L);
    special1(name, fn, x);
    special1(name, fn, nextafter(x, 0));
    special1(name, fn, -nextafter(x, INFINITY));
  }
  for (int k = 0; k < 100; k++) {
    double x = (double)((67108864.0L + 1234567.0L * k) * 1.57079632679489661923132169163975144L);
    special1(name, fn, x);
  }
}

static void all(const char *name, fn1_t fn, int scale) {
  specials(name, fn);
  stream1(name, fn, 4000 * scale, 0x000, 0x7fe);
  stream1(name, fn, 4000 * scale, 0x3c0, 0x41a);
  stream1(name, fn, 2000 * scale, 0x3f8, 0x400);
  stream1(name, fn, 1000 * scale, 0x400, 0x41a);
}

int main(void) {
  all("sin", sin, 2);
  all("cos", cos, 2);
  all("sincos.sin", sincos_sin, 1);
  all("sincos.cos", sincos_cos, 1);
  all("tan", tan, 2);
  all("atan", atan, 2);
  /* atan2: every pair of special values, then pairs over all exponents, close exponents and
     the 57-binade gaps. */
  static const double a2[] = {0.0, -0.0, 1.0, -1.0, 0.5, 2.0, -3.0, 16.0, 1e-10, 0x1p-1074, -0x1p-1074, 0x1p-1022,
    1e-300, 1e300, -1e300, 0x1.fffffffffffffp1023, 0x1p57, 0x1p-57, 0x1p500, 0x1p-500, 0x1.8p-501, 17.0, 0.0625,
    INFINITY, -INFINITY, NAN};
  unsigned n2 = sizeof a2 / sizeof *a2;
  for (unsigned i = 0; i < n2; i++)
    for (unsigned j = 0; j < n2; j++) special2("atan2", atan2, a2[i], a2[j]);
  for (unsigned i = 0; i < n2; i++) {
    special2("atan2", atan2, bd(SNAN_BITS), a2[i]);
    special2("atan2", atan2, a2[i], bd(SNAN_BITS));
  }
  for (int k = -70; k <= 70; k++) {
    special2("atan2", atan2, ldexp(1.2345, k), 1.0);
    special2("atan2", atan2, ldexp(-1.2345, k), -1.0);
  }
  stream2("atan2", atan2, 8000, 0x000, 0x7fe, 0x000, 0x7fe);
  stream2("atan2", atan2, 12000, 0x3f0, 0x410, 0x3f0, 0x410);
  stream2("atan2", atan2, 4000, 0x3fe, 0x400, 0x3fe, 0x400);
  stream2("atan2", atan2, 2000, 0x000, 0x040, 0x000, 0x040);
  stream2("atan2", atan2, 2000, 0x7a0, 0x7fe, 0x7a0, 0x7fe);
  return 0;
}
