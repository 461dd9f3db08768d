// Files and directories in a fresh temporary directory: create, write, read back, seek (SET/CUR/
// END, past the end making a hole), pread/pwrite, stat fields that are deterministic (size,
// type, permissions under a fixed umask), ftruncate/truncate, rename, link counts, symlinks and
// readlink, fopen/fprintf/fgets through stdio buffering, errno for the usual failures; then
// mkdir, opendir/readdir (sorted, since the order is the file system's), rewinddir, rmdir,
// unlink, and getcwd/chdir. Everything made is removed at the end.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *errno_name(int e) {
  switch (e) {
    case 0: return "0";
    case ENOENT: return "ENOENT";
    case EEXIST: return "EEXIST";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case ENOTEMPTY: return "ENOTEMPTY";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case EACCES: return "EACCES";
    case ESPIPE: return "ESPIPE";
    case ELOOP: return "ELOOP";
    default: return "other";
  }
}

#define TRY(expr)                                                                   \
  do {                                                                              \
    errno = 0;                                                                      \
    long r_ = (long)(expr);                                                         \
    printf("%-44s -> %ld%s%s\n", #expr, r_, r_ < 0 ? " errno " : "", r_ < 0 ? errno_name(errno) : ""); \
  } while (0)

static void show_stat(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0) {
    printf("lstat(%s): %s\n", path, errno_name(errno));
    return;
  }
  const char *type = S_ISREG(st.st_mode)   ? "file"
                     : S_ISDIR(st.st_mode) ? "dir"
                     : S_ISLNK(st.st_mode) ? "symlink"
                                           : "other";
  printf("stat %-12s %-7s mode %04o size %lld links %ld\n", path, type, (unsigned)(st.st_mode & 07777),
         (long long)(S_ISDIR(st.st_mode) ? -1 : st.st_size), (long)(S_ISDIR(st.st_mode) ? -1 : (long)st.st_nlink));
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_directory(const char *path) {
  DIR *d = opendir(path);
  if (!d) {
    printf("opendir(%s): %s\n", path, errno_name(errno));
    return;
  }
  char *names[64];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL && n < 64) {
    char type = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : e->d_type == DT_LNK ? 'l' : '?';
    char *entry = malloc(strlen(e->d_name) + 3);
    sprintf(entry, "%s/%c", e->d_name, type);
    names[n++] = entry;
  }
  rewinddir(d);
  int again = 0;
  while (readdir(d) != NULL) again++;
  closedir(d);
  qsort(names, n, sizeof names[0], compare_names);
  printf("listing of %s (%d entries, %d after rewinddir):", path, n, again);
  for (int i = 0; i < n; i++) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
}

