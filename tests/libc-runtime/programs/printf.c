// The printf family through Miros libc: integer, float, long double, strings, %n, positional
// arguments, the sprintf/snprintf/asprintf/vprintf variants, stdout and stderr.
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int my_vprintf(const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  int n = vprintf(format, ap);
  va_end(ap);
  return n;
}

static int my_vsnprintf(char *buffer, size_t size, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  int n = vsnprintf(buffer, size, format, ap);
  va_end(ap);
  return n;
}

int main(int argc, char **argv) {
  int n = printf("%d %i %u %x %X %o %c %s %p %%\n", -42, 7, 3000000000u, 0xbeef, 0xbeef, 8, 'z', "str", (void *)0);
  printf("returned %d\n", n);
  printf("%5d|%-5d|%05d|%+d|% d|%.3d\n", 42, 42, 42, 42, 42, 7);
  printf("%ld %lld %lu %hd %hhu %zu %jd\n", -1234567890123L, 9223372036854775807LL, 18446744073709551615UL,
         (short)-2, (unsigned char)300, sizeof(long), (long long)-1);
  printf("%f %e %g %a %.10f %10.3f|%-10.2e|\n", 3.14159, 1e-300, 1e20, 1.0, 2.0 / 3, -1.5, 12345.678);
  printf("%Lf %Le %Lg\n", 3.25L, 1e4000L, 0.1L);
  printf("%f %f %f %F\n", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0, 1.0 / 0.0);
  printf("%s|%10s|%-10s|%.2s|\n", "abc", "right", "left", "truncate");
  printf("%2$s %1$s %3$d\n", "world", "hello", 99);
  printf("mixed %d %f %d %f %d %f %d %f %d %f %d %f %d %f %d %f %d %f\n", 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5,
         6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5);
  int count = 0;
  printf("abc%n def\n", &count);
  printf("count %d\n", count);
  char buffer[64];
  int m = snprintf(buffer, 8, "%s-%d", "truncated", 12345);
  printf("snprintf %d [%s]\n", m, buffer);
  m = sprintf(buffer, "%08.3f", 3.14159);
  printf("sprintf %d [%s]\n", m, buffer);
  m = my_vsnprintf(buffer, sizeof buffer, "%s %d %g", "va", 5, 0.25);
  printf("vsnprintf %d [%s]\n", m, buffer);
  my_vprintf("vprintf %s %d %.1f %c\n", "ok", -3, 2.25, '!');
  char *allocated = NULL;
  m = asprintf(&allocated, "asprintf %d %s", 77, argv[0] != NULL ? "argv" : "none");
  printf("%d [%s]\n", m, allocated);
  free(allocated);
  fprintf(stdout, "fprintf to stdout %d\n", argc);
  fprintf(stderr, "to stderr %d\n", 2);
  return 0;
}
