// POSIX regular expressions (src/libc/regex) on random input: patterns drawn by a fixed
// generator from a small grammar (literals, ., brackets, groups, alternation, *, +, ?, intervals,
// anchors, GNU operators; back-references are left to the corpus program regex) in ERE and BRE,
// each compiled with one of five flag sets and run on random subjects over a few letters, space
// and newline; every result and register is printed.
#include <regex.h>
#include <stdio.h>
#include <string.h>

static unsigned long long state = 0x9e3779b97f4a7c15ull;

static unsigned next_random(unsigned bound) {
  state = state * 6364136223846793005ull + 1442695040888963407ull;
  return (unsigned)(state >> 33) % bound;
}

static void append(char *buffer, size_t size, const char *text) {
  if (strlen(buffer) + strlen(text) < size) strcat(buffer, text);
}

/** A random pattern fragment; `extended` picks ERE or BRE spellings. */
static void fragment(char *buffer, size_t size, int depth, int extended) {
  static const char *atoms[] = {"a", "b", "c", ".", "[ab]", "[^a]", "[[:alpha:]]", "\\w", "\\W", "x", "a", "b"};
  static const char *ere_ops[] = {"*", "+", "?", "{2}", "{1,2}", "{0,1}", "{,2}", "{2,}", "*", "?"};
  static const char *bre_ops[] = {"*", "\\+", "\\?", "\\{2\\}", "\\{1,2\\}", "\\{0,1\\}", "*", "\\?"};
  int pieces = 1 + next_random(3);
  for (int p = 0; p < pieces; p++) {
    unsigned kind = next_random(12);
    if (kind < 6 || depth > 2) {
      append(buffer, size, atoms[next_random(sizeof atoms / sizeof atoms[0])]);
    } else if (kind < 9) {
      append(buffer, size, extended ? "(" : "\\(");
      fragment(buffer, size, depth + 1, extended);
      if (next_random(3) == 0) {
        append(buffer, size, extended ? "|" : "\\|");
        fragment(buffer, size, depth + 1, extended);
      }
      append(buffer, size, extended ? ")" : "\\)");
    } else if (kind == 9) {
      append(buffer, size, next_random(2) ? "^" : "$");
    } else if (kind == 10) {
      append(buffer, size, next_random(2) ? "\\b" : "\\B");
    } else {
      append(buffer, size, extended ? "|" : "\\|");
    }
    if (next_random(3) == 0) {
      if (extended) append(buffer, size, ere_ops[next_random(sizeof ere_ops / sizeof ere_ops[0])]);
      else append(buffer, size, bre_ops[next_random(sizeof bre_ops / sizeof bre_ops[0])]);
    }
  }
}

static void print_escaped(const char *s) {
  for (; *s; s++) {
    if (*s == '\n') fputs("\\n", stdout);
    else putchar(*s);
  }
}

int main(void) {
  static const int flag_sets[] = {REG_EXTENDED, 0, REG_EXTENDED | REG_ICASE, REG_EXTENDED | REG_NEWLINE, REG_NEWLINE};
  int compiled = 0, failed = 0, matched = 0;
  for (int n = 0; n < 700; n++) {
    int cflags = flag_sets[next_random(sizeof flag_sets / sizeof flag_sets[0])];
    char pattern[96] = "";
    fragment(pattern, sizeof pattern, 0, cflags & REG_EXTENDED);
    regex_t re;
    int code = regcomp(&re, pattern, cflags);
    printf("%d %d /", n, cflags);
    print_escaped(pattern);
    printf("/ %d", code);
    if (code != 0) {
      failed++;
      printf("\n");
      continue;
    }
    compiled++;
    printf(" nsub %zu\n", re.re_nsub);
    for (int s = 0; s < 4; s++) {
      char subject[16];
      int length = next_random(9);
      for (int i = 0; i < length; i++) subject[i] = "abcabAB\n "[next_random(9)];
      subject[length] = 0;
      regmatch_t pm[6];
      int eflags = next_random(4) == 0 ? REG_NOTBOL : 0;
      int r = regexec(&re, subject, 6, pm, eflags);
      printf("  \"");
      print_escaped(subject);
      printf("\" %d ->", eflags);
      if (r == 0) {
        matched++;
        for (int i = 0; i < 6; i++) printf(" %d,%d", (int)pm[i].rm_so, (int)pm[i].rm_eo);
      } else printf(" %d", r);
      printf("\n");
    }
    regfree(&re);
  }
  printf("%d compiled, %d failed, %d matches\n", compiled, failed, matched);
  return 0;
}
