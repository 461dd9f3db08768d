// strverscmp, __strverscmp and versionsort under Miros libc: the sign of every pair of a list of
// version-like strings (digit runs, leading zeros, fractional parts, non-ASCII bytes), and a
// qsort of the list with it.
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *items[] = {
    "",       "a",       "0",     "00",     "000",    "01",      "010",    "09",      "0.9",   "0.10",
    "1",      "1.0",     "1.01",  "1.001",  "1.1",    "1.9",     "1.10",   "1.10a",   "1.010", "2",
    "9",      "10",      "100",   "99",     "item",   "item0",   "item1",  "item9",   "item10", "item010",
    "file-1.2.3.tar.gz", "file-1.2.10.tar.gz", "file-1.2.tar.gz", "a1b2", "a1b10", "a01b", "abc", "abd",
    "x\xff", "x\x80", "ver 2", "ver  2", "0a", "0b", "00a", "1a", "1b", "10a",
};

extern int __strverscmp(const char *, const char *);

static int compare(const void *a, const void *b) { return strverscmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  const int n = sizeof items / sizeof *items;
  for (int i = 0; i < n; i++) {
    printf("%-20s", items[i]);
    for (int j = 0; j < n; j++) {
      int r = strverscmp(items[i], items[j]);
      putchar(r < 0 ? '<' : r > 0 ? '>' : '=');
    }
    printf("  %d %d\n", strverscmp(items[i], "1.10"), __strverscmp(items[i], "item9"));
  }
  const char *sorted[sizeof items / sizeof *items];
  memcpy(sorted, items, sizeof items);
  qsort(sorted, n, sizeof *sorted, compare);
  for (int i = 0; i < n; i++) printf("%s|", sorted[i]);
  printf("\n");
  struct dirent a, b;
  const struct dirent *pa = &a, *pb = &b;
  strcpy(a.d_name, "foo-9.txt");
  strcpy(b.d_name, "foo-10.txt");
  printf("versionsort: %d %d %d\n", versionsort(&pa, &pb) < 0, versionsort(&pb, &pa) > 0, versionsort(&pa, &pa));
  return 0;
}
