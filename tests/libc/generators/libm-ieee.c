/* Records glibc 2.36's results, errno and raised exception flags for the IEEE 754-2008 / TS 18661
   math.h functions (nan, nextup/nextdown, nexttoward, canonicalize, the fmaximum family, fmaxmag,
   totalorder, payloads, fromfp, llogb, significand, scalb, the narrowing fadd/fsub/fmul/fdiv/ffma/
   fsqrt) over awkward arguments: zeros, subnormals, extremes, quiet and signaling NaNs with payloads
   and signs, halfway and out-of-range values, and pseudo-random values near float rounding edges.
     gcc -O0 -fno-builtin -o /tmp/libm-ieee tests/libc/generators/libm-ieee.c -lm &&
     /tmp/libm-ieee > tests/libc/data/libm-ieee.expected
   The same source is the runtime program tests/libc-runtime/programs/libm-ieee.c (through the PLT
   under Miros), built with -DSAMPLE: every 37th pair, every 7th value of fromfp and scalb of the pair loops.
   Line: "function mode arguments... : result errno flags [stored]", all hex; doubles 16 digits,
   floats 8, long doubles 20 (sign and exponent, then the significand); flags are fetestexcept's. */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifdef SAMPLE
#define PAIR_STEP 37
#define VALUE_STEP 7
#else
#define PAIR_STEP 5
#define VALUE_STEP 1
#endif

static uint64_t state = 0x2545F4914F6CDD1Dull;
static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }
static unsigned long long db(double x) { uint64_t b; memcpy(&b, &x, 8); return b; }
static unsigned fb(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
static double bd(uint64_t b) { double x; memcpy(&x, &b, 8); return x; }
static float bf(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }
static const char *ldhex(long double x) {
  static char s[2][24];
  static int k;
  unsigned char b[16] = {0};
  memcpy(b, &x, 10);
  uint64_t m; uint16_t se;
  memcpy(&m, b, 8); memcpy(&se, b + 8, 2);
  k ^= 1;
  snprintf(s[k], sizeof s[k], "%04x%016llx", se, (unsigned long long)m);
  return s[k];
}
static long double bld(uint16_t se, uint64_t m) {
  long double x = 0; unsigned char b[16] = {0};
  memcpy(b, &m, 8); memcpy(b + 8, &se, 2); memcpy(&x, b, 10);
  return x;
}

#define NMAX 120
static double dv[NMAX];
static float fv[NMAX];
static int nd, nf;
static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};

