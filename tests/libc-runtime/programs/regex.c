// POSIX regular expressions (src/libc/regex): a corpus of patterns (ERE and BRE, GNU operators,
// brackets, intervals, back-references, REG_ICASE/REG_NEWLINE/REG_NOSUB) compiled and run on
// subjects with several eflags and nmatch values; every regcomp result (code, regerror text and
// size, re_nsub) and every regmatch_t is printed. Then REG_STARTEND ranges, regerror's truncation
// and a regfree/regcomp reuse. The case table came from a generator script (see the commit).
#include <regex.h>
#include <stdio.h>
#include <string.h>

struct regex_case {
  int cflags;
  const char *pattern;
  const char *subjects[6];
};

static const struct regex_case cases[] = {
  {REG_EXTENDED, "abc", {"abc", "xabcx", "ab", "", NULL}},
  {REG_EXTENDED, "a|b|c", {"xyzc", "b", "", NULL}},
  {REG_EXTENDED, "(a|ab)(c|bcd)(d*)", {"abcd", "abcdd", NULL}},
  {REG_EXTENDED, "(a*)(b|abc)", {"abc", "b", NULL}},
  {REG_EXTENDED, "(a*)*", {"b", "aaa", "", NULL}},
  {REG_EXTENDED, "(a*)+", {"b", "aa", NULL}},
  {REG_EXTENDED, "(a|b)*", {"", "abba", "c", NULL}},
  {REG_EXTENDED, "(a|b)*c", {"abac", "c", "ab", NULL}},
  {REG_EXTENDED, "(a+|b)*", {"ab", "aab", NULL}},
  {REG_EXTENDED, "(a+|b){0,}", {"ab", NULL}},
  {REG_EXTENDED, "(a+|b)+", {"ab", NULL}},
  {REG_EXTENDED, "(a+|b)?", {"ab", NULL}},
  {REG_EXTENDED, "([abc])*d", {"abbbcd", "d", NULL}},
  {REG_EXTENDED, "([abc])*bcd", {"abcd", NULL}},
  {REG_EXTENDED, "(.*)c(.*)", {"abcde", "c", NULL}},
  {REG_EXTENDED, "(.*)(.*)", {"xy", NULL}},
  {REG_EXTENDED, "(a?)((ab)?)(b?)", {"ab", NULL}},
  {REG_EXTENDED, "((a?)((ab)?))(b?)", {"ab", NULL}},
  {REG_EXTENDED, "(a?)((ab)?)b?", {"ab", NULL}},
  {REG_EXTENDED, "(a|ab)(bcd|c)", {"abcd", NULL}},
  {REG_EXTENDED, "(ab|a)(c|bcd)", {"abcd", NULL}},
  {REG_EXTENDED, "((a)|b)+", {"ab", "ba", NULL}},
  {REG_EXTENDED, "(a)|b", {"b", "a", NULL}},
  {REG_EXTENDED, "((a)|(b))*", {"ab", "ba", "aab", NULL}},
  {REG_EXTENDED, "(a|)*", {"aa", "", NULL}},
  {REG_EXTENDED, "(|a)*", {"aa", "", NULL}},
  {REG_EXTENDED, "(|a)+", {"aa", NULL}},
  {REG_EXTENDED, "(a?)*", {"aa", "", NULL}},
  {REG_EXTENDED, "((a?))*", {"aa", "b", NULL}},
  {REG_EXTENDED, "(a?){2}", {"a", "aa", "", NULL}},
  {REG_EXTENDED, "(a){2,3}", {"aaaa", "a", "aa", NULL}},
  {REG_EXTENDED, "(a){0,2}", {"aaa", "", NULL}},
  {REG_EXTENDED, "a{3}", {"aaaa", "aa", NULL}},
  {REG_EXTENDED, "a{2,}", {"a", "aaaaa", NULL}},
  {REG_EXTENDED, "a{,2}", {"aaa", NULL}},
  {REG_EXTENDED, "a{0}b", {"ab", "b", NULL}},
  {REG_EXTENDED, "(a){0}b", {"ab", NULL}},
  {REG_EXTENDED, "x{1}{2}", {"xx", NULL}},
  {REG_EXTENDED, "(ab){1,2}?", {"ababab", NULL}},
  {REG_EXTENDED, "a+?", {"aaa", NULL}},
  {REG_EXTENDED, "a**", {"aa", NULL}},
  {REG_EXTENDED, "(ab|a)*b", {"ababb", NULL}},
  {REG_EXTENDED, "(a|b|c|d|e)*(f)", {"abcdef", NULL}},
  {REG_EXTENDED, "^abc$", {"abc", "abcd", "x\nabc", NULL}},
  {REG_EXTENDED, "^", {"", "abc", NULL}},
  {REG_EXTENDED, "$", {"", "abc", NULL}},
  {REG_EXTENDED, "^$", {"", "a", "\n", NULL}},
  {REG_EXTENDED, "a^b", {"a^b", "ab", NULL}},
  {REG_EXTENDED, "a$b", {"a$b", "ab", NULL}},
  {REG_EXTENDED, "(^a|b)", {"ba", "ab", NULL}},
  {REG_EXTENDED, "(a$|b)", {"ab", "ba", NULL}},
  {REG_EXTENDED, "x*", {"", "axx", "xxa", NULL}},
  {REG_EXTENDED, "x*y", {"axxy", NULL}},
  {REG_EXTENDED, ".", {"\n", "a", "", NULL}},
  {REG_EXTENDED, "a.c", {"a\nc", "abc", NULL}},
  {REG_EXTENDED, "[abc]+", {"xxbcaxx", NULL}},
  {REG_EXTENDED, "[^abc]+", {"abxyzc", "a\nb", NULL}},
  {REG_EXTENDED, "[]a]+", {"a]a]b", NULL}},
  {REG_EXTENDED, "[^]a]+", {"a]xyz", NULL}},
  {REG_EXTENDED, "[a-]+", {"-a-b", NULL}},
  {REG_EXTENDED, "[-a]+", {"-a-b", NULL}},
  {REG_EXTENDED, "[a-c-e]", {"d", NULL}},
  {REG_EXTENDED, "[%--]+", {"%,-+", NULL}},
  {REG_EXTENDED, "[[:alpha:]]+", {"12abC3", NULL}},
  {REG_EXTENDED, "[[:digit:][:space:]]+", {"ab 12 3x", NULL}},
  {REG_EXTENDED, "[[:upper:]]+", {"abCDe", NULL}},
  {REG_EXTENDED, "[[:lower:]]+", {"ABcdE", NULL}},
  {REG_EXTENDED, "[[:xdigit:]]+", {"xxDEADbeefgg", NULL}},
  {REG_EXTENDED, "[[:punct:]]+", {"ab!@#cd", NULL}},
  {REG_EXTENDED, "[[:alnum:]_]+", {"-a_1-", NULL}},
  {REG_EXTENDED, "[[:blank:]]", {"a\tb", NULL}},
  {REG_EXTENDED, "[[:cntrl:]]", {"ab\001", NULL}},
  {REG_EXTENDED, "[[:graph:]]+", {" ab c", NULL}},
  {REG_EXTENDED, "[[:print:]]+", {"\tab c\n", NULL}},
  {REG_EXTENDED, "[[.a.]]+", {"baab", NULL}},
  {REG_EXTENDED, "[[.-.]]", {"a-b", NULL}},
  {REG_EXTENDED, "[[=a=]]+", {"bab", NULL}},
  {REG_EXTENDED, "[[.a.]-c]+", {"xabcd", NULL}},
  {REG_EXTENDED, "[a-[.c.]]+", {"xabcd", NULL}},
  {REG_EXTENDED, "[\\]]", {"\\", "]", NULL}},
  {REG_EXTENDED, "[\\n]", {"n", "\\", NULL}},
  {REG_EXTENDED, "\\w+", {"  foo_bar1 ", NULL}},
  {REG_EXTENDED, "\\W+", {"ab  ,cd", NULL}},
  {REG_EXTENDED, "\\s+", {"ab \t\ncd", NULL}},
  {REG_EXTENDED, "\\S+", {"  abc  ", NULL}},
  {REG_EXTENDED, "\\bfoo\\b", {"a foo b", "foobar", "foo", NULL}},
  {REG_EXTENDED, "\\Boo\\B", {"foo", "fooo", NULL}},
  {REG_EXTENDED, "\\<a", {"ba a", NULL}},
  {REG_EXTENDED, "a\\>", {"ab a", NULL}},
  {REG_EXTENDED, "\\`a", {"a", "ba", NULL}},
  {REG_EXTENDED, "a\\'", {"ab", "ba", NULL}},
  {REG_EXTENDED, "\\B", {"", "ab", " ", NULL}},
  {REG_EXTENDED, "\\b", {"", " a", NULL}},
  {REG_EXTENDED, "(a)\\1", {"aa", "ab", NULL}},
  {REG_EXTENDED, "(a*)\\1", {"aaaa", "aaa", "b", NULL}},
  {REG_EXTENDED, "(a|b)*\\1", {"abb", "aba", NULL}},
  {REG_EXTENDED, "([a-c]*)\\1", {"abcabc", "abab", NULL}},
  {REG_EXTENDED, "(x)?\\1", {"x", "xx", NULL}},
  {REG_EXTENDED, "((a)|b)\\2", {"aa", "bb", NULL}},
  {REG_EXTENDED, "(a)(b)\\2\\1", {"abba", NULL}},
  {REG_EXTENDED, "\\(a\\)", {"(a)", NULL}},
  {REG_EXTENDED, "a\\|b", {"|", "a", NULL}},
  {REG_EXTENDED, "\\{", {"{", NULL}},
  {REG_EXTENDED, "a\\+", {"a+", NULL}},
  {REG_EXTENDED, "\\.", {"a.", NULL}},
  {REG_EXTENDED, "\\a", {"a", NULL}},
  {REG_EXTENDED, "a)", {"a)", NULL}},
  {REG_EXTENDED, ")", {")", NULL}},
  {REG_EXTENDED, "a{1", {NULL}},
  {REG_EXTENDED, "a{1,2", {NULL}},
  {REG_EXTENDED, "a{x}", {NULL}},
  {REG_EXTENDED, "a{2,1}", {NULL}},
  {REG_EXTENDED, "a{1,2,3}", {NULL}},
  {REG_EXTENDED, "a{}", {NULL}},
  {REG_EXTENDED, "a{,}", {"aaa", NULL}},
  {REG_EXTENDED, "a{32768}", {NULL}},
  {REG_EXTENDED, "a{", {NULL}},
  {REG_EXTENDED, "{1}", {NULL}},
  {REG_EXTENDED, "*a", {NULL}},
  {REG_EXTENDED, "+a", {NULL}},
  {REG_EXTENDED, "?a", {NULL}},
  {REG_EXTENDED, "a|*b", {NULL}},
  {REG_EXTENDED, "(*a)", {NULL}},
  {REG_EXTENDED, "^*", {NULL}},
  {REG_EXTENDED, "a(", {NULL}},
  {REG_EXTENDED, "a(b", {NULL}},
  {REG_EXTENDED, "(", {NULL}},
  {REG_EXTENDED, "()", {"x", NULL}},
  {REG_EXTENDED, "(|)", {"x", NULL}},
  {REG_EXTENDED, "a||b", {"b", "", NULL}},
  {REG_EXTENDED, "|a", {"a", NULL}},
  {REG_EXTENDED, "a|", {"b", NULL}},
  {REG_EXTENDED, "[a", {NULL}},
  {REG_EXTENDED, "[", {NULL}},
  {REG_EXTENDED, "[^", {NULL}},
  {REG_EXTENDED, "[]", {NULL}},
  {REG_EXTENDED, "[[:foo:]]", {NULL}},
  {REG_EXTENDED, "[[:alpha:]", {NULL}},
  {REG_EXTENDED, "[[:alpha:]-z]", {NULL}},
  {REG_EXTENDED, "[a-[:alpha:]]", {NULL}},
  {REG_EXTENDED, "[z-a]", {NULL}},
  {REG_EXTENDED, "[a-a]", {"a", NULL}},
  {REG_EXTENDED, "[[.ab.]]", {NULL}},
  {REG_EXTENDED, "[[=ab=]]", {NULL}},
  {REG_EXTENDED, "[[.", {NULL}},
  {REG_EXTENDED, "[a-b-c]", {NULL}},
  {REG_EXTENDED, "[--a]", {"-", NULL}},
  {REG_EXTENDED, "a\\", {NULL}},
  {REG_EXTENDED, "\\1", {NULL}},
  {REG_EXTENDED, "(a)\\2", {NULL}},
  {REG_EXTENDED, "(a)|\\1", {NULL}},
  {REG_EXTENDED, "(a\\1)", {NULL}},
  {REG_EXTENDED, "[\200-\201]", {NULL}},
  {REG_EXTENDED, "a[[:alpha:]]{2}z", {"abcz", "abz", NULL}},
  {REG_EXTENDED, "(a(b(c(d))))", {"abcd", NULL}},
  {REG_EXTENDED, "((((((((((a))))))))))", {"a", NULL}},
  {REG_EXTENDED, "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)", {"abcdefghijk", NULL}},
  {REG_EXTENDED, "(.)(.)(.)(.)(.)(.)(.)(.)(.)\\9", {"abcdefghii", NULL}},
  {REG_EXTENDED, "(wee|week)(knights|night)", {"weeknights", NULL}},
  {REG_EXTENDED, "(a|ab)(c|bcd)", {"abcd", NULL}},
  {REG_EXTENDED, "(.*)\\.(.*)", {"file.tar.gz", NULL}},
  {REG_EXTENDED, "([^/]*)/(.*)", {"usr/lib/x", NULL}},
  {REG_EXTENDED, "^([0-9]+)-([0-9]+)$", {"12-345", "1-", NULL}},
  {REG_EXTENDED, "([a-z]+)@([a-z]+)\\.(com|org)", {"mail me at bob@example.org now", NULL}},
  {REG_EXTENDED, "(foo|foobar)(bar)?", {"foobar", NULL}},
  {REG_EXTENDED, "(foobar|foo)(bar)?", {"foobar", NULL}},
  {REG_EXTENDED, "(a*)(a*)", {"aaa", NULL}},
  {REG_EXTENDED, "(a*?)", {"aa", NULL}},
  {REG_EXTENDED, "(a{2})*", {"aaaaa", NULL}},
  {REG_EXTENDED, "(aa|a)*", {"aaa", NULL}},
  {REG_EXTENDED, "(a|aa)*", {"aaa", NULL}},
  {REG_EXTENDED, "(a.|.a)*", {"aaaa", NULL}},
  {REG_EXTENDED, "(()|a)+b", {"ab", NULL}},
  {REG_EXTENDED, "(a|())+b", {"ab", NULL}},
  {REG_EXTENDED, "(a*)*(b)", {"b", "ab", NULL}},
  {REG_EXTENDED, "(a*|b)*", {"ab", NULL}},
  {REG_EXTENDED, "(a*|b)*c", {"abc", NULL}},
  {REG_EXTENDED, "((a)|(b))*c", {"abc", NULL}},
  {0, "abc", {"xabc", NULL}},
  {0, "a*", {"aaa", "b", NULL}},
  {0, "*a", {"*a", "a", NULL}},
  {0, "^*a", {"*a", NULL}},
  {0, "\\(*a\\)", {"*a", NULL}},
  {0, "a**", {NULL}},
  {0, "a*\\{2\\}", {NULL}},
  {0, "a\\{2\\}*", {NULL}},
  {0, "a\\{2\\}", {"aaa", NULL}},
  {0, "a\\{1,2\\}", {"aaa", NULL}},
  {0, "a\\{,2\\}", {"aaa", NULL}},
  {0, "\\{1\\}a", {NULL}},
  {0, "a\\{1", {NULL}},
  {0, "a\\{1\\}\\{2\\}", {NULL}},
  {0, "a\\+", {"aaa", "b", NULL}},
  {0, "a\\?b", {"ab", "b", NULL}},
  {0, "a\\+*", {NULL}},
  {0, "a*\\+", {"aa", NULL}},
  {0, "a+", {"a+", "aa", NULL}},
  {0, "a?", {"a?", NULL}},
  {0, "a|b", {"a|b", "a", NULL}},
  {0, "a\\|b", {"b", NULL}},
  {0, "\\(a\\)\\|b", {"b", NULL}},
  {0, "\\(a\\|b\\)*", {"abab", NULL}},
  {0, "\\(a\\)", {"a", NULL}},
  {0, "(a)", {"(a)", NULL}},
  {0, "\\(a", {NULL}},
  {0, "a\\)", {NULL}},
  {0, "\\)", {NULL}},
  {0, "\\(\\)", {"x", NULL}},
  {0, "a^b", {"a^b", NULL}},
  {0, "a$b", {"a$b", NULL}},
  {0, "^a$", {"a", NULL}},
  {0, "\\(^a\\)", {"a", "ba", NULL}},
  {0, "\\(a$\\)", {"a", NULL}},
  {0, "x\\(^a\\)", {"x^a", "xa", NULL}},
  {0, "a\\|^b", {"b", "cb", NULL}},
  {0, "a$\\|b", {"a", NULL}},
  {0, "$a", {"$a", NULL}},
  {0, "^^a", {"^a", NULL}},
  {0, "a$$", {"a$", NULL}},
  {0, "\\(a\\)\\1", {"aa", NULL}},
  {0, "\\(a*\\)b\\1", {"aabaa", "aaba", NULL}},
  {0, "\\(.\\)\\1*", {"aaab", NULL}},
  {0, "\\([ab]*\\)\\1", {"abab", "abba", NULL}},
  {0, "\\1", {NULL}},
  {0, "\\(a\\)\\2", {NULL}},
  {0, "a{1}", {"a{1}", NULL}},
  {0, "\\w\\+", {"  ab_c ", NULL}},
  {0, "\\bx\\b", {"x y", NULL}},
  {0, "\\<x\\>", {"ax x", NULL}},
  {0, "[[:digit:]]\\{2,\\}", {"a1b22c333", NULL}},
  {0, ".*", {"abc\ndef", NULL}},
  {0, "a\\{32767\\}", {NULL}},
  {0, "\\", {NULL}},
  {0, "[", {NULL}},
  {0, "a\\{1,0\\}", {NULL}},
  {REG_EXTENDED|REG_ICASE, "abc", {"xABCx", "AbC", NULL}},
  {REG_EXTENDED|REG_ICASE, "[a-c]+", {"xAbCd", NULL}},
  {REG_EXTENDED|REG_ICASE, "[^a]+", {"AaBb", NULL}},
  {REG_EXTENDED|REG_ICASE, "[[:upper:]]+", {"abCD1", NULL}},
  {REG_EXTENDED|REG_ICASE, "[[:lower:]]+", {"abCD1", NULL}},
  {REG_EXTENDED|REG_ICASE, "[Z-a]", {NULL}},
  {REG_EXTENDED|REG_ICASE, "\\A", {"a", "A", NULL}},
  {REG_EXTENDED|REG_ICASE, "\\a", {"a", "A", NULL}},
  {REG_EXTENDED|REG_ICASE, "(a)\\1", {"aA", "Aa", NULL}},
  {REG_EXTENDED|REG_ICASE, "\\W+", {"ab..CD", NULL}},
  {REG_EXTENDED|REG_ICASE, "[[=a=]]", {"A", NULL}},
  {REG_EXTENDED|REG_ICASE, "[[:UPPER:]]", {NULL}},
  {REG_ICASE, "a\\{2\\}", {"xAaA", NULL}},
  {REG_EXTENDED|REG_NEWLINE, "^b", {"a\nb", NULL}},
  {REG_EXTENDED|REG_NEWLINE, "a$", {"a\nb", NULL}},
  {REG_EXTENDED|REG_NEWLINE, "a.b", {"a\nb", "axb", NULL}},
  {REG_EXTENDED|REG_NEWLINE, "[^x]+", {"ab\ncd", NULL}},
  {REG_EXTENDED|REG_NEWLINE, "^$", {"a\n\nb", NULL}},
  {REG_EXTENDED|REG_NEWLINE, "\\`b", {"a\nb", NULL}},
  {REG_EXTENDED|REG_NEWLINE, "a\\'", {"a\nb", NULL}},
  {REG_EXTENDED|REG_NEWLINE, "\\bb", {"a\nb", NULL}},
  {REG_NEWLINE, "^b", {"a\nb", NULL}},
  {REG_EXTENDED, "^b", {"a\nb", NULL}},
  {REG_EXTENDED|REG_NOSUB, "(a)(b)", {"ab", "x", NULL}},
  {REG_NOSUB, "\\(a\\)\\1", {"aa", NULL}},
  {REG_EXTENDED|REG_NOSUB, "(", {NULL}},
};

