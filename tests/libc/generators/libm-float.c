/* Records glibc 2.36's float transcendental functions on this machine compactly: a sweep over
   every STRIDE-th float bit pattern (all exponents, both signs, NaNs included) per unary function,
   and pseudo-random argument pairs for powf, atan2f and hypotf, each block of BLOCK calls folded into one 32-bit
   hash of (result bits, errno, flags); plus special arguments recorded in full.
     gcc -O2 -fno-builtin -o /tmp/libm-float tests/libc/generators/libm-float.c -lm &&
     /tmp/libm-float > tests/libc/data/libm-float.expected
   Lines:
     "= name x-hex [y-hex] result-hex errno flags"   a special argument (flags: FE_* bits, hex)
     "sweep name stride block count" then count/block lines "hash"
     "pairs name kind seed block count" then hashes; kind says how x and y are drawn (see draw()).
     "msweep name mode stride block count" then hashes: a sweep with the rounding mode set;
     "mpairs name mode kind seed block count" likewise for pairs.
   Hash: h = 0x811c9dc5; per call h = (h ^ bits) * 0x01000193, h = (h ^ (errno << 8 | flags)) * 0x01000193
   (mod 2^32); a NaN result hashes as 0x7fc00000 (NaN bits are the binding's business). With
   "-v name" the program prints each call of that function instead (for finding a mismatch). */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef float (*unary_t)(float);
typedef float (*binary_t)(float, float);

