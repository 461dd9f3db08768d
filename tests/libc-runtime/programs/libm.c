/* libm through the PLT (built with -fno-builtin so gcc folds nothing): results as bits, errno and
   the exception flags each call leaves, the fenv.h calls on both floating-point units, and rint
   in every rounding mode. Output must match the native run exactly. */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static unsigned long long bits(double x) { uint64_t b; memcpy(&b, &x, 8); return b; }
static unsigned fbits(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }

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
#define D1(fn, x) do { PREP(); double r = fn(x); printf("%-10s %-12a %016llx e%d %s\n", #fn, (double)(x), bits(r), errno, flags()); } while (0)
#define D2(fn, x, y, ...) do { PREP(); double r = fn(x, y __VA_OPT__(,) __VA_ARGS__); printf("%-10s %a %a %016llx e%d %s\n", #fn, (double)(x), (double)(y), bits(r), errno, flags()); } while (0)
#define F1(fn, x) do { PREP(); float r = fn(x); printf("%-10s %-12a %08x e%d %s\n", #fn, (double)(x), fbits(r), errno, flags()); } while (0)
#define F2(fn, x, y) do { PREP(); float r = fn(x, y); printf("%-10s %a %a %08x e%d %s\n", #fn, (double)(x), (double)(y), fbits(r), errno, flags()); } while (0)
#define L1(fn, x) do { PREP(); long long r = fn(x); printf("%-10s %-12a %lld e%d %s\n", #fn, (double)(x), r, errno, flags()); } while (0)

static void exact(void) {
  static const double xs[] = {0.0, -0.0, 2.5, -2.5, 0.3, -1e300, 1e-310, INFINITY, -INFINITY, NAN, 9.3e18};
  for (unsigned i = 0; i < sizeof xs / sizeof *xs; i++) {
    double x = xs[i];
    D1(floor, x); D1(ceil, x); D1(trunc, x); D1(round, x); D1(roundeven, x); D1(rint, x); D1(nearbyint, x);
    D1(sqrt, x); D1(fabs, x); D1(logb, x);
    F1(floorf, (float)x); F1(rintf, (float)x); F1(sqrtf, (float)x); F1(roundf, (float)x);
    L1(lrint, x); L1(llround, x); L1(ilogb, x); L1(lrintf, (float)x);
    D2(fmod, x, 0.7); D2(fmod, 5.5, x); D2(remainder, x, 2.0); D2(nextafter, x, 1.0); D2(fdim, x, -1e308);
    D2(copysign, 3.0, x); D2(fmin, x, 1.0); D2(fmax, x, NAN);
    F2(fmodf, (float)x, 0.7f); F2(nextafterf, (float)x, 0.0f); F2(fdimf, (float)x, -3e38f);
  }
  int e;
  double r = frexp(0x1.8p-1030, &e);
  printf("frexp %016llx %d\n", bits(r), e);
  float rf = frexpf(-96.0f, &e);
  printf("frexpf %08x %d\n", fbits(rf), e);
  double ip;
  r = modf(-3.75, &ip);
  printf("modf %016llx %016llx\n", bits(r), bits(ip));
  float ipf;
  rf = modff(7.25f, &ipf);
  printf("modff %08x %08x\n", fbits(rf), fbits(ipf));
  int q;
  r = remquo(29.0, 3.0, &q);
  printf("remquo %016llx %d\n", bits(r), q);
  rf = remquof(-29.0f, 3.0f, &q);
  printf("remquof %08x %d\n", fbits(rf), q);
  static const int ns[] = {0, 10, -1074, -1080, 1024, 2000, -2000};
  for (unsigned i = 0; i < sizeof ns / sizeof *ns; i++) {
    PREP(); r = ldexp(1.5, ns[i]); printf("ldexp %d %016llx e%d %s\n", ns[i], bits(r), errno, flags());
    PREP(); r = scalbn(-1.5, ns[i]); printf("scalbn %d %016llx e%d %s\n", ns[i], bits(r), errno, flags());
    PREP(); r = scalbln(3.0, ns[i] * 1000000000L); printf("scalbln %ld %016llx e%d %s\n", ns[i] * 1000000000L, bits(r), errno, flags());
    PREP(); rf = ldexpf(1.5f, ns[i]); printf("ldexpf %d %08x e%d %s\n", ns[i], fbits(rf), errno, flags());
  }
  printf("finite %d %d isinf %d %d isnan %d %d\n", finite(1.0), finite(INFINITY), isinf(-INFINITY), isinf(2.0), isnan(NAN), isnan(0.0));
}

