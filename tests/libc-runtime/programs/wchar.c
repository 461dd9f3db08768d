// Wide characters under Miros libc in the C and C.UTF-8 locales: mbrtowc/wcrtomb families with
// mbstate_t (valid, invalid, overlong, surrogate, partial sequences), btowc/wctob, wcs*/wmem*,
// wide classes and case mappings, wctype/wctrans, and wide stream I/O on FILEs.
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <unistd.h>
#include <wctype.h>

static void mb(const char *s, size_t n) {
  mbstate_t st;
  memset(&st, 0, sizeof st);
  wchar_t w = 0;
  errno = 0;
  size_t r = mbrtowc(&w, s, n, &st);
  printf(" %zd/%x/%d/%d", (ssize_t) r, (unsigned) w, r == (size_t) -1 ? errno : 0, mbsinit(&st));
}

static void conversions(void) {
  printf("MB_CUR_MAX=%zu\n mbrtowc:", MB_CUR_MAX);
  mb("A", 1);
  mb("\x80", 1);
  mb("\xc3\xa9", 2);
  mb("\xc3", 1);
  mb("\xc0\x80", 2);
  mb("\xc3\x41", 2);
  mb("\xed\xa0\x80", 3);
  mb("\xe2\x82\xac", 3);
  mb("\xf0\x9f\x98\x80", 4);
  mb("\xf4\x90\x80\x80", 4);
  mb("\xf8\x88\x80\x80\x80", 5);
  mb("\xfd\xbf\xbf\xbf\xbf\xbf", 6);
  mb("\xfe", 1);
  mb("a", 0);
  mb("", 1);
  printf("\n");
  // A character split over three calls.
  mbstate_t st;
  memset(&st, 0, sizeof st);
  wchar_t w = 0;
  size_t a = mbrtowc(&w, "\xe2", 1, &st);
  size_t b = mbrtowc(&w, "\x82", 1, &st);
  int init = mbsinit(&st);
  size_t c = mbrtowc(&w, "\xac", 1, &st);
  printf(" split: %zd %zd (init %d) %zd -> %x init %d\n", (ssize_t) a, (ssize_t) b, init, (ssize_t) c, (unsigned) w,
         mbsinit(&st));
  printf(" mbrlen: %zd %zd\n", (ssize_t) mbrlen("\xc3\xa9", 2, NULL), (ssize_t) mbrlen("x", 1, NULL));
  char buf[16];
  unsigned ws[] = {0x41, 0x7f, 0x80, 0xe9, 0x20ac, 0xd800, 0x1f600, 0x10ffff, 0x110000, 0x7fffffff, 0x80000000};
  printf(" wcrtomb:");
  for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++) {
    memset(&st, 0, sizeof st);
    errno = 0;
    size_t r = wcrtomb(buf, (wchar_t) ws[i], &st);
    printf(" %zd/%d", (ssize_t) r, r == (size_t) -1 ? errno : 0);
    if (r != (size_t) -1)
      for (size_t j = 0; j < r; j++) printf("%s%02x", j ? "" : ":", (unsigned char) buf[j]);
  }
  printf("\n btowc %x %x %x wctob %d %d %d\n", btowc('a'), btowc(0x80), btowc(EOF), wctob(L'z'), wctob(0xe9),
         wctob(0x20ac));
  printf(" mbtowc/mblen/wctomb: %d %d %d %d\n", mbtowc(NULL, NULL, 0), mblen("\xc3\xa9", 2), mblen("\xc3", 1),
         wctomb(buf, 0xe9));

  // String conversions.
  const char *text = "h\xc3\xa9llo \xe2\x82\xac!";
  wchar_t wide[32];
  const char *src = text;
  memset(&st, 0, sizeof st);
  errno = 0;
  size_t n = mbsrtowcs(wide, &src, 32, &st);
  printf(" mbsrtowcs: %zd errno=%d src=%s", (ssize_t) n, n == (size_t) -1 ? errno : 0, src ? "set" : "NULL");
  if (n != (size_t) -1)
    for (size_t i = 0; i < n; i++) printf(" %x", (unsigned) wide[i]);
  printf("\n");
  src = text;
  n = mbsrtowcs(NULL, &src, 0, NULL);
  printf(" mbsrtowcs count: %zd\n", (ssize_t) n);
  src = text;
  memset(&st, 0, sizeof st);
  n = mbsnrtowcs(wide, &src, 3, 32, &st);
  printf(" mbsnrtowcs 3 bytes: %zd consumed=%td init=%d\n", (ssize_t) n, src ? src - text : -1, mbsinit(&st));
  src = text;
  n = mbsrtowcs(wide, &src, 2, NULL);
  printf(" mbsrtowcs len 2: %zd consumed=%td\n", (ssize_t) n, src ? src - text : -1);
  const wchar_t wsrc[] = {0x68, 0xe9, 0x20ac, 0x1f600, 0};
  const wchar_t *wp = wsrc;
  char out[32];
  memset(out, 'X', sizeof out);
  errno = 0;
  n = wcsrtombs(out, &wp, sizeof out, NULL);
  printf(" wcsrtombs: %zd errno=%d wp=%s", (ssize_t) n, n == (size_t) -1 ? errno : 0, wp ? "set" : "NULL");
  if (n != (size_t) -1)
    for (size_t i = 0; i < n; i++) printf(" %02x", (unsigned char) out[i]);
  printf("\n");
  wp = wsrc;
  n = wcsrtombs(out, &wp, 4, NULL);
  printf(" wcsrtombs 4 bytes: %zd consumed=%td\n", (ssize_t) n, wp ? wp - wsrc : -1);
  wp = wsrc;
  n = wcsnrtombs(NULL, &wp, 2, 0, NULL);
  printf(" wcsnrtombs count 2: %zd\n", (ssize_t) n);
  printf(" mbstowcs: %zd wcstombs: %zd\n", (ssize_t) mbstowcs(NULL, text, 0), (ssize_t) wcstombs(NULL, wsrc, 0));
}

