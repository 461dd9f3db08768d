/* The float functions of issue 6 (atanf, asinf, acosf, tanf, asinhf, acoshf, atanhf, erff, erfcf,
   cbrtf, exp10f, atan2f, hypotf) called through the PLT: results as bits (NaN payloads included),
   errno and the exception flags, for ordinary, boundary and special arguments, and a checksum
   over a sweep; all of them also in the directed rounding modes (Miros must match the native run
   line for line). */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t bits(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
static float fromBits(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }

typedef float (*unary_t)(float);
typedef float (*binary_t)(float, float);
static const struct { const char *name; unary_t fn; } unary[] = {{"atanf", atanf}, {"asinf", asinf},
  {"acosf", acosf}, {"tanf", tanf}, {"asinhf", asinhf}, {"acoshf", acoshf}, {"atanhf", atanhf}, {"erff", erff},
  {"erfcf", erfcf}, {"cbrtf", cbrtf}, {"exp10f", exp10f}};
static const struct { const char *name; binary_t fn; } binary[] = {{"atan2f", atan2f}, {"hypotf", hypotf}};

static const uint32_t arguments[] = {0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000,
  0x40000000, 0x40490fdb, 0x3f490fdb, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc12345, 0x7fa00001, 0x00000001,
  0x807fffff, 0x3f7fffff, 0x3f800001, 0x41200000, 0xc1200000, 0x42200000, 0xc2400000, 0x4b800000, 0x7f7fffff,
  0x3e800000, 0x3dcccccd, 0x33000000};

static void show(const char *what, float r) {
  int flags = fetestexcept(FE_ALL_EXCEPT);
  printf("%s = %a [%08x] errno %d flags %02x\n", what, r, bits(r), errno, flags);
}

int main(void) {
  char what[64];
  const unsigned count = sizeof arguments / sizeof *arguments;
  for (unsigned f = 0; f < sizeof unary / sizeof *unary; f++)
    for (unsigned i = 0; i < count; i++) {
      errno = 0;
      feclearexcept(FE_ALL_EXCEPT);
      float r = unary[f].fn(fromBits(arguments[i]));
      snprintf(what, sizeof what, "%s(%08x)", unary[f].name, arguments[i]);
      show(what, r);
    }
  /* pairs from every 3rd argument against every 4th */
  for (unsigned f = 0; f < sizeof binary / sizeof *binary; f++)
    for (unsigned i = 0; i < count; i += 3)
      for (unsigned j = 1; j < count; j += 4) {
        errno = 0;
        feclearexcept(FE_ALL_EXCEPT);
        float r = binary[f].fn(fromBits(arguments[i]), fromBits(arguments[j]));
        snprintf(what, sizeof what, "%s(%08x, %08x)", binary[f].name, arguments[i], arguments[j]);
        show(what, r);
      }
  /* A sweep through the float range (every 4194301st pattern), results' bits and flags. */
  for (unsigned f = 0; f < sizeof unary / sizeof *unary; f++) {
    uint32_t sum = 0;
    feclearexcept(FE_ALL_EXCEPT);
    for (uint32_t i = 0; i < 1024; i++) sum = (sum ^ bits(unary[f].fn(fromBits(i * 4194301u)))) * 0x01000193u;
    printf("%s sweep %08x flags %02x\n", unary[f].name, sum, fetestexcept(FE_ALL_EXCEPT));
  }
  for (unsigned f = 0; f < sizeof binary / sizeof *binary; f++) {
    uint32_t sum = 0;
    for (uint32_t i = 0; i < 1024; i++)
      sum = (sum ^ bits(binary[f].fn(fromBits(i * 4194301u), fromBits(i * 2654435761u)))) * 0x01000193u;
    printf("%s sweep %08x\n", binary[f].name, sum);
  }
  /* the _Float32 names: the same functions */
  errno = 0;
  feclearexcept(FE_ALL_EXCEPT);
  _Float32 h = 0.375f;
  printf("f32 names: %08x %08x %08x %08x %08x %08x %08x", bits(atanf32(h)), bits(atan2f32(h, -h)), bits(asinf32(h)),
    bits(acosf32(h)), bits(asinhf32(h)), bits(acoshf32(h + 1)), bits(atanhf32(h)));
  printf(" %08x %08x %08x %08x %08x %08x errno %d flags %02x\n", bits(tanf32(h)), bits(erff32(h)), bits(erfcf32(h)),
    bits(cbrtf32(h)), bits(exp10f32(h)), bits(hypotf32(h, h)), errno, fetestexcept(FE_ALL_EXCEPT));
  /* these round every float or double step in the current mode */
  static const struct { const char *name; int mode; } modes[] = {
    {"downward", FE_DOWNWARD}, {"upward", FE_UPWARD}, {"towardzero", FE_TOWARDZERO}};
  for (unsigned m = 0; m < 3; m++) {
    /* every unary function: float steps, double steps (tanf, cbrtf, exp10f) and the FMA expf/logf */
    for (unsigned f = 0; f < sizeof unary / sizeof *unary; f++)
      for (unsigned i = 0; i < count; i += 2) {
        errno = 0;
        feclearexcept(FE_ALL_EXCEPT);
        fesetround(modes[m].mode);
        float r = unary[f].fn(fromBits(arguments[i]));
        fesetround(FE_TONEAREST);
        snprintf(what, sizeof what, "%s %s(%08x)", modes[m].name, unary[f].name, arguments[i]);
        show(what, r);
      }
    uint32_t sum = 0;
    fesetround(modes[m].mode);
    for (uint32_t i = 0; i < 1024; i++)
      sum = (sum ^ bits(atan2f(fromBits(i * 4194301u), fromBits(0x3f000000 + i * 16411u)))) * 0x01000193u;
    for (uint32_t i = 0; i < 1024; i++) sum = (sum ^ bits(asinf(fromBits(0x3e000000 + i * 20011u)))) * 0x01000193u;
    for (uint32_t i = 0; i < 1024; i++) sum = (sum ^ bits(hypotf(fromBits(i * 4194301u), fromBits(i * 2654435761u)))) * 0x01000193u;
    for (uint32_t i = 0; i < 1024; i++) sum = (sum ^ bits(tanf(fromBits(i * 4194301u)))) * 0x01000193u;
    fesetround(FE_TONEAREST);
    printf("%s atan2f/asinf/hypotf/tanf sweep %08x\n", modes[m].name, sum);
  }
  return 0;
}
