// Pipes within one process: pipe/pipe2, write then read (partial reads, EOF after the write end
// closes, EPIPE/SIGPIPE ignored), O_NONBLOCK (EAGAIN on empty), a payload larger than one read,
// dup/dup2/dup3 and fcntl (F_GETFD/F_SETFD close-on-exec, F_GETFL, F_DUPFD), redirecting
// stdout into a pipe with dup2 and restoring it, and lseek on a pipe (ESPIPE).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *errno_name(int e) {
  return e == 0 ? "0" : e == EAGAIN ? "EAGAIN" : e == EPIPE ? "EPIPE" : e == EBADF ? "EBADF" : e == ESPIPE ? "ESPIPE"
                                   : e == EINVAL ? "EINVAL" : "other";
}

#define TRY(expr)                                                                   \
  do {                                                                              \
    errno = 0;                                                                      \
    long r_ = (long)(expr);                                                         \
    printf("%-40s -> %ld%s%s\n", #expr, r_, r_ < 0 ? " errno " : "", r_ < 0 ? errno_name(errno) : ""); \
  } while (0)

int main(void) {
  int p[2];
  char buf[8192];
  printf("== basic pipe ==\n");
  TRY(pipe(p));
  TRY(write(p[1], "through the pipe", 16));
  TRY(read(p[0], buf, 7));
  printf("first read: [%.7s]\n", buf);
  TRY(read(p[0], buf, sizeof buf));
  printf("second read: [%.9s]\n", buf);
  TRY(lseek(p[0], 0, SEEK_SET));
  TRY(write(p[0], "x", 1));
  TRY(close(p[1]));
  TRY(read(p[0], buf, sizeof buf));
  TRY(close(p[0]));

  printf("== writing to a pipe with no reader ==\n");
  signal(SIGPIPE, SIG_IGN);
  TRY(pipe(p));
  TRY(close(p[0]));
  TRY(write(p[1], "lost", 4));
  TRY(close(p[1]));

  printf("== non-blocking ==\n");
  TRY(pipe2(p, O_NONBLOCK | O_CLOEXEC));
  TRY(read(p[0], buf, 1));
  TRY((fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
  TRY(fcntl(p[0], F_GETFD));
  TRY(fcntl(p[0], F_SETFD, 0));
  TRY(fcntl(p[0], F_GETFD));
  TRY(fcntl(p[0], F_SETFL, 0));
  TRY((fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
  close(p[0]);
  close(p[1]);

  printf("== a payload bigger than one read ==\n");
  TRY(pipe(p));
  for (int i = 0; i < 5000; i++) buf[i] = (char)('a' + i % 26);
  long written = write(p[1], buf, 5000);
  close(p[1]);
  long total = 0, reads = 0, ok = 1;
  char in[1000];
  long r;
  while ((r = read(p[0], in, sizeof in)) > 0) {
    for (long i = 0; i < r; i++) ok &= in[i] == (char)('a' + (total + i) % 26);
    total += r;
    reads++;
  }
  close(p[0]);
  printf("wrote %ld, read %ld in %ld reads, content %s\n", written, total, reads, ok ? "intact" : "CORRUPTED");

  printf("== dup, dup2, dup3, F_DUPFD ==\n");
  TRY(pipe(p));
  int d = dup(p[1]);
  printf("dup gives the lowest free descriptor: %s\n", d == p[1] + 1 ? "yes" : "no");
  TRY(write(d, "via dup ", 8));
  TRY(dup2(p[1], 20));
  TRY(write(20, "via dup2 ", 9));
  TRY(dup2(20, 20));
  TRY(dup3(20, 20, 0));
  TRY(dup3(p[1], 21, O_CLOEXEC));
  TRY(fcntl(21, F_GETFD));
  TRY(fcntl(p[1], F_DUPFD, 30));
  TRY(dup2(p[1], -1));
  TRY(dup(99));
  close(d);
  close(20);
  close(21);
  close(30);
  close(p[1]);
  r = read(p[0], buf, sizeof buf);
  printf("read back: [%.*s]\n", (int)r, buf);
  close(p[0]);

  printf("== stdout redirected into a pipe ==\n");
  fflush(stdout);
  TRY(pipe(p));
  int saved = dup(1);
  dup2(p[1], 1);
  close(p[1]);
  printf("this line went through the pipe");
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  r = read(p[0], buf, sizeof buf);
  close(p[0]);
  printf("captured %ld bytes: [%.*s]\n", r, (int)r, buf);
  return 0;
}
