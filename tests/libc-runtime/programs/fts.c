// fts (src/libc/fts/fts-functions.ts) over a tree made under /tmp: physical and logical walks,
// NOCHDIR, SEEDOT, NOSTAT, COMFOLLOW, XDEV, a comparison function for the order, fts_children
// (and FTS_NAMEONLY), fts_set (SKIP, AGAIN, FOLLOW), symbolic links (dangling, to a directory, a
// cycle), an unreadable directory, several roots, errors; every field a program reads.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <fts.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *info_name(int info) {
  static const char *names[] = {"?",  "D",    "DC", "DEFAULT", "DNR", "DOT",  "DP",     "ERR",
                                "F",  "INIT", "NS", "NSOK",    "SL",  "SLNONE", "W"};
  return info >= 0 && info <= 14 ? names[info] : "?";
}

static int by_name(const FTSENT **a, const FTSENT **b) { return strcmp((*a)->fts_name, (*b)->fts_name); }
static int by_name_reversed(const FTSENT **a, const FTSENT **b) { return -strcmp((*a)->fts_name, (*b)->fts_name); }

static void show(const FTSENT *e, int options) {
  printf("  %-6s level %d path %s name %s namelen %d pathlen %d", info_name(e->fts_info), e->fts_level, e->fts_path,
         e->fts_name, e->fts_namelen, e->fts_pathlen);
  printf(" accpath %s", e->fts_accpath == e->fts_name ? "=name" : e->fts_accpath == e->fts_path ? "=path" : e->fts_accpath);
  if (e->fts_errno) printf(" errno %d", e->fts_errno);
  if (!(options & FTS_NOSTAT) && e->fts_info != FTS_NSOK && e->fts_info != FTS_DP && e->fts_info != FTS_DC)
    printf(" size %lld", (long long)(S_ISREG(e->fts_statp->st_mode) ? e->fts_statp->st_size : -1));
  if (e->fts_info == FTS_DC) printf(" cycle %s", e->fts_cycle->fts_name);
  printf(" parent-level %d\n", e->fts_parent ? e->fts_parent->fts_level : -9);
}

static void walk(const char *title, char *const *roots, int options, int (*compar)(const FTSENT **, const FTSENT **)) {
  printf("%s:\n", title);
  errno = 0;
  FTS *fts = fts_open(roots, options, compar);
  if (!fts) {
    printf("  fts_open failed errno %d\n", errno);
    return;
  }
  FTSENT *e;
  while ((e = fts_read(fts)) != NULL) show(e, options);
  printf("  end errno %d\n", errno);
  char cwd[256];
  printf("  fts_close %d cwd %s\n", fts_close(fts), getcwd(cwd, sizeof cwd));
}

