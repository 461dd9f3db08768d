// The GNU regex API (src/libc/regex/gnu-regex.ts): re_set_syntax/re_syntax_options,
// re_compile_pattern under many syntaxes (error texts too), re_search forwards and backwards over
// ranges, re_match lengths, re_search_2/re_match_2 across the two strings and with a stop, the
// registers' allocation states (grown, fixed through re_set_registers, no_sub), a translate
// table, RE_ICASE, not_bol/not_eol/newline_anchor, the fastmap, and re_comp/re_exec.
#define _GNU_SOURCE
#define _REGEX_RE_COMP
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void show_regs(struct re_registers *regs, int n) {
  printf(" regs(%u):", regs->num_regs);
  for (int i = 0; i < n && i < (int)regs->num_regs; i++) printf(" %d-%d", regs->start[i], regs->end[i]);
}

static void compile(struct re_pattern_buffer *buf, reg_syntax_t syntax, const char *pattern) {
  memset(buf, 0, sizeof *buf);
  re_set_syntax(syntax);
  const char *err = re_compile_pattern(pattern, strlen(pattern), buf);
  printf("compile %#lx \"%s\": %s nsub=%zu\n", (unsigned long)syntax, pattern, err ? err : "ok", err ? 0 : buf->re_nsub);
}

static void search(reg_syntax_t syntax, const char *pattern, const char *subject, int start, int range) {
  struct re_pattern_buffer buf;
  struct re_registers regs = {0};
  compile(&buf, syntax, pattern);
  if (buf.buffer == NULL) return;
  int r = re_search(&buf, subject, strlen(subject), start, range, &regs);
  printf("  search \"%s\" %d %+d -> %d", subject, start, range, r);
  if (r >= 0) show_regs(&regs, 10);
  int m = re_match(&buf, subject, strlen(subject), start, &regs);
  printf(" match@%d -> %d", start, m);
  if (m >= 0) show_regs(&regs, 10);
  printf(" alloc=%d\n", buf.regs_allocated);
  regfree(&buf);
  free(regs.start);
  free(regs.end);
}

