// x87 80-bit long double: arithmetic with its 64-bit mantissa (results a double cannot hold),
// the precision and rounding control of the x87 control word, conversions to and from integers
// and doubles, special values, printing with %La and %.21Lg, and libm's long double functions
// (sinl, cosl, tanl, expl, logl, powl, sqrtl, atan2l, fmodl, ...), which glibc and musl implement
// with x87 instructions (FSQRT, F2XM1, FYL2X, FPATAN, FPREM, FSCALE, FRNDINT...).
// @set x86-64-v2
// @cflags -msse4.2 -frounding-math
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

static void show(const char *name, long double v) { printf("%-16s %-30La %.21Lg\n", name, v, v); }

int main(void) {
  volatile long double one = 1.0L, three = 3.0L, tenth = 0.1L;
  printf("== arithmetic ==\n");
  show("1/3", one / three);
  show("0.1*3", tenth * three);
  show("1+2^-63", one + 0x1p-63L);
  show("1+2^-64", one + 0x1p-64L);
  show("(1+2^-63)-1", (one + 0x1p-63L) - one);
  show("2^64+1", 18446744073709551616.0L + one);
  show("LDBL_MAX*2", LDBL_MAX * (one + one));
  show("LDBL_MIN/4", LDBL_MIN / (4 * one));
  show("denormal*2^63", LDBL_TRUE_MIN * 0x1p63L * one);
  show("-0*1", -0.0L * one);
  show("inf-inf", (long double)INFINITY * one - (long double)INFINITY);
  show("0/0 sign", signbit((one - one) / (one - one)) ? -1.0L : 1.0L);
  show("sqrtl(2)", sqrtl(2 * one));
  show("sqrtl(-1)", sqrtl(-one));
  show("fabsl(-3)", fabsl(-3 * one));
  long double f = 1;
  for (int i = 1; i <= 20; i++) f *= i;
  show("20!", f);
  long double s = 0;
  for (int i = 1; i <= 1000; i++) s += one / ((long double)i * i);
  show("sum 1/k^2", s);

  printf("== conversions ==\n");
  volatile int64_t big = 0x7fffffffffffffffLL;
  volatile uint64_t ubig = 0xffffffffffffffffULL;
  show("(ld)INT64_MAX", (long double)big);
  show("(ld)UINT64_MAX", (long double)ubig);
  printf("(int64)(ld)2^63-1 = %lld, (uint64)(ld)UINT64_MAX = %llu\n", (long long)(long double)big,
         (unsigned long long)(long double)ubig);
  volatile long double huge = 1e30L, neg = -2.7L, half = 2.5L;
  printf("(int64)1e30L = %lld, (int)-2.7L = %d, (int64)2.5L = %lld\n", (long long)huge, (int)neg, (long long)half);
  printf("(double)(1/3L) = %a, (float)(1/3L) = %a, (double)LDBL_MAX = %g\n", (double)(one / three),
         (double)(float)(one / three), (double)LDBL_MAX);
  printf("lrintl(2.5) = %ld, llroundl(-2.5) = %lld, rintl(-0.5) = %Lg, nearbyintl(3.5) = %Lg\n", lrintl(half),
         llroundl(-half), rintl(-0.5L * one), nearbyintl(3.5L * one));
  printf("floorl(-2.5) %Lg ceill(-2.5) %Lg truncl(2.7) %Lg roundl(2.5) %Lg\n", floorl(-half), ceill(-half),
         truncl(-neg), roundl(half));

  printf("== rounding modes ==\n");
  static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
  static const char *names[] = {"nearest", "down", "up", "zero"};
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    printf("%-8s 1/3=%La -1/3=%La 2/3=%La rintl(2.5)=%Lg\n", names[m], one / three, -one / three,
           (one + one) / three, rintl(half));
  }
  fesetround(FE_TONEAREST);

  printf("== x87 precision control ==\n");
  unsigned short cw, saved;
  __asm__ volatile("fnstcw %0" : "=m"(saved));
  printf("default control word: %04x\n", saved);
  // Compute under reduced precision, print after restoring it (printf itself uses the x87).
  volatile long double at53, at24, at64;
  cw = (unsigned short)((saved & ~0x300) | 0x200);  // 53-bit precision
  __asm__ volatile("fldcw %0" : : "m"(cw));
  at53 = one / three;
  cw = (unsigned short)(saved & ~0x300);  // 24-bit precision
  __asm__ volatile("fldcw %0" : : "m"(cw));
  at24 = one / three;
  __asm__ volatile("fldcw %0" : : "m"(saved));
  at64 = one / three;
  show("1/3 at 53 bits", at53);
  show("1/3 at 24 bits", at24);
  show("1/3 at 64 bits", at64);

  printf("== libm long double functions ==\n");
  static const long double args[] = {0.0L, 0.5L, 1.0L, 2.0L, 3.14159265358979323846L, 10.0L, -0.75L, 1e-10L, 100.0L};
  for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
    volatile long double x = args[i];
    printf("x=%-6Lg sinl %.18Lg cosl %.18Lg tanl %.18Lg\n", x, sinl(x), cosl(x), tanl(x));
    printf("         expl %.18Lg logl %.18Lg log2l %.18Lg log10l %.18Lg\n", expl(x), logl(x), log2l(x), log10l(x));
    printf("         powl(x,2.5) %.18Lg powl(2,x) %.18Lg atan2l(x,-1) %.18Lg atanl %.18Lg\n", powl(x, 2.5L),
           powl(2.0L, x), atan2l(x, -1.0L), atanl(x));
    printf("         exp2l %.18Lg expm1l %.18Lg log1pl %.18Lg cbrtl %.18Lg fmodl(x,0.3) %.18Lg\n", exp2l(x), expm1l(x),
           log1pl(x), cbrtl(x), fmodl(x, 0.3L));
  }
  printf("sinl(1e10) %.18Lg cosl(1e18) %.18Lg\n", sinl(1e10L * one), cosl(1e18L * one));
  printf("expl(11356) %Lg expl(11357) %Lg expl(-11400) %Lg\n", expl(11356.0L * one), expl(11357.0L * one),
         expl(-11400.0L * one));
  printf("powl(-8,1/3) %Lg powl(-2,3) %Lg powl(0,-1) %Lg powl(1,inf) %Lg\n", powl(-8.0L * one, one / three),
         powl(-2.0L * one, 3.0L), powl(0.0L * one, -1.0L), powl(one, (long double)INFINITY));
  int e;
  long double m = frexpl(12345.678L * one, &e);
  printf("frexpl(12345.678) = %La * 2^%d, ldexpl(1, -16445) = %La, scalbnl(1,16383) = %La\n", m, e,
         ldexpl(one, -16445), scalbnl(one, 16383));
  printf("remainderl(10, 3) = %Lg, remquol: ", remainderl(10.0L * one, 3.0L));
  int quo;
  long double rem = remquol(29.0L * one, 3.0L, &quo);
  printf("%Lg quo %d\n", rem, quo);
  return 0;
}
