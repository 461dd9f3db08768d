// The wide printf family (swprintf, vswprintf, fwprintf, vfwprintf, wprintf, vwprintf and their
// _chk forms) against glibc: every buffer is dumped as code points, every result and errno printed.
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <unistd.h>

#ifndef _FORTIFY_SOURCE
extern int __wprintf_chk(int, const wchar_t *, ...);
extern int __swprintf_chk(wchar_t *, size_t, int, size_t, const wchar_t *, ...);
extern int __fwprintf_chk(FILE *, int, const wchar_t *, ...);
#endif

static void dump(const char *label, int ret, const wchar_t *buffer, size_t count) {
  printf("%s: ret=%d [", label, ret);
  for (size_t i = 0; i < count; i++) {
    unsigned c = (unsigned)buffer[i];
    if (c >= 0x20 && c < 0x7f) putchar((int)c);
    else printf("<%x>", c);
  }
  printf("]\n");
}

static wchar_t buffer[256];

/* swprintf with a sentinel-filled buffer: the return value, errno and the whole buffer as stored. */
#define SW(label, size, ...)                                            \
  do {                                                                  \
    wmemset(buffer, L'#', 128);                                         \
    errno = 0;                                                          \
    int r_ = swprintf(buffer, size, __VA_ARGS__);                       \
    int e_ = errno;                                                     \
    dump(label, r_, buffer, 84);                                        \
    printf("  errno=%d\n", e_);                                         \
  } while (0)

static int via_vswprintf(wchar_t *s, size_t n, const wchar_t *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = vswprintf(s, n, format, ap);
  va_end(ap);
  return r;
}

static int via_vfwprintf(FILE *fp, const wchar_t *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = vfwprintf(fp, format, ap);
  va_end(ap);
  return r;
}

static int via_vwprintf(const wchar_t *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = vwprintf(format, ap);
  va_end(ap);
  return r;
}

static void dump_file(const char *label, FILE *fp) {
  fflush(fp);
  rewind(fp);
  printf("%s: bytes [", label);
  int c;
  /* The stream is wide now: read its bytes through the descriptor. */
  int fd = fileno(fp);
  unsigned char bytes[512];
  lseek(fd, 0, SEEK_SET);
  ssize_t n = read(fd, bytes, sizeof bytes);
  for (ssize_t i = 0; i < n; i++) {
    c = bytes[i];
    if (c >= 0x20 && c < 0x7f) putchar(c);
    else printf("<%02x>", c);
  }
  printf("]\n");
}



