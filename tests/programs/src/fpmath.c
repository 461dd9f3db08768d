// Double and float arithmetic (SSE2): the correctly rounded operations (+ - * / sqrt fma,
// conversions, rint/floor/ceil/trunc/round, fmod, frexp/ldexp) printed exactly with %a across
// signed zeros, denormals, infinities and NaNs, under all four rounding modes; comparisons with
// NaN; float <-> double <-> integer conversions including out-of-range ones (which give the
// "integer indefinite" value on x86); and libm transcendental functions printed to 14
// significant digits (libm may pick different but equally valid code paths by CPU features,
// which can differ in the last bit).
// @cflags -frounding-math
#include <fenv.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

static const double values[] = {0.0,  -0.0,   1.0,     -1.0,        0.5,      1.5,      2.5,    -2.5,
                                 0.1,  1e-310, -1e-310, DBL_MIN,     DBL_MAX,  1e300,    -1e300, 3.0,
                                 1e16, 4.5e15, 1.0 / 3, 9007199254740993.0, INFINITY, -INFINITY, NAN};
#define NV (sizeof values / sizeof values[0])

static const char *mode_name(int mode) {
  return mode == FE_TONEAREST ? "nearest" : mode == FE_DOWNWARD ? "down" : mode == FE_UPWARD ? "up" : "zero";
}

int main(void) {
  volatile double v[NV];
  for (size_t i = 0; i < NV; i++) v[i] = values[i];

  static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    printf("== rounding %s: basic operations on 1/3 and 2/3 ==\n", mode_name(modes[m]));
    volatile double one = 1.0, two = 2.0, three = 3.0, tenth = 0.1;
    printf("1/3=%a 2/3=%a 0.1*3=%a 0.1+0.2=%a sqrt2=%a -1/3=%a\n", one / three, two / three, tenth * three,
           tenth + 0.2, sqrt(two), -one / three);
    printf("fma(0.1,10,-1)=%a rint(2.5)=%g rint(-2.5)=%g nearbyint(0.5)=%g lrint(1.5)=%ld float(1/3)=%a\n",
           fma(tenth, 10.0, -one), rint(2.5 * one), rint(-2.5 * one), nearbyint(0.5 * one), lrint(1.5 * one),
           (double)(float)(one / three));
    volatile long big = 9007199254740993L;
    printf("(double)2^53+1=%a (float)16777217=%a DBL_MAX*2=%g DBL_MIN/3=%a\n", (double)big, (double)(float)16777217,
           v[12] * two, v[11] / three);
  }
  fesetround(FE_TONEAREST);

  printf("== arithmetic over special values ==\n");
  for (size_t i = 0; i < NV; i++) {
    double a = v[i];
    printf("%-24a neg=%a abs=%a sqrt=%a a+a=%a a*a=%a 1/a=%a a-1e16=%a\n", a, -a, fabs(a), sqrt(a), a + a, a * a,
           1.0 / a, a - 1e16);
  }

  printf("== comparisons (NaN is unordered) ==\n");
  for (size_t i = 0; i < NV; i += 3)
    for (size_t j = 0; j < NV; j += 4) {
      double a = v[i], b = v[j];
      printf("%g ? %g: < %d <= %d == %d != %d > %d >= %d unordered %d fmax %g fmin %g\n", a, b, a < b, a <= b, a == b,
             a != b, a > b, a >= b, isunordered(a, b), fmax(a, b), fmin(a, b));
    }

  printf("== rounding functions ==\n");
  for (size_t i = 0; i < NV; i++) {
    double a = v[i];
    printf("%-12g floor %-8g ceil %-8g trunc %-8g round %-8g rint %-8g\n", a, floor(a), ceil(a), trunc(a), round(a),
           rint(a));
  }

  printf("== conversions ==\n");
  for (size_t i = 0; i < NV; i++) {
    double a = v[i];
    printf("%-12g (int)=%d (long)=%ld (unsigned)=%u (float)=%a lround=%ld\n", a, (int)a, (long)a,
           (unsigned)(a >= 0 && a < 4294967296.0 ? a : 0), (double)(float)a, lround(a));
  }
  volatile float fl = 3.4e38f, fsmall = 1e-45f;
  volatile int imin = INT_MIN;
  volatile long lmax = LONG_MAX;
  volatile unsigned long umax = ULONG_MAX;
  printf("float max*10=%g float denormal=%a (double)INT_MIN=%g (double)LONG_MAX=%a (double)ULONG_MAX=%a\n",
         (double)(fl * 10.0f), (double)fsmall, (double)imin, (double)lmax, (double)umax);
  volatile unsigned long mid = 0x8000000000000401ul;
  printf("(double)0x8000000000000401=%a (float)0x8000000000000401=%a\n", (double)mid, (double)(float)mid);

  printf("== frexp, ldexp, modf, fmod, remainder, copysign, nextafter ==\n");
  int e;
  for (size_t i = 0; i < NV; i += 2) {
    double a = v[i], ip;
    double fr = frexp(a, &e);
    double fp = modf(a, &ip);
    printf("%-10g frexp %a*2^%d modf %g+%g fmod(a,0.75)=%a remainder(a,0.75)=%a ldexp(a,-1074)=%a\n", a, fr, e, ip,
           fp, fmod(a, 0.75), remainder(a, 0.75), ldexp(a, -1074));
  }
  printf("copysign(3,-0.0)=%g nextafter(1,2)=%a nextafter(0,-1)=%a ilogb(1e-310)=%d logb(8)=%g scalbn(1,1023)=%a\n",
         copysign(3, -0.0), nextafter(1, 2), nextafter(0, -1), ilogb(1e-310), logb(8), scalbn(1, 1023));

  printf("== libm (14 significant digits) ==\n");
  static const double args[] = {0.0, 0.5, 1.0, 2.0, 3.14159265358979, 10.0, 100.0, -0.75, 1e-8, 700.0};
  for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
    volatile double x = args[i];
    printf("x=%-8g sin %.14g cos %.14g tan %.14g exp %.14g log %.14g log10 %.14g log2 %.14g\n", x, sin(x), cos(x),
           tan(x), exp(x), log(x), log10(x), log2(x));
    printf("           atan %.14g atan2(x,-2) %.14g pow(x,1.5) %.14g pow(2,x) %.14g sinh %.14g tanh %.14g cbrt "
           "%.14g hypot(x,3) %.14g expm1 %.14g log1p %.14g\n",
           atan(x), atan2(x, -2.0), pow(x, 1.5), pow(2.0, x), sinh(x), tanh(x), cbrt(x), hypot(x, 3.0), expm1(x),
           log1p(x));
  }
  printf("asin(0.5) %.14g acos(-1) %.14g erf(0.5) %.14g tgamma(5.5) %.14g lgamma(100) %.14g\n", asin(0.5), acos(-1.0),
         erf(0.5), tgamma(5.5), lgamma(100.0));
  printf("sinf(1) %.6g expf(3) %.6g powf(2,0.5) %.6g sqrtf(2) %a\n", (double)sinf(1.0f), (double)expf(3.0f),
         (double)powf(2.0f, 0.5f), (double)sqrtf(2.0f));

  // A numeric loop: the harmonic series and a Newton iteration, in float and double.
  double h = 0;
  float hf = 0;
  for (int k = 1; k <= 100000; k++) {
    h += 1.0 / k;
    hf += 1.0f / (float)k;
  }
  double r = 1;
  for (int k = 0; k < 60; k++) r = r - (r * r - 2) / (2 * r);
  printf("H(100000) = %a (float %a), newton sqrt2 = %a\n", h, (double)hf, r);
  return 0;
}