int main(void) {
  umask(022);
  char dir[] = "/tmp/miros-files-XXXXXX";
  if (!mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }
  char start[4096];
  if (!getcwd(start, sizeof start)) return 1;
  if (chdir(dir) != 0) return 1;
  char cwd[4096];
  printf("getcwd after chdir is the temp dir: %s\n", getcwd(cwd, sizeof cwd) && !strcmp(cwd, dir) ? "yes" : "no");

  printf("== write, read, seek ==\n");
  int fd = open("data.bin", O_CREAT | O_EXCL | O_RDWR, 0640);
  printf("open(O_CREAT|O_EXCL) fd >= 3: %s\n", fd >= 3 ? "yes" : "no");
  TRY(open("data.bin", O_CREAT | O_EXCL | O_RDWR, 0640));
  TRY(write(fd, "hello, file\n", 12));
  TRY(lseek(fd, 0, SEEK_CUR));
  TRY(lseek(fd, 0, SEEK_SET));
  char buf[256];
  memset(buf, 0, sizeof buf);
  TRY(read(fd, buf, 5));
  printf("read: [%s]\n", buf);
  TRY(lseek(fd, 2, SEEK_CUR));
  TRY(read(fd, buf, sizeof buf));
  TRY(read(fd, buf, sizeof buf));
  TRY(lseek(fd, -4, SEEK_END));
  TRY(lseek(fd, -100, SEEK_SET));
  TRY(lseek(fd, 100, SEEK_END));
  TRY(write(fd, "tail", 4));
  show_stat("data.bin");
  TRY(pread(fd, buf, 4, 20));
  printf("hole bytes are zero: %s\n", buf[0] == 0 && buf[3] == 0 ? "yes" : "no");
  TRY(pwrite(fd, "HELLO", 5, 0));
  TRY(lseek(fd, 0, SEEK_CUR));
  TRY(pread(fd, buf, 12, 0));
  printf("after pwrite: [%.11s]\n", buf);
  TRY(ftruncate(fd, 5));
  show_stat("data.bin");
  TRY(ftruncate(fd, 10000));
  show_stat("data.bin");
  TRY(truncate("data.bin", 3));
  show_stat("data.bin");
  TRY(fsync(fd));
  TRY(fchmod(fd, 0600));
  show_stat("data.bin");
  TRY(close(fd));
  TRY(close(fd));
  TRY(read(fd, buf, 1));

  printf("== larger file in blocks ==\n");
  fd = open("big.bin", O_CREAT | O_TRUNC | O_WRONLY, 0644);
  long total = 0;
  for (int block = 0; block < 64; block++) {
    for (int i = 0; i < 256; i++) buf[i] = (char)(block + i);
    total += write(fd, buf, 256);
  }
  close(fd);
  fd = open("big.bin", O_RDONLY);
  long sum = 0, got = 0;
  ssize_t r;
  while ((r = read(fd, buf, 100)) > 0) {
    for (ssize_t i = 0; i < r; i++) sum += (unsigned char)buf[i];
    got += r;
  }
  close(fd);
  printf("wrote %ld bytes, read back %ld, byte sum %ld\n", total, got, sum);

  printf("== stdio on files ==\n");
  FILE *f = fopen("text.txt", "w");
  for (int i = 1; i <= 5; i++) fprintf(f, "line %d: %s\n", i, i % 2 ? "odd" : "even");
  fputs("no newline at end", f);
  fclose(f);
  f = fopen("text.txt", "a+");
  fprintf(f, " (appended)\n");
  rewind(f);
  char line[64];
  while (fgets(line, sizeof line, f)) printf("  fgets: %s", line);
  printf("  ftell at end: %ld, feof: %d\n", ftell(f), feof(f) != 0);
  fseek(f, 7, SEEK_SET);
  printf("  fgetc after fseek(7): '%c'\n", fgetc(f));
  fclose(f);
  f = fopen("missing/nothing.txt", "r");
  printf("fopen of a missing path: %s, errno %s\n", f ? "opened (wrong)" : "NULL", errno_name(errno));

  printf("== names: rename, link, symlink, unlink ==\n");
  TRY(rename("text.txt", "renamed.txt"));
  TRY(access("text.txt", F_OK));
  TRY(access("renamed.txt", R_OK | W_OK));
  TRY(link("renamed.txt", "hardlink.txt"));
  show_stat("renamed.txt");
  TRY(symlink("renamed.txt", "symlink.txt"));
  show_stat("symlink.txt");
  ssize_t len = readlink("symlink.txt", buf, sizeof buf);
  printf("readlink: %.*s (%zd bytes)\n", (int)(len > 0 ? len : 0), buf, len);
  TRY(readlink("renamed.txt", buf, sizeof buf));
  struct stat st;
  TRY(stat("symlink.txt", &st));
  printf("stat through the symlink: size %lld\n", (long long)st.st_size);
  TRY(open("symlink.txt", O_RDONLY | O_NOFOLLOW));
  TRY(unlink("hardlink.txt"));
  show_stat("renamed.txt");

  printf("== directories ==\n");
  TRY(mkdir("sub", 0755));
  TRY(mkdir("sub", 0755));
  TRY(mkdir("sub/inner", 0700));
  TRY(mkdir("missing/child", 0755));
  show_stat("sub");
  for (int i = 0; i < 12; i++) {
    char name[32];
    snprintf(name, sizeof name, "sub/file-%02d", (i * 7) % 12);
    close(open(name, O_CREAT | O_WRONLY, 0644));
  }
  list_directory("sub");
  list_directory(".");
  TRY(rmdir("sub"));
  TRY(open("sub", O_WRONLY));
  TRY(unlink("sub"));
  TRY(chdir("sub/inner"));
  printf("getcwd ends with /sub/inner: %s\n",
         getcwd(cwd, sizeof cwd) && strlen(cwd) > 10 && !strcmp(cwd + strlen(cwd) - 10, "/sub/inner") ? "yes"
                                                                                                     : "no");
  TRY(chdir(".."));
  TRY(rmdir("inner"));
  TRY(chdir(".."));
  TRY(chdir("renamed.txt"));
  TRY(opendir("renamed.txt") != NULL);
  for (int i = 0; i < 12; i++) {
    char name[32];
    snprintf(name, sizeof name, "sub/file-%02d", i);
    unlink(name);
  }
  TRY(rmdir("sub"));
  TRY(unlink("symlink.txt"));
  TRY(unlink("renamed.txt"));
  TRY(unlink("data.bin"));
  TRY(unlink("big.bin"));
  TRY(unlink("data.bin"));
  list_directory(".");
  if (chdir(start) != 0) return 1;
  TRY(rmdir(dir) == 0);
  return 0;
}