static void classes(void) {
  unsigned cs[] = {0x41, 0x7a, 0x35, 0x20, 0x09, 0x7f, 0x21, 0xe9, 0xc9, 0xdf, 0x3b1, 0x391, 0x4e2d, 0x663, 0xa0,
                   0x2028, 0x3000, 0x130, 0x131, 0x1c5, 0x2160, 0x24b6, 0xff21, 0x1f600, 0xe000, 0x378, 0x10ffff};
  for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
    wint_t c = cs[i];
    printf(" %x:%x,%x,%d%d%d%d%d%d%d%d%d%d%d%d", c, towupper(c), towlower(c), !!iswalpha(c), !!iswupper(c),
           !!iswlower(c), !!iswdigit(c), !!iswxdigit(c), !!iswspace(c), !!iswpunct(c), !!iswprint(c), !!iswgraph(c),
           !!iswcntrl(c), !!iswblank(c), !!iswalnum(c));
  }
  printf("\n");
  wctype_t alpha = wctype("alpha"), bogus = wctype("bogus");
  wctrans_t up = wctrans("toupper"), none = wctrans("rot13");
  printf(" wctype: %d %d %d bogus=%d; towctrans: %x %d\n", !!iswctype(L'x', alpha), !!iswctype(L'1', alpha),
         !!iswctype(0xe9, alpha), bogus == 0, towctrans(0xe9, up), none == 0);
}