static void printf_cases(const char *locale) {
  printf("== printf in %s\n", locale);
  int n1 = -1, n2 = -1;
  SW("literal", 64, L"plain \x00e9\x4e2d text");
  SW("ints", 64, L"[%d|%5d|%-5d|%05d|%+d|% d|%.3d|%x|%#X|%#o|%lld|%hhd|%zu]", 42, 42, 42, 42, 42, 42, 7, 255, 255, 8, -1234567890123LL, 300, (size_t)77);
  SW("floats", 64, L"[%f|%.2e|%g|%a|%10.3Lf|%-8.1f]", 3.25, 12345.678, 0.0001, 1.5, (long double)2.5L, -0.25);
  SW("n", 64, L"ab\x00e9%ncd%n!", &n1, &n2);
  printf("  n1=%d n2=%d\n", n1, n2);
  SW("positional", 64, L"%2$ls %1$d %3$*4$d|%2$.2ls", 7, L"wide", 5, 4);
  SW("s-ascii", 64, L"[%s|%8s|%-8s|%.2s|%8.3s|%-6.1s]", "abc", "abc", "abc", "abc", "abcdef", "xyz");
  SW("s-null", 64, L"[%s|%.3s|%ls|%8.6ls]", (char *)NULL, (char *)NULL, (wchar_t *)NULL, (wchar_t *)NULL);
  SW("s-nonascii", 64, L"[%s]", "caf\xc3\xa9");
  SW("s-nonascii-w", 64, L"[%8s]", "caf\xc3\xa9");
  SW("s-nonascii-p", 64, L"[%.4s]", "caf\xc3\xa9");
  SW("ls", 64, L"[%ls|%6ls|%-6ls|%.2ls|%S]", L"\x00e9t\x00e9", L"ab", L"ab", L"\x4e2d\x6587x", L"SS");
  SW("c", 64, L"[%c|%3c|%-3c|%c]", 'a', 'b', 'c', 0xe9);
  SW("lc", 64, L"[%lc|%3lc|%-3lc|%C]", (wint_t)0x4e2d, (wint_t)L'x', (wint_t)0xe9, (wint_t)L'Z');
  SW("lc-weof", 64, L"[%3lc|%d]", (wint_t)WEOF, 5);
  SW("c-left", 64, L"[%-3c|%d]", 0xff, 5);
  SW("s-left-bad", 64, L"[%-4s|%d]", "ab\xff", 5);
  SW("s-long", 128, L"[%s]", "0123456789012345678901234567890123456789012345678901234567890123456789012345\xc3\xa9");
  SW("ls-prec0", 64, L"[%.0ls|%.0s|%5.0s]", L"abc", "abc", "abc");
  SW("literal-hi", 64, L"\x10ffff%d\x7fffffff", 1);
  SW("star", 64, L"[%*d|%-*d|%.*s|%*ls]", 4, 1, 4, 2, 2, "xyz", -4, L"ab");
  SW("pos-mixed", 64, L"%3$s %1$lc %2$5.1f %1$d", (wint_t)0x41, 9.75, "three");
  SW("percent-m", 64, L"[%m|%%|%5%]");
  SW("trunc", 8, L"%s", "abcdefghijkl");
  SW("trunc-exact", 8, L"%s", "abcdefg");
  SW("trunc-fit", 8, L"%s", "abcdef");
  SW("size1", 1, L"x");
  SW("size1-empty", 1, L"");
  SW("size0", 0, L"x");
  SW("trunc-n", 6, L"abcdefgh%nX", &n1);
  printf("  n1=%d\n", n1);
  wmemset(buffer, L'#', 64);
  int r = via_vswprintf(buffer, 64, L"<%d %ls %s %.1f>", 9, L"w", "n", 1.25);
  dump("vswprintf", r, buffer, 20);
  wmemset(buffer, L'#', 64);
  r = via_vswprintf(buffer, 4, L"<%d>", 12345);
  dump("vswprintf-trunc", r, buffer, 10);
  wmemset(buffer, L'#', 64);
  r = __swprintf_chk(buffer, 64, 1, 64, L"chk %d %ls", 5, L"ok");
  dump("__swprintf_chk", r, buffer, 12);

  /* The narrow family's %ls and %lc convert with the locale too (wcrtomb). */
  char narrow[64];
  memset(narrow, '#', sizeof narrow);
  errno = 0;
  r = snprintf(narrow, sizeof narrow, "[%ls|%lc|%5ls|%.2ls]", L"\x00e9t\x00e9", (wint_t)0x4e2d, L"\x00e9", L"\x00e9t");
  printf("snprintf ls: ret=%d errno=%d [", r, errno);
  for (int i = 0; i < 24; i++) printf("<%02x>", (unsigned char)narrow[i]);
  printf("]\n");

  FILE *fp = tmpfile();
  printf("fwide before: %d\n", fwide(fp, 0));
  r = fwprintf(fp, L"fw %d %ls %s|", 1, L"x\x00e9y", "ab");
  printf("fwprintf ret=%d errno=%d fwide=%d\n", r, errno, fwide(fp, 0));
  r = via_vfwprintf(fp, L"vfw %5.1f|", 2.75);
  printf("vfwprintf ret=%d\n", r);
  r = __fwprintf_chk(fp, 1, L"chk %x|", 255);
  printf("__fwprintf_chk ret=%d\n", r);
  r = fwprintf(fp, L"%lc|", (wint_t)0x4e2d);
  printf("fwprintf nonascii ret=%d errno=%d\n", r, errno);
  r = fputwc(L'\n', fp);
  dump_file("tmpfile", fp);
  fclose(fp);

  fp = tmpfile();
  fputs("narrow", fp);
  errno = 0;
  r = fwprintf(fp, L"nope %d", 1);
  printf("fwprintf on a byte stream: ret=%d errno=%d fwide=%d\n", r, errno, fwide(fp, 0));
  fclose(fp);
}

int main(void) {
  printf_cases("C");
  if (setlocale(LC_ALL, "C.UTF-8") == NULL) return 2;
  printf_cases("C.UTF-8");
  fflush(stdout);
  {
    FILE *fp2 = tmpfile();
    fwprintf(fp2, L"w");
    errno = 0;
    int r2 = fprintf(fp2, "narrow on wide");
    printf("fprintf on a wide stream: ret=%d errno=%d\n", r2, errno);
    fclose(fp2);
  }
  /* wprintf/vwprintf/__wprintf_chk/__vwprintf_chk and wscanf on the standard streams: stdout is narrow now,
     so they fail; a fresh descriptor-1 stream would be needed for a wide stdout. */
  errno = 0;
  int r = wprintf(L"wide on narrow stdout\n");
  printf("wprintf on narrow stdout: ret=%d errno=%d\n", r, errno);
  fflush(stdout);
  /* A new stdout on descriptor 1, never used narrowly: the wide forms print there. */
  stdout = fdopen(dup(1), "w");
  r = wprintf(L"wprintf %d %ls %s %lc|", 1, L"w\x00e9", "caf\xc3\xa9", (wint_t)0x4e2d);
  int e = errno;
  int r2 = via_vwprintf(L"vwprintf %05.1f %x|", 3.14159, 48879);
#ifndef _FORTIFY_SOURCE
  int r3 = __wprintf_chk(1, L"chk %s|", "ok");
#else
  int r3 = 0;
#endif
  wprintf(L"\nresults %d %d %d errno=%d fwide=%d\n", r, r2, r3, e, fwide(stdout, 0));
  fflush(stdout);
  return 0;
}
