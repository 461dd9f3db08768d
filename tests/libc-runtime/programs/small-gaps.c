// Small libc gaps (issue 6 coverage): lchmod (a file, a symbolic link: EOPNOTSUPP, a missing
// name: ENOENT), __gmtime_r, _IO_putc.
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

extern struct tm *__gmtime_r(const time_t *, struct tm *);
extern int _IO_putc(int, FILE *);

int main(void) {
  unlink("/tmp/small-gaps-file");
  unlink("/tmp/small-gaps-link");
  FILE *f = fopen("/tmp/small-gaps-file", "w");
  fclose(f);
  symlink("/tmp/small-gaps-file", "/tmp/small-gaps-link");
  errno = 0;
  int r = lchmod("/tmp/small-gaps-file", 0640);
  struct stat st;
  stat("/tmp/small-gaps-file", &st);
  printf("lchmod(file) = %d errno %d mode %o\n", r, errno, st.st_mode & 07777);
  errno = 0;
  r = lchmod("/tmp/small-gaps-link", 0600);
  stat("/tmp/small-gaps-file", &st);
  printf("lchmod(link) = %d errno %d target mode %o\n", r, errno, st.st_mode & 07777);
  errno = 0;
  r = lchmod("/tmp/small-gaps-none", 0600);
  printf("lchmod(missing) = %d errno %d\n", r, errno);
  unlink("/tmp/small-gaps-file");
  unlink("/tmp/small-gaps-link");

  time_t t = 1234567890;
  struct tm tm;
  struct tm *p = __gmtime_r(&t, &tm);
  printf("__gmtime_r: %d-%02d-%02d %02d:%02d:%02d wday %d yday %d same %d\n", tm.tm_year + 1900, tm.tm_mon + 1,
         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday, tm.tm_yday, p == &tm);
  printf("_IO_putc: ");
  int c = _IO_putc('x', stdout);
  _IO_putc('\n', stdout);
  printf("returned %c\n", c);
  return 0;
}
