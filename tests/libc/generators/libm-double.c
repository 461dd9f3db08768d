/* Records glibc 2.36 results of the double libm functions Miros reproduces beyond exp/log (pow,
   and the families after it), in the format of libm-functions.c extended to two arguments:
     gcc -O0 -fno-builtin -o /tmp/libm-double tests/libc/generators/libm-double.c -lm &&
     /tmp/libm-double > tests/libc/data/libm-double.expected
   "= name x-hex result-hex errno flags" (one argument) or "= name x-hex y-hex result-hex errno
   flags" (two) records a special argument. "@ name count lowExp highExp" starts a stream of one
   argument; "@ name count xLowExp xHighExp yLowExp yHighExp mode" one of two (x from two draws of
   the xorshift64 generator, then y from two more; mode bit 0: x made positive, bit 1: y truncated
   to an integer). Then one line per call: result-hex [errno flags] (omitted for errno 0 with only
   FE_INEXACT raised). Flags: FE_* bits in hex. The test regenerates the arguments. */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "libm-recording.h"

typedef double (*fn2_t)(double, double);

static void special1(const char *name, fn1_t fn, double x) {
  printf("= %s %016llx ", name, (unsigned long long)db(x));
  errno = 0; feclearexcept(FE_ALL_EXCEPT);
  double y = fn(x);
  record(y, 0);
}

static void special2(const char *name, fn2_t fn, double x, double y) {
  printf("= %s %016llx %016llx ", name, (unsigned long long)db(x), (unsigned long long)db(y));
  errno = 0; feclearexcept(FE_ALL_EXCEPT);
  double r = fn(x, y);
  record(r, 0);
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

static void stream2(const char *name, fn2_t fn, int count, int xlow, int xhigh, int ylow, int yhigh, int mode) {
  state = 0x9E3779B97F4A7C15ull ^ (uint64_t)(xlow * 0x10001 + yhigh * 0x101 + mode);
  printf("@ %s %d %d %d %d %d %d\n", name, count, xlow, xhigh, ylow, yhigh, mode);
  for (int i = 0; i < count; i++) {
    double x = draw(xlow, xhigh), y = draw(ylow, yhigh);
    if (mode & 1) x = fabs(x);
    if (mode & 2) y = trunc(y);
    errno = 0; feclearexcept(FE_ALL_EXCEPT);
    double r = fn(x, y);
    record(r, 1);
  }
}

#define SNAN_BITS 0x7ff4000000000001ull
static const double pow_specials[] = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, -3.0, 10.0, 0.1, 1.5, -1.5,
  0x1p-1074, -0x1p-1074, 0x1p-1022, 0x1.8p-1030, -0x1.8p-1030, 0x1.fffffffffffffp1023, -0x1.fffffffffffffp1023,
  0x1p-65, 0x1p-66, -0x1p-66, 0x1p63, -0x1p63, 0x1p64, 0x1.fffffffffffffp62, 0x1.0000000000001p0, 0x1.fffffffffffffp-1,
  1023.0, 1024.0, -1074.0, -1075.0, -1022.0, 53.0, 0.25, 1e300, 1e-300, INFINITY, -INFINITY, NAN, -NAN};

