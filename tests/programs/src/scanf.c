// Parsing numbers: sscanf conversions (integers in every base, floats, strings, scansets, %n,
// widths, assignment suppression, return counts), scanf from stdin, and the strto* family with
// end pointers and ERANGE — including strtold, whose result is printed as %La and %.21Lg.
// @run {"stdin": "12 -7 0x1F 3.25 word\n-2.5e3 1e-320 inf\nrest of the line\n"}
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *errno_name(int e) {
  return e == 0 ? "0" : e == ERANGE ? "ERANGE" : e == EINVAL ? "EINVAL" : "other";
}

static void parse_long(const char *text, int base) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, base);
  printf("strtol(\"%s\", %d) = %ld, consumed %d, errno %s\n", text, base, v, (int)(end - text),
         errno_name(errno));
}

static void parse_ulong(const char *text, int base) {
  char *end;
  errno = 0;
  unsigned long v = strtoul(text, &end, base);
  printf("strtoul(\"%s\", %d) = %lu, consumed %d, errno %s\n", text, base, v, (int)(end - text),
         errno_name(errno));
}

static void parse_double(const char *text) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  printf("strtod(\"%s\") = %.17g (%a), consumed %d, errno %s\n", text, v, v, (int)(end - text),
         errno_name(errno));
}

static void parse_long_double(const char *text) {
  char *end;
  errno = 0;
  long double v = strtold(text, &end);
  printf("strtold(\"%s\") = %.21Lg (%La), consumed %d, errno %s\n", text, v, v, (int)(end - text),
         errno_name(errno));
}

