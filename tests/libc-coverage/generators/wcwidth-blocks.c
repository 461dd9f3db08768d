// Records wcwidth natively for the wcwidth test: for each locale and each block of 4096 code
// points (U+0000…U+10FFFF), the FNV-1a hash of the widths (one byte each, width + 1).
// Output lines: "LOCALE BLOCK HASH" (hex). Regenerate: gcc -O1 wcwidth-blocks.c && ./a.out > ../data/wcwidth-blocks.txt
#define _XOPEN_SOURCE 700
#include <locale.h>
#include <stdio.h>
#include <wchar.h>

int main(void) {
  const char *locales[] = {"C", "C.UTF-8"};
  for (int l = 0; l < 2; l++) {
    if (setlocale(LC_ALL, locales[l]) == NULL) return 1;
    for (int block = 0; block < 0x110; block++) {
      unsigned hash = 2166136261u;
      for (int c = block * 4096; c < (block + 1) * 4096; c++) {
        hash ^= (unsigned)(wcwidth((wchar_t)c) + 1) & 0xff;
        hash *= 16777619u;
      }
      printf("%s %x %08x\n", locales[l], block, hash);
    }
  }
  return 0;
}
