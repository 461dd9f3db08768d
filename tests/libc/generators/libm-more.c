/* Records glibc 2.36's results for the libm functions of the "more libm" step (cosf, sincosf,
   log10, log1p, expm1, the hyperbolics, erf, erfc) on this machine, compactly:
     gcc -O2 -fno-builtin -o /tmp/libm-more tests/libc/generators/libm-more.c -lm &&
     /tmp/libm-more > tests/libc/data/libm-more.expected
   Lines:
     "= name x-hex result-hex errno flags"            a special argument, in full (flags: FE_* bits, hex);
                                                       sincosf: "= sincosf x-hex sin-hex cos-hex errno flags"
     "sweep name stride block count"                   float: every stride-th float bit pattern, then
                                                       count/block lines "hash"
     "stream name seed low high sign block count"      double: xorshift32 draws (seed), biased exponent
                                                       uniform in [low, high], sign 0 random / 1 + / 2 -,
                                                       then count/block lines "hash"
   Hash (FNV-1a style over 32-bit words): h = 0x811c9dc5; per word h = (h ^ w) * 0x01000193 mod 2^32;
   per call the result's bits (a float: one word; a double: high then low word; sincosf: sin then
   cos), then errno << 8 | flags. A NaN result hashes as 0x7fc00000 / 0x7ff80000 00000000 (NaN bits
   are the binding's business, tested by the runtime program). With "-v name" the program prints
   each call of that function instead (to find a mismatching block). */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef float (*funary_t)(float);
typedef double (*dunary_t)(double);

static uint32_t fb(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
static float bf(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }
static uint64_t db(double x) { uint64_t b; memcpy(&b, &x, 8); return b; }
static double bd(uint64_t b) { double x; memcpy(&x, &b, 8); return x; }
static uint32_t fbits(float y) { return isnan(y) ? 0x7fc00000u : fb(y); }
static uint64_t dbits(double y) { return isnan(y) ? 0x7ff8000000000000ull : db(y); }

static const char *verbose;
static uint32_t hash;
static void mix(uint32_t v) { hash = (hash ^ v) * 0x01000193u; }

static int e, flags;
static void start(void) { errno = 0; feclearexcept(FE_ALL_EXCEPT); }
static void stop(void) { flags = fetestexcept(FE_ALL_EXCEPT); e = errno; }

/* ---- float ---- */

static const uint32_t fspecials[] = {0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000,
  0xffc00000, 0x7fa00000, 0x00000001, 0x80000001, 0x007fffff, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x40000000, 0x3f000000,
  0x3f490fdb, 0x3f490fda, 0x3fc90fdb, 0x40490fdb, 0xc0490fdb, 0x39800000, 0x397fffff, 0x42f00000, 0x42efffff, 0x4b800000,
  0x5a800000, 0x7effffff, 0x3f7fffff, 0xbf7fffff, 0x3f800001, 0x41200000, 0x33000000, 0xb3000000, 0x4e800000};

static float sinOut, cosOut;
static float sincosSin(float x) { sincosf(x, &sinOut, &cosOut); return sinOut; }

static void sweepf(const char *name, funary_t fn, uint32_t stride, uint32_t block) {
  int both = !strcmp(name, "sincosf");
  for (unsigned i = 0; i < sizeof fspecials / sizeof *fspecials; i++) {
    start();
    float y = fn(bf(fspecials[i]));
    stop();
    if (verbose) continue;
    if (both) printf("= %s %08x %08x %08x %d %x\n", name, fspecials[i], fbits(sinOut), fbits(cosOut), e, flags);
    else printf("= %s %08x %08x %d %x\n", name, fspecials[i], fbits(y), e, flags);
  }
  uint32_t count = (uint32_t)(0x100000000ull / stride);
  count -= count % block;
  int v = verbose && !strcmp(verbose, name);
  if (!verbose) printf("sweep %s %u %u %u\n", name, stride, block, count);
  for (uint32_t i = 0; i < count; i++) {
    if (i % block == 0) hash = 0x811c9dc5u;
    uint32_t x = i * stride;
    start();
    float y = fn(bf(x));
    stop();
    if (both) {
      mix(fbits(sinOut));
      mix(fbits(cosOut));
    } else mix(fbits(y));
    mix((uint32_t)e << 8 | (uint32_t)flags);
    if (v) printf("%08x %08x %08x %d %x\n", x, fbits(both ? sinOut : y), fbits(cosOut), e, flags);
    if (!verbose && i % block == block - 1) printf("%08x\n", hash);
  }
}

/* ---- double ---- */

static uint32_t state;
static uint32_t next(void) { state ^= state << 13; state ^= state >> 17; state ^= state << 5; return state; }

static const double dspecials[] = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, 3.0, 10.0, 100.0, 1000.0, 1e-5, 0.1,
  INFINITY, -INFINITY, NAN, -NAN, 0x1p-1074, -0x1p-1074, 0x1p-1022, -0x1p-1022, 0x1.fffffffffffffp1023,
  -0x1.fffffffffffffp1023, 0x1p-28, 0x1.fffffffffffffp-29, 0x1p-29, -0x1p-29, 0x1p-54, 0x1p-55, -0x1p-55, 0x1p-1000,
  0x1.0000000000001p0, 0x1.fffffffffffffp-1, -0x1.fffffffffffffp-1, -0x1.0000000000001p0, 0x1p52, 0x1p53, 0x1p54,
  0x1p28, 0x1p29, 22.0, 21.99999, 0x1.62e42fefa39efp9, 0x1.62e42fefa39f0p9, 0x1.633ce8fb9f87dp9, 0x1.633ce8fb9f87ep9,
  -0x1.633ce8fb9f87dp9, -0x1.633ce8fb9f87ep9, 0x1.74910d52d3051p9, -0x1.74910d52d3051p9, -745.2, -38.0, -37.5, -56.0,
  0x1.a827999fcef32p-2, 0x1.a827ap-2, -0x1.2bec3p-2, -0x1.2bec4p-2, 0x1.62e42fefa39efp-2, 0x1.62e42fefa39efp-1,
  0x1.0a2b23f3bab73p0, -0x1.0a2b23f3bab73p0, 0x1.6a09e667f3bcdp0, 0.7071067811865476, 0x1.fffffffffffffp52, 1e300,
  -1e300, 1e-300, 0.84375, 1.25, 2.857142857, 6.0, 27.0, 28.0, -6.0, -27.0, -28.0, 0x1p-56, 5.9, -5.9};