int main(void) {
  /* pow: every pair of special arguments, then the streams. */
  unsigned n = sizeof pow_specials / sizeof *pow_specials;
  for (unsigned i = 0; i < n; i++)
    for (unsigned j = 0; j < n; j++) special2("pow", pow, pow_specials[i], pow_specials[j]);
  for (unsigned i = 0; i < n; i++) {
    special2("pow", pow, bd(SNAN_BITS), pow_specials[i]);
    special2("pow", pow, pow_specials[i], bd(SNAN_BITS));
  }
  special2("pow", pow, 2.0, 1023.9999999999999);
  special2("pow", pow, 2.0, -1074.5);
  special2("pow", pow, 2.0, -1075.0000000000002);
  special2("pow", pow, -2.0, -1075.0);
  special2("pow", pow, -2.0, 1025.0);
  special2("pow", pow, 10.0, 308.25471555991675);
  special2("pow", pow, 10.0, -323.3062153431158);
  special2("pow", pow, 0x1.0000000000001p0, 0x1p62);
  special2("pow", pow, 0x1.fffffffffffffp-1, -0x1p62);
  stream2("pow", pow, 8000, 0x001, 0x7fe, 0x3b0, 0x40a, 1);
  stream2("pow", pow, 8000, 0x3f0, 0x40f, 0x3c0, 0x409, 1);
  stream2("pow", pow, 3000, 0x3fe, 0x3ff, 0x400, 0x43d, 1);
  stream2("pow", pow, 3000, 0x3f0, 0x410, 0x3ff, 0x40a, 2);
  stream2("pow", pow, 1000, 0x000, 0x000, 0x3b0, 0x3ff, 0);
  stream2("pow", pow, 3000, 0x3fe, 0x400, 0x408, 0x40f, 1);

  /* cbrt: specials, exact cubes, the whole range. */
  static const double cbrts[] = {0.0, -0.0, 1.0, -1.0, 8.0, -27.0, 0.125, 1000.0, 3.0, 0x1p-1074, -0x1p-1074, 0x1p-1022,
    0x1.fffffffffffffp1023, INFINITY, -INFINITY, NAN, -NAN, 0x1p-1073, 0x1.8p-1040, 1e-320};
  for (unsigned i = 0; i < sizeof cbrts / sizeof *cbrts; i++) special1("cbrt", cbrt, cbrts[i]);
  special1("cbrt", cbrt, bd(SNAN_BITS));
  stream1("cbrt", cbrt, 12000, 0x000, 0x7fe);

  /* hypot: special pairs, Pythagorean triples, then all ranges (scaled paths included). */
  static const double hyps[] = {0.0, -0.0, 3.0, -4.0, 5.0, 12.0, 1e300, 1.5e308, 0x1.fffffffffffffp1023, 0x1p511, 0x1p-511,
    0x1p-1074, 0x1.8p-1030, 1e-300, 1.0, INFINITY, -INFINITY, NAN};
  unsigned nh = sizeof hyps / sizeof *hyps;
  for (unsigned i = 0; i < nh; i++)
    for (unsigned j = 0; j < nh; j++) special2("hypot", hypot, hyps[i], hyps[j]);
  for (unsigned i = 0; i < nh; i++) {
    special2("hypot", hypot, bd(SNAN_BITS), hyps[i]);
    special2("hypot", hypot, hyps[i], bd(SNAN_BITS));
  }
  for (int i = 1; i < 60; i++) special2("hypot", hypot, 3.0 * i * 0x1p-560, 4.0 * i * 0x1p-560);
  for (int i = 1; i < 60; i++) special2("hypot", hypot, 20.0 * i, 21.0 * i);
  stream2("hypot", hypot, 6000, 0x000, 0x7fe, 0x000, 0x7fe, 0);
  stream2("hypot", hypot, 6000, 0x3f0, 0x410, 0x3e0, 0x410, 0);
  stream2("hypot", hypot, 2000, 0x7e0, 0x7fe, 0x7c0, 0x7fe, 0);
  stream2("hypot", hypot, 2000, 0x000, 0x010, 0x000, 0x020, 0);

  /* exp10: thresholds, integers (exact powers of ten), the whole useful range. */
  static const double e10s[] = {0.0, -0.0, 1.0, 2.0, 22.0, 23.0, -1.0, -5.0, 0.5, 308.0, 308.25, 308.3, 309.0, 309.5,
    -307.0, -308.0, -320.0, -323.3, -324.0, -331.9, -332.0, -332.5, 0x1p-56, 0x1p-57, -0x1p-57, 1e-10, INFINITY, -INFINITY, NAN};
  for (unsigned i = 0; i < sizeof e10s / sizeof *e10s; i++) special1("exp10", exp10, e10s[i]);
  special1("exp10", exp10, bd(SNAN_BITS));
  stream1("exp10", exp10, 12000, 0x3c0, 0x407);
  return 0;
}
