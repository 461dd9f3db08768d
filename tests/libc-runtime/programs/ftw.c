// ftw/nftw over trees the program makes under /tmp. Where a directory holds several entries the
// callback lines are sorted before printing (readdir order depends on the file system); the
// chain tree (one entry per directory) is printed in callback order.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];
static size_t root_length;
static char lines[200][600];
static int line_count;
static int sorted;
static const char *stop_at;
static int stop_value;

static const char *kind_name(int kind) {
  switch (kind) {
    case FTW_F: return "F";
    case FTW_D: return "D";
    case FTW_DNR: return "DNR";
    case FTW_NS: return "NS";
    case FTW_SL: return "SL";
    case FTW_DP: return "DP";
    case FTW_SLN: return "SLN";
  }
  return "?";
}

static const char *relative(const char *path) {
  return strncmp(path, root, root_length) == 0 ? (path[root_length] ? path + root_length + 1 : ".") : path;
}

static void emit(const char *line) {
  if (sorted) snprintf(lines[line_count++], sizeof lines[0], "%s", line);
  else printf("  %s\n", line);
}

static int visit(const char *path, const struct stat *st, int kind, struct FTW *ftw) {
  char line[600], where[300] = "";
  const char *name = path + ftw->base;
  // With FTW_CHDIR the current directory is the entry's own directory: its name works alone.
  char cwd[256];
  if (getcwd(cwd, sizeof cwd) != NULL && strncmp(cwd, root, root_length) == 0)
    snprintf(where, sizeof where, " cwd=%s access=%d", relative(cwd), kind == FTW_SLN ? -2 : access(name, F_OK));
  snprintf(line, sizeof line, "%s %s base=%d level=%d name=%s%s%s", kind_name(kind), relative(path), ftw->base - (int)(strncmp(path, root, root_length) == 0 ? root_length : 0), ftw->level, name,
           kind == FTW_NS ? "" : S_ISDIR(st->st_mode) ? " dir" : S_ISLNK(st->st_mode) ? " link" : " file", where);
  emit(line);
  if (stop_at != NULL && strcmp(name, stop_at) == 0) return stop_value;
  return 0;
}

static int visit_ftw(const char *path, const struct stat *st, int kind) {
  char line[200];
  snprintf(line, sizeof line, "ftw %s %s%s", kind_name(kind), relative(path),
           kind == FTW_NS ? "" : S_ISDIR(st->st_mode) ? " dir" : " other");
  emit(line);
  return 0;
}

static int compare_lines(const void *a, const void *b) { return strcmp(a, b); }

static void finish(const char *what, int result) {
  if (sorted) {
    qsort(lines, line_count, sizeof lines[0], compare_lines);
    for (int i = 0; i < line_count; i++) printf("  %s\n", lines[i]);
  }
  printf("%s -> %d (errno %s)\n", what, result, result == -1 ? strerror(errno) : "-");
  line_count = 0;
}

static void make(const char *relative_path, char type, const char *target) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", root, relative_path);
  if (type == 'd' && mkdir(path, 0755) != 0) perror(path);
  if (type == 'f') {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) perror(path);
    close(fd);
  }
  if (type == 'l' && symlink(target, path) != 0) perror(path);
}

static int remove_entry(const char *path, const struct stat *st, int kind, struct FTW *ftw) {
  (void)st, (void)ftw;
  return kind == FTW_DP ? rmdir(path) : unlink(path);
}