static void environment(void) {
  static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
  static const char *names[] = {"nearest", "down", "up", "zero"};
  for (int i = 0; i < 4; i++) {
    int rc = fesetround(modes[i]);
    printf("fesetround %s -> %d, fegetround %#x:", names[i], rc, fegetround());
    static const double xs[] = {2.5, -2.5, 3.5, -0.5, 0.7};
    for (unsigned j = 0; j < 5; j++) printf(" %a/%a/%ld", rint(xs[j]), nearbyint(xs[j]), lrint(xs[j]));
    printf(" %a", rintf(-1.5f));
    volatile double a = 1.0, b = 3.0;
    printf(" 1/3=%a\n", a / b);
  }
  printf("fesetround(0x123) -> %d, fegetround %#x\n", fesetround(0x123), fegetround());
  fesetround(FE_TONEAREST);
  feclearexcept(FE_ALL_EXCEPT);
  printf("feraiseexcept -> %d: %s\n", feraiseexcept(FE_OVERFLOW | FE_INVALID), flags());
  printf("fetestexcept(FE_OVERFLOW) %#x\n", fetestexcept(FE_OVERFLOW));
  feclearexcept(FE_OVERFLOW);
  printf("after clear overflow: %s\n", flags());
  fexcept_t saved;
  feraiseexcept(FE_DIVBYZERO | FE_INEXACT);
  fegetexceptflag(&saved, FE_ALL_EXCEPT);
  feclearexcept(FE_ALL_EXCEPT);
  printf("cleared: %s\n", flags());
  fesetexceptflag(&saved, FE_DIVBYZERO);
  printf("restored divbyzero: %s\n", flags());
  fenv_t env;
  fesetround(FE_UPWARD);
  feraiseexcept(FE_UNDERFLOW);
  fegetenv(&env);
  unsigned short cw;
  unsigned mxcsr;
  memcpy(&cw, &env, 2);
  memcpy(&mxcsr, (char *)&env + 28, 4);
  printf("fegetenv cw %#x mxcsr %#x\n", cw, mxcsr);
  fesetenv(FE_DFL_ENV);
  printf("FE_DFL_ENV: round %#x %s\n", fegetround(), flags());
  fesetenv(&env);
  printf("fesetenv: round %#x %s\n", fegetround(), flags());
  fenv_t held;
  feholdexcept(&held);
  printf("feholdexcept: %s\n", flags());
  feraiseexcept(FE_INEXACT);
  feupdateenv(&held);
  printf("feupdateenv: round %#x %s\n", fegetround(), flags());
  fesetenv(FE_DFL_ENV);
}

static void transcendental(void) {
  static const double xs[] = {0.0, -0.0, 1.0, 0.5, -3.25, 1e-300, 700.5, 710.0, -745.5, -1e4, 1.0000001, 0x1p-1070, -1.0, INFINITY, -INFINITY, NAN};
  for (unsigned i = 0; i < sizeof xs / sizeof *xs; i++) {
    double x = xs[i];
    D1(exp, x); D1(exp2, x); D1(log, x); D1(log2, x);
  }
  D2(fma, 0x1.0000001p0, 0x1.0000001p0, -1.0);
  D2(fma, 1e308, 10.0, -INFINITY);
}

int main(void) {
  transcendental();
  exact();
  environment();
  return 0;
}
