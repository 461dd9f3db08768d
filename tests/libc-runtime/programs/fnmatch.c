// fnmatch under Miros libc in "C" and C.UTF-8: every pattern × string × flag combination below,
// printed as a grid of results (0 match, 1 no match, -1 error), plus a hash over all of them.
#define _GNU_SOURCE
#include <fnmatch.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

static const char *patterns[] = {
    "", "*", "?", "a*", "*c", "a?c", "a*c", "*.c", ".*", "*/*", "a/*", "a/b", "a*/b", "*b*", "**", "*?*",
    "[abc]", "[!abc]", "[^abc]", "[a-c]x", "[]a]", "[!]a]", "[a-]", "[-a]", "[\\]]", "[a\\-c]", "\\*", "\\",
    "a\\", "[", "[a", "[!", "x[a", "[[:alpha:]]", "[[:digit:][:upper:]]", "[![:space:]]", "[[:foo:]]",
    "[[:alpz:]]", "[[=a=]]", "[[.a.]]", "[[.a.]-c]", "[a-[.c.]]", "[[.ab.]]", "[z-a]", "A*C", "[A-C]*",
    "*(a|b)", "+(a|b)c", "?(x)abc", "@(abc|def)", "!(abc)", "!(*.c)", "*(a", "a*(b)c", "+(ab|a)b",
    "@(a|b)*", "*([a-c])", "?(a*|b)/*", "!(a)/b", "*/?(.)b", ".?", "a/.b", "*/.*", "a/[.]b", "a/?b",
    "é*", "[é-ë]", "?", "[[:alpha:]]*", "*ß", "[[:upper:]]É", "*\xff*", "[\xe0-\xff]", "日本*", "?本",
};
static const char *strings[] = {
    "", "a", "abc", "ac", "a.c", ".c", ".hidden", "a/b", "a/.b", "a/bc/d", "ab/c", "x", "]", "-", "*",
    "\\", "[", "[a", "b", "B", "ABC", "Abc", "abcabc", "aab", "ababc", "def", "x.c", "a/b/c", "é", "éa",
    "É", "ê", "Straße", "STRASSE", "日本語", "本", "\xff", "a\xff" "b", "\xe9", "ab",
};
static const int flag_sets[] = {0,
                                FNM_PATHNAME,
                                FNM_PERIOD,
                                FNM_PATHNAME | FNM_PERIOD,
                                FNM_NOESCAPE,
                                FNM_CASEFOLD,
                                FNM_LEADING_DIR | FNM_PATHNAME,
                                FNM_LEADING_DIR,
                                FNM_EXTMATCH,
                                FNM_EXTMATCH | FNM_PATHNAME | FNM_PERIOD,
                                FNM_EXTMATCH | FNM_CASEFOLD};

static void run(const char *locale) {
  printf("locale %s\n", locale);
  unsigned hash = 2166136261u;
  const int np = sizeof patterns / sizeof *patterns, ns = sizeof strings / sizeof *strings,
            nf = sizeof flag_sets / sizeof *flag_sets;
  for (int p = 0; p < np; p++) {
    printf("%-22s", patterns[p]);
    for (int f = 0; f < nf; f++) {
      printf(" ");
      for (int s = 0; s < ns; s++) {
        int r = fnmatch(patterns[p], strings[s], flag_sets[f]);
        putchar(r == 0 ? '+' : r == FNM_NOMATCH ? '.' : r == -1 ? 'E' : '?');
        hash = (hash ^ (unsigned)(r + 2)) * 16777619u;
      }
    }
    printf("\n");
  }
  printf("hash %08x\n", hash);
}

int main(void) {
  run("C");
  setlocale(LC_ALL, "C.UTF-8");
  run("C.UTF-8");
  return 0;
}