static void init(void) {
  static const uint64_t dspecial[] = {
    0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3fe0000000000000ull,
    0xbfe0000000000000ull, 0x3ff8000000000000ull, 0xc004000000000000ull, 0x4008000000000000ull,
    0x3fb999999999999aull, 0xbfb999999999999aull, 0x7e37e43c8800759cull, 0xfe37e43c8800759cull,
    0x7fefffffffffffffull, 0xffefffffffffffffull, 0x0010000000000000ull, 0x8010000000000000ull,
    1, 0x8000000000000001ull, 0x000fffffffffffffull, 0x4330000000000000ull, 0x4330000000000001ull,
    0x4340000000000000ull, 0x43e0000000000000ull, 0xc3e0000000000000ull, 0x43f0000000000000ull,
    0x4012000000000000ull, 0x4016000000000000ull, 0xc012000000000000ull, 0x4202a05f20000000ull,
    0x40fe240c00000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
    0xfff8000000000000ull, 0x7ff8000000000123ull, 0xfff800000000abcdull, 0x7ff0000000000001ull,
    0x7ff4000000000000ull, 0xfff0000000000777ull, 0x7fffffffffffffffull, 0x7ff8000020000000ull,
    0x47efffffe0000000ull, 0x47efffffe0000001ull, 0x47efffffefffffffull, 0x47effffff0000000ull,
    0x3810000000000000ull, 0x380fffffffffffffull, 0x36a0000000000000ull, 0x3690000000000000ull,
    0x3690000000000001ull, 0xb6a8000000000000ull, 0x41dfffffffc00000ull, 0xc1e0000000000000ull,
    0x41e0000000000000ull, 0x433fffffffffffffull, 0x3fefffffffffffffull};
  static const uint32_t fspecial[] = {
    0, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x3f000000u, 0xbf000000u, 0x3fc00000u, 0xc0200000u,
    0x40400000u, 0x3dcccccdu, 0xbdcccccdu, 0x7f7fffffu, 0xff7fffffu, 0x00800000u, 0x80800000u, 1,
    0x80000001u, 0x007fffffu, 0x4b000000u, 0x4b000001u, 0x4b800000u, 0x5f000000u, 0xdf000000u,
    0x5f800000u, 0x40900000u, 0x40b00000u, 0xc0900000u, 0x501502f9u, 0x47f12060u, 0x7f800000u,
    0xff800000u, 0x7fc00000u, 0xffc00000u, 0x7fc00123u, 0xffc0abcdu, 0x7f800001u, 0x7fa00000u,
    0xff800777u, 0x7fffffffu, 0x4effffffu, 0xcf000000u, 0x4f000000u, 0x4affffffu, 0x3f7fffffu};
  for (unsigned i = 0; i < sizeof dspecial / sizeof *dspecial; i++) dv[nd++] = bd(dspecial[i]);
  for (unsigned i = 0; i < sizeof fspecial / sizeof *fspecial; i++) fv[nf++] = bf(fspecial[i]);
  while (nd < 80) {
    uint64_t r = next();
    double x;
    /* Floats with a small offset (narrowing ties and near-ties), integers, and raw bits. */
    if (nd % 3 == 0) x = (double)bf((uint32_t)r & 0xbfffffffu) + ldexp((double)(int64_t)(next() >> 40), -(int)(r % 40) - 40);
    else if (nd % 3 == 1) x = ldexp((double)(int64_t)(next() >> 12), (int)(r % 70) - 60);
    else x = bd(r);
    if (isnan(x)) x = 1.25;
    dv[nd++] = x;
  }
  while (nf < 70) {
    uint64_t r = next();
    float x = nf % 2 ? bf((uint32_t)r) : (float)ldexp((double)(int32_t)(next() >> 40), (int)(r % 40) - 30);
    if (isnan(x)) x = 1.25f;
    fv[nf++] = x;
  }
}

#ifdef SAMPLE
/* Runtime program only: the fenv.h additions (flags, modes, enabled exceptions) and totalorder's
   GLIBC_2.25 version, which took its arguments by value. */
