// printf family with integers, characters and strings: every length modifier, flag, width and
// precision combination glibc and musl format differently from a naive implementation, plus
// snprintf's truncation and return value. Each line names the format it checks.
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SHOW(fmt, ...) printf("%-16s [" fmt "]\n", #fmt, __VA_ARGS__)

int main(void) {
  printf("== signed int ==\n");
  int ints[] = {0, 1, -1, 42, -42, 1000000, INT_MAX, INT_MIN};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    int v = ints[i];
    printf("%d: [%i] [%+d] [% d] [%5d] [%-5d|] [%05d] [%.3d] [%8.3d] [%-+8.3d|] [%.0d]\n", v, v, v, v, v, v, v,
           v, v, v, v);
  }

  printf("== unsigned, hex, octal ==\n");
  unsigned uns[] = {0, 1, 7, 8, 255, 0xdeadbeef, UINT_MAX};
  for (size_t i = 0; i < sizeof uns / sizeof uns[0]; i++) {
    unsigned v = uns[i];
    printf("%u: [%x] [%X] [%#x] [%#X] [%o] [%#o] [%#.5o] [%08x] [%#010x] [%-#10x|]\n", v, v, v, v, v, v, v, v, v, v,
           v);
  }

  printf("== length modifiers ==\n");
  SHOW("%hhd", (signed char)-128);
  SHOW("%hhd", 300);  // converted to signed char: 44
  SHOW("%hhu", 300);
  SHOW("%hd", -32768);
  SHOW("%hd", 70000);  // converted to short: 4464
  SHOW("%hu", 70000);
  SHOW("%ld", LONG_MAX);
  SHOW("%ld", LONG_MIN);
  SHOW("%lu", ULONG_MAX);
  SHOW("%lx", 0x0123456789abcdefUL);
  SHOW("%lld", LLONG_MIN);
  SHOW("%llu", ULLONG_MAX);
  SHOW("%llo", ULLONG_MAX);
  SHOW("%zu", (size_t)SIZE_MAX);
  SHOW("%zd", (ptrdiff_t)-5);
  SHOW("%td", (ptrdiff_t)PTRDIFF_MIN);
  SHOW("%jd", (intmax_t)INTMAX_MIN);
  SHOW("%ju", (uintmax_t)UINTMAX_MAX);
  SHOW("%" PRId64, (int64_t)-1234567890123456789LL);
  SHOW("%" PRIx32, (uint32_t)0xcafef00d);

  printf("== width and precision from arguments ==\n");
  SHOW("%*d", 6, 42);
  SHOW("%-*d", 6, 42);
  SHOW("%*d", -6, 42);  // negative width means left-justify
  SHOW("%.*d", 4, 7);
  SHOW("%.*d", -1, 7);  // negative precision is ignored
  SHOW("%*.*d", 8, 4, -7);

  printf("== characters and strings ==\n");
  SHOW("%c", 'A');
  SHOW("%5c", 'B');
  SHOW("%-5c|", 'C');
  SHOW("%s", "hello");
  SHOW("%10s", "hello");
  SHOW("%-10s|", "hello");
  SHOW("%.3s", "hello");
  SHOW("%10.2s", "hello");
  SHOW("%.0s", "hello");
  SHOW("%s", "");
  SHOW("%.*s", 2, "hello");
  SHOW("%%%s", "literal percent");
  SHOW("%c%c%c", 'x', 0x79, 'z');

  printf("== %%n counts what was written ==\n");
  int n1 = -1, n2 = -1;
  printf("abc%n12345%n|\n", &n1, &n2);
  printf("n1=%d n2=%d\n", n1, n2);

  printf("== snprintf truncation and return values ==\n");
  char buf[16];
  for (size_t size = 0; size <= 12; size += 3) {
    memset(buf, '#', sizeof buf);
    int r = snprintf(buf, size, "%s-%d", "truncate", 12345);
    buf[sizeof buf - 1] = 0;
    printf("size %2zu: returns %d, buffer [%s]\n", size, r, size ? buf : "(untouched)");
  }
  int r = snprintf(NULL, 0, "%d %s %x", 123456, "abc", 255u);
  printf("snprintf(NULL, 0, ...) = %d\n", r);

  char big[300];
  r = sprintf(big, "%0200d|%s", 1, "end");
  printf("sprintf 200-wide: %d chars, tail [%s]\n", r, big + 195);

  printf("== many arguments (the stack-passed ones) ==\n");
  printf("%d %d %d %d %d %d %d %d %d %d %ld %lld %s %c\n", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11L, 12LL, "thirteen",
         'F');
  return 0;
}
