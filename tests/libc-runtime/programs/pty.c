// Pseudo-terminals (issue 6): posix_openpt/grantpt/unlockpt/ptsname(_r), the slave locked until
// unlockpt, the line discipline (ICRNL, ONLCR, echo, ECHOCTL, erase, kill, VEOF, raw mode), window
// sizes, a child's controlling terminal (setsid + TIOCSCTTY) getting SIGINT from ^C, openpty and
// login_tty, hang-ups on either side, and the errors for descriptors that are not ptys.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <utmp.h>

static void result(const char *what, long value) {
  if (value < 0) printf("%s: -1 %s\n", what, strerrorname_np(errno));
  else printf("%s: %ld\n", what, value);
}

#define CHECK(call) (errno = 0, result(#call, (long)(call)))

/** What the master can read now (nonblocking), shown with escapes. */
static void drain(const char *what, int master) {
  int flags = fcntl(master, F_GETFL);
  fcntl(master, F_SETFL, flags | O_NONBLOCK);
  char buffer[256];
  errno = 0;
  ssize_t n = read(master, buffer, sizeof buffer);
  fcntl(master, F_SETFL, flags);
  printf("%s: ", what);
  if (n < 0) {
    printf("-1 %s\n", strerrorname_np(errno));
    return;
  }
  for (ssize_t i = 0; i < n; i++) {
    unsigned char c = buffer[i];
    if (c >= 0x20 && c < 0x7f && c != '\\') putchar(c);
    else printf("\\x%02x", c);
  }
  printf(" (%zd)\n", n);
}

static void slave_read(const char *what, int slave, size_t size) {
  char buffer[256] = {0};
  errno = 0;
  ssize_t n = read(slave, buffer, size);
  printf("%s: %zd '", what, n);
  for (ssize_t i = 0; i < n; i++) {
    unsigned char c = buffer[i];
    if (c >= 0x20 && c < 0x7f) putchar(c);
    else printf("\\x%02x", c);
  }
  printf("'%s%s\n", n < 0 ? " " : "", n < 0 ? strerrorname_np(errno) : "");
}

static void show_termios(const char *what, int fd) {
  struct termios t;
  if (tcgetattr(fd, &t) != 0) {
    printf("%s: tcgetattr %s\n", what, strerrorname_np(errno));
    return;
  }
  printf("%s: iflag %o oflag %o cflag %o lflag %o cc", what, t.c_iflag, t.c_oflag, t.c_cflag, t.c_lflag);
  for (int i = 0; i < 17; i++) printf(" %x", t.c_cc[i]);
  printf(" speed %d\n", (int)cfgetospeed(&t));
}

