/* The float transcendental functions (expf, exp2f, logf, log2f, powf) called through the PLT:
   results as bits, errno and the exception flags, for ordinary, boundary and special arguments,
   and a checksum over a sweep (Miros must match the native run line for line). */
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t bits(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
static float fromBits(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }

typedef float (*unary_t)(float);
static const struct { const char *name; unary_t fn; } unary[] = {
  {"expf", expf}, {"exp2f", exp2f}, {"logf", logf}, {"log2f", log2f}};

static const uint32_t arguments[] = {0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x40490fdb, 0x7f800000, 0xff800000,
  0x7fc00000, 0x7fa00001, 0x00000001, 0x007fffff, 0x42b17218, 0xc2cff1b5, 0xc2ce8ed0, 0x43000000, 0xc3158000, 0x3dcccccd,
  0x41200000, 0x4b800000, 0x3f7fffff};

static void show(const char *what, float r) {
  int flags = fetestexcept(FE_ALL_EXCEPT);
  printf("%s = %a [%08x] errno %d flags %02x\n", what, r, bits(r), errno, flags);
}

int main(void) {
  char what[64];
  for (unsigned f = 0; f < sizeof unary / sizeof *unary; f++)
    for (unsigned i = 0; i < sizeof arguments / sizeof *arguments; i++) {
      errno = 0;
      feclearexcept(FE_ALL_EXCEPT);
      float r = unary[f].fn(fromBits(arguments[i]));
      snprintf(what, sizeof what, "%s(%08x)", unary[f].name, arguments[i]);
      show(what, r);
    }
  static const float pairs[][2] = {{2, 10}, {2, 0.5f}, {-2, 3}, {-2, 0.5f}, {0, -1}, {-0.0f, -3}, {10, 39}, {10, -46},
    {1.5f, 200}, {-1.5f, 221}, {0.5f, 149.5f}, {1, NAN}, {NAN, 0}, {INFINITY, -2}, {-INFINITY, 3}, {3.7f, 2.9f}};
  for (unsigned i = 0; i < sizeof pairs / sizeof *pairs; i++) {
    errno = 0;
    feclearexcept(FE_ALL_EXCEPT);
    float r = powf(pairs[i][0], pairs[i][1]);
    snprintf(what, sizeof what, "powf(%a, %a)", pairs[i][0], pairs[i][1]);
    show(what, r);
  }
  /* signaling NaNs: powf(sNaN, 0) is a NaN (invalid), powf(1, sNaN) too. */
  errno = 0;
  feclearexcept(FE_ALL_EXCEPT);
  float r = powf(fromBits(0x7fa00001), 0);
  show("powf(sNaN, 0)", r);
  feclearexcept(FE_ALL_EXCEPT);
  r = powf(1, fromBits(0xffa00001));
  show("powf(1, -sNaN)", r);
  /* A sweep through the float range (every 4194301st pattern). */
  for (unsigned f = 0; f < sizeof unary / sizeof *unary; f++) {
    uint32_t sum = 0;
    for (uint32_t i = 0; i < 1024; i++) sum = (sum ^ bits(unary[f].fn(fromBits(i * 4194301u)))) * 0x01000193u;
    printf("%s sweep %08x\n", unary[f].name, sum);
  }
  uint32_t sum = 0;
  for (uint32_t i = 0; i < 1024; i++) sum = (sum ^ bits(powf(0.25f + i / 128.0f, -20.0f + i / 25.0f))) * 0x01000193u;
  printf("powf sweep %08x\n", sum);
  return 0;
}
