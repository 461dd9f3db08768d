// strerror, both strerror_r flavours and perror at their edges, compared with glibc 2.36: errno 0
// ("Success"), unknown numbers (one reused buffer for strerror; GNU strerror_r formats into the
// caller's buffer; XSI returns EINVAL), truncation (ERANGE), and perror's effect on errno (glibc
// writes through an fdopen'ed "w+" dup of stderr while stderr is unoriented: EINVAL when the
// descriptor is write-only; the program sets fd 2 itself, since a runner's pipe may be either).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int __xpg_strerror_r(int errnum, char *buf, size_t buflen);

int main(void) {
  char buf[64] = "prefilled";
  int r = __xpg_strerror_r(200, buf, sizeof buf);
  printf("xsi unknown: %d [%s]\n", r, buf);
  char small[5] = "abcd";
  r = __xpg_strerror_r(ENOENT, small, sizeof small);
  printf("xsi truncated: %d [%s]\n", r, small);
  char untouched[8] = "zz";
  r = __xpg_strerror_r(-7, untouched, 0);
  printf("xsi size 0: %d [%s]\n", r, untouched);
  r = __xpg_strerror_r(0, buf, sizeof buf);
  printf("xsi zero: %d [%s]\n", r, buf);

  char gnu[64] = "prefilled";
  char *s = strerror_r(201, gnu, sizeof gnu);
  printf("gnu unknown: %d [%s] [%s]\n", s == gnu, s, gnu);
  char gnu_small[6] = "abcd";
  s = strerror_r(202, gnu_small, sizeof gnu_small);
  printf("gnu unknown truncated: %d [%s]\n", s == gnu_small, gnu_small);
  s = strerror_r(ESRCH, gnu_small, sizeof gnu_small);
  printf("gnu known: %d [%s] [%s]\n", s == gnu_small, s, gnu_small);

  printf("strerror: [%s] [%s] [%s]\n", strerror(0), strerror(EDOM), strerror(-1));
  char *a = strerror(999);
  char *b = strerror(998);
  printf("unknown buffers shared: %d [%s]\n", a == b, a);

  // stderr on a read-write descriptor: glibc's fdopen succeeds, errno stays, stderr stays
  // unoriented; then on a write-only one: EINVAL once, after which stderr is byte-oriented.
  int rw = open("/dev/null", O_RDWR);
  dup2(rw, 2);
  errno = 0;
  perror(NULL);
  printf("read-write stderr, first perror: %d\n", errno);
  errno = 0;
  perror("again");
  printf("read-write stderr, second perror: %d\n", errno);
  int wo = open("/dev/null", O_WRONLY);
  dup2(wo, 2);
  errno = 0;
  perror(NULL);
  printf("write-only stderr, first perror: %d\n", errno);
  errno = 0;
  perror("again");
  printf("write-only stderr, second perror: %d\n", errno);
  errno = ERANGE;
  printf("%%m: %m\n");
  for (int e = -1; e < 140; e++) {
    const char *name = strerrorname_np(e), *description = strerrordesc_np(e);
    printf("%d %s: %s\n", e, name ? name : "(null)", description ? description : "(null)");
  }
  return 0;
}