int main(void) {
  printf("== sscanf integers ==\n");
  int a = 0, b = 0, c = 0, d = 0, n = 0;
  int r = sscanf("  42 -17 0x1f 017", "%d %d %x %o", &a, &b, &c, &d);
  printf("%%d %%d %%x %%o: r=%d a=%d b=%d c=%d d=%d\n", r, a, b, c, d);
  r = sscanf("0x1f 017 99 -0", "%i %i %i %i", &a, &b, &c, &d);
  printf("%%i x4: r=%d a=%d b=%d c=%d d=%d\n", r, a, b, c, d);
  long long ll = 0;
  unsigned long long ull = 0;
  r = sscanf("-9223372036854775808 18446744073709551615", "%lld %llu", &ll, &ull);
  printf("%%lld %%llu: r=%d %lld %llu\n", r, ll, ull);
  short h = 0;
  signed char hh = 0;
  r = sscanf("-1234 -99", "%hd %hhd", &h, &hh);
  printf("%%hd %%hhd: r=%d %d %d\n", r, h, hh);
  r = sscanf("12345678", "%3d%2d%n", &a, &b, &n);
  printf("widths %%3d%%2d%%n: r=%d a=%d b=%d n=%d\n", r, a, b, n);
  r = sscanf("1 2 3", "%d %*d %d", &a, &b);
  printf("suppression %%d %%*d %%d: r=%d a=%d b=%d\n", r, a, b);
  a = b = -1;
  r = sscanf("7 x", "%d %d", &a, &b);
  printf("mismatch: r=%d a=%d b=%d\n", r, a, b);
  r = sscanf("", "%d", &a);
  printf("empty input: r=%d (EOF is %d)\n", r, EOF);
  r = sscanf("   ", "%d", &a);
  printf("only spaces: r=%d\n", r);

  printf("== sscanf strings, characters and scansets ==\n");
  char s1[32] = "", s2[32] = "", s3[32] = "";
  char ch[4] = "";
  r = sscanf("hello world  tab\there", "%s %5s %s", s1, s2, s3);
  printf("%%s %%5s %%s: r=%d [%s] [%s] [%s]\n", r, s1, s2, s3);
  r = sscanf("abc", "%3c", ch);
  printf("%%3c: r=%d [%.3s]\n", r, ch);
  r = sscanf("key=value;rest", "%[a-z]=%[^;];%s", s1, s2, s3);
  printf("scansets: r=%d [%s] [%s] [%s]\n", r, s1, s2, s3);
  r = sscanf("2024-01-15T10:30:45", "%d-%d-%dT%d:%d", &a, &b, &c, &d, &n);
  printf("date: r=%d %d/%d/%d %d:%d\n", r, a, b, c, d, n);
  r = sscanf("100%", "%d%%", &a);
  printf("literal %%%%: r=%d a=%d\n", r, a);

  printf("== sscanf floats ==\n");
  float f = 0;
  double x = 0, y = 0, z = 0;
  long double ld = 0;
  r = sscanf("3.5 -1e10 0x1.8p3", "%f %lf %lf", &f, &x, &y);
  printf("%%f %%lf %%lf: r=%d %.9g %.17g %.17g\n", r, f, x, y);
  r = sscanf("inf -nan 1e-320", "%lf %lf %lf", &x, &y, &z);
  printf("inf nan denormal: r=%d %g %s %g\n", r, x, isnan(y) ? "nan" : "not-nan", z);
  r = sscanf("0.1 1.18973149535723176502e+4932", "%Lf %Lf", &ld, &ld);
  printf("%%Lf near LDBL_MAX: r=%d %Lg\n", r, ld);
  r = sscanf("12.5e", "%lf%n", &x, &n);
  printf("dangling exponent: r=%d %g n=%d\n", r, x, n);

  printf("== strtol family ==\n");
  parse_long("123abc", 10);
  parse_long("  -0x7fffffffffffffff", 16);
  parse_long("9223372036854775807", 10);
  parse_long("9223372036854775808", 10);
  parse_long("-9223372036854775809", 10);
  parse_long("zz", 36);
  parse_long("0777", 0);
  parse_long("0x", 0);
  parse_long("", 10);
  parse_long("+-1", 10);
  parse_ulong("18446744073709551615", 10);
  parse_ulong("18446744073709551616", 10);
  parse_ulong("-1", 10);
  parse_ulong("11111111", 2);
  printf("atoi(\" 42xyz\") = %d, atol(\"-77\") = %ld, atoll(\"1e3\") = %lld\n", atoi(" 42xyz"), atol("-77"),
         atoll("1e3"));

  printf("== strtod ==\n");
  parse_double("0.1");
  parse_double("1e23");
  parse_double("2.2250738585072011e-308");
  parse_double("4.9406564584124654e-324");
  parse_double("2.4703282292062328e-324");
  parse_double("1e-400");
  parse_double("1e400");
  parse_double("-0");
  parse_double("0x1.fffffffffffffp1023");
  parse_double("  +.5e+1xyz");
  parse_double("infinity");
  parse_double("NaN(123)");
  parse_double("1.7976931348623158e308");
  parse_double("123456789012345678901234567890");
  parse_double("0.30000000000000004");
  parse_double("e5");
  printf("strtof(\"0.1\") = %.9g, atof(\"2.5\") = %g\n", strtof("0.1", NULL), atof("2.5"));

  printf("== strtold ==\n");
  parse_long_double("0.1");
  parse_long_double("3.14159265358979323846264338327950288");
  parse_long_double("1e4932");
  parse_long_double("1e-4950");
  parse_long_double("1e-5000");
  parse_long_double("1.18973149535723176502e+4932");
  parse_long_double("0x1.fffffffffffffffep16383");
  parse_long_double("-2.5");
  parse_long_double("18446744073709551617");
  parse_long_double("inf");

  printf("== scanf from stdin ==\n");
  int i1 = 0, i2 = 0, i3 = 0;
  double d1 = 0, d2 = 0, d3 = 0;
  char word[32] = "";
  r = scanf("%d %d %i %lf %31s", &i1, &i2, &i3, &d1, word);
  printf("line 1: r=%d %d %d %d %g [%s]\n", r, i1, i2, i3, d1, word);
  r = scanf("%lf %lf %lf", &d1, &d2, &d3);
  printf("line 2: r=%d %g %g %g\n", r, d1, d2, d3);
  char rest[64] = "";
  r = scanf(" %63[^\n]", rest);
  printf("line 3: r=%d [%s]\n", r, rest);
  r = scanf("%d", &i1);
  printf("at end of input: r=%d feof=%d\n", r, feof(stdin) != 0);
  return 0;
}
