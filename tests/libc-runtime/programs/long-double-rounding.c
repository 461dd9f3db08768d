// floorl, ceill, truncl, nearbyintl, rintl (src/libc/math/long-double-rounding.ts) through the PLT:
// results (%La), the invalid and inexact flags after each, in the four rounding modes.
#include <fenv.h>
#include <math.h>
#include <stdio.h>

typedef long double (*function)(long double);
static const struct { const char *name; function fn; } functions[] = {
    {"floorl", floorl}, {"ceill", ceill}, {"truncl", truncl}, {"nearbyintl", nearbyintl}, {"rintl", rintl}};
static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
static const char *mode_names[] = {"nearest", "down", "up", "zero"};

int main(void) {
  volatile long double values[] = {0.0L, -0.0L, 0.5L, -0.5L, 1.5L, 2.5L, -2.5L, 3.7L, -3.7L, 1e-4930L, -1e-4930L,
                                   0x1p63L, 0x1p63L + 0.5L, 0x1.fffffffffffffffep62L, -0x1.fffffffffffffffep62L, 1e300L,
                                   __builtin_infl(), -__builtin_infl(), __builtin_nanl(""), __builtin_nansl("")};
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    for (unsigned f = 0; f < sizeof functions / sizeof *functions; f++) {
      printf("%s %s:", mode_names[m], functions[f].name);
      for (unsigned i = 0; i < sizeof values / sizeof *values; i++) {
        feclearexcept(FE_ALL_EXCEPT);
        long double r = functions[f].fn(values[i]);
        int flags = fetestexcept(FE_INVALID | FE_INEXACT);
        printf(" %La%s%s", r, flags & FE_INVALID ? "!i" : "", flags & FE_INEXACT ? "!x" : "");
      }
      printf("\n");
    }
  }
  return 0;
}
