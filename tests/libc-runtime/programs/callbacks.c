// libc functions that call back into the program: scandir/scandirat (filter, comparator, errno)
// over a directory tree the program makes under /tmp, lfind/lsearch. Only names are printed, and
// never in readdir order (which depends on the file system), so the output is machine-independent.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];
static int filter_calls;

static void make(const char *relative, int directory) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", root, relative);
  if (directory) {
    if (mkdir(path, 0755) != 0) perror(path);
  } else {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) perror(path);
    if (write(fd, relative, strlen(relative)) < 0) perror("write");
    close(fd);
  }
}

// Keeps names without a leading dot; sets errno to show that scandir ignores it.
static int visible(const struct dirent *entry) {
  filter_calls++;
  errno = EPERM;
  return entry->d_name[0] != '.';
}

static int reverse(const struct dirent **a, const struct dirent **b) {
  return strcmp((*b)->d_name, (*a)->d_name);
}

static int by_length(const struct dirent **a, const struct dirent **b) {
  size_t la = strlen((*a)->d_name), lb = strlen((*b)->d_name);
  if (la != lb) return la < lb ? -1 : 1;
  return strcmp((*a)->d_name, (*b)->d_name);
}

static void list(const char *what, struct dirent **names, int n) {
  printf("%s: %d", what, n);
  for (int i = 0; i < n; i++) {
    printf(" %s(%s,%d)", names[i]->d_name, names[i]->d_type == DT_DIR ? "dir" : names[i]->d_type == DT_REG ? "reg" : "?",
           names[i]->d_reclen >= 19 + (int)strlen(names[i]->d_name) + 1);
    free(names[i]);
  }
  printf("\n");
  free(names);
}

static int compare_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

int main(void) {
  strcpy(root, "/tmp/miros-callbacks-XXXXXX");
  if (mkdtemp(root) == NULL) return 1;
  const char *dirs[] = {"alpha", "beta", "beta/inner", ".hidden"};
  const char *files[] = {"zeta.txt", "a", "mid-name", "beta/one", "beta/two", "beta/inner/deep", ".dotfile",
                         "0digit"};
  for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) make(dirs[i], 1);
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) make(files[i], 0);
  for (int i = 0; i < 30; i++) {
    char name[32];
    snprintf(name, sizeof name, "many-%02d", i);
    make(name, 0);
  }

  struct dirent **names;
  errno = 1234;
  int n = scandir(root, &names, NULL, alphasort);
  printf("errno after success %d\n", errno);
  list("all alphasort", names, n);
  n = scandir(root, &names, visible, reverse);
  printf("filter calls %d, errno %d\n", filter_calls, errno);
  list("visible reverse", names, n);
  n = scandir(root, &names, visible, by_length);
  list("visible by length", names, n);
  n = scandir(root, &names, NULL, NULL);
  for (int i = 0; i < n; i++) free(names[i]);
  free(names);
  printf("unsorted count %d\n", n);

  int fd = open(root, O_RDONLY | O_DIRECTORY);
  n = scandirat(fd, "beta", &names, NULL, alphasort);
  list("scandirat beta", names, n);
  struct dirent64 **names64;
  n = scandirat64(fd, "beta/inner", &names64, NULL, alphasort64);
  list("scandirat64 beta/inner", (struct dirent **)names64, n);
  n = scandir64(root, &names64, NULL, versionsort64);
  printf("scandir64 versionsort count %d\n", n);
  for (int i = 0; i < n; i++) free(names64[i]);
  free(names64);
  close(fd);

  errno = 0;
  n = scandir("/tmp/miros-callbacks-does-not-exist", &names, NULL, alphasort);
  printf("missing: %d %s\n", n, strerror(errno));
  char file[128];
  snprintf(file, sizeof file, "%s/a", root);
  errno = 0;
  n = scandir(file, &names, NULL, alphasort);
  printf("file: %d %s\n", n, strerror(errno));
  errno = 0;
  n = scandir("", &names, NULL, alphasort);
  printf("empty: %d %s\n", n, strerror(errno));
  n = scandirat(-1, "beta", &names, NULL, alphasort);
  printf("bad fd: %d %s\n", n, strerror(errno));

  // lfind/lsearch
  int table[16] = {5, 3, 9};
  size_t count = 3;
  int keys[] = {9, 4, 5, 4, 7, 3, 8};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
    int *found = lfind(&keys[i], table, &count, sizeof(int), compare_int);
    int *added = lsearch(&keys[i], table, &count, sizeof(int), compare_int);
    printf("key %d: lfind %ld lsearch %ld count %zu\n", keys[i], found ? (long)(found - table) : -1L, (long)(added - table),
           count);
  }
  size_t zero = 0;
  printf("lfind in empty: %p\n", lfind(&keys[0], table, &zero, sizeof(int), compare_int));

  // Clean up.
  const char *all[] = {"beta/inner/deep", "beta/one", "beta/two", "zeta.txt", "a", "mid-name", ".dotfile", "0digit"};
  for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, all[i]);
    unlink(path);
  }
  for (int i = 0; i < 30; i++) {
    char path[256];
    snprintf(path, sizeof path, "%s/many-%02d", root, i);
    unlink(path);
  }
  const char *rmdirs[] = {"beta/inner", "beta", "alpha", ".hidden", ""};
  for (size_t i = 0; i < sizeof rmdirs / sizeof *rmdirs; i++) {
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, rmdirs[i]);
    if (rmdir(path) != 0) perror(path);
  }
  return 0;
}
