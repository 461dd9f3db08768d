/* What the double libm generators (libm-double.c, libm-trig.c, libm-asin-acos.c) share: the
   xorshift64 argument stream the tests regenerate, the bit views, the argument draw (exponent
   low + a % (high - low + 1), sign and significand from b), and the result line
   "result-hex [errno flags]" (short form: errno 0 with only FE_INEXACT raised). */
#include <errno.h>
#include <fenv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t state;
static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }
static uint64_t db(double x) { uint64_t b; memcpy(&b, &x, 8); return b; }
static double bd(uint64_t b) { double x; memcpy(&x, &b, 8); return x; }

typedef double (*fn1_t)(double);

static void record(double y, int short_form) {
  int flags = fetestexcept(FE_ALL_EXCEPT), e = errno;
  if (short_form && e == 0 && flags == FE_INEXACT) printf("%016llx\n", (unsigned long long)db(y));
  else printf("%016llx %d %x\n", (unsigned long long)db(y), e, flags);
}

static double draw(int low, int high) {
  uint64_t a = next(), b = next();
  uint64_t exponent = (uint64_t)(low + (int)(a % (uint64_t)(high - low + 1)));
  return bd((b & 0x800fffffffffffffull) | (exponent << 52));
}