static uint32_t fb(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
static float bf(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }

static const char *verbose;
static uint32_t hash;
static void mix(uint32_t v) { hash = (hash ^ v) * 0x01000193u; }

static void record(float y, int e, int flags) {
  mix(isnan(y) ? 0x7fc00000u : fb(y));
  mix((uint32_t)e << 8 | (uint32_t)flags);
}

static float call1(unary_t fn, float x, int *e, int *flags) {
  errno = 0;
  feclearexcept(FE_ALL_EXCEPT);
  float y = fn(x);
  *flags = fetestexcept(FE_ALL_EXCEPT);
  *e = errno;
  return y;
}

static float call2(binary_t fn, float x, float y, int *e, int *flags) {
  errno = 0;
  feclearexcept(FE_ALL_EXCEPT);
  float r = fn(x, y);
  *flags = fetestexcept(FE_ALL_EXCEPT);
  *e = errno;
  return r;
}

static const uint32_t specials[] = {0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000,
  0xffc00000, 0x7fa00000, 0x00000001, 0x80000001, 0x007fffff, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x40000000, 0x3f000000,
  0x42b17217, 0x42b17218, 0xc2cff1b4, 0xc2cff1b5, 0xc2ce8ed0, 0xc2ce8ecf, 0x43000000, 0xc3160000, 0xc3150000, 0xc3158000,
  0x3f7fffff, 0x3f800001, 0x3f330000, 0x41200000, 0x33000000, 0xb3000000, 0x42fe0000, 0xc2fc0000};

static void sweep(const char *name, unary_t fn, uint32_t stride, uint32_t block) {
  int e, flags;
  for (unsigned i = 0; i < sizeof specials / sizeof *specials; i++) {
    float y = call1(fn, bf(specials[i]), &e, &flags);
    if (!verbose) printf("= %s %08x %08x %d %x\n", name, specials[i], isnan(y) ? 0x7fc00000u : fb(y), e, flags);
  }
  uint32_t count = (uint32_t)(0x100000000ull / stride);
  count -= count % block;
  int v = verbose && !strcmp(verbose, name);
  if (!verbose) printf("sweep %s %u %u %u\n", name, stride, block, count);
  for (uint32_t i = 0; i < count; i++) {
    if (i % block == 0) hash = 0x811c9dc5u;
    uint32_t x = i * stride;
    float y = call1(fn, bf(x), &e, &flags);
    record(y, e, flags);
    if (v) printf("%08x %08x %d %x\n", x, isnan(y) ? 0x7fc00000u : fb(y), e, flags);
    if (!verbose && i % block == block - 1) printf("%08x\n", hash);
  }
}

/* The same sweep with the rounding mode set (mode: downward, upward or towardzero; the header
   names it): "msweep name mode stride block count". */
static void modeSweep(const char *name, unary_t fn, const char *mode, uint32_t stride, uint32_t block) {
  int e, flags;
  int round = !strcmp(mode, "downward") ? FE_DOWNWARD : !strcmp(mode, "upward") ? FE_UPWARD : FE_TOWARDZERO;
  uint32_t count = (uint32_t)(0x100000000ull / stride);
  count -= count % block;
  int v = verbose && !strcmp(verbose, name);
  if (!verbose) printf("msweep %s %s %u %u %u\n", name, mode, stride, block, count);
  for (uint32_t i = 0; i < count; i++) {
    if (i % block == 0) hash = 0x811c9dc5u;
    uint32_t x = i * stride;
    fesetround(round);
    float y = call1(fn, bf(x), &e, &flags);
    fesetround(FE_TONEAREST);
    record(y, e, flags);
    if (v) printf("%s %08x %08x %d %x\n", mode, x, isnan(y) ? 0x7fc00000u : fb(y), e, flags);
    if (!verbose && i % block == block - 1) printf("%08x\n", hash);
  }
}

static uint32_t state;
static void draw(int kind, uint32_t *x, uint32_t *y);

/* Pairs with the rounding mode set: "mpairs name mode kind seed block count". */
static void modePairs(const char *name, binary_t fn, const char *mode, int kind, uint32_t seed, uint32_t block,
  uint32_t count) {
  int e, flags;
  int round = !strcmp(mode, "downward") ? FE_DOWNWARD : !strcmp(mode, "upward") ? FE_UPWARD : FE_TOWARDZERO;
  int v = verbose && !strcmp(verbose, name);
  state = seed;
  if (!verbose) printf("mpairs %s %s %d %u %u %u\n", name, mode, kind, seed, block, count);
  for (uint32_t i = 0; i < count; i++) {
    if (i % block == 0) hash = 0x811c9dc5u;
    uint32_t x, y;
    draw(kind, &x, &y);
    fesetround(round);
    float r = call2(fn, bf(x), bf(y), &e, &flags);
    fesetround(FE_TONEAREST);
    record(r, e, flags);
    if (v) printf("%s %08x %08x %08x %d %x\n", mode, x, y, isnan(r) ? 0x7fc00000u : fb(r), e, flags);
    if (!verbose && i % block == block - 1) printf("%08x\n", hash);
  }
}
static uint32_t next(void) { state ^= state << 13; state ^= state >> 17; state ^= state << 5; return state; }

/* kind 0: x and y any bits; 1: x any sign with |x| in [2^-20, 2^20), y with |y| in [2^-8, 2^8);
   2: x negative in [2^-4, 2^4) binades, y an integer in [-64, 63]. */
static void draw(int kind, uint32_t *x, uint32_t *y) {
  uint32_t a = next(), b = next();
  if (kind == 0) { *x = a; *y = b; return; }
  if (kind == 1) {
    *x = (a & 0x807fffff) | ((107 + (a >> 23 & 0xff) % 40) << 23);
    *y = (b & 0x807fffff) | ((119 + (b >> 23 & 0xff) % 16) << 23);
    return;
  }
  *x = 0x80000000u | (a & 0x7fffff) | ((123 + (a >> 23 & 0xff) % 8) << 23);
  *y = fb((float)((int)(b % 128) - 64));
}

static void pairs(const char *name, binary_t fn, int kind, uint32_t seed, uint32_t block, uint32_t count) {
  int e, flags;
  int v = verbose && !strcmp(verbose, name);
  state = seed;
  if (!verbose) printf("pairs %s %d %u %u %u\n", name, kind, seed, block, count);
  for (uint32_t i = 0; i < count; i++) {
    if (i % block == 0) hash = 0x811c9dc5u;
    uint32_t x, y;
    draw(kind, &x, &y);
    float r = call2(fn, bf(x), bf(y), &e, &flags);
    record(r, e, flags);
    if (v) printf("%08x %08x %08x %d %x\n", x, y, isnan(r) ? 0x7fc00000u : fb(r), e, flags);
    if (!verbose && i % block == block - 1) printf("%08x\n", hash);
  }
}

static void binarySpecials(const char *name, binary_t fn) {
  int e, flags;
  for (unsigned i = 0; i < sizeof specials / sizeof *specials; i++)
    for (unsigned j = 0; j < sizeof specials / sizeof *specials; j++) {
      float r = call2(fn, bf(specials[i]), bf(specials[j]), &e, &flags);
      printf("= %s %08x %08x %08x %d %x\n", name, specials[i], specials[j], isnan(r) ? 0x7fc00000u : fb(r), e, flags);
    }
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "-v")) verbose = argv[2];
  sweep("expf", expf, 16381, 8192);
  sweep("exp2f", exp2f, 16381, 8192);
  sweep("logf", logf, 16381, 8192);
  sweep("log2f", log2f, 16381, 8192);
  sweep("sinf", sinf, 16381, 8192);
  if (!verbose) binarySpecials("powf", powf);
  pairs("powf", powf, 0, 1, 8192, 32768);
  pairs("powf", powf, 1, 2, 8192, 131072);
  pairs("powf", powf, 2, 3, 8192, 32768);
  /* the inverse trigonometric and hyperbolic functions, tanf, erff, erfcf, cbrtf, exp10f (issue 6) */
  sweep("atanf", atanf, 16381, 8192);
  sweep("asinf", asinf, 16381, 8192);
  sweep("acosf", acosf, 16381, 8192);
  sweep("tanf", tanf, 16381, 8192);
  sweep("asinhf", asinhf, 16381, 8192);
  sweep("acoshf", acoshf, 16381, 8192);
  sweep("atanhf", atanhf, 16381, 8192);
  sweep("erff", erff, 16381, 8192);
  sweep("erfcf", erfcf, 16381, 8192);
  sweep("cbrtf", cbrtf, 16381, 8192);
  sweep("exp10f", exp10f, 16381, 8192);
  if (!verbose) binarySpecials("atan2f", atan2f);
  pairs("atan2f", atan2f, 0, 4, 8192, 65536);
  pairs("atan2f", atan2f, 1, 5, 8192, 65536);
  if (!verbose) binarySpecials("hypotf", hypotf);
  pairs("hypotf", hypotf, 0, 6, 8192, 65536);
  pairs("hypotf", hypotf, 1, 7, 8192, 65536);
  /* the functions computed in float operations only, in the directed rounding modes, */
  static const char *const modes[] = {"downward", "upward", "towardzero"};
  for (unsigned m = 0; m < 3; m++) {
    modeSweep("atanf", atanf, modes[m], 65521, 8192);
    modeSweep("asinf", asinf, modes[m], 65521, 8192);
    modeSweep("acosf", acosf, modes[m], 65521, 8192);
    modePairs("atan2f", atan2f, modes[m], 1, 8 + m, 8192, 32768);
  }
  /* and those computed in double steps (tanf's reduction, cbrtf, exp10f, hypotf) */
  for (unsigned m = 0; m < 3; m++) {
    modeSweep("tanf", tanf, modes[m], 65521, 8192);
    modeSweep("cbrtf", cbrtf, modes[m], 65521, 8192);
    modeSweep("exp10f", exp10f, modes[m], 65521, 8192);
    modePairs("hypotf", hypotf, modes[m], 1, 11 + m, 8192, 32768);
    /* log1pf (its nearest sweep is libm-more's) and atanhf on it */
    modeSweep("log1pf", log1pf, modes[m], 65521, 8192);
    modeSweep("atanhf", atanhf, modes[m], 65521, 8192);
    /* expf and logf (FMA variants: fused steps) and the functions built on them */
    modeSweep("expf", expf, modes[m], 65521, 8192);
    modeSweep("logf", logf, modes[m], 65521, 8192);
    modeSweep("asinhf", asinhf, modes[m], 65521, 8192);
    modeSweep("acoshf", acoshf, modes[m], 65521, 8192);
    modeSweep("erff", erff, modes[m], 65521, 8192);
    modeSweep("erfcf", erfcf, modes[m], 65521, 8192);
    modeSweep("exp2f", exp2f, modes[m], 65521, 8192);
    modeSweep("log2f", log2f, modes[m], 65521, 8192);
  }
  return 0;
}
