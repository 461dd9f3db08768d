/* Records glibc 2.36's strtol/strtoul (several bases) and strtof/strtod/strtold (all four rounding
   modes) results for hand-picked and pseudo-random inputs. Regenerate with:
     gcc -O2 -o /tmp/strto tests/libc/generators/strto.c -lm && /tmp/strto > tests/libc/data/strto.expected
   Line: input (hex) TAB integer results TAB float results; see the header the program prints. */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *fixed[] = {
  "0", "1", "-1", "+1", "  \t\n42xyz", "", " ", "-", "+", "x", "0x", "0X", "0xg", "0x1", "0x1g", "-0x", " 0x10",
  "077", "08", "0b101", "z", "Z", "zz", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
  "-9223372036854775809", "18446744073709551615", "18446744073709551616", "-18446744073709551615",
  "-18446744073709551616", "99999999999999999999999999", "0xffffffffffffffff", "0x10000000000000000",
  "-0x8000000000000000", "7fffffffffffffff", "1e5", "1.5", ".5", "5.", ".", "-.", "+.e1", "1e", "1e+", "1e-",
  "1e+5x", "1E-5", "0e0", "-0", "-0.0", "0.0e-99999", "1e-99999", "1e99999", "inf", "INF", "-Inf", "infinity",
  "INFINITY", "infinit", "infx", "nan", "NaN", "-nan", "nan(", "nan()", "nan(123)", "nan(0x7ff)", "nan(abc)",
  "-nan(0x1)", "nan(0xffffffffffffffffff)", "nan(1)x", "nan(_a_)", "nan(0x)", "0x1p0", "0x1P-1", "0x.8p1",
  "0x.p1", "0x1.p", "0x1p", "0x1p+", "-0x1.fffffffffffffp1023", "0x1.fffffffffffff8p1023", "0x1p1024",
  "0x1p-1074", "0x1p-1075", "0x1.8p-1075", "0x1p-1076", "0x0.fffffffffffff8p-1022", "0x1.fffffffffffffp-1023",
  "0x1p-149", "0x1p-150", "0x1.000001p-150", "0x1p-16445", "0x1p-16446", "0x1p16384", "0x1.ffffffffffffffffp16383",
  "0x123456789abcdef0123456789p0", "1.7976931348623157e308", "1.7976931348623158e308", "1.797693134862315807e308",
  "1.7976931348623159e308", "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308",
  "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "5e-324", "3e-324",
  "1e-320", "3.4028235e38", "3.4028236e38", "3.40282357e38", "1.1754943e-38", "1.4e-45", "7e-46", "7.1e-46",
  "1.18973149535723176502e+4932", "1.18973149535723176508e+4932", "3.6e-4951", "1.8e-4951", "1.9e-4951",
  "0.1", "0.2", "0.3", "3.14159265358979323846264338327950288", "123456789012345678901234567890",
  "9007199254740993", "9007199254740992.5", "9007199254740993.0000000000000000000000000001",
  "1.00000000000000011102230246251565404236316680908203125",
  "1.000000000000000111022302462515654042363166809082031249999999999999999999999",
  "1.000000000000000111022302462515654042363166809082031250000000000000000000001",
  "0.000000000000000000000000000000000000000000000000000000000000000000000000001e75",
  "100000000000000000000000000000000000000000000000000000000000000000000000000e-75",
  "1,5", "12 34", "  -  5", "0.0000001e+0000000000000000000000000000000000000010",
};

static uint64_t state = 0x243F6A8885A308D3ull;
static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }

static void hex(const char *s) { for (; *s; s++) printf("%02x", (unsigned char)*s); }

