/* The libm functions of the "more libm" step (cosf, sincosf, log1p, expm1, log10, the hyperbolics…)
   called through the PLT: results as bits (NaN payloads included), errno and the exception flags
   for ordinary, boundary and special arguments, and a checksum over a sweep of each function
   (Miros must match the native run line for line). */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t fbits(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
static float fromFbits(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }
static uint64_t dbits(double x) { uint64_t b; memcpy(&b, &x, 8); return b; }
static double fromDbits(uint64_t b) { double x; memcpy(&x, &b, 8); return x; }

static void clear(void) {
  errno = 0;
  feclearexcept(FE_ALL_EXCEPT);
}
static void status(void) { printf(" errno %d flags %02x\n", errno, fetestexcept(FE_ALL_EXCEPT)); }

typedef float (*funary_t)(float);
static const struct { const char *name; funary_t fn; } floats[] = {{"cosf", cosf}, {"log1pf", log1pf}, {"expm1f", expm1f},
  {"sinhf", sinhf}, {"coshf", coshf}, {"tanhf", tanhf},
  {"log10f", log10f}};
static const uint32_t farguments[] = {0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x40490fdb, 0x7f800000, 0xff800000,
  0x7fc00000, 0xffc00001, 0x7fa00001, 0x00000001, 0x007fffff, 0x39800000, 0x3f490fdb, 0x42f00000, 0x4b800000, 0x5a800000,
  0x7f7fffff, 0x3dcccccd, 0xc1200000, 0xc0000000, 0x42b17180, 0x42b17181, 0xc2000000, 0x3eb17218, 0x42b2d4fc, 0x42b2d4fd, 0xc2b2d4fd, 0x41b00000, 0x24000000};

typedef double (*dunary_t)(double);
static const struct { const char *name; dunary_t fn; } doubles[] = {{"log1p", log1p}, {"expm1", expm1}, {"log10", log10},
  {"sinh", sinh}, {"cosh", cosh}, {"tanh", tanh}, {"asinh", asinh}, {"acosh", acosh}, {"atanh", atanh},
  {"erf", erf}, {"erfc", erfc}};
static const uint64_t darguments[] = {0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
  0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0xfff8000000000123, 0x7ff4000000000001,
  0x0000000000000001, 0x8010000000000000, 0x3e30000000000000, 0x3fe0000000000000, 0xbfe0000000000000,
  0x4000000000000000, 0xc000000000000000, 0x4036000000000000, 0x408633ce8fb9f87e, 0xc086340000000000,
  0x7fefffffffffffff, 0xffefffffffffffff, 0xbff0000000000001, 0x3fefffffffffffff, 0x4415af1d78b58c40,
  0x4000000000000001, 0x3ff0000000000001, 0x41b0000000000001, 0x3fd62e42fefa39ef, 0x408633ce8fb9f87d,
  0x403b000000000000, 0x403c000000000000, 0xc018000000000000, 0x3feb000000000000, 0x4006db6e00000000};

int main(void) {
  for (unsigned f = 0; f < sizeof floats / sizeof *floats; f++)
    for (unsigned i = 0; i < sizeof farguments / sizeof *farguments; i++) {
      clear();
      float r = floats[f].fn(fromFbits(farguments[i]));
      printf("%s(%08x) = %a [%08x]", floats[f].name, farguments[i], r, fbits(r));
      status();
    }
  for (unsigned i = 0; i < sizeof farguments / sizeof *farguments; i++) {
    float s = 0, c = 0;
    clear();
    sincosf(fromFbits(farguments[i]), &s, &c);
    printf("sincosf(%08x) = %a %a [%08x %08x]", farguments[i], s, c, fbits(s), fbits(c));
    status();
  }
  for (unsigned f = 0; f < sizeof doubles / sizeof *doubles; f++)
    for (unsigned i = 0; i < sizeof darguments / sizeof *darguments; i++) {
      clear();
      double r = doubles[f].fn(fromDbits(darguments[i]));
      printf("%s(%016llx) = %a [%016llx]", doubles[f].name, (unsigned long long)darguments[i], r,
        (unsigned long long)dbits(r));
      status();
    }
  /* Sweeps: every 4194301st float pattern; doubles over all exponents. */
  for (unsigned f = 0; f < sizeof floats / sizeof *floats; f++) {
    uint32_t sum = 0;
    for (uint32_t i = 0; i < 1024; i++) sum = (sum ^ fbits(floats[f].fn(fromFbits(i * 4194301u)))) * 0x01000193u;
    printf("%s sweep %08x\n", floats[f].name, sum);
  }
  uint32_t sum = 0;
  for (uint32_t i = 0; i < 1024; i++) {
    float s, c;
    sincosf(fromFbits(i * 4194301u), &s, &c);
    sum = (sum ^ fbits(s) ^ fbits(c) << 1) * 0x01000193u;
  }
  printf("sincosf sweep %08x\n", sum);
  for (unsigned f = 0; f < sizeof doubles / sizeof *doubles; f++) {
    uint64_t total = 0;
    for (uint64_t i = 0; i < 1024; i++) {
      uint64_t b = dbits(doubles[f].fn(fromDbits(i * 0x001ffdb7a3c9e5f1ull)));
      total = (total ^ b) * 0x100000001b3ull;
    }
    printf("%s sweep %016llx\n", doubles[f].name, (unsigned long long)total);
  }
  return 0;
}