static void strings(void) {
  const wchar_t *s = L"hello, wide world";
  wchar_t buf[64];
  printf("wcslen %zu wcsnlen %zu\n", wcslen(s), wcsnlen(s, 4));
  printf("wcscmp %d %d %d wcsncmp %d\n", wcscmp(L"abc", L"abd"), wcscmp(L"b", L"a"), wcscmp(L"x", L"x"),
         wcsncmp(L"abcX", L"abcY", 3));
  wchar_t neg[] = {(wchar_t) 0x80000000, 0}, pos[] = {1, 0};
  printf("wcscmp signed %d wmemcmp %d\n", wcscmp(neg, pos), wmemcmp(neg, pos, 1));
  wcscpy(buf, L"abc");
  wcscat(buf, L"def");
  wcsncat(buf, L"ghijk", 2);
  printf("wcscpy/cat: %ls len %zu\n", buf, wcslen(buf));
  printf("wcschr %td wcsrchr %td wcsstr %td nul %td\n", wcschr(s, L'o') - s, wcsrchr(s, L'o') - s,
         wcsstr(s, L"wide") - s, wcschr(s, 0) - s);
  printf("wcsspn %zu wcscspn %zu wcspbrk %td\n", wcsspn(s, L"hel"), wcscspn(s, L" ,"), wcspbrk(s, L"w,") - s);
  wmemset(buf, L'z', 5);
  buf[5] = 0;
  printf("wmemset %ls wmemchr %td\n", buf, (wchar_t *) wmemchr(s, L'w', 17) - s);
  wmemcpy(buf, L"0123456789", 11);
  wmemmove(buf + 2, buf, 5);
  printf("wmemmove %ls\n", buf);
  wchar_t *d = wcsdup(L"dup");
  printf("wcsdup %ls wcpcpy end %td\n", d, wcpcpy(buf, L"four") - buf);
  free(d);
  memset(buf, 0xff, sizeof buf);
  size_t n = wcsxfrm(buf, L"xfrm", 3);
  printf("wcsxfrm %zu %x %x %x %x wcscoll %d\n", n, (unsigned) buf[0], (unsigned) buf[2], (unsigned) buf[3],
         (unsigned) buf[4], wcscoll(L"a", L"b"));
}

/** A temporary read-write stream (mkstemp + fdopen, the file unlinked at once). */
static FILE *temporary(void) {
  char name[] = "/tmp/miros-wcharXXXXXX";
  int fd = mkstemp(name);
  unlink(name);
  return fdopen(fd, "w+");
}

static void streams(void) {
  FILE *f = temporary();
  printf("fwide new %d", fwide(f, 0));
  printf(" fputwc %x", fputwc(L'A', f));
  errno = 0;
  wint_t r = fputwc(0xe9, f);
  printf(" fputwc(e9) %x errno=%d", r, r == WEOF ? errno : 0);
  printf(" fwide %d", fwide(f, -1));
  printf(" fputws %d", fputws(L"xyz\n", f) >= 0);
  printf(" putwc %x\n", putwc(L'!', f));
  clearerr(f);
  rewind(f);
  char raw[32] = {0};
  wint_t c1 = fgetwc(f), c2 = getwc(f);
  printf(" read %x %x", c1, c2);
  printf(" ungetwc %x", ungetwc(L'Q', f));
  printf(" again %x", fgetwc(f));
  wchar_t line[16];
  printf(" fgetws %s", fgetws(line, 16, f) ? "ok" : "NULL");
  printf(" %ls", line);
  printf(" eof %x\n", fgetwc(f));
  rewind(f);
  size_t got = fread(raw, 1, sizeof raw - 1, f);
  printf(" bytes %zu:", got);
  for (size_t i = 0; i < got; i++) printf(" %02x", (unsigned char) raw[i]);
  printf("\n");
  fclose(f);
  FILE *b = temporary();
  fwide(b, -1);
  printf(" byte stream: fwide %d fputwc %x\n", fwide(b, 0), fputwc(L'y', b));
  fclose(b);
}

int main(void) {
  printf("== C\n");
  conversions();
  classes();
  strings();
  streams();
  printf("== C.UTF-8 %s\n", setlocale(LC_ALL, "C.UTF-8"));
  conversions();
  classes();
  streams();
  return 0;
}