int main(void) {
  strcpy(root, "/tmp/miros-ftw-XXXXXX");
  if (mkdtemp(root) == NULL) return 1;
  root_length = strlen(root);
  make("c1", 'd', 0);
  make("c1/c2", 'd', 0);
  make("c1/c2/c3", 'd', 0);
  make("c1/c2/c3/leaf", 'f', 0);
  make("wide", 'd', 0);
  make("wide/a", 'f', 0);
  make("wide/b", 'f', 0);
  make("wide/sub", 'd', 0);
  make("wide/sub/x", 'f', 0);
  make("wide/sub/y", 'f', 0);
  make("wide/skipme", 'd', 0);
  make("wide/skipme/hidden", 'f', 0);
  make("wide/dangling", 'l', "no-such-target");
  make("wide/to-sub", 'l', "sub");
  make("wide/sub/loop", 'l', "..");
  make("wide/to-a", 'l', "a");

  char chain[128], wide[128];
  snprintf(chain, sizeof chain, "%s/c1", root);
  snprintf(wide, sizeof wide, "%s/wide", root);
  int errno_before;

  finish("nftw chain 0", nftw(chain, visit, 10, 0));
  finish("nftw chain DEPTH", nftw(chain, visit, 10, FTW_DEPTH));
  finish("nftw chain DEPTH|CHDIR", nftw(chain, visit, 10, FTW_DEPTH | FTW_CHDIR));
  finish("nftw chain CHDIR", nftw(chain, visit, 1, FTW_CHDIR));
  finish("nftw chain descriptors 1", nftw(chain, visit, 1, 0));
  finish("nftw chain descriptors 0 PHYS", nftw(chain, visit, 0, FTW_PHYS));
  char slashes[140];
  snprintf(slashes, sizeof slashes, "%s/c1///", root);
  finish("nftw trailing slashes", nftw(slashes, visit, 5, 0));
  stop_at = "c3";
  stop_value = 42;
  finish("nftw stop 42 at c3", nftw(chain, visit, 5, 0));
  stop_value = FTW_STOP;
  finish("nftw ACTIONRETVAL STOP at c3", nftw(chain, visit, 5, FTW_ACTIONRETVAL));
  stop_value = FTW_SKIP_SIBLINGS;
  finish("nftw ACTIONRETVAL SKIP_SIBLINGS at c3", nftw(chain, visit, 5, FTW_ACTIONRETVAL));
  stop_value = FTW_SKIP_SUBTREE;
  finish("nftw ACTIONRETVAL SKIP_SUBTREE at c3 DEPTH", nftw(chain, visit, 5, FTW_ACTIONRETVAL | FTW_DEPTH));

  sorted = 1;
  stop_at = "skipme";
  finish("nftw wide ACTIONRETVAL SKIP_SUBTREE at skipme", nftw(wide, visit, 10, FTW_ACTIONRETVAL));
  stop_at = NULL;
  finish("nftw wide 0", nftw(wide, visit, 10, 0));
  finish("nftw wide PHYS", nftw(wide, visit, 10, FTW_PHYS));
  finish("nftw wide PHYS|DEPTH|MOUNT", nftw(wide, visit, 2, FTW_PHYS | FTW_DEPTH | FTW_MOUNT));
  finish("nftw wide descriptors 1", nftw(wide, visit, 1, 0));
  finish("ftw wide", ftw(wide, visit_ftw, 3));
  finish("ftw64 chain", ftw64(chain, (int (*)(const char *, const struct stat64 *, int))visit_ftw, 3));
  sorted = 0;

  char file[140], dangling[140];
  snprintf(file, sizeof file, "%s/wide/a", root);
  snprintf(dangling, sizeof dangling, "%s/wide/dangling", root);
  finish("nftw file", nftw(file, visit, 5, 0));
  finish("nftw dangling", nftw(dangling, visit, 5, 0));
  finish("nftw dangling PHYS", nftw(dangling, visit, 5, FTW_PHYS));
  errno = 0;
  finish("nftw missing", nftw("/tmp/miros-ftw-no-such-dir", visit, 5, 0));
  finish("nftw empty", nftw("", visit, 5, 0));
  finish("nftw bad flags", nftw(chain, visit, 5, 0x40));
  errno_before = errno = 7;
  int result = nftw(chain, visit, 5, FTW_PHYS);
  printf("errno after success: %d (was %d)\n", errno, errno_before);
  finish("nftw errno", result);

  finish("remove tree", nftw(root, remove_entry, 5, FTW_DEPTH | FTW_PHYS));
  struct stat st;
  printf("root gone: %d\n", stat(root, &st) != 0);
  return 0;
}