static void print_escaped(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '\n') fputs("\\n", stdout);
    else if (c == '\t') fputs("\\t", stdout);
    else if (c < 32 || c > 126) printf("\\x%02x", c);
    else putchar(c);
  }
}

static void run(const regex_t *re, const char *subject, int eflags, size_t nmatch, const char *label) {
  regmatch_t pm[12];
  for (int i = 0; i < 12; i++) pm[i].rm_so = pm[i].rm_eo = -7;
  int r = regexec(re, subject, nmatch, pm, eflags);
  printf("  %-8s \"", label);
  print_escaped(subject, strlen(subject));
  printf("\" -> %d", r);
  for (size_t i = 0; i < 12 && (r == 0 || pm[i].rm_so != -7); i++) {
    if (pm[i].rm_so == -7 && pm[i].rm_eo == -7) break;
    printf(" (%d,%d)", (int)pm[i].rm_so, (int)pm[i].rm_eo);
  }
  printf("\n");
}

int main(void) {
  size_t n = sizeof cases / sizeof cases[0];
  for (size_t c = 0; c < n; c++) {
    regex_t re;
    memset(&re, 0, sizeof re);
    int code = regcomp(&re, cases[c].pattern, cases[c].cflags);
    char text[128];
    size_t size = regerror(code, &re, text, sizeof text);
    printf("[%zu] %s%s%s%s /", c, cases[c].cflags & REG_EXTENDED ? "E" : "B", cases[c].cflags & REG_ICASE ? "i" : "",
           cases[c].cflags & REG_NEWLINE ? "n" : "", cases[c].cflags & REG_NOSUB ? "s" : "");
    print_escaped(cases[c].pattern, strlen(cases[c].pattern));
    printf("/ regcomp %d \"%s\" (%zu)", code, text, size);
    if (code != 0) {
      printf("\n");
      continue;
    }
    printf(" re_nsub %zu\n", re.re_nsub);
    for (int s = 0; cases[c].subjects[s] != NULL; s++) {
      const char *subject = cases[c].subjects[s];
      run(&re, subject, 0, 12, "all");
      run(&re, subject, REG_NOTBOL, 12, "notbol");
      run(&re, subject, REG_NOTEOL, 12, "noteol");
      run(&re, subject, 0, 2, "nmatch2");
      run(&re, subject, 0, 0, "nmatch0");
    }
    regfree(&re);
  }

  // REG_STARTEND: the range [rm_so, rm_eo) of the string, NULs included; offsets from the string.
  static const struct {
    int cflags;
    const char *pattern;
    const char *subject;
    size_t length;
    int so, eo, eflags;
  } ranges[] = {
      {REG_EXTENDED, "b+", "aabbbcc", 7, 3, 7, 0},
      {REG_EXTENDED, "^b", "aabbbcc", 7, 2, 7, 0},
      {REG_EXTENDED | REG_NEWLINE, "^b", "a\nbc", 4, 2, 4, 0},
      {REG_EXTENDED, "c$", "abcd", 4, 0, 3, 0},
      {REG_EXTENDED, "c$", "abcd", 4, 0, 3, REG_NOTEOL},
      {REG_EXTENDED, "a.b", "xa\0bx", 5, 0, 5, 0},
      {REG_EXTENDED, "a[^x]b", "xa\0bx", 5, 0, 5, 0},
      {REG_EXTENDED, "\\bb", "abc", 3, 1, 3, 0},
      {REG_EXTENDED, "(x)(y)?", "zzxq", 4, 1, 4, 0},
      {REG_EXTENDED, "q", "zzxq", 4, 1, 3, 0},
      {REG_EXTENDED, "", "abc", 3, 3, 3, 0},
      {REG_EXTENDED | REG_NOSUB, "b", "abc", 3, 1, 3, 0},
  };
  for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
    regex_t re;
    regcomp(&re, ranges[i].pattern, ranges[i].cflags);
    regmatch_t pm[3] = {{ranges[i].so, ranges[i].eo}, {-7, -7}, {-7, -7}};
    int r = regexec(&re, ranges[i].subject, 3, pm, REG_STARTEND | ranges[i].eflags);
    printf("startend %zu /%s/ [%d,%d) -> %d (%d,%d) (%d,%d) (%d,%d)\n", i, ranges[i].pattern, ranges[i].so, ranges[i].eo, r,
           (int)pm[0].rm_so, (int)pm[0].rm_eo, (int)pm[1].rm_so, (int)pm[1].rm_eo, (int)pm[2].rm_so, (int)pm[2].rm_eo);
    regfree(&re);
  }

  // regerror: sizes with the NUL, truncation, a zero-sized buffer, every code.
  for (int code = 0; code <= 16; code++) {
    char small[8];
    memset(small, 'X', sizeof small);
    size_t size = regerror(code, NULL, small, sizeof small);
    size_t none = regerror(code, NULL, NULL, 0);
    printf("regerror %d: %zu %zu \"%s\"\n", code, size, none, small);
  }

  // Bad eflags, and a regex_t reused after regfree.
  regex_t re;
  regcomp(&re, "a", REG_EXTENDED);
  printf("bad eflags -> %d\n", regexec(&re, "a", 0, NULL, 8));
  regfree(&re);
  printf("recompile -> %d", regcomp(&re, "(b)", REG_EXTENDED));
  regmatch_t pm[2] = {{-7, -7}, {-7, -7}};
  int r = regexec(&re, "abc", 2, pm, 0);
  printf(" exec %d (%d,%d)\n", r, (int)pm[1].rm_so, (int)pm[1].rm_eo);
  regfree(&re);
  return 0;
}
