// The wide scanf family (swscanf, fwscanf, wscanf, vswscanf, vfwscanf, vwscanf: the __isoc99_*
// names gcc binds C99 programs to, and the plain GNU ones through asm labels) against glibc.
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <unistd.h>

/* The plain names (GNU scanf: %as allocates), which C99 programs are not bound to. */
extern int gnu_swscanf(const wchar_t *, const wchar_t *, ...) __asm__("swscanf");
extern int gnu_vswscanf(const wchar_t *, const wchar_t *, va_list) __asm__("vswscanf");
extern int gnu_fwscanf(FILE *, const wchar_t *, ...) __asm__("fwscanf");
extern int gnu_wscanf(const wchar_t *, ...) __asm__("wscanf");

static int via_vswscanf(const wchar_t *s, const wchar_t *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = vswscanf(s, format, ap);
  va_end(ap);
  return r;
}

static int via_gnu_vswscanf(const wchar_t *s, const wchar_t *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = gnu_vswscanf(s, format, ap);
  va_end(ap);
  return r;
}

static int via_vfwscanf(FILE *fp, const wchar_t *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = vfwscanf(fp, format, ap);
  va_end(ap);
  return r;
}

static int via_vwscanf(const wchar_t *format, ...) {
  va_list ap;
  va_start(ap, format);
  int r = vwscanf(format, ap);
  va_end(ap);
  return r;
}

static void bytes(const char *label, const char *s, size_t n) {
  printf("%s=", label);
  for (size_t i = 0; i < n; i++) printf("<%02x>", (unsigned char)s[i]);
}

static void wides(const char *label, const wchar_t *s, size_t n) {
  printf("%s=", label);
  for (size_t i = 0; i < n; i++) printf("<%x>", (unsigned)s[i]);
}

static FILE *file_with(const wchar_t *text) {
  FILE *fp = tmpfile();
  fputws(text, fp);
  rewind(fp);
  return fp;
}

