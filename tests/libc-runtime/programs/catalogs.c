// X/Open message catalogs (src/libc/locale/message-catalogs.ts): catopen by path and through
// NLSPATH templates (%N, %L, %l, %t, %c, %%, empty templates, LANG and NL_CAT_LOCALE), catgets hits
// and misses (ENOMSG), bad descriptors (EBADF), a file that is not a catalog; plus ctermid and
// mremap (issue 6 coverage). The catalog is gencat's output for a small message file, written
// to /tmp by the program.
#define _GNU_SOURCE
#include <errno.h>
#include <nl_types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalogs-data.h"

static void write_catalog(const char *path) {
  FILE *f = fopen(path, "wb");
  fwrite(msgs_cat, 1, msgs_cat_len, f);
  fclose(f);
}

static void lookups(nl_catd c) {
  int pairs[][2] = {{1, 1}, {1, 2}, {1, 3}, {2, 1}, {2, 5}, {7, 3}, {3, 1}, {0, 0}};
  for (unsigned i = 0; i < sizeof pairs / sizeof *pairs; i++) {
    errno = 0;
    char *s = catgets(c, pairs[i][0], pairs[i][1], "(default)");
    int e = errno;
    printf("  catgets(%d, %d) = [%s] errno %d\n", pairs[i][0], pairs[i][1], s, e);
  }
}

static void try_open(const char *what, const char *name, int flag) {
  errno = 0;
  nl_catd c = catopen(name, flag);
  int e = errno;
  printf("%s: %s errno %d\n", what, c == (nl_catd)-1 ? "failed" : "opened", c == (nl_catd)-1 ? e : 0);
  if (c != (nl_catd)-1) {
    lookups(c);
    printf("  catclose %d\n", catclose(c));
  }
}

int main(void) {
  mkdir("/tmp/catalogs-test", 0755);
  mkdir("/tmp/catalogs-test/de", 0755);
  mkdir("/tmp/catalogs-test/de_AT", 0755);
  mkdir("/tmp/catalogs-test/utf", 0755);
  write_catalog("/tmp/catalogs-test/msgs.cat");
  write_catalog("/tmp/catalogs-test/de/msgs.cat");
  write_catalog("/tmp/catalogs-test/de_AT/x.cat");
  write_catalog("/tmp/catalogs-test/utf/AT-UTF-8%.cat");

  try_open("by path", "/tmp/catalogs-test/msgs.cat", 0);
  try_open("missing path", "/tmp/catalogs-test/none.cat", 0);
  try_open("not a catalog", "/etc/hostname", 0);
  try_open("a directory", "/tmp/catalogs-test", 0);
  unsetenv("NLSPATH");
  try_open("no NLSPATH", "msgs.cat", 0);
  setenv("NLSPATH", "/tmp/catalogs-test/%N", 1);
  try_open("NLSPATH %N", "msgs.cat", 0);
  setenv("LANG", "de_AT.UTF-8", 1);
  setenv("NLSPATH", "/nowhere/%N:/tmp/catalogs-test/%l/%N", 1);
  try_open("NLSPATH %l with LANG", "msgs.cat", 0);
  try_open("NLSPATH %l with NL_CAT_LOCALE", "msgs.cat", NL_CAT_LOCALE);
  setenv("NLSPATH", "/tmp/catalogs-test/%l_%t/%N", 1);
  try_open("NLSPATH %l_%t", "x.cat", 0);
  setenv("NLSPATH", "/tmp/catalogs-test/utf/%t-%c%%.cat", 1);
  try_open("NLSPATH %t-%c%%", "ignored", 0);
  setenv("NLSPATH", "/tmp/catalogs-test/%q/%N:/tmp/catalogs-test/%N", 1);
  try_open("unknown %q skipped", "msgs.cat", 0);
  chdir("/tmp/catalogs-test");
  setenv("NLSPATH", ":/nowhere", 1);
  try_open("empty template is the name", "msgs.cat", 0);
  chdir("/");

  errno = 0;
  char *s = catgets((nl_catd)-1, 1, 1, "fallback");
  int e = errno;
  printf("catgets(-1) = [%s] errno %d\n", s, e);
  errno = 0;
  int r = catclose((nl_catd)-1);
  e = errno;
  printf("catclose(-1) = %d errno %d\n", r, e);

  char buffer[L_ctermid];
  char *t = ctermid(buffer);
  printf("ctermid(buffer) = %s same %d\n", t, t == buffer);
  char *t1 = ctermid(NULL);
  char *t2 = ctermid(NULL);
  printf("ctermid(NULL) = %s static %d\n", t1, t1 == t2);

  size_t page = 4096;
  char *p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  strcpy(p, "kept across mremap");
  char *q = mremap(p, 2 * page, 8 * page, MREMAP_MAYMOVE);
  printf("mremap grow: %s [%s]\n", q == MAP_FAILED ? "failed" : "ok", q == MAP_FAILED ? "" : q);
  q[7 * page] = 'x';
  char *r2 = mremap(q, 8 * page, page, 0);
  printf("mremap shrink in place: %d [%s]\n", r2 == q, r2);
  errno = 0;
  char *bad = mremap(q, page, 4 * page, 0x40);
  e = errno;
  printf("mremap bad flags: %d errno %d\n", bad == MAP_FAILED, e);
  errno = 0;
  bad = mremap((char *)q + 1, page, page, 0);
  e = errno;
  printf("mremap unaligned: %d errno %d\n", bad == MAP_FAILED, e);
  munmap(r2, page);

  unlink("/tmp/catalogs-test/msgs.cat");
  unlink("/tmp/catalogs-test/de/msgs.cat");
  unlink("/tmp/catalogs-test/de_AT/x.cat");
  unlink("/tmp/catalogs-test/utf/AT-UTF-8%.cat");
  rmdir("/tmp/catalogs-test/de");
  rmdir("/tmp/catalogs-test/de_AT");
  rmdir("/tmp/catalogs-test/utf");
  rmdir("/tmp/catalogs-test");
  return 0;
}
