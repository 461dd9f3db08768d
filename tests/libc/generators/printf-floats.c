/* Records glibc's printf output for pseudo-random doubles and long doubles in several formats and
   all four rounding modes. Deterministic (fixed xorshift seed). Regenerate with:
     gcc -O2 -o /tmp/printf-floats tests/libc/generators/printf-floats.c -lm &&
     /tmp/printf-floats > tests/libc/data/printf-floats.expected
   Line format: D <16 hex bits> or L <20 hex: sign/exponent, significand>, then one field per format
   (tab-separated); a line "F <formats...>" before each group names the formats. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static uint64_t state = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) {
  state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state;
}

static const char *double_formats[] = {"%.17g", "%.0f", "%.3f", "%.25e", "%.0e", "%g", "%#.10g", "%a", "%.3a", "%.1a", "%e", "%.12G"};
static const char *double_small_formats[] = {"%.60f", "%f", "%.30e", "%.40g"};
static const char *long_formats[] = {"%.21Lg", "%.40Le", "%La", "%.5La", "%.10Lf", "%.0Le", "%Lg"};
static const char *round_formats[] = {"%.0f", "%.5e", "%.10g", "%.2a", "%.7Le", "%.3La", "%.1Lf"};

static double random_double(int kind) {
  uint64_t bits = next();
  double d;
  switch (kind % 6) {
  case 0: memcpy(&d, &bits, 8); if (isnan(d)) d = 1.5; return d;            /* any exponent */
  case 1: return ldexp((double)(bits >> 11), (int)(next() % 120) - 110);       /* around 1 */
  case 2: return (double)(int64_t)(bits >> (next() % 60)) / 8;                 /* integers, halves, eighths */
  case 3: return ((double)(bits % 1000000) + 0.5) / pow(10, (int)(next() % 8)); /* decimal ties */
  case 4: memcpy(&d, &bits, 8); bits &= 0x800fffffffffffffull; memcpy(&d, &bits, 8); return d; /* subnormals */
  default: return (double)(bits % 100000) / 1000;
  }
}

static long double random_long_double(int kind) {
  long double x;
  uint64_t m = next() | (1ull << 63);
  uint16_t se;
  switch (kind % 4) {
  case 0: se = (uint16_t)(next() % 0x7fff); break;             /* any exponent */
  case 1: se = (uint16_t)(16383 - 40 + next() % 100); break;   /* around 1 */
  case 2: se = 0; m >>= (next() % 64); break;                  /* denormals */
  default: se = (uint16_t)(16383 + next() % 64); m &= ~((1ull << (next() % 64)) - 1); break; /* integers */
  }
  if (next() & 1) se |= 0x8000;
  memcpy(&x, &m, 8);
  memcpy((char *)&x + 8, &se, 2);
  return x;
}

static void put_field(const char *s) {
  putchar('\t');
  for (; *s; s++) putchar(*s);
}

int main(void) {
  char buf[8192];
  static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  printf("F");
  for (unsigned i = 0; i < sizeof double_formats / sizeof *double_formats; i++) printf("\t%s", double_formats[i]);
  printf("\n");
  for (int n = 0; n < 1200; n++) {
    double d = random_double(n);
    uint64_t bits; memcpy(&bits, &d, 8);
    printf("D %016llx", (unsigned long long)bits);
    for (unsigned i = 0; i < sizeof double_formats / sizeof *double_formats; i++) {
      snprintf(buf, sizeof buf, double_formats[i], d);
      put_field(buf);
    }
    printf("\n");
  }
  printf("F");
  for (unsigned i = 0; i < sizeof double_small_formats / sizeof *double_small_formats; i++) printf("\t%s", double_small_formats[i]);
  printf("\n");
  for (int n = 0; n < 600; n++) {
    double d = random_double(1 + (n % 5));
    if (fabs(d) > 1e30) continue;
    uint64_t bits; memcpy(&bits, &d, 8);
    printf("D %016llx", (unsigned long long)bits);
    for (unsigned i = 0; i < sizeof double_small_formats / sizeof *double_small_formats; i++) {
      snprintf(buf, sizeof buf, double_small_formats[i], d);
      put_field(buf);
    }
    printf("\n");
  }
  printf("F");
  for (unsigned i = 0; i < sizeof long_formats / sizeof *long_formats; i++) printf("\t%s", long_formats[i]);
  printf("\n");
  for (int n = 0; n < 240; n++) {
    long double x = random_long_double(n);
    uint64_t m; uint16_t se; memcpy(&m, &x, 8); memcpy(&se, (char *)&x + 8, 2);
    printf("L %04x%016llx", se, (unsigned long long)m);
    for (unsigned i = 0; i < sizeof long_formats / sizeof *long_formats; i++) {
      snprintf(buf, sizeof buf, long_formats[i], x);
      put_field(buf);
    }
    printf("\n");
  }
  /* Rounding modes: each value printed in the four modes (nearest, upward, downward, towardzero). */
  printf("R");
  for (unsigned i = 0; i < sizeof round_formats / sizeof *round_formats; i++) printf("\t%s", round_formats[i]);
  printf("\n");
  for (int n = 0; n < 150; n++) {
    double d = random_double(1 + n % 5);
    long double x = random_long_double(1 + n % 3);
    uint64_t bits; memcpy(&bits, &d, 8);
    uint64_t m; uint16_t se; memcpy(&m, &x, 8); memcpy(&se, (char *)&x + 8, 2);
    printf("M %016llx %04x%016llx", (unsigned long long)bits, se, (unsigned long long)m);
    for (int k = 0; k < 4; k++) {
      for (unsigned i = 0; i < sizeof round_formats / sizeof *round_formats; i++) {
        fesetround(modes[k]);
        if (strchr(round_formats[i], 'L')) snprintf(buf, sizeof buf, round_formats[i], x);
        else snprintf(buf, sizeof buf, round_formats[i], d);
        fesetround(FE_TONEAREST);
        put_field(buf);
      }
    }
    printf("\n");
  }
  return 0;
}
