// glob/globfree over a tree the program makes under /tmp (results are sorted or counted, so
// readdir order does not show): flags MARK, NOSORT, DOOFFS, NOCHECK, APPEND, NOESCAPE, PERIOD,
// NOMAGIC, ONLYDIR, ERR; metacharacters in directory components, trailing slashes, the error
// function, and the return codes.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];
static size_t root_length;

static const char *relative(const char *path) {
  return strncmp(path, root, root_length) == 0 ? path + root_length : path;
}

static int compare(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void show(const char *what, int result, glob_t *g, int sort) {
  printf("%s -> %d pathc %zu offs %zu magchar %d:", what, result, g->gl_pathc, g->gl_offs,
         (g->gl_flags & GLOB_MAGCHAR) != 0);
  if (g->gl_pathv != NULL) {
    for (size_t i = 0; i < g->gl_offs; i++) printf(" [%s]", g->gl_pathv[i] == NULL ? "null" : "?");
    if (sort) qsort(g->gl_pathv + g->gl_offs, g->gl_pathc, sizeof(char *), compare);
    for (size_t i = 0; i < g->gl_pathc; i++) printf(" %s", relative(g->gl_pathv[g->gl_offs + i]));
    printf(" end=%s", g->gl_pathv[g->gl_offs + g->gl_pathc] == NULL ? "null" : "?");
  } else
    printf(" (no vector)");
  printf("\n");
}

static void make(const char *relative_path, char type) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", root, relative_path);
  if (type == 'd' && mkdir(path, 0755) != 0) perror(path);
  if (type == 'f') {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) perror(path);
    close(fd);
  }
}

static int error_calls;
static int on_error(const char *path, int error) {
  error_calls++;
  printf("  errfunc(%s, %s)\n", relative(path), strerror(error));
  return 0;
}

static int pattern_glob(const char *what, const char *pattern_tail, int flags, int sort) {
  char pattern[256];
  snprintf(pattern, sizeof pattern, "%s/%s", root, pattern_tail);
  glob_t g;
  memset(&g, 0, sizeof g);
  int result = glob(pattern, flags, on_error, &g);
  show(what, result, &g, sort);
  globfree(&g);
  return result;
}

int main(void) {
  strcpy(root, "/tmp/miros-glob-XXXXXX");
  if (mkdtemp(root) == NULL) return 1;
  root_length = strlen(root);
  const char *dirs[] = {"src", "src/lib", "src/bin", "docs", ".git", "src/lib/deep"};
  const char *files[] = {"a.c", "b.c", "c.h", ".hidden.c", "src/main.c", "src/util.c", "src/util.h", "src/lib/x.c",
                         "src/lib/y.c", "src/bin/tool", "docs/readme", "star*name", "q?mark", "src/lib/deep/z.c"};
  for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) make(dirs[i], 'd');
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) make(files[i], 'f');

  pattern_glob("*.c", "*.c", 0, 0);
  pattern_glob("*.c PERIOD", "*.c", GLOB_PERIOD, 0);
  pattern_glob("* MARK", "*", GLOB_MARK, 0);
  pattern_glob("* NOSORT", "*", GLOB_NOSORT, 1);
  pattern_glob("*/ (trailing slash)", "*/", 0, 0);
  pattern_glob("*/*.c", "*/*.c", 0, 0);
  pattern_glob("*/*/*.c", "*/*/*.c", 0, 0);
  pattern_glob("s?c/l[i]b/*", "s?c/l[i]b/*", GLOB_MARK, 0);
  pattern_glob("src/*.[ch]", "src/*.[ch]", 0, 0);
  pattern_glob("src/[!m]*", "src/[!m]*", 0, 0);
  pattern_glob("*.none", "*.none", 0, 0);
  pattern_glob("*.none NOCHECK", "*.none", GLOB_NOCHECK, 0);
  pattern_glob("plain existing", "a.c", 0, 0);
  pattern_glob("plain missing", "nothing", 0, 0);
  pattern_glob("plain missing NOMAGIC", "nothing", GLOB_NOMAGIC, 0);
  pattern_glob("plain missing NOCHECK", "src/nothing", GLOB_NOCHECK, 0);
  pattern_glob("*/missing NOCHECK", "*/missing", GLOB_NOCHECK, 0);
  pattern_glob("nodir*/x NOCHECK", "nodir*/x", GLOB_NOCHECK, 0);
  pattern_glob("escaped star", "star\\*name", 0, 0);
  pattern_glob("star* NOESCAPE", "star*", GLOB_NOESCAPE, 0);
  pattern_glob("src/ ONLYDIR *", "src/*", GLOB_ONLYDIR | GLOB_MARK, 0);
  pattern_glob("src/lib/ (dir with slash)", "src/lib/", 0, 0);
  pattern_glob("a.c/* (not a directory)", "a.c/*", 0, 0);

  // DOOFFS and APPEND.
  char pattern[256];
  glob_t g;
  memset(&g, 0, sizeof g);
  g.gl_offs = 2;
  snprintf(pattern, sizeof pattern, "%s/*.h", root);
  int result = glob(pattern, GLOB_DOOFFS, NULL, &g);
  show("DOOFFS *.h", result, &g, 0);
  snprintf(pattern, sizeof pattern, "%s/src/*.c", root);
  result = glob(pattern, GLOB_DOOFFS | GLOB_APPEND, NULL, &g);
  show("DOOFFS|APPEND src/*.c", result, &g, 0);
  snprintf(pattern, sizeof pattern, "%s/zzz*", root);
  result = glob(pattern, GLOB_DOOFFS | GLOB_APPEND, NULL, &g);
  show("DOOFFS|APPEND no match", result, &g, 0);
  globfree(&g);
  printf("after globfree pathv %p\n", (void *)g.gl_pathv);

  // Unreadable directory: the error function and GLOB_ERR (root reads everything, so use a file
  // standing where a directory is expected: that is ENOTDIR, which glob ignores) and a missing one.
  error_calls = 0;
  pattern_glob("missing/* ERR", "missing/*", GLOB_ERR, 0);
  printf("error calls %d\n", error_calls);

  // Relative patterns from inside the tree.
  if (chdir(root) != 0) perror("chdir");
  memset(&g, 0, sizeof g);
  result = glob("*", GLOB_MARK, NULL, &g);
  show("relative * MARK", result, &g, 0);
  globfree(&g);
  memset(&g, 0, sizeof g);
  result = glob("src/*/*", 0, NULL, &g);
  show("relative src/*/*", result, &g, 0);
  globfree(&g);
  memset(&g, 0, sizeof g);
  result = glob("./s*", 0, NULL, &g);
  show("relative ./s*", result, &g, 0);
  globfree(&g);
  memset(&g, 0, sizeof g);
  result = glob("/", GLOB_MARK, NULL, &g);
  show("root /", result, &g, 0);
  globfree(&g);
  memset(&g, 0, sizeof g);
  errno = 0;
  result = glob("*", 1 << 20, NULL, &g);
  printf("bad flags -> %d errno %s\n", result, strerror(errno));
  if (chdir("/") != 0) perror("chdir /");

  // Clean up.
  for (int i = (int)(sizeof files / sizeof *files) - 1; i >= 0; i--) {
    snprintf(pattern, sizeof pattern, "%s/%s", root, files[i]);
    unlink(pattern);
  }
  for (int i = (int)(sizeof dirs / sizeof *dirs) - 1; i >= 0; i--) {
    snprintf(pattern, sizeof pattern, "%s/%s", root, dirs[i]);
    if (rmdir(pattern) != 0) perror(pattern);
  }
  if (rmdir(root) != 0) perror(root);
  return 0;
}
