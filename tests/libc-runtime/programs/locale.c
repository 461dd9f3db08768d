// Locales under Miros libc: setlocale (names, composite names, "" from the environment), nl_langinfo,
// localeconv, newlocale/duplocale/uselocale/freelocale with inline ctype through locale_t,
// MB_CUR_MAX, the *_l functions, and the gettext family without catalogues.
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <langinfo.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void show(const char *label, const char *s) {
  printf("%s: ", label);
  if (!s) {
    printf("NULL\n");
    return;
  }
  for (const unsigned char *p = (const unsigned char *) s; *p; p++) printf(*p >= 0x20 && *p < 0x7f ? "%c" : "\\x%02x", *p);
  printf("\n");
}

static void try_setlocale(int category, const char *name) {
  errno = 0;
  const char *r = setlocale(category, name);
  printf("setlocale(%d, %s) = %s errno=%d | LC_ALL=%s\n", category, name ? name : "NULL", r ? r : "NULL",
         r ? 0 : errno, setlocale(LC_ALL, NULL));
}

static const nl_item ITEMS[] = {CODESET, RADIXCHAR, THOUSEP, D_T_FMT, D_FMT, T_FMT, T_FMT_AMPM, AM_STR, PM_STR,
                                DAY_1, DAY_7, ABDAY_3, MON_1, MON_12, ABMON_5, ERA, ERA_D_FMT, ALT_DIGITS, YESEXPR,
                                NOEXPR, CRNCYSTR, _DATE_FMT, _NL_CTYPE_CODESET_NAME, _NL_NUMERIC_CODESET,
                                _NL_IDENTIFICATION_TITLE, _NL_PAPER_CODESET, ALTMON_1, _NL_ABALTMON_2};

static void langinfo(const char *label, locale_t l) {
  printf("-- langinfo %s\n", label);
  for (size_t i = 0; i < sizeof ITEMS / sizeof ITEMS[0]; i++) {
    char name[32];
    snprintf(name, sizeof name, "item %#x", ITEMS[i]);
    show(name, l ? nl_langinfo_l(ITEMS[i], l) : nl_langinfo(ITEMS[i]));
  }
  printf("word items: %ld %ld %ld\n", (long) (l ? nl_langinfo_l(_NL_CTYPE_MB_CUR_MAX, l) : nl_langinfo(_NL_CTYPE_MB_CUR_MAX)),
         (long) nl_langinfo(_NL_TIME_WEEK_1STDAY), (long) nl_langinfo(_NL_NUMERIC_DECIMAL_POINT_WC));
  show("bad category", nl_langinfo(0x60000));
  show("bad index", nl_langinfo(0x10040));
  const wchar_t *w = (const wchar_t *) nl_langinfo(_NL_WDAY_2);
  printf("wide day 2:");
  while (*w) printf(" %x", (unsigned) *w++);
  printf("\n");
}

static void lconv_show(void) {
  struct lconv *c = localeconv();
  show("decimal_point", c->decimal_point);
  show("thousands_sep", c->thousands_sep);
  show("grouping", c->grouping);
  show("int_curr_symbol", c->int_curr_symbol);
  show("mon_decimal_point", c->mon_decimal_point);
  show("mon_grouping", c->mon_grouping);
  show("negative_sign", c->negative_sign);
  printf("chars: %d %d %d %d %d %d %d %d %d %d\n", c->int_frac_digits, c->frac_digits, c->p_cs_precedes,
         c->p_sep_by_space, c->n_cs_precedes, c->n_sep_by_space, c->p_sign_posn, c->n_sign_posn, c->int_p_cs_precedes,
         c->int_n_sign_posn);
}

