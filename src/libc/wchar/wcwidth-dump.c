// Prints wcwidth's value for every code point in the locale given as argv[1], as ranges: one
// line "start width" wherever the width changes (from 0 to 0x10ffff). Also checks that values
// beyond Unicode and negative ones are -1, which wcwidth-functions.ts assumes.
// Used by generate-wcwidth.mjs; compiled and run natively.
#define _XOPEN_SOURCE 700
#include <locale.h>
#include <stdio.h>
#include <wchar.h>

int main(int argc, char **argv) {
  if (argc != 2 || setlocale(LC_ALL, argv[1]) == NULL) {
    fprintf(stderr, "usage: wcwidth-dump LOCALE (installed)\n");
    return 2;
  }
  int previous = -2;
  for (int c = 0; c <= 0x10ffff; c++) {
    int width = wcwidth((wchar_t)c);
    if (width != previous) printf("%d %d\n", c, width);
    previous = width;
  }
  const int beyond[] = {0x110000, 0x7fffffff, -1, (int)0x80000000, 0x200000};
  for (unsigned i = 0; i < sizeof beyond / sizeof beyond[0]; i++) {
    if (wcwidth((wchar_t)beyond[i]) != -1) {
      fprintf(stderr, "wcwidth(%#x) is not -1\n", beyond[i]);
      return 1;
    }
  }
  return 0;
}
