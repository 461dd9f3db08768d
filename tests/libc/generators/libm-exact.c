/* Records glibc 2.36 results (bits and errno) of the exactly-defined math.h functions for special
   and pseudo-random arguments, in all four rounding modes for the mode-dependent ones.
     gcc -O0 -fno-builtin -o /tmp/libm-exact tests/libc/generators/libm-exact.c -lm &&
     /tmp/libm-exact > tests/libc/data/libm-exact.expected
   Line: function mode x-bits [y-bits|n] -> result-bits errno [extra], all hex (d: 16 digits, f: 8). */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t state = 0x5851F42D4C957F2Dull;
static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }
static uint64_t db(double x) { uint64_t b; memcpy(&b, &x, 8); return b; }
static uint32_t fb(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
static double bd(uint64_t b) { double x; memcpy(&x, &b, 8); return x; }
static float bf(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }

#define ND 80
static double dv[ND];
static float fv[ND];
static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};

static void init(void) {
  static const double specials[] = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994,
    4503599627370495.5, 4503599627370496.0, -4503599627370497.0, 9007199254740993.0, 1e300, -1e300, 1.7976931348623157e308,
    2.2250738585072014e-308, 4.9406564584124654e-324, -4.9406564584124654e-324, 1e-310, INFINITY, -INFINITY, NAN, -NAN,
    3.0, 7.0, 1e19, -9.3e18, 9.2233720368547758e18, -9.2233720368547758e18, 0.1, 6.5, -6.5, 1e-5};
  int n = sizeof specials / sizeof *specials;
  for (int i = 0; i < ND; i++) {
    if (i < n) dv[i] = specials[i];
    else if (i % 3 == 0) dv[i] = bd(next());
    else dv[i] = ldexp((double)(int64_t)(next() >> 11) , (int)(next() % 80) - 90);
    if (isnan(dv[i]) && i >= n) dv[i] = 1.25;
    fv[i] = i < n ? (float)specials[i] : (i % 3 == 0 ? bf((uint32_t)next()) : (float)ldexp((double)(int32_t)(next() >> 40), (int)(next() % 40) - 40));
    if (isnan(fv[i]) && i >= n) fv[i] = 1.25f;
  }
}

#define D1(name) for (int i = 0; i < ND; i++) { errno = 0; double r = name(dv[i]); int e = errno; \
  printf(#name " 0 %016llx %016llx %d\n", (unsigned long long)db(dv[i]), (unsigned long long)db(r), e); }
#define F1(name) for (int i = 0; i < ND; i++) { errno = 0; float r = name(fv[i]); int e = errno; \
  printf(#name " 0 %08x %08x %d\n", fb(fv[i]), fb(r), e); }
#define D2(name) for (int i = 0; i < ND; i += 1) for (int j = 0; j < ND; j += 16) { errno = 0; double r = name(dv[i], dv[(j + i) % ND]); int e = errno; \
  printf(#name " 0 %016llx %016llx %016llx %d\n", (unsigned long long)db(dv[i]), (unsigned long long)db(dv[(j + i) % ND]), (unsigned long long)db(r), e); }
#define F2(name) for (int i = 0; i < ND; i += 1) for (int j = 0; j < ND; j += 16) { errno = 0; float r = name(fv[i], fv[(j + i) % ND]); int e = errno; \
  printf(#name " 0 %08x %08x %08x %d\n", fb(fv[i]), fb(fv[(j + i) % ND]), fb(r), e); }
#define DM(name) for (int m = 0; m < 4; m++) for (int i = 0; i < ND; i++) { fesetround(modes[m]); errno = 0; double r = name(dv[i]); int e = errno; fesetround(FE_TONEAREST); \
  printf(#name " %d %016llx %016llx %d\n", m, (unsigned long long)db(dv[i]), (unsigned long long)db(r), e); }
#define FM(name) for (int m = 0; m < 4; m++) for (int i = 0; i < ND; i++) { fesetround(modes[m]); errno = 0; float r = name(fv[i]); int e = errno; fesetround(FE_TONEAREST); \
  printf(#name " %d %08x %08x %d\n", m, fb(fv[i]), fb(r), e); }
#define DL(name) for (int m = 0; m < 4; m++) for (int i = 0; i < ND; i++) { fesetround(modes[m]); errno = 0; long r = name(dv[i]); int e = errno; fesetround(FE_TONEAREST); \
  printf(#name " %d %016llx %016lx %d\n", m, (unsigned long long)db(dv[i]), (unsigned long)r, e); }

int main(void) {
  init();
  D1(floor) D1(ceil) D1(trunc) D1(round) D1(roundeven) D1(fabs) D1(sqrt) D1(logb)
  F1(floorf) F1(ceilf) F1(truncf) F1(roundf) F1(roundevenf) F1(fabsf) F1(sqrtf) F1(logbf)
  DM(rint) DM(nearbyint) FM(rintf) FM(nearbyintf) DL(lrint) DL(llrint) DL(lround) DL(llround)
  D2(fmod) D2(remainder) D2(copysign) D2(fmin) D2(fmax) D2(fdim) D2(nextafter)
  F2(fmodf) F2(remainderf) F2(copysignf) F2(fminf) F2(fmaxf) F2(fdimf) F2(nextafterf)
  for (int i = 0; i < ND; i++) { errno = 0; int r = ilogb(dv[i]); int e = errno; printf("ilogb 0 %016llx %08x %d\n", (unsigned long long)db(dv[i]), (unsigned)r, e); }
  for (int i = 0; i < ND; i++) { errno = 0; int r = ilogbf(fv[i]); int e = errno; printf("ilogbf 0 %08x %08x %d\n", fb(fv[i]), (unsigned)r, e); }
  for (int i = 0; i < ND; i++) { int ex = 0; errno = 0; double r = frexp(dv[i], &ex); int e = errno; printf("frexp 0 %016llx %016llx %d %x\n", (unsigned long long)db(dv[i]), (unsigned long long)db(r), e, (unsigned)ex); }
  for (int i = 0; i < ND; i++) { double ip = 0; errno = 0; double r = modf(dv[i], &ip); int e = errno; printf("modf 0 %016llx %016llx %d %016llx\n", (unsigned long long)db(dv[i]), (unsigned long long)db(r), e, (unsigned long long)db(ip)); }
  for (int i = 0; i < ND; i++) for (int j = 0; j < ND; j += 16) { int q = 0; errno = 0; double r = remquo(dv[i], dv[(i + j) % ND], &q); int e = errno;
    printf("remquo 0 %016llx %016llx %016llx %d %x\n", (unsigned long long)db(dv[i]), (unsigned long long)db(dv[(i + j) % ND]), (unsigned long long)db(r), e, (unsigned)q); }
  static const int ns[] = {0, 1, -1, 5, -5, 52, -52, 1023, -1022, -1074, -1075, 1024, 2000, -2000, 100000, -100000, 2098, -2098};
  for (int i = 0; i < ND; i++) for (unsigned k = 0; k < sizeof ns / sizeof *ns; k++) { errno = 0; double r = ldexp(dv[i], ns[k]); int e = errno;
    printf("ldexp 0 %016llx %x %016llx %d\n", (unsigned long long)db(dv[i]), (unsigned)ns[k], (unsigned long long)db(r), e);
    errno = 0; float rf = ldexpf(fv[i], ns[k]); e = errno;
    printf("ldexpf 0 %08x %x %08x %d\n", fb(fv[i]), (unsigned)ns[k], fb(rf), e); }
  return 0;
}