int main(void) {
  printf("start: %s MB_CUR_MAX=%zu\n", setlocale(LC_ALL, NULL), MB_CUR_MAX);
  const char *names[] = {"C", "POSIX", "C.UTF-8", "C.utf8", "C.UTF8", "C.utf-8", "C.UTF-8@euro", "c.utf8",
                         "en_US.UTF-8", "C.ascii", "/tmp/C", "de_DE"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) try_setlocale(LC_ALL, names[i]);
  try_setlocale(LC_ALL, "C");
  try_setlocale(LC_CTYPE, "C.UTF-8");
  try_setlocale(LC_TIME, "POSIX");
  try_setlocale(LC_MESSAGES, NULL);
  try_setlocale(LC_ALL, "LC_CTYPE=C;LC_NUMERIC=C.utf8;LC_TIME=C;LC_COLLATE=C;LC_MONETARY=C;LC_MESSAGES=C;LC_PAPER=C;"
                        "LC_NAME=C;LC_ADDRESS=C;LC_TELEPHONE=C;LC_MEASUREMENT=C;LC_IDENTIFICATION=C");
  try_setlocale(LC_ALL, "LC_CTYPE=C;LC_NUMERIC=C");
  try_setlocale(LC_ALL, "LC_CTYPE=C;LC_NUMERIC=xx;LC_TIME=C;LC_COLLATE=C;LC_MONETARY=C;LC_MESSAGES=C;LC_PAPER=C;"
                        "LC_NAME=C;LC_ADDRESS=C;LC_TELEPHONE=C;LC_MEASUREMENT=C;LC_IDENTIFICATION=C");
  try_setlocale(13, "C");
  try_setlocale(-1, "C");

  // setlocale(""): LC_ALL, then LC_<category>, then LANG.
  unsetenv("LC_ALL");
  unsetenv("LC_CTYPE");
  unsetenv("LC_NUMERIC");
  unsetenv("LC_MESSAGES");
  unsetenv("LANG");
  try_setlocale(LC_ALL, "");
  setenv("LANG", "C.UTF-8", 1);
  try_setlocale(LC_ALL, "");
  setenv("LC_NUMERIC", "POSIX", 1);
  try_setlocale(LC_ALL, "");
  setenv("LC_ALL", "C", 1);
  try_setlocale(LC_ALL, "");
  setenv("LC_ALL", "", 1);
  setenv("LC_CTYPE", "xx_YY", 1);
  try_setlocale(LC_ALL, "");
  try_setlocale(LC_NUMERIC, "");
  unsetenv("LC_CTYPE");
  unsetenv("LC_NUMERIC");

  try_setlocale(LC_ALL, "C");
  printf("MB_CUR_MAX C=%zu\n", MB_CUR_MAX);
  langinfo("C", 0);
  lconv_show();
  try_setlocale(LC_ALL, "C.UTF-8");
  printf("MB_CUR_MAX C.UTF-8=%zu\n", MB_CUR_MAX);
  langinfo("C.UTF-8", 0);
  lconv_show();
  try_setlocale(LC_ALL, "C");

  // locale_t objects.
  errno = 0;
  locale_t c = newlocale(LC_ALL_MASK, "C", 0);
  locale_t c2 = newlocale(LC_ALL_MASK, "C", 0);
  printf("newlocale C twice same object: %d errno=%d\n", c == c2 && c != 0, errno);
  locale_t u = newlocale(LC_ALL_MASK, "C.UTF-8", 0);
  printf("newlocale C.UTF-8: %s\n", u ? "ok" : "NULL");
  langinfo("u", u);
  errno = 0;
  locale_t bad = newlocale(LC_ALL_MASK, "xx_XX.UTF-8", 0);
  printf("newlocale xx: %p errno=%d\n", (void *) bad, errno);
  errno = 0;
  bad = newlocale(1 << 20, "C", 0);
  printf("newlocale bad mask: %p errno=%d\n", (void *) bad, errno);
  errno = 0;
  bad = newlocale(LC_ALL_MASK, NULL, 0);
  printf("newlocale NULL name: %p errno=%d\n", (void *) bad, errno);
  locale_t mixed = newlocale(LC_CTYPE_MASK, "C.UTF-8", 0);
  show("mixed ctype codeset", nl_langinfo_l(CODESET, mixed));
  show("mixed numeric codeset", nl_langinfo_l(_NL_NUMERIC_CODESET, mixed));
  // glibc 2.36 builds a new object from the base and frees the base.
  locale_t again = newlocale(LC_NUMERIC_MASK, "C.utf8", mixed);
  printf("newlocale with base: %s\n", again ? "ok" : "NULL");
  show("again ctype codeset", nl_langinfo_l(CODESET, again));
  show("again numeric codeset", nl_langinfo_l(_NL_NUMERIC_CODESET, again));
  locale_t dup = duplocale(u);
  printf("duplocale distinct: %d, dup of C is C: %d\n", dup != u && dup != 0, duplocale(c) == c);
  printf("inline ctype via locale_t: %d %d %d %d %d\n", !!isalpha_l('a', u), !!isdigit_l('7', u), !!isalpha_l(0xe9, u),
         tolower_l('Q', u), toupper_l('q', dup));
  printf("uselocale(NULL) initially global: %d\n", uselocale((locale_t) 0) == LC_GLOBAL_LOCALE);
  locale_t old = uselocale(u);
  printf("uselocale old global: %d, now u: %d, MB_CUR_MAX=%zu, CODESET=%s, setlocale=%s\n", old == LC_GLOBAL_LOCALE,
         uselocale((locale_t) 0) == u, MB_CUR_MAX, nl_langinfo(CODESET), setlocale(LC_ALL, NULL));
  uselocale(LC_GLOBAL_LOCALE);
  printf("back: MB_CUR_MAX=%zu CODESET=%s\n", MB_CUR_MAX, nl_langinfo(CODESET));
  locale_t gdup = duplocale(LC_GLOBAL_LOCALE);
  show("duplocale(global) codeset", nl_langinfo_l(CODESET, gdup));

  // *_l functions.
  printf("strcoll_l: %d %d, strcoll: %d\n", strcoll_l("abc", "abd", u) < 0, strcoll_l("b", "a", c) > 0,
         strcoll("same", "same"));
  char buf[16];
  memset(buf, 'X', sizeof buf);
  size_t n = strxfrm(buf, "hello", 3);
  printf("strxfrm short: %zu %.5s\n", n, buf);
  n = strxfrm_l(buf, "hello", sizeof buf, u);
  printf("strxfrm_l: %zu %s\n", n, buf);
  printf("strxfrm count only: %zu\n", strxfrm(NULL, "abcdef", 0));
  char *end;
  double d = strtod_l("3.25e2xyz", &end, u);
  printf("strtod_l: %.17g rest=%s\n", d, end);
  printf("strtof_l: %.9g\n", (double) strtof_l("0.1", NULL, c));
  printf("strtol_l: %ld\n", strtol_l("-0x1f", NULL, 16, u));
  struct tm tm = {.tm_year = 124, .tm_mon = 1, .tm_mday = 29, .tm_hour = 13, .tm_min = 5, .tm_sec = 9, .tm_wday = 4};
  strftime_l(buf, sizeof buf, "%a %d %b %Y", &tm, u);
  printf("strftime_l: %s\n", buf);
  freelocale(dup);
  freelocale(gdup);
  freelocale(again);
  freelocale(u);
  freelocale(c);

  // gettext without catalogues.
  printf("gettext: %s | %s | %s\n", gettext("Hello"), dgettext("coreutils", "world"), dcgettext("x", "msg", LC_MESSAGES));
  printf("ngettext: %s %s %s | %s %s\n", ngettext("file", "files", 1), ngettext("file", "files", 0),
         ngettext("file", "files", 2), dngettext("d", "one", "many", 1), dcngettext("d", "one", "many", 5, LC_MESSAGES));
  printf("textdomain: %s", textdomain(NULL));
  printf(" %s", textdomain("coreutils"));
  printf(" %s", textdomain(NULL));
  printf(" %s\n", textdomain(""));
  printf("bindtextdomain: %s", bindtextdomain("coreutils", NULL));
  printf(" %s", bindtextdomain("coreutils", "/opt/share/locale"));
  printf(" %s", bindtextdomain("coreutils", NULL));
  printf(" %s\n", bindtextdomain("", "/x") ? "set" : "NULL");
  const char *cs = bind_textdomain_codeset("coreutils", NULL);
  printf("bind_textdomain_codeset: %s", cs ? cs : "NULL");
  printf(" %s", bind_textdomain_codeset("coreutils", "UTF-8"));
  printf(" %s\n", bind_textdomain_codeset("coreutils", NULL));
  return 0;
}