static void run(const char *s) {
  static const int bases[] = {0, 2, 8, 10, 16, 36, 1, 37};
  char *end;
  hex(s);
  printf("\t");
  for (unsigned i = 0; i < sizeof bases / sizeof *bases; i++) {
    end = (char *)0x1; errno = 0;
    long v = strtol(s, &end, bases[i]);
    printf("%lx,%ld,%d ", (unsigned long)v, end == (char *)0x1 ? -1L : (long)(end - s), errno);
    end = (char *)0x1; errno = 0;
    unsigned long u = strtoul(s, &end, bases[i]);
    printf("%lx,%ld,%d ", u, end == (char *)0x1 ? -1L : (long)(end - s), errno);
  }
  printf("\t");
  static const int modes[] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO};
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    errno = 0; float f = strtof(s, &end); int ef = errno; long nf = end - s;
    errno = 0; double d = strtod(s, &end); int ed = errno; long nd = end - s;
    errno = 0; long double x = strtold(s, &end); int ex = errno; long nx = end - s;
    fesetround(FE_TONEAREST);
    uint32_t fb; memcpy(&fb, &f, 4);
    uint64_t db; memcpy(&db, &d, 8);
    uint64_t xm; uint16_t xse; memcpy(&xm, &x, 8); memcpy(&xse, (char *)&x + 8, 2);
    printf("%08x,%ld,%d %016llx,%ld,%d %04x%016llx,%ld,%d ", fb, nf, ef, (unsigned long long)db, nd, ed, xse,
           (unsigned long long)xm, nx, ex);
  }
  printf("\n");
}

int main(void) {
  char buf[2048];
  printf("# glibc 2.36 strto* results (generators/strto.c). Input hex; then for bases 0 2 8 10 16 36 1 37:\n"
         "# strtol value,end,errno and strtoul value,end,errno (end -1: untouched); then for rounding modes\n"
         "# nearest downward upward towardzero: strtof, strtod, strtold as bits,end,errno.\n");
  for (unsigned i = 0; i < sizeof fixed / sizeof *fixed; i++) run(fixed[i]);
  for (int n = 0; n < 400; n++) {
    uint64_t r = next();
    switch (n % 8) {
    case 0: { /* decimal, random digits and exponent */
      int len = 1 + next() % 25, k = 0;
      if (r & 1) buf[k++] = '-';
      for (int j = 0; j < len; j++) { buf[k++] = '0' + next() % 10; if (j == 0 && (r & 2)) buf[k++] = '.'; }
      k += sprintf(buf + k, "e%d", (int)(next() % 700) - 350);
      buf[k] = 0; break; }
    case 1: { /* exact midpoint between two adjacent doubles */
      double d; uint64_t b = next() & 0x7fefffffffffffffull; memcpy(&d, &b, 8);
      long double mid = ((long double)d + (long double)nextafter(d, INFINITY)) / 2;
      snprintf(buf, sizeof buf, "%.800Lg", mid); break; }
    case 2: { /* near a midpoint, just above/below */
      double d; uint64_t b = (next() & 0x3fffffffffffffull) | 0x3ff0000000000000ull; memcpy(&d, &b, 8);
      long double mid = ((long double)d + (long double)nextafter(d, INFINITY)) / 2;
      snprintf(buf, sizeof buf, "%.25Lg", mid + ((r & 1) ? 1e-30L : -1e-30L)); break; }
    case 3: { /* float midpoints */
      float f; uint32_t b = (uint32_t)(next() & 0x7f7fffff); memcpy(&f, &b, 4);
      double mid = ((double)f + (double)nextafterf(f, INFINITY)) / 2;
      snprintf(buf, sizeof buf, "%.120g", mid); break; }
    case 4: { /* hex floats */
      snprintf(buf, sizeof buf, "0x%llx.%llxp%d", (unsigned long long)(next() >> (next() % 64)),
               (unsigned long long)next(), (int)(next() % 2400) - 1200); break; }
    case 5: { /* long double range */
      snprintf(buf, sizeof buf, "%llu.%llue%d", (unsigned long long)next(), (unsigned long long)next(),
               (int)(next() % 9900) - 4970); break; }
    case 6: { /* subnormal doubles printed exactly then perturbed in the last digit */
      double d; uint64_t b = next() & 0x000fffffffffffffull; memcpy(&d, &b, 8);
      snprintf(buf, sizeof buf, "%.17g", d); break; }
    default: { /* integers of all sizes, random bases' digits */
      static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzXX-+ ";
      int len = 1 + next() % 24;
      for (int j = 0; j < len; j++) buf[j] = alphabet[next() % (sizeof alphabet - 1)];
      buf[len] = 0; break; }
    }
    run(buf);
  }
  return 0;
}
