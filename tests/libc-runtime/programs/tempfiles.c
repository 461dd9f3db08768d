/* mkstemp family, mkdtemp, mktemp: names, modes, flags and errors (names themselves are random:
   only their shape is printed). */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int shape(const char *name, const char *prefix, const char *suffix) {
  size_t p = strlen(prefix), s = strlen(suffix), n = strlen(name);
  if (n != p + 6 + s || strncmp(name, prefix, p) != 0 || strcmp(name + p + 6, suffix) != 0) return 0;
  for (size_t i = p; i < p + 6; i++)
    if (!isalnum((unsigned char)name[i])) return 0;
  return strncmp(name + p, "XXXXXX", 6) != 0;
}

static void file_report(const char *what, int fd, const char *name, const char *prefix, const char *suffix) {
  /* The file exists (O_EXCL fails), is empty, readable and writable through fd; with O_APPEND a
     write after a seek to 0 still lands at the end. */
  int again = open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
  int e = errno;
  printf("%s: fd>2 %d shape %d exists %d (errno %d) empty %d\n", what, fd > 2, shape(name, prefix, suffix),
         again < 0, e, lseek(fd, 0, SEEK_END) == 0);
  write(fd, "hello", 5);
  lseek(fd, 0, SEEK_SET);
  write(fd, "HE", 2);
  lseek(fd, 0, SEEK_SET);
  char buf[8] = {0};
  read(fd, buf, 7);
  printf("  read back %s\n", buf);
  close(fd);
  unlink(name);
}

int main(void) {
  umask(022);
  char dir[] = "/tmp/miros-tempfiles-XXXXXX";
  char *d = mkdtemp(dir);
  printf("mkdtemp: same pointer %d shape %d\n", d == dir, shape(dir, "/tmp/miros-tempfiles-", ""));
  if (chdir(dir) != 0) return 1;

  char a[] = "fileXXXXXX";
  file_report("mkstemp", mkstemp(a), a, "file", "");
  char b[] = "pre-XXXXXX.txt";
  file_report("mkstemps", mkstemps(b, 4), b, "pre-", ".txt");
  char c[] = "oXXXXXX";
  file_report("mkostemp", mkostemp(c, O_CLOEXEC | O_APPEND), c, "o", "");
  char c2[] = "osXXXXXX.c";
  file_report("mkostemps", mkostemps(c2, 2, O_CLOEXEC), c2, "os", ".c");

  /* Errors: too few X's, X's not before the suffix, suffix longer than the name. */
  char e1[] = "badXXXXX";
  errno = 0;
  int r = mkstemp(e1);
  printf("mkstemp(5 X) = %d errno %d template %s\n", r, errno, e1);
  char e2[] = "XXXXXXtail";
  errno = 0;
  r = mkstemps(e2, 2);
  printf("mkstemps(wrong suffix) = %d errno %d template %s\n", r, errno, e2);
  char e3[] = "XXXXXX";
  errno = 0;
  r = mkstemps(e3, 10);
  printf("mkstemps(long suffix) = %d errno %d\n", r, errno);
  char e4[] = "dXXXX";
  errno = 0;
  char *dr = mkdtemp(e4);
  printf("mkdtemp(4 X) NULL %d errno %d\n", dr == NULL, errno);
  char e5[] = "/nonexistent-dir/fXXXXXX";
  errno = 0;
  r = mkstemp(e5);
  printf("mkstemp(missing dir) = %d errno %d\n", r, errno);

  char m[] = "mtXXXXXX";
  char *mr = mktemp(m);
  printf("mktemp: same pointer %d shape %d exists %d\n", mr == m, shape(m, "mt", ""), access(m, F_OK) == 0);
  char m2[] = "mtXX";
  errno = 0;
  mr = mktemp(m2);
  printf("mktemp(bad): empty %d errno %d\n", mr[0] == 0, errno);

  /* Many files from one template: all distinct. */
  char names[20][16];
  int distinct = 1;
  for (int i = 0; i < 20; i++) {
    strcpy(names[i], "manyXXXXXX");
    close(mkstemp(names[i]));
    for (int j = 0; j < i; j++)
      if (strcmp(names[i], names[j]) == 0) distinct = 0;
  }
  for (int i = 0; i < 20; i++) unlink(names[i]);
  printf("20 files distinct %d\n", distinct);

  char sub[] = "subXXXXXX";
  mkdtemp(sub);
  printf("nested mkdtemp is a directory %d\n", rmdir(sub) == 0);
  chdir("/");
  printf("cleanup %d\n", rmdir(dir));
  return 0;
}
