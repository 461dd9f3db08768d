// backtrace, backtrace_symbols, backtrace_symbols_fd (execinfo.h) through frames of this program
// (built with -rdynamic so its functions are exported and named, and without: offsets from the
// base), at -O2 and -O0; plus futimesat, confstr and getloadavg (issue 6 coverage).
// Frames above main are glibc's own (__libc_start_call_main, __libc_start_main, _start) and are
// not printed: Miros's __libc_start_main is a host function (see src/libc/backtrace).
#define _GNU_SOURCE
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

/* Prints a frame's text without its "[0x…]" address (addresses differ between runs) and without
   the directory of the file (the program's path depends on where the tests live). */
static void print_frame(const char *text) {
  const char *bracket = strstr(text, "[0x");
  int length = bracket ? (int)(bracket - text) : (int)strlen(text);
  const char *paren = memchr(text, '(', length);
  const char *start = text;
  for (const char *p = text; p < (paren ? paren : text + length); p++)
    if (*p == '/') start = p + 1;
  printf("  %.*s\n", length - (int)(start - text), start);
}

/* The frames before the first one in libc (main's caller, the start of the program). */
static int frames_through_main(void **frames, int n, char **symbols) {
  (void)frames;
  for (int i = 0; i < n; i++)
    if (strstr(symbols[i], "libc.so.6(")) return i;
  return -1;
}

__attribute__((noinline)) int show(int depth) {
  void *frames[64];
  int n = backtrace(frames, 64);
  char **symbols = backtrace_symbols(frames, n);
  int through = frames_through_main(frames, n, symbols);
  printf("depth %d: %d frames through main (more above: %d)\n", depth, through, n > through);
  for (int i = 0; i < through; i++) print_frame(symbols[i]);
  // backtrace_symbols_fd writes the same lines; through a pipe, compared here.
  int pipefd[2];
  pipe(pipefd);
  backtrace_symbols_fd(frames, through, pipefd[1]);
  close(pipefd[1]);
  char buffer[8192];
  ssize_t total = 0, got;
  while ((got = read(pipefd[0], buffer + total, sizeof buffer - 1 - total)) > 0) total += got;
  buffer[total] = 0;
  close(pipefd[0]);
  char *line = buffer;
  int lines = 0;
  for (int i = 0; i < through; i++) {
    char *end = strchr(line, '\n');
    if (!end) break;
    *end = 0;
    print_frame(line);
    line = end + 1;
    lines++;
  }
  printf("  backtrace_symbols_fd: %d lines, rest [%s]\n", lines, line);
  // A short buffer keeps the innermost frames.
  void *few[2];
  int m = backtrace(few, 2);
  printf("  backtrace(2) = %d\n", m);
  printf("  backtrace(0) = %d\n", backtrace(few, 0));
  free(symbols);
  return through;
}

__attribute__((noinline)) int level3(int x) { return show(3) + x; }
__attribute__((noinline)) int level2(int x) { return level3(x + 1) * 2; }
__attribute__((noinline)) int level1(int x) { return level2(x + 1) - 1; }

static int recurse(int n) {
  if (n == 0) return show(100);
  return recurse(n - 1) + 1;
}

int (*volatile pointer)(int) = recurse;

int main(int argc, char **argv) {
  (void)argc;
  (void)argv;
  setvbuf(stdout, NULL, _IOLBF, 0);
  show(0);
  level1(0);
  pointer(5);
  void *bogus[3] = {(void *)0x10, (void *)main, NULL};
  char **texts = backtrace_symbols(bogus, 3);
  for (int i = 0; i < 3; i++) print_frame(texts[i]);
  printf("  bogus[0] %s\n", texts[0]);
  free(texts);

  // futimesat: relative to a directory descriptor, and a NULL path (the descriptor itself).
  mkdir("/tmp/backtrace-futimesat", 0755);
  int dir = open("/tmp/backtrace-futimesat", O_RDONLY | O_DIRECTORY);
  int fd = open("/tmp/backtrace-futimesat/file", O_CREAT | O_WRONLY, 0644);
  struct timeval times[2] = {{1000000000, 250000}, {1234567890, 999999}};
  printf("futimesat(dir, file) = %d\n", futimesat(dir, "file", times));
  struct stat st;
  stat("/tmp/backtrace-futimesat/file", &st);
  printf("  atime %ld.%09ld mtime %ld.%09ld\n", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec,
         st.st_mtim.tv_nsec);
  times[1].tv_sec = 42;
  printf("futimesat(fd, NULL) = %d\n", futimesat(fd, NULL, times));
  fstat(fd, &st);
  printf("  mtime %ld\n", (long)st.st_mtime);
  errno = 0;
  int r = futimesat(dir, "missing", times);
  printf("futimesat(dir, missing) = %d errno %d\n", r, errno);
  times[0].tv_usec = 1000000;
  errno = 0;
  r = futimesat(dir, "file", times);
  printf("futimesat(bad usec) = %d errno %d\n", r, errno);
  errno = 0;
  r = futimesat(-1, "file", NULL);
  printf("futimesat(-1, relative) = %d errno %d\n", r, errno);
  close(fd);
  close(dir);
  unlink("/tmp/backtrace-futimesat/file");
  rmdir("/tmp/backtrace-futimesat");

  // confstr: every name glibc knows, a short buffer, NULL buffer, an unknown name.
  char text[256];
  int names[] = {0, 1, 2, 3, 4, 5, 6, 999, 1000, 1004, 1007, 1008, 1099, 1100, 1108, 1148, 1149, 1150, -1};
  for (unsigned i = 0; i < sizeof names / sizeof *names; i++) {
    errno = 0;
    memset(text, 'x', sizeof text);
    size_t length = confstr(names[i], text, sizeof text);
    printf("confstr(%d) = %zu errno %d [%s]\n", names[i], length, errno, length ? text : "");
  }
  memset(text, 'x', sizeof text);
  size_t length = confstr(_CS_PATH, text, 5);
  printf("confstr(PATH, 5) = %zu [%s] next %c\n", length, text, text[5]);
  printf("confstr(PATH, NULL) = %zu\n", confstr(_CS_PATH, NULL, 0));
  memset(text, 'x', sizeof text);
  length = confstr(_CS_PATH, text, 0);
  printf("confstr(PATH, 0) = %zu untouched %d\n", length, text[0] == 'x');

  // getloadavg: the count asked for (at most 3), non-negative values.
  double loads[4] = {-1, -1, -1, -1};
  int got = getloadavg(loads, 4);
  printf("getloadavg(4) = %d, values >= 0: %d %d %d, fourth untouched %d\n", got, loads[0] >= 0, loads[1] >= 0,
         loads[2] >= 0, loads[3] == -1);
  loads[0] = loads[1] = -1;
  got = getloadavg(loads, 1);
  printf("getloadavg(1) = %d, second untouched %d\n", got, loads[1] == -1);
  printf("getloadavg(0) = %d\n", getloadavg(loads, 0));
  return 0;
}
