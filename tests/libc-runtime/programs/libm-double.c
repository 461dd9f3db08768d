/* The double libm functions beyond exp/log (pow first) through the PLT, built with -fno-builtin
   so gcc folds nothing: result bits, errno and the exception flags each call leaves, in a loop
   over awkward arguments (zeros, infinities, NaN, subnormals, overflow and underflow, negative
   bases with integer exponents) plus a sum over many calls. Output must match the native run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned long long bits(double x) { uint64_t b; memcpy(&b, &x, 8); return b; }

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
#define D2(fn, x, y) do { PREP(); double r = fn(x, y); printf("%-6s %a %a %016llx e%d %s\n", #fn, (double)(x), (double)(y), bits(r), errno, flags()); } while (0)

static const double xs[] = {0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, 10.0, -3.5, 0x1p-1074, 0x1.8p-1030, 1e300,
                            INFINITY, -INFINITY, NAN, 0x1.0000000000001p0, 0.7};
static const double ys[] = {0.0, -0.0, 1.0, -1.0, 2.0, 3.0, -3.0, 0.5, -0.5, 1024.0, -1075.0, 1e-20, 0x1p64,
                            -0x1p64, INFINITY, -INFINITY, NAN, 2.5};

int main(void) {
  for (unsigned i = 0; i < sizeof xs / sizeof *xs; i++)
    for (unsigned j = 0; j < sizeof ys / sizeof *ys; j++) D2(pow, xs[i], ys[j]);
  double sum = 0;
  for (int i = 1; i <= 2000; i++) sum += pow(1.0 + i / 1024.0, i / 7.0 - 100.0);
  printf("pow sum %a\n", sum);
  for (unsigned i = 0; i < sizeof xs / sizeof *xs; i++) {
    D2(hypot, xs[i], 4.0);
    D2(hypot, xs[i], xs[i]);
    PREP();
    double r = cbrt(xs[i]);
    printf("cbrt   %a %016llx e%d %s\n", xs[i], bits(r), errno, flags());
  }
  sum = 0;
  for (int i = 1; i <= 2000; i++) sum += cbrt(i * 0.37) + hypot(i * 0.5, 1000.0 / i);
  printf("cbrt+hypot sum %a\n", sum);
  static const double e10[] = {0.0, 1.0, 22.0, -3.0, 0.5, 308.5, 309.5, -320.0, -333.0, INFINITY, -INFINITY, NAN};
  for (unsigned i = 0; i < sizeof e10 / sizeof *e10; i++) {
    PREP();
    double r = exp10(e10[i]);
    printf("exp10  %a %016llx e%d %s\n", e10[i], bits(r), errno, flags());
  }
  return 0;
}