static volatile sig_atomic_t interrupted;
static void on_sigint(int signal) { interrupted = signal; }

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  printf("posix_openpt: %d isatty %d\n", master >= 0, isatty(master));
  char name[64];
  CHECK(ptsname_r(master, name, sizeof name));
  printf("name is /dev/pts/N: %d\n", strncmp(name, "/dev/pts/", 9) == 0);
  CHECK(ptsname_r(master, name, 5));
  printf("ptsname agrees: %d\n", strcmp(ptsname(master), name) == 0);
  int locked = -1;
  CHECK(ioctl(master, TIOCGPTLCK, &locked));
  printf("locked %d\n", locked);
  CHECK(open(name, O_RDWR | O_NOCTTY));
  CHECK(grantpt(master));
  CHECK(unlockpt(master));
  int slave = open(name, O_RDWR | O_NOCTTY);
  printf("slave opened: %d isatty %d ttyname agrees %d\n", slave >= 0, isatty(slave),
         strcmp(ttyname(slave), name) == 0);
  show_termios("slave", slave);
  show_termios("master", master);
  struct winsize w = {0};
  CHECK(ioctl(slave, TIOCGWINSZ, &w));
  printf("window %d %d\n", w.ws_row, w.ws_col);
  w.ws_row = 24;
  w.ws_col = 80;
  CHECK(ioctl(master, TIOCSWINSZ, &w));
  memset(&w, 0, sizeof w);
  CHECK(ioctl(slave, TIOCGWINSZ, &w));
  printf("window %d %d\n", w.ws_row, w.ws_col);

  // Cooked input: ICRNL, echo through ONLCR.
  write(master, "hello\r", 6);
  slave_read("line", slave, 100);
  drain("echo", master);
  write(slave, "out\n", 4);
  drain("output", master);
  write(master, "abc\x7f" "d\n", 6);
  slave_read("erased", slave, 100);
  drain("erase echo", master);
  write(master, "xyz\x15ok\n", 7);
  slave_read("killed", slave, 100);
  drain("kill echo", master);
  write(master, "\x01\n", 2);
  slave_read("control", slave, 100);
  drain("control echo", master);
  write(master, "partial\x04", 8);
  slave_read("eof-terminated", slave, 100);
  write(master, "\x04", 1);
  slave_read("eof", slave, 100);
  write(master, "long line\n", 10);
  slave_read("first 4", slave, 4);
  slave_read("rest", slave, 100);
  drain("echoes", master);
  write(master, "queued\n", 7);
  slave_read("queued", slave, 100);
  drain("queued echo", master);

  // Raw mode: no translation, no echo, bytes at once.
  struct termios t, saved;
  tcgetattr(slave, &saved);
  t = saved;
  cfmakeraw(&t);
  CHECK(tcsetattr(slave, TCSANOW, &t));
  show_termios("raw", slave);
  write(master, "a\rb\x03", 4);
  slave_read("raw", slave, 100);
  drain("raw echo", master);
  write(slave, "x\ny", 3);
  drain("raw output", master);
  t.c_cc[VMIN] = 0;
  t.c_cc[VTIME] = 0;
  tcsetattr(slave, TCSANOW, &t);
  slave_read("VMIN 0 with nothing", slave, 100);
  // VTIME: the whole read's limit with VMIN 0, the time between bytes with VMIN > 0.
  t.c_cc[VTIME] = 2;
  tcsetattr(slave, TCSANOW, &t);
  struct timespec before, after;
  clock_gettime(CLOCK_MONOTONIC, &before);
  slave_read("VTIME 2 with nothing", slave, 100);
  clock_gettime(CLOCK_MONOTONIC, &after);
  double waited = (after.tv_sec - before.tv_sec) + (after.tv_nsec - before.tv_nsec) / 1e9;
  printf("waited about 0.2 s: %d\n", waited > 0.15 && waited < 2);
  write(master, "q", 1);
  slave_read("VTIME 2 with a byte", slave, 100);
  t.c_cc[VMIN] = 3;
  t.c_cc[VTIME] = 1;
  tcsetattr(slave, TCSANOW, &t);
  write(master, "rs", 2);
  slave_read("VMIN 3 VTIME 1 after two bytes", slave, 100);
  write(master, "tuvw", 4);
  slave_read("VMIN 3 with four", slave, 100);
  CHECK(tcsetattr(slave, TCSANOW, &saved));

  // A child's controlling terminal: ^C interrupts its read with SIGINT.
  int ready[2];
  pipe(ready);
  pid_t child = fork();
  if (child == 0) {
    close(ready[0]);
    setsid();
    CHECK(ioctl(slave, TIOCSCTTY, 0));
    printf("child: foreground is itself %d, sid %d\n", tcgetpgrp(slave) == getpid(), tcgetsid(slave) == getpid());
    struct sigaction action = {.sa_handler = on_sigint};
    sigaction(SIGINT, &action, NULL);
    write(ready[1], "r", 1);
    char buffer[64];
    errno = 0;
    ssize_t n = read(slave, buffer, sizeof buffer);
    printf("child: read %zd %s, signal %d\n", n, n < 0 ? strerrorname_np(errno) : "-", interrupted);
    n = read(slave, buffer, sizeof buffer);
    printf("child: then %.*s", (int)n, buffer);
    _exit(0);
  }
  close(ready[1]);
  char byte;
  read(ready[0], &byte, 1);
  usleep(100000);
  write(master, "lost\x03", 5);
  usleep(100000);
  write(master, "after\n", 6);
  int status;
  waitpid(child, &status, 0);
  printf("child status %d\n", status);
  drain("child echo", master);
  CHECK(ioctl(slave, TIOCSCTTY, 0));

  // Not a pty, not a descriptor.
  int pipes[2];
  pipe(pipes);
  CHECK(grantpt(pipes[0]));
  CHECK(unlockpt(pipes[0]));
  CHECK(ptsname_r(pipes[0], name, sizeof name));
  errno = 0;
  const char *pipe_name = ptsname(pipes[0]);
  printf("ptsname pipe: %s %s\n", pipe_name ? "name" : "NULL", strerrorname_np(errno));
  CHECK(grantpt(99));
  CHECK(unlockpt(99));
  CHECK(ptsname_r(99, name, sizeof name));

  // Hang-ups: every slave closed, then the master.
  close(slave);
  drain("master after the slave closed", master);
  close(master);

  // openpty with settings and a size; login_tty in a child.
  int amaster, aslave;
  struct termios settings = saved;
  settings.c_lflag &= ~ECHO;
  struct winsize size = {.ws_row = 30, .ws_col = 100};
  CHECK(openpty(&amaster, &aslave, name, &settings, &size));
  printf("openpty name is /dev/pts/N: %d\n", strncmp(name, "/dev/pts/", 9) == 0);
  show_termios("openpty slave", aslave);
  memset(&w, 0, sizeof w);
  ioctl(aslave, TIOCGWINSZ, &w);
  printf("openpty window %d %d\n", w.ws_row, w.ws_col);
  child = fork();
  if (child == 0) {
    close(amaster);
    if (login_tty(aslave) != 0) _exit(3);
    printf("in child: tty %d, foreground %d, session leader %d, fd closed %d\n", isatty(0) && isatty(1) && isatty(2),
           tcgetpgrp(0) == getpid(), getsid(0) == getpid(), fcntl(aslave, F_GETFD) == -1 || aslave <= 2);
    fflush(stdout);
    _exit(0);
  }
  close(aslave);
  waitpid(child, &status, 0);
  printf("login_tty child status %d\n", status);
  drain("child output", amaster);
  drain("after the child", amaster);
  // A session leader opening a slave without O_NOCTTY gets it as its controlling terminal.
  child = fork();
  if (child == 0) {
    setsid();
    int terminal = open(name, O_RDWR);
    printf("opened without O_NOCTTY: foreground %d, sid %d\n", tcgetpgrp(terminal) == getpid(),
           tcgetsid(terminal) == getpid());
    int other = posix_openpt(O_RDWR);
    printf("a master never becomes one: %d\n", tcgetpgrp(other) == -1 || tcgetpgrp(other) == 0);
    _exit(0);
  }
  waitpid(child, &status, 0);
  // forkpty: the child's terminal is the new slave.
  int fmaster;
  struct winsize fsize = {.ws_row = 12, .ws_col = 34};
  child = forkpty(&fmaster, NULL, NULL, &fsize);
  if (child == 0) {
    struct winsize got = {0};
    ioctl(0, TIOCGWINSZ, &got);
    printf("forkpty child: tty %d, foreground %d, window %d %d\n", isatty(0), tcgetpgrp(0) == getpid(), got.ws_row,
           got.ws_col);
    fflush(stdout);
    _exit(5);
  }
  printf("forkpty: %d\n", child > 0);
  waitpid(child, &status, 0);
  printf("forkpty child status %d\n", WEXITSTATUS(status));
  drain("forkpty child output", fmaster);
  close(fmaster);
  int fresh = open(name, O_RDWR | O_NOCTTY);
  printf("reopened slave %d\n", fresh >= 0);
  close(amaster);
  slave_read("slave after hang-up", fresh, 100);
  errno = 0;
  ssize_t written = write(fresh, "x", 1);
  printf("slave write after hang-up: %zd %s\n", written, strerrorname_np(errno));
  close(fresh);
  return 0;
}