static void scanf_cases(const char *locale) {
  printf("== scanf in %s\n", locale);
  int a = -1, b = -1, n = -1, n2 = -1;
  wchar_t ws[32];
  char s[32];
  wchar_t wc[4];
  char c[8];
  double d = 0;
  long double ld = 0;
  float fl = 0;
  wmemset(ws, L'#', 32);
  memset(s, '#', sizeof s);
  int r = swscanf(L"  12 abc\x00e9 3.5 rest", L"%d %ls %lf %n%s", &a, ws, &d, &n, s);
  printf("mixed r=%d a=%d d=%g n=%d ", r, a, d, n);
  wides("ws", ws, 6);
  bytes(" s", s, 6);
  printf("\n");
  memset(s, '#', sizeof s);
  errno = 0;
  r = swscanf(L"x\x00e9y z", L"%s", s);
  printf("s-nonascii r=%d errno=%d ", r, errno);
  bytes("s", s, 6);
  printf("\n");
  memset(s, '#', sizeof s);
  errno = 0;
  r = swscanf(L"\x4e2d\x6587 z", L"%3s%n", s, &n);
  printf("s-width r=%d errno=%d n=%d ", r, errno, n);
  bytes("s", s, 8);
  printf("\n");
  wmemset(wc, L'#', 4);
  memset(c, '#', sizeof c);
  errno = 0;
  r = swscanf(L"ab\x4e2d" L"cd", L"%2lc%c%c", wc, c, c + 1);
  printf("c r=%d errno=%d ", r, errno);
  wides("wc", wc, 3);
  bytes(" c", c, 5);
  printf("\n");
  memset(c, '#', sizeof c);
  r = swscanf(L"xyz", L"%3c%n", c, &n);
  printf("c-width r=%d n=%d ", r, n);
  bytes("c", c, 4);
  printf("\n");
  wmemset(ws, L'#', 32);
  memset(s, '#', sizeof s);
  r = swscanf(L"abcXYZ123", L"%l[a-c]%[XYZ]%d", ws, s, &a);
  printf("set r=%d a=%d ", r, a);
  wides("ws", ws, 4);
  bytes(" s", s, 6);
  printf("\n");
  wmemset(ws, L'#', 32);
  r = swscanf(L"\x00e9\x00e8\x4e2dz-]q", L"%l[\x00e0-\x00ff\x4e2d]%n", ws, &n);
  printf("set-wide r=%d n=%d ", r, n);
  wides("ws", ws, 4);
  printf("\n");
  wmemset(ws, L'#', 32);
  r = swscanf(L"]-a^b", L"%l[]-a]%l[^x]", ws, ws + 8);
  printf("set-bracket r=%d ", r);
  wides("ws", ws, 4);
  wides(" ws8", ws + 8, 3);
  printf("\n");
  r = swscanf(L"7 8", L"%2$d %1$d", &a, &b);
  printf("positional r=%d a=%d b=%d\n", r, a, b);
  r = swscanf(L"", L"%d", &a);
  printf("empty r=%d\n", r);
  r = swscanf(L"   ", L" %d", &a);
  printf("blank r=%d\n", r);
  r = swscanf(L"0x1f 017 -5", L"%i %i %3i", &a, &b, &n);
  printf("i r=%d a=%d b=%d n=%d\n", r, a, b, n);
  r = swscanf(L"abc", L"a%*cc%n", &n);
  printf("literal r=%d n=%d\n", r, n);
  r = swscanf(L"a\x00e9" L"b7", L"a\x00e9" L"b%d", &a);
  printf("literal-wide r=%d a=%d\n", r, a);
  r = swscanf(L"a\x00e9" L"b7", L"a\x00e8" L"b%d", &a);
  printf("literal-mismatch r=%d\n", r);
  r = swscanf(L"1.5e3 0x1p4 inf", L"%f %Lf %lf%n", &fl, &ld, &d, &n);
  printf("floats r=%d fl=%g ld=%Lg d=%g n=%d\n", r, fl, ld, d, n);
  r = swscanf(L"12345", L"%3d%n%d%n", &a, &n, &b, &n2);
  printf("widths r=%d a=%d n=%d b=%d n2=%d\n", r, a, n, b, n2);
  r = swscanf(L"\x3000" L"5", L"%d", &a);
  printf("ideographic-space r=%d a=%d\n", r, a);
  r = swscanf(L"%x", L"%%%lc", wc);
  printf("percent r=%d wc=%x\n", r, wc[0]);
  r = via_vswscanf(L"9 w\x00e9", L"%d %ls", &a, ws);
  printf("vswscanf r=%d a=%d ", r, a);
  wides("ws", ws, 3);
  printf("\n");
  wchar_t *allocated = NULL;
  char *allocated_narrow = NULL;
  r = swscanf(L"heap \x00e9t\x00e9", L"%ms %mls", &allocated_narrow, &allocated);
  printf("m r=%d narrow=%s wide=%ls\n", r, allocated_narrow ? allocated_narrow : "(none)", allocated ? L"" : L"");
  if (allocated) wides("  wide", allocated, wcslen(allocated) + 1), printf("\n");
  free(allocated);
  free(allocated_narrow);
  allocated_narrow = NULL;
  r = gnu_swscanf(L"gnu 2.5", L"%as %lf", &allocated_narrow, &d);
  printf("gnu-as r=%d s=%s d=%g\n", r, allocated_narrow ? allocated_narrow : "(none)", d);
  free(allocated_narrow);
  r = swscanf(L"0x1p4 z", L"%as", &fl);
  printf("c99-a r=%d fl=%g\n", r, fl);
  r = via_gnu_vswscanf(L"11 12", L"%d %d", &a, &b);
  printf("gnu vswscanf r=%d a=%d b=%d\n", r, a, b);

  /* The narrow family's %ls, %lc and %l[ convert with the locale too (mbrtowc). */
  wmemset(ws, L'#', 32);
  wmemset(wc, L'#', 4);
  errno = 0;
  r = sscanf("gr\xc3\xbc\xc3\x9f \xe4\xb8\xad" "ab", "%ls %lc%l[a-z]", ws, wc, ws + 10);
  printf("sscanf ls r=%d errno=%d ", r, errno);
  wides("ws", ws, 6);
  wides(" wc", wc, 2);
  wides(" ws10", ws + 10, 3);
  printf("\n");

  FILE *fp = file_with(L"42 w\x00e9rd\n  17 tail");
  wmemset(ws, 0, 32);
  r = fwscanf(fp, L"%d %ls", &a, ws);
  printf("fwscanf r=%d a=%d fwide=%d ", r, a, fwide(fp, 0));
  wides("ws", ws, 5);
  printf("\n");
  r = via_vfwscanf(fp, L"%d%n", &b, &n);
  printf("vfwscanf r=%d b=%d n=%d\n", r, b, n);
  wint_t next = fgetwc(fp);
  printf("next=%x\n", (unsigned)next);
  r = gnu_fwscanf(fp, L"%ls", ws);
  printf("gnu fwscanf r=%d ", r);
  wides("ws", ws, 5);
  printf("\n");
  r = fwscanf(fp, L"%d", &a);
  printf("fwscanf at end r=%d feof=%d\n", r, feof(fp) != 0);
  fclose(fp);

  fp = tmpfile();
  fputs("7 narrow", fp);
  rewind(fp);
  errno = 0;
  a = -1;
  r = fwscanf(fp, L"%d", &a);
  printf("fwscanf on a byte stream r=%d errno=%d a=%d fwide=%d\n", r, errno, a, fwide(fp, 0));
  fclose(fp);

  /* Bytes written under the stream (which stays unoriented): the wide scan decodes them. */
  fp = tmpfile();
  static const char raw[] = "5 caf\xc3\xa9 x\xff";
  if (write(fileno(fp), raw, sizeof raw - 1) != sizeof raw - 1) return;
  lseek(fileno(fp), 0, SEEK_SET);
  errno = 0;
  memset(s, '#', sizeof s);
  r = fwscanf(fp, L"%d %s", &a, s);
  printf("fwscanf bytes r=%d errno=%d a=%d ", r, errno, a);
  bytes("s", s, 7);
  printf("\n");
  errno = 0;
  r = fwscanf(fp, L" %lc%lc", wc, wc + 1);
  printf("fwscanf bad byte r=%d errno=%d ferror=%d wc=%x\n", r, errno, ferror(fp) != 0, wc[0]);
  fclose(fp);

  /* fgetwc leaves bytes it cannot convert in the stream: each later read fails on them again. */
  fp = tmpfile();
  static const char invalid[] = "a\xff" "b";
  if (write(fileno(fp), invalid, sizeof invalid - 1) != sizeof invalid - 1) return;
  lseek(fileno(fp), 0, SEEK_SET);
  for (int i = 0; i < 3; i++) {
    errno = 0;
    wint_t got = fgetwc(fp);
    printf("fgetwc %x errno=%d ferror=%d\n", (unsigned)got, errno, ferror(fp) != 0);
    clearerr(fp);
  }
  fclose(fp);
}

int main(void) {
  scanf_cases("C");
  if (setlocale(LC_ALL, "C.UTF-8") == NULL) return 2;
  scanf_cases("C.UTF-8");
  /* stdin (programs/wide-scanf.stdin) in C.UTF-8 through wscanf, vwscanf and the plain wscanf. */
  int a = -1, b = -1;
  wchar_t ws[32];
  int r = wscanf(L"%d %ls", &a, ws);
  printf("wscanf r=%d a=%d ws=%ls\n", r, a, L"");
  for (int i = 0; ws[i]; i++) printf("<%x>", (unsigned)ws[i]);
  printf("\n");
  r = via_vwscanf(L"%d", &b);
  printf("vwscanf r=%d b=%d\n", r, b);
  r = gnu_wscanf(L"%ls", ws);
  printf("gnu wscanf r=%d ", r);
  for (int i = 0; ws[i]; i++) printf("<%x>", (unsigned)ws[i]);
  printf("\n");
  r = wscanf(L"%d", &a);
  printf("wscanf at end r=%d fwide=%d\n", r, fwide(stdin, 0));
  return 0;
}
