/* Records glibc 2.36 results of asin and acos (result bits, errno, exception flags) in
   libm-trig.c's format:
     gcc -O0 -fno-builtin -o /tmp/libm-asin-acos tests/libc/generators/libm-asin-acos.c -lm &&
     /tmp/libm-asin-acos > tests/libc/data/libm-asin-acos.expected
   "= name x-hex result-hex errno flags" records a special argument; "@ name count lowExp highExp"
   starts a stream of arguments from the xorshift64 generator (seed 0x9E3779B97F4A7C15, then two
   draws per argument: exponent low + a % (high - low + 1), sign and significand from b), one
   line per call: result-hex [errno flags] (omitted for errno 0 with only FE_INEXACT raised).
   "~ name count lowExp highExp" is such a stream whose arguments are d's sign times 1 - |d| for
   each drawn d (the path near ±1). The names asin.upward, asin.downward, asin.towardzero (and
   acos's) are the same recordings with that rounding mode set around each call: e_asin.c computes
   in the caller's mode. */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libm-recording.h"

/* The rounding mode every call runs in (set just around the call). */
static int round_mode = FE_TONEAREST;
static double call(fn1_t fn, double x) {
  fesetround(round_mode);
  double y = fn(x);
  fesetround(FE_TONEAREST);
  return y;
}

static void special1(const char *name, fn1_t fn, double x) {
  printf("= %s %016llx ", name, (unsigned long long)db(x));
  errno = 0; feclearexcept(FE_ALL_EXCEPT);
  double y = call(fn, x);
  record(y, 0);
}

static void stream1(const char *name, fn1_t fn, int count, int low, int high) {
  state = 0x9E3779B97F4A7C15ull;
  printf("@ %s %d %d %d\n", name, count, low, high);
  for (int i = 0; i < count; i++) {
    double x = draw(low, high);
    errno = 0; feclearexcept(FE_ALL_EXCEPT);
    double y = call(fn, x);
    record(y, 1);
  }
}

/* Arguments ±(1 - |d|): the near-1 path's whole range of 1 - |x|. */
static void stream_near_one(const char *name, fn1_t fn, int count, int low, int high) {
  state = 0x9E3779B97F4A7C15ull;
  printf("~ %s %d %d %d\n", name, count, low, high);
  for (int i = 0; i < count; i++) {
    double d = draw(low, high);
    double x = copysign(1.0 - fabs(d), d);
    errno = 0; feclearexcept(FE_ALL_EXCEPT);
    double y = call(fn, x);
    record(y, 1);
  }
}

#define SNAN_BITS 0x7ff4000000000001ull

/* Zeros, subnormals, the thresholds of glibc's paths (as high words, each with its neighbours),
   ±1 and its neighbours, |x| > 1, infinities and NaNs. */
static void specials(const char *name, fn1_t fn) {
  static const double fixed[] = {0.0, -0.0, 0x1p-1074, -0x1p-1074, 0x1p-1022, -0x1p-1022, 0x0.fffffffffffffp-1022,
    -0x0.fffffffffffffp-1022, 0x1.8p-1030, 1e-300, 1e-20, 1e-10, 0x1p-27, 0x1p-26, 0.125, 0.25, 0.5, -0.5, 0.75,
    0.921875, 0.953125, 0.96875, 0x1.fffffffffffffp-1, -0x1.fffffffffffffp-1, 0x1.ffffffffffffep-1, 1.0, -1.0,
    0x1.0000000000001p0, -0x1.0000000000001p0, 1.5, 2.0, -2.0, 1e300, -1e300, 0x1.fffffffffffffp1023, INFINITY,
    -INFINITY, NAN, -NAN, M_SQRT1_2, -M_SQRT1_2, 0x1.bb67ae8584caap-1};
  for (unsigned i = 0; i < sizeof fixed / sizeof *fixed; i++) special1(name, fn, fixed[i]);
  special1(name, fn, bd(SNAN_BITS));
  special1(name, fn, bd(SNAN_BITS | 0x8000000000000000ull));
  special1(name, fn, bd(0x7ff0000000000001ull));
  static const uint32_t highs[] = {0x3c880000, 0x3e500000, 0x3fc00000, 0x3fd00000, 0x3fe00000, 0x3fe80000,
    0x3fed8000, 0x3fee8000, 0x3fef0000, 0x3ff00000, 0x00100000};
  for (unsigned i = 0; i < sizeof highs / sizeof *highs; i++)
    for (int d = -2; d <= 2; d++) {
      uint64_t bits = ((uint64_t)highs[i] << 32) + (uint64_t)(int64_t)d;
      special1(name, fn, bd(bits));
      special1(name, fn, -bd(bits));
    }
  /* Every table segment's boundaries (high word steps of 2^13 from 0.125 up to 0.96875). */
  for (uint32_t h = 0x3fc00000; h < 0x3ff00000; h += 0x2000) {
    special1(name, fn, bd((uint64_t)h << 32));
    special1(name, fn, -bd(((uint64_t)h << 32) - 1));
  }
  /* 1 - k ulp for the path near 1. */
  for (int k = 1; k <= 64; k++) {
    special1(name, fn, 1.0 - k * 0x1p-53);
    special1(name, fn, -1.0 + k * 0x1p-53 * 3);
  }
}

static void all(const char *name, fn1_t fn) {
  specials(name, fn);
  stream1(name, fn, 4000, 0x000, 0x7fe);
  stream1(name, fn, 4000, 0x000, 0x3ff);
  stream1(name, fn, 4000, 0x3c0, 0x3fe);
  stream1(name, fn, 12000, 0x3fc, 0x3fe);
  stream1(name, fn, 6000, 0x3fe, 0x3fe);
  stream1(name, fn, 2000, 0x3e0, 0x3fb);
  stream1(name, fn, 2000, 0x000, 0x001);
  stream_near_one(name, fn, 12000, 0x3ca, 0x3fa);
}

/* Fewer calls in each directed mode: every path still sampled. */
static void directed(const char *name, fn1_t fn) {
  static const struct { int mode; const char *suffix; } modes[] = {
    {FE_UPWARD, "upward"}, {FE_DOWNWARD, "downward"}, {FE_TOWARDZERO, "towardzero"}};
  char full[64];
  for (unsigned i = 0; i < 3; i++) {
    snprintf(full, sizeof full, "%s.%s", name, modes[i].suffix);
    round_mode = modes[i].mode;
    specials(full, fn);
    stream1(full, fn, 1000, 0x000, 0x3ff);
    stream1(full, fn, 3000, 0x3fc, 0x3fe);
    stream1(full, fn, 1000, 0x3e0, 0x3fb);
    stream_near_one(full, fn, 2000, 0x3ca, 0x3fa);
    round_mode = FE_TONEAREST;
  }
}

int main(void) {
  all("asin", asin);
  all("acos", acos);
  directed("asin", asin);
  directed("acos", acos);
  return 0;
}