extern int totalorder_by_value(double, double);
extern int totalordermagf_by_value(float, float);
__asm__(".symver totalorder_by_value,totalorder@GLIBC_2.25");
__asm__(".symver totalordermagf_by_value,totalordermagf@GLIBC_2.25");
static void fenv_section(void) {
  fexcept_t saved;
  feclearexcept(FE_ALL_EXCEPT);
  feraiseexcept(FE_INEXACT | FE_INVALID);
  fegetexceptflag(&saved, FE_ALL_EXCEPT);
  feclearexcept(FE_ALL_EXCEPT);
  printf("fetestexceptflag %x %x %x now %x\n", fetestexceptflag(&saved, FE_INVALID), fetestexceptflag(&saved, FE_ALL_EXCEPT),
         fetestexceptflag(&saved, FE_OVERFLOW), fetestexcept(FE_ALL_EXCEPT));
  printf("fesetexcept %d", fesetexcept(FE_OVERFLOW | FE_UNDERFLOW));
  printf(" -> %x", fetestexcept(FE_ALL_EXCEPT));
  fenv_t env;
  fegetenv(&env);
  printf(" status word %04x mxcsr %08x\n", env.__status_word, env.__mxcsr);
  feclearexcept(FE_ALL_EXCEPT);
  /* An enabled exception's flag set by fesetexcept does not trap. */
  feenableexcept(FE_INEXACT);
  fesetexcept(FE_INEXACT);
  fegetenv(&env);
  fedisableexcept(FE_INEXACT);
  printf("fesetexcept enabled: status word %04x mxcsr %08x control %04x -> %x\n", env.__status_word, env.__mxcsr,
         env.__control_word, fetestexcept(FE_ALL_EXCEPT));
  feclearexcept(FE_ALL_EXCEPT);
  femode_t mode, upward;
  fegetmode(&mode);
  fesetround(FE_UPWARD);
  feraiseexcept(FE_INVALID);
  fegetmode(&upward);
  printf("fegetmode cw %04x mxcsr %08x; upward cw %04x mxcsr %08x\n", *(unsigned short *)&mode, ((unsigned *)&mode)[1],
         *(unsigned short *)&upward, ((unsigned *)&upward)[1]);
  int status = fesetmode(&mode);
  printf("fesetmode %d round %x flags %x\n", status, fegetround(), fetestexcept(FE_ALL_EXCEPT));
  fesetround(FE_DOWNWARD);
  status = fesetmode(FE_DFL_MODE);
  printf("fesetmode(FE_DFL_MODE) %d round %x flags %x\n", status, fegetround(), fetestexcept(FE_ALL_EXCEPT));
  fegetmode(&mode);
  printf("default mode cw %04x mxcsr %08x\n", *(unsigned short *)&mode, ((unsigned *)&mode)[1]);
  feclearexcept(FE_ALL_EXCEPT);
  printf("fegetexcept %x", fegetexcept());
  printf(" feenableexcept %x", feenableexcept(FE_DIVBYZERO | 0x100));
  printf(" -> %x", fegetexcept());
  printf(" feenableexcept %x", feenableexcept(FE_INVALID | FE_OVERFLOW));
  fegetmode(&mode);
  printf(" mode cw %04x mxcsr %08x", *(unsigned short *)&mode, ((unsigned *)&mode)[1]);
  printf(" fedisableexcept %x", fedisableexcept(FE_OVERFLOW));
  printf(" -> %x", fegetexcept());
  printf(" fedisableexcept %x", fedisableexcept(FE_ALL_EXCEPT));
  printf(" -> %x\n", fegetexcept());
  /* _FloatN names: the same functions. */
  {
    _Float64 d = bd(0x7ff4000000000abcull), c = 0;
    _Float32 s = bf(0x7f800123u), cf = 0;
    _Float32 f32 = 1.5f;
    _Float64 f64 = -0.0;
    errno = 0;
    feclearexcept(FE_ALL_EXCEPT);
    int k = canonicalizef32(&cf, &s);
    printf("f32/f64 names: %08x %x %08x", fb(f32addf64(1.0, 0x1p-30)), k, fb(cf));
    printf(" %016llx %016llx %08x", db(f32xaddf64(1.0, 0x1p-60)), db(f32xdivf64(1.0, 3.0)), fb(f32sqrtf64(2.0)));
    printf(" %08x %016llx %016llx %d %d", fb(nextupf32(f32)), db(fmaximumf64(f64, 0.0)), db(fmaxmagf32x(-2.0, 1.0)),
           totalorderf32(&s, &cf), totalordermagf64(&d, &f64));
    printf(" %ld %ld %016llx %08x", (long)fromfpf32(2.5f, FP_INT_TONEAREST, 8), llogbf64(0x1p-1074), db(nanf32x("0x12")),
           fb(getpayloadf32(&s)));
    k = setpayloadsigf64(&c, 5.0);
    printf(" %d %016llx flags %x\n", k, db(c), fetestexcept(FE_ALL_EXCEPT));
    extern int totalorderf64_by_value(double, double);
    __asm__(".symver totalorderf64_by_value,totalorderf64@GLIBC_2.27");
    printf("totalorderf64@GLIBC_2.27 %d %d\n", totalorderf64_by_value(1.0, -1.0), totalorderf64_by_value(-1.0, 1.0));
  }
  printf("totalorder@GLIBC_2.25 %d %d %d totalordermagf@GLIBC_2.25 %d %d\n", totalorder_by_value(-0.0, 0.0),
         totalorder_by_value(0.0, -0.0), totalorder_by_value(bd(0xfff8000000000000ull), -INFINITY),
         totalordermagf_by_value(-2.0f, 1.0f), totalordermagf_by_value(bf(0x7fc00000u), bf(0xff800001u)));
}
#endif