int main(void) {
  printf("initial syntax %#lx\n", (unsigned long)re_syntax_options);
  printf("set -> %#lx\n", (unsigned long)re_set_syntax(RE_SYNTAX_POSIX_EXTENDED));
  printf("now %#lx\n", (unsigned long)re_syntax_options);

  // Syntaxes and errors.
  struct re_pattern_buffer buf;
  const reg_syntax_t syntaxes[] = {RE_SYNTAX_EMACS, RE_SYNTAX_GREP, RE_SYNTAX_EGREP, RE_SYNTAX_POSIX_BASIC,
                                   RE_SYNTAX_POSIX_EXTENDED, RE_SYNTAX_AWK, RE_SYNTAX_GNU_AWK, RE_SYNTAX_POSIX_MINIMAL_BASIC,
                                   RE_SYNTAX_ED, RE_SYNTAX_POSIX_EGREP};
  const char *patterns[] = {"a\\(b\\)*c", "(a|b)+", "a{2,3}", "a\\{2\\}", "x{1", "[[:alpha:]]+", "[\\]x]", "a\\|b",
                            "a+?", "\\(", ")", "(", "a**", "[a", "\\", "a{3,2}", "\\w+\\b", "^*ab", "a|*b", "[z-a]"};
  for (size_t s = 0; s < sizeof syntaxes / sizeof *syntaxes; s++)
    for (size_t p = 0; p < sizeof patterns / sizeof *patterns; p++) {
      compile(&buf, syntaxes[s], patterns[p]);
      if (buf.buffer != NULL) {
        const char *subjects[] = {"xxabbbc aab aaaa a{1 ]x \\ b|c", "AB ab", ""};
        for (int k = 0; k < 3; k++) {
          struct re_registers regs = {0};
          int r = re_search(&buf, subjects[k], strlen(subjects[k]), 0, strlen(subjects[k]), &regs);
          printf("  \"%s\" -> %d", subjects[k], r);
          if (r >= 0) show_regs(&regs, 4);
          printf("\n");
          free(regs.start);
          free(regs.end);
        }
        regfree(&buf);
      }
    }

  // Ranges, backwards searches, re_match.
  search(RE_SYNTAX_POSIX_EXTENDED, "(b+)(c)?", "abbcabbb", 0, 8);
  search(RE_SYNTAX_POSIX_EXTENDED, "(b+)(c)?", "abbcabbb", 7, -7);
  search(RE_SYNTAX_POSIX_EXTENDED, "(b+)(c)?", "abbcabbb", 3, 100);
  search(RE_SYNTAX_POSIX_EXTENDED, "(b+)(c)?", "abbcabbb", 3, -100);
  search(RE_SYNTAX_POSIX_EXTENDED, "(b+)(c)?", "abbcabbb", 9, 1);
  search(RE_SYNTAX_POSIX_EXTENDED, "(b+)(c)?", "abbcabbb", -1, 3);
  search(RE_SYNTAX_POSIX_EXTENDED, "(b+)(c)?", "abbcabbb", 5, 0);
  search(RE_SYNTAX_POSIX_EXTENDED, "x*", "abc", 1, 2);
  search(RE_SYNTAX_POSIX_EXTENDED, "^a|c$", "abc\nabc", 1, 10);
  search(RE_SYNTAX_POSIX_BASIC, "\\(a*\\)\\1b", "xaaaab", 0, 6);
  search(RE_SYNTAX_GREP, "\\<w[a-z]*", "the word wins", 0, 13);
  search(RE_SYNTAX_EMACS, "a+b\\|c", "xxaab c", 0, 7);

  // Registers: REGS_UNALLOCATED then grown, and fixed through re_set_registers.
  {
    struct re_registers regs = {0};
    compile(&buf, RE_SYNTAX_POSIX_EXTENDED, "(a)(b)");
    printf("alloc %d\n", buf.regs_allocated);
    printf("r=%d", re_search(&buf, "xab", 3, 0, 3, &regs));
    show_regs(&regs, 10);
    printf(" alloc %d\n", buf.regs_allocated);
    regfree(&buf);
    compile(&buf, RE_SYNTAX_POSIX_EXTENDED, "(a)(b)(c)(d)");
    buf.regs_allocated = REGS_REALLOCATE;
    printf("r=%d", re_search(&buf, "abcd", 4, 0, 4, &regs));
    show_regs(&regs, 10);
    printf(" alloc %d\n", buf.regs_allocated);
    compile(&buf, RE_SYNTAX_POSIX_EXTENDED, "(x)");
    buf.regs_allocated = REGS_REALLOCATE;
    printf("r=%d", re_search(&buf, "x", 1, 0, 1, &regs));
    show_regs(&regs, 10);
    printf("\n");
    free(regs.start);
    free(regs.end);
    regoff_t starts[2] = {99, 99}, ends[2] = {99, 99};
    compile(&buf, RE_SYNTAX_POSIX_EXTENDED, "(a)(b)(c)");
    re_set_registers(&buf, &regs, 2, starts, ends);
    printf("set alloc %d num %u\n", buf.regs_allocated, regs.num_regs);
    buf.regs_allocated = REGS_FIXED;
    printf("r=%d", re_search(&buf, "zabc", 4, 0, 4, &regs));
    show_regs(&regs, 2);
    printf(" alloc %d\n", buf.regs_allocated);
    re_set_registers(&buf, &regs, 0, 0, 0);
    printf("unset alloc %d num %u start %p\n", buf.regs_allocated, regs.num_regs, (void *)regs.start);
    regfree(&buf);
  }

  // no_sub: registers untouched.
  {
    struct re_registers regs = {0};
    compile(&buf, RE_SYNTAX_POSIX_EXTENDED | RE_NO_SUB, "(b)");
    printf("no_sub %d r=%d num=%u\n", buf.no_sub, re_search(&buf, "ab", 2, 0, 2, &regs), regs.num_regs);
    regfree(&buf);
  }

  // re_search_2 / re_match_2.
  {
    struct re_registers regs = {0};
    compile(&buf, RE_SYNTAX_POSIX_EXTENDED, "(lo)(wo)");
    int r = re_search_2(&buf, "hello", 5, "world", 5, 0, 10, &regs, 10);
    printf("search_2 -> %d", r);
    show_regs(&regs, 3);
    r = re_match_2(&buf, "hello", 5, "world", 5, 3, &regs, 10);
    printf(" match_2 -> %d", r);
    show_regs(&regs, 3);
    r = re_search_2(&buf, "hello", 5, "world", 5, 0, 10, &regs, 6);
    printf(" stop 6 -> %d", r);
    r = re_search_2(&buf, "", 0, "lowo", 4, 0, 4, &regs, 4);
    printf(" empty first -> %d", r);
    r = re_search_2(&buf, "xlowo", 5, "", 0, 0, 5, &regs, 5);
    printf(" empty second -> %d", r);
    r = re_search_2(&buf, "a", -1, "b", 1, 0, 1, &regs, 1);
    printf(" negative -> %d\n", r);
    regfree(&buf);
    compile(&buf, RE_SYNTAX_POSIX_EXTENDED, "ab$");
    printf("stop context: %d %d\n", re_search_2(&buf, "xab", 3, "c", 1, 0, 4, &regs, 3),
           re_search_2(&buf, "xab", 3, "\n", 1, 0, 4, &regs, 3));
    regfree(&buf);
    free(regs.start);
    free(regs.end);
  }

  // translate table, RE_ICASE, anchors' flags.
  {
    char table[256];
    for (int i = 0; i < 256; i++) table[i] = (i >= 'A' && i <= 'Z') ? i + 32 : i;
    memset(&buf, 0, sizeof buf);
    buf.translate = (unsigned char *)table;
    re_set_syntax(RE_SYNTAX_POSIX_EXTENDED);
    printf("translate: %s", re_compile_pattern("HeLLo+", 6, &buf) ? "error" : "ok");
    printf(" %d %d\n", re_search(&buf, "say HELLOOO", 11, 0, 11, 0), re_search(&buf, "say hellooo", 11, 0, 11, 0));
    buf.translate = NULL;
    regfree(&buf);
    compile(&buf, RE_SYNTAX_POSIX_EXTENDED | RE_ICASE, "wor[a-d]");
    printf("icase %d %d\n", re_search(&buf, "hello WORLD", 11, 0, 11, 0), re_search(&buf, "xWorD", 5, 0, 5, 0));
    regfree(&buf);
    compile(&buf, RE_SYNTAX_POSIX_EXTENDED, "^b|c$");
    printf("anchor %d newline_anchor=%d", re_search(&buf, "a\nb", 3, 0, 3, 0), buf.newline_anchor);
    buf.newline_anchor = 0;
    printf(" off %d", re_search(&buf, "a\nb", 3, 0, 3, 0));
    buf.not_bol = 1;
    printf(" not_bol %d", re_search(&buf, "bxc", 3, 0, 3, 0));
    buf.not_eol = 1;
    printf(" not_eol %d\n", re_search(&buf, "bxc", 3, 0, 3, 0));
    regfree(&buf);
  }

  // fastmap.
  {
    const char *fm_patterns[] = {"abc|x[0-2]", "a*b", "(foo|bar)?z", ".x", "^q"};
    for (int i = 0; i < 5; i++) {
      char fastmap[256];
      memset(&buf, 0, sizeof buf);
      buf.fastmap = fastmap;
      re_set_syntax(RE_SYNTAX_POSIX_EXTENDED);
      re_compile_pattern(fm_patterns[i], strlen(fm_patterns[i]), &buf);
      printf("fastmap %s accurate=%d", fm_patterns[i], buf.fastmap_accurate);
      re_compile_fastmap(&buf);
      printf(" -> %d can_be_null=%d:", buf.fastmap_accurate, buf.can_be_null);
      int ones = 0;
      for (int c = 0; c < 256; c++) ones += fastmap[c] != 0;
      if (ones == 256) printf(" all");
      else
        for (int c = 0; c < 256; c++)
          if (fastmap[c]) printf(" %c", c);
      printf(" search=%d\n", re_search(&buf, "zzabcz", 6, 0, 6, 0));
      buf.fastmap = NULL;
      regfree(&buf);
    }
  }

  // re_comp / re_exec.
  re_set_syntax(RE_SYNTAX_POSIX_BASIC);
  printf("re_comp(NULL) first: %s\n", re_comp(NULL) ? re_comp(NULL) : "null");
  printf("re_comp: %s\n", re_comp("b\\(c*\\)d") ? "error" : "ok");
  printf("re_exec %d %d %d\n", re_exec("abccd"), re_exec("abd"), re_exec("xyz"));
  printf("re_comp(NULL): %s\n", re_comp(NULL) ? "message" : "null");
  printf("re_comp bad: %s\n", re_comp("a\\{1"));
  printf("re_comp(NULL) after error: %s\n", re_comp(NULL) ? re_comp(NULL) : "null");
  printf("re_comp: %s\n", re_comp("^x") ? "error" : "ok");
  printf("re_exec %d %d\n", re_exec("y\nx"), re_exec("xy"));
  return 0;
}
