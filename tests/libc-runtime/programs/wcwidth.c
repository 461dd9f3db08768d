// wcwidth and wcswidth through the PLT in the "C" locale, C.UTF-8, and back (the width table
// follows LC_CTYPE), over a sample of code points of each kind and a sweep with a hash.
#define _XOPEN_SOURCE 700
#include <locale.h>
#include <stdio.h>
#include <wchar.h>

static const int samples[] = {0,      1,      0x1f,   0x20,    0x41,    0x7e,     0x7f,    0x80,    0x9f,    0xa0,
                              0xad,   0xe9,   0x300,  0x36f,   0x483,   0x5d0,    0x600,   0x1100,  0x115f,  0x1160,
                              0x200b, 0x200d, 0x2028, 0x231a,  0x2e80,  0x3000,   0x3041,  0x4e00,  0xa4d0,  0xac00,
                              0xd7a3, 0xd800, 0xdfff, 0xe000,  0xf900,  0xfe0f,   0xfeff,  0xff01,  0xff61,  0xfffd,
                              0xffff, 0x1f300, 0x1f600, 0x1f9ff, 0x20000, 0x2fffd, 0x30000, 0xe0001, 0xe0100, 0xf0000,
                              0x10fffd, 0x10ffff, 0x110000, -1};

static void run(const char *name) {
  printf("%s:", name);
  for (unsigned i = 0; i < sizeof samples / sizeof samples[0]; i++) printf(" %d", wcwidth(samples[i]));
  printf("\n");
  unsigned hash = 2166136261u;
  for (int c = 0; c < 0x31000; c += 7) {
    hash ^= (unsigned)(wcwidth(c) + 1);
    hash *= 16777619u;
  }
  printf("  sweep hash %08x\n", hash);
  const wchar_t *texts[] = {L"hello", L"caf\u00e9", L"\u4e2d\u6587", L"a\u0301b", L"tab\there", L"", L"\U0001F600!"};
  for (unsigned i = 0; i < sizeof texts / sizeof texts[0]; i++) printf("  wcswidth[%u]=%d", i, wcswidth(texts[i], 100));
  printf("\n  wcswidth limited: %d %d %d\n", wcswidth(L"\u4e2d\u6587x", 1), wcswidth(L"abc\tdef", 3),
         wcswidth(L"abc", 0));
}

int main(void) {
  run("C");
  setlocale(LC_CTYPE, "C.UTF-8");
  run("C.UTF-8");
  setlocale(LC_ALL, "C");
  run("C again");
  return 0;
}
