// Functions libstdc++ imports that no other program here covers: frexpl (long double, its
// argument in memory, result in st0) and the wcsftime family, checked against the native run.
#define _GNU_SOURCE
#include <stdio.h>
#include <math.h>
#include <wchar.h>
#include <time.h>
#include <locale.h>
#include <string.h>
#include <float.h>
int main(void) {
  long double xs[] = {0.0L, -0.0L, 1.0L, -3.75L, 1e-4940L, -1e-4950L, LDBL_MIN, LDBL_MAX, 1.0L/0.0L, -1.0L/0.0L, 0.1L, 12345.678L};
  for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) { int e = 99; long double m = frexpl(xs[i], &e); printf("frexpl(%La) = %La, %d\n", xs[i], m, e); }
  int e = 99; long double n = frexpl(__builtin_nanl(""), &e); printf("nan: %d %d\n", isnan(n), e);
  struct tm tm = {.tm_year = 126, .tm_mon = 10, .tm_mday = 27, .tm_hour = 6, .tm_min = 5, .tm_sec = 9, .tm_wday = 5, .tm_yday = 330};
  wchar_t out[64];
  size_t r = wcsftime(out, 64, L"%Y-%m-%d %H:%M:%S %a %b %j [%5d] x\x263a", &tm);
  printf("wcsftime %zu:", r); for (size_t i = 0; i < r; i++) printf(" %x", (unsigned)out[i]); printf("\n");
  printf("too small: %zu\n", wcsftime(out, 5, L"%Y-%m", &tm));
  printf("exact: %zu\n", wcsftime(out, 8, L"%Y-%m", &tm));
  printf("short: %zu\n", wcsftime(out, 7, L"%Y-%m", &tm));
  locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
  printf("wcsftime_l %zu\n", wcsftime_l(out, 64, L"%A %B", &tm, c));
  for (int i = 0; out[i]; i++) putchar((int)out[i]);
  putchar('\n');
  return 0;
}