#define SNAN_BITS 0x7ff4000000000001ull

static void record(double y) {
  uint64_t b = dbits(y);
  mix((uint32_t)(b >> 32));
  mix((uint32_t)b);
  mix((uint32_t)e << 8 | (uint32_t)flags);
}

static void specials(const char *name, dunary_t fn) {
  if (verbose) return;
  for (unsigned i = 0; i < sizeof dspecials / sizeof *dspecials + 1; i++) {
    double x = i < sizeof dspecials / sizeof *dspecials ? dspecials[i] : bd(SNAN_BITS);
    start();
    double y = fn(x);
    stop();
    printf("= %s %016llx %016llx %d %x\n", name, (unsigned long long)db(x), (unsigned long long)dbits(y), e, flags);
  }
}

static void stream(const char *name, dunary_t fn, uint32_t seed, int low, int high, int sign, uint32_t block,
  uint32_t count) {
  int v = verbose && !strcmp(verbose, name);
  state = seed;
  if (!verbose) printf("stream %s %u %d %d %d %u %u\n", name, seed, low, high, sign, block, count);
  for (uint32_t i = 0; i < count; i++) {
    if (i % block == 0) hash = 0x811c9dc5u;
    uint32_t a = next(), hi = next(), lo = next();
    uint32_t exponent = (uint32_t)low + a % (uint32_t)(high - low + 1);
    uint32_t s = sign == 0 ? hi & 0x80000000u : sign == 1 ? 0 : 0x80000000u;
    double x = bd((uint64_t)(s | exponent << 20 | (hi & 0xfffff)) << 32 | lo);
    start();
    double y = fn(x);
    stop();
    record(y);
    if (v) printf("%016llx %016llx %d %x\n", (unsigned long long)db(x), (unsigned long long)dbits(y), e, flags);
    if (!verbose && i % block == block - 1) printf("%08x\n", hash);
  }
}

/* The whole range, then the range where the function's algorithm has its branches. */
static void streams(const char *name, dunary_t fn, int low, int high, int sign) {
  specials(name, fn);
  stream(name, fn, 1, 0, 0x7fe, 0, 4096, 16384);
  stream(name, fn, 2, low, high, sign, 4096, 32768);
}

int main(int argc, char **argv) {
  if (argc == 3 && !strcmp(argv[1], "-v")) verbose = argv[2];
  sweepf("cosf", cosf, 16381, 8192);
  sweepf("sincosf", sincosSin, 16381, 8192);
  sweepf("log1pf", log1pf, 16381, 8192);
  sweepf("expm1f", expm1f, 16381, 8192);
  sweepf("sinhf", sinhf, 16381, 8192);
  sweepf("coshf", coshf, 16381, 8192);
  sweepf("tanhf", tanhf, 16381, 8192);
  sweepf("log10f", log10f, 16381, 8192);
  streams("log1p", log1p, 0x3c0, 0x410, 0);
  streams("expm1", expm1, 0x3c0, 0x409, 0);
  streams("log10", log10, 0x3f0, 0x40f, 1);
  streams("sinh", sinh, 0x3c0, 0x409, 0);
  streams("cosh", cosh, 0x3c0, 0x409, 0);
  streams("tanh", tanh, 0x3c0, 0x404, 0);
  streams("asinh", asinh, 0x3c0, 0x420, 0);
  streams("acosh", acosh, 0x3ff, 0x420, 1);
  streams("atanh", atanh, 0x3c0, 0x3fe, 0);
  streams("erf", erf, 0x3c0, 0x401, 0);
  streams("erfc", erfc, 0x3c0, 0x403, 0);
  return 0;
}