static void make(const char *path, const char *content) {
  FILE *f = fopen(path, "w");
  fputs(content, f);
  fclose(f);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  system("rm -rf /tmp/fts-test");
  chdir("/tmp");
  mkdir("fts-test", 0755);
  mkdir("fts-test/a", 0755);
  mkdir("fts-test/a/deep", 0755);
  mkdir("fts-test/b", 0755);
  mkdir("fts-test/empty", 0755);
  mkdir("fts-test/locked", 0755);
  make("fts-test/a/one", "1");
  make("fts-test/a/deep/two", "22");
  make("fts-test/b/three", "333");
  make("fts-test/z", "zzzz");
  make("fts-test/locked/hidden", "h");
  symlink("a", "fts-test/link-to-a");
  symlink("nowhere", "fts-test/dangling");
  symlink("..", "fts-test/a/deep/up");
  chmod("fts-test/locked", 0);
  // Root may read anything: the unreadable directory is only unreadable for others.
  int root = geteuid() == 0;

  char *tree[] = {"fts-test", NULL};
  walk("physical, sorted", tree, FTS_PHYSICAL, by_name);
  walk("physical nochdir, reversed", tree, FTS_PHYSICAL | FTS_NOCHDIR, by_name_reversed);
  walk("logical, sorted", tree, FTS_LOGICAL, by_name);
  walk("physical seedot, sorted", tree, FTS_PHYSICAL | FTS_SEEDOT, by_name);
  walk("physical nostat, sorted", tree, FTS_PHYSICAL | FTS_NOSTAT, by_name);
  walk("physical xdev, sorted", tree, FTS_PHYSICAL | FTS_XDEV, by_name);
  char *roots[] = {"fts-test/z", "fts-test/b", "fts-test/link-to-a", "fts-test/dangling", "/tmp/fts-test/empty/", NULL};
  walk("several roots, given order", roots, FTS_PHYSICAL, NULL);
  walk("several roots, comfollow, sorted", roots, FTS_PHYSICAL | FTS_COMFOLLOW, by_name);
  char *missing[] = {"fts-test/none", "fts-test/a/one", NULL};
  walk("missing root", missing, FTS_PHYSICAL, NULL);
  char *empty_name[] = {"fts-test", "", NULL};
  walk("empty root name", empty_name, FTS_PHYSICAL, NULL);
  walk("bad options", tree, 0x1000, NULL);

  // fts_set and fts_children.
  printf("fts_set and fts_children:\n");
  FTS *fts = fts_open(tree, FTS_PHYSICAL, by_name);
  FTSENT *top = fts_children(fts, 0);
  for (FTSENT *r = top; r; r = r->fts_link) printf("  root from fts_children: %s info %s\n", r->fts_name, info_name(r->fts_info));
  FTSENT *e;
  int again = 0;
  while ((e = fts_read(fts)) != NULL) {
    printf("  %s %s\n", info_name(e->fts_info), e->fts_path);
    if (e->fts_info == FTS_D && e->fts_level == 0) {
      errno = 0;
      FTSENT *c = fts_children(fts, 0);
      printf("  children (errno %d):", errno);
      for (; c; c = c->fts_link) printf(" %s/%s", c->fts_name, info_name(c->fts_info));
      printf("\n");
      c = fts_children(fts, FTS_NAMEONLY);
      printf("  names only:");
      for (; c; c = c->fts_link) printf(" %s/%s", c->fts_name, info_name(c->fts_info));
      printf("\n");
    }
    if (e->fts_info == FTS_D && strcmp(e->fts_name, "b") == 0) printf("  skip b: %d\n", fts_set(fts, e, FTS_SKIP));
    if (e->fts_info == FTS_F && strcmp(e->fts_name, "z") == 0 && !again++) printf("  again z: %d\n", fts_set(fts, e, FTS_AGAIN));
    if (e->fts_info == FTS_SL && strcmp(e->fts_name, "link-to-a") == 0) printf("  follow: %d\n", fts_set(fts, e, FTS_FOLLOW));
    if (e->fts_info == FTS_F && strcmp(e->fts_name, "one") == 0) {
      errno = 0;
      FTSENT *none = fts_children(fts, 0);
      printf("  fts_children of a file: %p errno %d\n", (void *)none, errno);
    }
  }
  errno = 0;
  int r = fts_set(fts, fts->fts_cur ? fts->fts_cur : top, 99);
  printf("  fts_set(99) = %d errno %d\n", r, errno);
  errno = 0;
  FTSENT *c = fts_children(fts, 99);
  printf("  fts_children(99) = %p errno %d\n", (void *)c, errno);
  printf("  fts_close %d\n", fts_close(fts));

  // fts_number/fts_pointer are the program's.
  fts = fts_open(tree, FTS_PHYSICAL | FTS_NOCHDIR, by_name);
  long n = 0;
  while ((e = fts_read(fts)) != NULL) {
    if (e->fts_info == FTS_D) e->fts_number = ++n;
    if (e->fts_info == FTS_DP) printf("  DP %s number %ld\n", e->fts_name, e->fts_number);
  }
  fts_close(fts);

  chmod("/tmp/fts-test/locked", 0755);
  printf("ran as root: %d\n", root);
  system("rm -rf /tmp/fts-test");
  return 0;
}
