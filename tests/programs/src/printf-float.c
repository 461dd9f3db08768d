// printf of doubles and long doubles: %f %e %g %a (and upper-case forms) across zero, signed
// zero, tiny and huge magnitudes, denormals, infinities and NaNs, round-half-even cases, and
// long double (x87 80-bit) through %Lf %Le %Lg %La. musl formats every double through long
// double, glibc's %Lf uses the x87 too: this is the x87 path's first user-visible test.
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static void show_double(const char *name, double v) {
  printf("%-10s %%f=[%f] %%.3f=[%.3f] %%e=[%e] %%.0e=[%.0e] %%g=[%g] %%.10g=[%.10g] %%a=[%a]\n", name, v, v, v, v, v,
         v, v);
}

static void show_long_double(const char *name, long double v) {
  printf("%-12s %%Lf=[%Lf] %%.3Le=[%.3Le] %%Lg=[%Lg] %%.21Lg=[%.21Lg] %%La=[%La]\n", name, v, v, v, v, v);
}

int main(void) {
  printf("== doubles ==\n");
  show_double("0", 0.0);
  show_double("-0", -0.0);
  show_double("1", 1.0);
  show_double("-1.5", -1.5);
  show_double("0.1", 0.1);
  show_double("1/3", 1.0 / 3.0);
  show_double("2/3", 2.0 / 3.0);
  show_double("pi", 3.14159265358979323846);
  show_double("1e-5", 1e-5);
  show_double("123456.789", 123456.789);
  show_double("1e15", 1e15);
  show_double("1e16", 1e16);
  show_double("1e22", 1e22);
  show_double("1e300", 1e300);
  show_double("DBL_MAX", DBL_MAX);
  show_double("DBL_MIN", DBL_MIN);
  show_double("denormal", 5e-324);
  show_double("DBL_EPS", DBL_EPSILON);
  show_double("inf", INFINITY);
  show_double("-inf", -INFINITY);
  show_double("nan", NAN);

  printf("== DBL_MAX in full, and a long fraction ==\n");
  printf("%.0f\n", DBL_MAX);
  printf("%.60f\n", 0.1);
  printf("%.17g %.17g %.17g\n", 0.1, 0.2, 0.1 + 0.2);

  printf("== round half to even (exactly representable ties) ==\n");
  double ties[] = {0.5, 1.5, 2.5, 3.5, -0.5, -2.5, 0.125, 0.375, 2.675, 1.005};
  for (size_t i = 0; i < sizeof ties / sizeof ties[0]; i++)
    printf("%g: %%.0f=[%.0f] %%.2f=[%.2f] %%.1e=[%.1e]\n", ties[i], ties[i], ties[i], ties[i]);

  printf("== flags ==\n");
  printf("[%+f] [% f] [%010.3f] [%-10.3f|] [%#.0f] [%#g] [%#.3g] [%+.2e] [%012.4e]\n", 3.5, 3.5, -3.25, 3.25, 3.0,
         2.0, 1.0, 12345.678, -0.00012345);
  printf("[%E] [%G] [%A] [%F] [%G] [%.3A]\n", 1.5e-10, 1e-10, 1.0, INFINITY, NAN, 1.0 / 3.0);
  printf("[%8.3f] [%-8.3e|] [%+g] [%g] [%g] [%g]\n", NAN, -INFINITY, INFINITY, 100000.0, 1000000.0, 0.0001);
  printf("[%.0g] [%.1g] [%.2g] [%g] [%g]\n", 0.0, 15.0, 150.0, 1e-4, 1e-5);

  printf("== float arguments (promoted to double) ==\n");
  float f = 1.0f / 3.0f;
  printf("[%f] [%.9g] [%a] [%e]\n", f, f, f, (double)FLT_MAX);

  printf("== long doubles ==\n");
  show_long_double("0", 0.0L);
  show_long_double("-0", -0.0L);
  show_long_double("1", 1.0L);
  show_long_double("0.1", 0.1L);
  show_long_double("1/3", 1.0L / 3.0L);
  show_long_double("2/3", 2.0L / 3.0L);
  show_long_double("pi", 3.14159265358979323846264338327950288L);
  show_long_double("1e-5", 1e-5L);
  show_long_double("1e300", 1e300L);
  show_long_double("1e4000", 1e4000L);
  show_long_double("LDBL_MIN", LDBL_MIN);
  show_long_double("denormal", LDBL_TRUE_MIN);
  show_long_double("LDBL_EPS", LDBL_EPSILON);
  show_long_double("inf", (long double)INFINITY);
  show_long_double("-inf", -(long double)INFINITY);
  show_long_double("nan", (long double)NAN);
  show_long_double("2^64", 18446744073709551616.0L);
  show_long_double("2^64-1", 18446744073709551615.0L);
  printf("LDBL_MAX %%Le=[%Le] %%La=[%La]\n", LDBL_MAX, LDBL_MAX);
  printf("%%.40Lf of 1/3: [%.40Lf]\n", 1.0L / 3.0L);
  printf("%%.25Le of 1/7: [%.25Le]\n", 1.0L / 7.0L);
  printf("double vs long double 0.1: [%.25f] [%.25Lf]\n", 0.1, 0.1L);

  printf("== long double arithmetic printed ==\n");
  long double acc = 1.0L;
  for (int i = 1; i <= 25; i++) acc *= i;
  printf("25! = %.0Lf (%La)\n", acc, acc);
  long double s = 0.0L;
  for (int i = 1; i <= 100; i++) s += 1.0L / i;
  printf("H(100) = %.20Lf\n", s);
  printf("sqrtl-free check: (1+2^-63)-1 = %La\n", (1.0L + 0x1p-63L) - 1.0L);

  printf("== snprintf of floats: lengths ==\n");
  char buf[64];
  int r = snprintf(buf, 8, "%.10f", 3.14159265358979);
  printf("snprintf(8, %%.10f) = %d, [%s]\n", r, buf);
  r = snprintf(NULL, 0, "%f", DBL_MAX);
  printf("length of %%f of DBL_MAX = %d\n", r);
  return 0;
}