#ifndef SAMPLE
/* A double near a float rounding edge (a float plus a few low bits, or a halfway point) with an
   exponent anywhere from the float subnormals to beyond the float range. */
static double edge(void) {
  uint64_t r = next();
  int e = (int)(r % 300) - 160;
  double x = ldexp(1 + (double)(next() >> 12) * 0x1p-52, e);
  if (r & 0x100000) x = -x;
  switch ((r >> 21) % 4) {
  case 0: break;
  case 1: x = (double)(float)x + ldexp((r >> 24) & 1 ? 1 : -1, e - 24 - (int)((r >> 25) % 40)); break;
  case 2: x = (double)(float)x + ldexp(1, e - 24); break; /* a float halfway point */
  default: x = (double)(float)x; break;
  }
  return x;
}
#endif

static void prep(void) { errno = 0; feclearexcept(FE_ALL_EXCEPT); }
static int flags(void) { return fetestexcept(FE_ALL_EXCEPT); }

#define D1(fn) for (int i = 0; i < nd; i++) { prep(); double r = fn(dv[i]); int e = errno; \
  printf(#fn " 0 %016llx : %016llx %d %x\n", db(dv[i]), db(r), e, flags()); }
#define F1(fn) for (int i = 0; i < nf; i++) { prep(); float r = fn(fv[i]); int e = errno; \
  printf(#fn " 0 %08x : %08x %d %x\n", fb(fv[i]), fb(r), e, flags()); }
#define D2(fn) for (int i = 0; i < nd; i++) for (int j = i % PAIR_STEP; j < nd; j += PAIR_STEP) { prep(); double r = fn(dv[i], dv[j]); int e = errno; \
  printf(#fn " 0 %016llx %016llx : %016llx %d %x\n", db(dv[i]), db(dv[j]), db(r), e, flags()); }
#define F2(fn) for (int i = 0; i < nf; i++) for (int j = i % PAIR_STEP; j < nf; j += PAIR_STEP) { prep(); float r = fn(fv[i], fv[j]); int e = errno; \
  printf(#fn " 0 %08x %08x : %08x %d %x\n", fb(fv[i]), fb(fv[j]), fb(r), e, flags()); }
#define DL(fn) for (int i = 0; i < nd; i++) { prep(); long r = fn(dv[i]); int e = errno; \
  printf(#fn " 0 %016llx : %016lx %d %x\n", db(dv[i]), (unsigned long)r, e, flags()); }
#define FL(fn) for (int i = 0; i < nf; i++) { prep(); long r = fn(fv[i]); int e = errno; \
  printf(#fn " 0 %08x : %016lx %d %x\n", fb(fv[i]), (unsigned long)r, e, flags()); }
/* Narrowing: double arguments, float result, in every rounding mode. */
#define N1(fn) for (int m = 0; m < 4; m++) for (int i = 0; i < nd; i++) { prep(); fesetround(modes[m]); float r = fn(dv[i]); int e = errno; int fl = flags(); fesetround(FE_TONEAREST); \
  printf(#fn " %d %016llx : %08x %d %x\n", m, db(dv[i]), fb(r), e, fl); }
#define N2(fn) for (int m = 0; m < 4; m++) for (int i = 0; i < nd; i++) for (int j = (i + m) % PAIR_STEP; j < nd; j += PAIR_STEP) { prep(); fesetround(modes[m]); float r = fn(dv[i], dv[j]); int e = errno; int fl = flags(); fesetround(FE_TONEAREST); \
  printf(#fn " %d %016llx %016llx : %08x %d %x\n", m, db(dv[i]), db(dv[j]), fb(r), e, fl); }
/* Pointer forms: totalorder(const T *, const T *), canonicalize(T *, const T *), getpayload(const T *). */
#define TOTAL(fn, T, H, X, n) for (int i = 0; i < n; i++) for (int j = i % PAIR_STEP; j < n; j += PAIR_STEP) { prep(); T a = X[i], b = X[j]; int r = fn(&a, &b); int e = errno; \
  printf(#fn " 0 " H " " H " : %x %d %x\n", BITS(a), BITS(b), r, e, flags()); }

int main(void) {
  init();
#ifdef SAMPLE
  fenv_section();
#endif
#define BITS(v) _Generic((v), float: fb, double: db)(v)
  /* nan("tag"): the tag's number (base 0) becomes the payload when it all parses. */
  static const char *tags[] = {"", "0", "1", "123", "0x7ff", "0X1f", "077", "08", "abc", "0x", "-1", " 1", "1 ",
    "99999999999999999999999", "0xffffffffffffffffff", "0xfffffffffffff", "0x7ffffffffffff", "0x8000000000000", "0x3fffff",
    "0x400000", "1_", "x", "_", "18446744073709551615", "18446744073709551616", "0x0", "00", "1e5", "4194304"};
  for (unsigned i = 0; i < sizeof tags / sizeof *tags; i++) {
    prep(); double r = nan(tags[i]); int e = errno; printf("nan 0 \"%s\" : %016llx %d %x\n", tags[i], db(r), e, flags());
    prep(); float rf = nanf(tags[i]); e = errno; printf("nanf 0 \"%s\" : %08x %d %x\n", tags[i], fb(rf), e, flags());
  }
  D1(nextup) D1(nextdown) F1(nextupf) F1(nextdownf)
  DL(llogb) FL(llogbf) D1(significand) F1(significandf)
  for (int i = 0; i < nd; i++) { prep(); double c = 7; int r = canonicalize(&c, &dv[i]); int e = errno;
    printf("canonicalize 0 %016llx : %x %d %x %016llx\n", db(dv[i]), r, e, flags(), db(c)); }
  for (int i = 0; i < nf; i++) { prep(); float c = 7; int r = canonicalizef(&c, &fv[i]); int e = errno;
    printf("canonicalizef 0 %08x : %x %d %x %08x\n", fb(fv[i]), r, e, flags(), fb(c)); }
  for (int i = 0; i < nd; i++) { prep(); double r = getpayload(&dv[i]); int e = errno;
    printf("getpayload 0 %016llx : %016llx %d %x\n", db(dv[i]), db(r), e, flags()); }
  for (int i = 0; i < nf; i++) { prep(); float r = getpayloadf(&fv[i]); int e = errno;
    printf("getpayloadf 0 %08x : %08x %d %x\n", fb(fv[i]), fb(r), e, flags()); }
  static const double payloads[] = {0, -0.0, 1, 2, 3, 0x1p50, 0x1p51 - 1, 0x1p51, 0x1p52, 0.5, -1, 1e10, 1.5, INFINITY, NAN,
    0x3fffff, 0x400000, 0x7fffff, 0x800000, 0x1p22 + 0.5, 123456789, 0x1p-1074, 0x1p30, 1e300};
  for (unsigned i = 0; i < sizeof payloads / sizeof *payloads; i++) {
    double p = payloads[i], r = 7; float pf = (float)p, rf = 7;
    prep(); int k = setpayload(&r, p); int e = errno; printf("setpayload 0 %016llx : %x %d %x %016llx\n", db(p), k, e, flags(), db(r));
    prep(); r = 7; k = setpayloadsig(&r, p); e = errno; printf("setpayloadsig 0 %016llx : %x %d %x %016llx\n", db(p), k, e, flags(), db(r));
    prep(); k = setpayloadf(&rf, pf); e = errno; printf("setpayloadf 0 %08x : %x %d %x %08x\n", fb(pf), k, e, flags(), fb(rf));
    prep(); rf = 7; k = setpayloadsigf(&rf, pf); e = errno; printf("setpayloadsigf 0 %08x : %x %d %x %08x\n", fb(pf), k, e, flags(), fb(rf));
  }
  D2(fmaximum) D2(fminimum) D2(fmaximum_num) D2(fminimum_num) D2(fmaximum_mag) D2(fminimum_mag)
  D2(fmaximum_mag_num) D2(fminimum_mag_num) D2(fmaxmag) D2(fminmag)
  F2(fmaximumf) F2(fminimumf) F2(fmaximum_numf) F2(fminimum_numf) F2(fmaximum_magf) F2(fminimum_magf)
  F2(fmaximum_mag_numf) F2(fminimum_mag_numf) F2(fmaxmagf) F2(fminmagf)
  TOTAL(totalorder, double, "%016llx", dv, nd) TOTAL(totalordermag, double, "%016llx", dv, nd)
  TOTAL(totalorderf, float, "%08x", fv, nf) TOTAL(totalordermagf, float, "%08x", fv, nf)
  static const double fns[] = {0, -0.0, 1, -1, 2.5, 3, 1e10, -1e10, 0x1p31, -0x1p31, 0x1p31 - 1, 65000, 70000, -70000,
    1075, -1075, 1024, -1074, 200, -200, -1030, -1060, -130, -140, 100, INFINITY, -INFINITY, NAN};
  for (int m = 0; m < 4; m++) for (int i = m % 2; i < nd; i += 2 * VALUE_STEP) for (unsigned k = 0; k < sizeof fns / sizeof *fns; k++) {
    prep(); fesetround(modes[m]); double r = scalb(dv[i], fns[k]); int e = errno; int fl = flags(); fesetround(FE_TONEAREST);
    printf("scalb %d %016llx %016llx : %016llx %d %x\n", m, db(dv[i]), db(fns[k]), db(r), e, fl); }
  for (int m = 0; m < 4; m++) for (int i = m % 2; i < nf; i += 2 * VALUE_STEP) for (unsigned k = 0; k < sizeof fns / sizeof *fns; k++) {
    float fn = (float)fns[k];
    prep(); fesetround(modes[m]); float r = scalbf(fv[i], fn); int e = errno; int fl = flags(); fesetround(FE_TONEAREST);
    printf("scalbf %d %08x %08x : %08x %d %x\n", m, fb(fv[i]), fb(fn), fb(r), e, fl); }
  static const unsigned widths[] = {0, 1, 2, 3, 8, 31, 32, 33, 53, 63, 64, 65, 200};
#define FROMFP(fn, T, H, X, n, P) for (int i = 0; i < n; i += VALUE_STEP) for (int rd = -1; rd < 6; rd++) for (unsigned w = 0; w < sizeof widths / sizeof *widths; w++) { \
    if ((rd < 0 || rd > 4) && widths[w] != 32) continue; /* not a direction: only width 32 */ \
    prep(); long r = (long)fn(X[i], rd, widths[w]); int e = errno; printf(#fn " 0 " H " %x %x : %016lx %d %x\n", P(X[i]), rd, widths[w], (unsigned long)r, e, flags()); }
  FROMFP(fromfp, double, "%016llx", dv, nd, db) FROMFP(ufromfp, double, "%016llx", dv, nd, db)
  FROMFP(fromfpx, double, "%016llx", dv, nd, db) FROMFP(ufromfpx, double, "%016llx", dv, nd, db)
  FROMFP(fromfpf, float, "%08x", fv, nf, fb) FROMFP(ufromfpf, float, "%08x", fv, nf, fb)
  FROMFP(fromfpxf, float, "%08x", fv, nf, fb) FROMFP(ufromfpxf, float, "%08x", fv, nf, fb)
  /* nexttoward(x, long double y): y from a list of long doubles and from the doubles themselves (nudged). */
  long double ys[40];
  int ny = 0;
  ys[ny++] = 0; ys[ny++] = -0.0L; ys[ny++] = 1; ys[ny++] = -1; ys[ny++] = 1 + 0x1p-60L; ys[ny++] = 1 - 0x1p-64L;
  ys[ny++] = 0x1p16000L; ys[ny++] = -0x1p16000L; ys[ny++] = 0x1p-16000L; ys[ny++] = -0x1p-16400L; ys[ny++] = LDBL_MIN;
  ys[ny++] = INFINITY; ys[ny++] = -INFINITY; ys[ny++] = bld(0x7fff, 0xc000000000000000ull); ys[ny++] = bld(0xffff, 0xc000000000000000ull);
  ys[ny++] = bld(0x7fff, 0x8000000000000001ull); ys[ny++] = bld(0x7fff, 0xc000000000000abcull); ys[ny++] = bld(0xffff, 0xfffffffffffff800ull);
  ys[ny++] = bld(0x7fff, 0xc000000000001000ull); ys[ny++] = bld(0x7fff, 0xa000000000000000ull);
  ys[ny++] = DBL_MAX; ys[ny++] = (long double)DBL_MAX * (1 + 0x1p-60L); ys[ny++] = FLT_MAX; ys[ny++] = (long double)FLT_MAX + 1;
  ys[ny++] = 0x1p-1074L; ys[ny++] = 0x1p-1075L; ys[ny++] = 0x1p-149L; ys[ny++] = 0x1p-150L; ys[ny++] = 0.1L; ys[ny++] = -2.5L;
  for (int i = 0; i < nd; i++) for (int k = 0; k < ny + 3; k++) {
    if ((i + k) % PAIR_STEP) continue;
    long double y = k < ny ? ys[k] : k == ny ? (long double)dv[i] : k == ny + 1 ? (long double)dv[i] * (1 + 0x1p-62L) : (long double)dv[(i * 7) % nd];
    prep(); double r = nexttoward(dv[i], y); int e = errno; printf("nexttoward 0 %016llx %s : %016llx %d %x\n", db(dv[i]), ldhex(y), db(r), e, flags());
  }
  for (int i = 0; i < nf; i++) for (int k = 0; k < ny + 3; k++) {
    if ((i + k) % PAIR_STEP) continue;
    long double y = k < ny ? ys[k] : k == ny ? (long double)fv[i] : k == ny + 1 ? (long double)fv[i] * (1 + 0x1p-62L) : (long double)fv[(i * 7) % nf];
    prep(); float r = nexttowardf(fv[i], y); int e = errno; printf("nexttowardf 0 %08x %s : %08x %d %x\n", fb(fv[i]), ldhex(y), fb(r), e, flags());
  }
  /* nexttoward's NaN choice (x87 addition): every pairing of quiet/signaling NaNs, signs and significands, ties included. */
  static const uint64_t xnans[] = {0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff8000000000123ull, 0xfff8000000000123ull,
    0x7ff0000000000001ull, 0xfff4000000000000ull, 0x7ff4000000000000ull, 0x7fffffffffffffffull, 0x3ff0000000000000ull};
  static const uint32_t xnansf[] = {0x7fc00000u, 0xffc00000u, 0x7fc00123u, 0xffc00123u, 0x7f800001u, 0xffa00000u, 0x7fa00000u,
    0x7fffffffu, 0x3f800000u};
  static const uint64_t ynans[][2] = {{0x7fff, 0xc000000000000000ull}, {0xffff, 0xc000000000000000ull}, {0x7fff, 0x8000000000000001ull},
    {0xffff, 0xa000000000000000ull}, {0x7fff, 0xa000000000000000ull}, {0x7fff, 0xc000000000000800ull}, {0x7fff, 0xe000000000000000ull},
    {0xffff, 0xe000000000000000ull}, {0xffff, 0xffffffffffffffffull}, {0x7fff, 0xc0000000000007ffull}, {0x7fff, 0xd000000000000000ull},
    {0xffff, 0x8000000000000800ull}, {0xffff, 0xc000000000091800ull}, {0x7fff, 0xc000000000091800ull}, {0xffff, 0xc000012300000000ull},
    {0x7fff, 0xc000012300000000ull}, {0x3fff, 0x8000000000000000ull}};
  for (unsigned i = 0; i < sizeof xnans / sizeof *xnans; i++) for (unsigned k = 0; k < sizeof ynans / sizeof *ynans; k++) {
    long double y = bld((uint16_t)ynans[k][0], ynans[k][1]);
    double x = bd(xnans[i]);
    prep(); double r = nexttoward(x, y); int e = errno; printf("nexttoward 0 %016llx %s : %016llx %d %x\n", db(x), ldhex(y), db(r), e, flags());
    float xf = bf(xnansf[i]);
    prep(); float rf = nexttowardf(xf, y); e = errno; printf("nexttowardf 0 %08x %s : %08x %d %x\n", fb(xf), ldhex(y), fb(rf), e, flags());
  }
  /* f32xaddf64 and the others of that form: double to double, one rounding, the narrowing functions' errno. */
#define X2(fn) for (int m = 0; m < 4; m++) for (int i = 0; i < nd; i++) for (int j = (i + m) % (2 * PAIR_STEP); j < nd; j += 2 * PAIR_STEP) { \
    prep(); fesetround(modes[m]); double r = fn(dv[i], dv[j]); int e = errno; int fl = flags(); fesetround(FE_TONEAREST); \
    printf(#fn " %d %016llx %016llx : %016llx %d %x\n", m, db(dv[i]), db(dv[j]), db(r), e, fl); }
  X2(f32xaddf64) X2(f32xsubf64) X2(f32xmulf64) X2(f32xdivf64)
  N2(fadd) N2(fsub) N2(fmul) N2(fdiv) N1(fsqrt)
  for (int m = 0; m < 4; m++) for (int i = 0; i < nd; i++) for (int j = (i + m) % (3 * PAIR_STEP); j < nd; j += 3 * PAIR_STEP) {
    double z = dv[(i * 5 + j * 3) % nd];
    prep(); fesetround(modes[m]); float r = ffma(dv[i], dv[j], z); int e = errno; int fl = flags(); fesetround(FE_TONEAREST);
    printf("ffma %d %016llx %016llx %016llx : %08x %d %x\n", m, db(dv[i]), db(dv[j]), db(z), fb(r), e, fl);
  }
#ifndef SAMPLE
  /* Narrowing near rounding edges, float subnormals and overflow, in every rounding mode. */
  for (int k = 0; k < 600; k++) {
    double a = edge(), b = edge(), c = edge();
    for (int m = 0; m < 4; m++) {
#define EDGE2(fn) do { prep(); fesetround(modes[m]); float r = fn(a, b); int e = errno; int fl = flags(); fesetround(FE_TONEAREST); \
    printf(#fn " %d %016llx %016llx : %08x %d %x\n", m, db(a), db(b), fb(r), e, fl); } while (0)
      EDGE2(fadd); EDGE2(fsub); EDGE2(fmul); EDGE2(fdiv);
      prep(); fesetround(modes[m]); float r = fsqrt(fabs(a)); int e = errno; int fl = flags(); fesetround(FE_TONEAREST);
      printf("fsqrt %d %016llx : %08x %d %x\n", m, db(fabs(a)), fb(r), e, fl);
      prep(); fesetround(modes[m]); r = ffma(a, b, c); e = errno; fl = flags(); fesetround(FE_TONEAREST);
      printf("ffma %d %016llx %016llx %016llx : %08x %d %x\n", m, db(a), db(b), db(c), fb(r), e, fl);
    }
  }
#endif
  return 0;
}
