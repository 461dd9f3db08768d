// <err.h> and <error.h> under Miros libc: message formats, errno kept, error's stdout flush and
// counters, error_at_line's one-per-line filter, error_print_progname, exit statuses.
// stderr is made a copy of stdout so the recorded output shows both streams in order.
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <error.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void print_name(void) { fputs("[custom progname] ", stderr); }

static void my_vwarn(const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  vwarn(format, ap);
  va_end(ap);
}

static void my_vwarnx(const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  vwarnx(format, ap);
  va_end(ap);
}

static void at_exit(void) { printf("atexit handler ran, error_message_count=%u\n", error_message_count); }

int main(void) {
  dup2(1, 2);
  // The names the messages start with (the real ones contain the build path).
  program_invocation_name = "/some/dir/errprog";
  program_invocation_short_name = "errprog";
  atexit(at_exit);

  errno = ENOENT;
  warn("warn with %s and %d", "text", 42);
  printf("errno after warn: %d\n", errno);
  errno = EACCES;
  warn(NULL);
  warnx("warnx %05.1f|%-4s|", 3.14159, "ab");
  warnx(NULL);
  errno = 0;
  warn("errno zero");
  errno = EINVAL;
  my_vwarn("vwarn %s", "args");
  my_vwarnx("vwarnx %x", 255);
  fflush(stdout);

  printf("stdout text before error (not yet flushed)... ");
  error(0, 0, "plain error %d", 1);
  error(0, ENOMEM, "error with errno %s", "ENOMEM");
  error(0, 12345, "unknown errnum");
  error(0, -3, "negative errnum");
  printf("error_message_count=%u\n", error_message_count);

  error_at_line(0, 0, "file.c", 10, "first at line");
  error_at_line(0, EPERM, "file.c", 10, "same line, printed (filter off)");
  error_one_per_line = 1;
  error_at_line(0, 0, "file.c", 11, "filter on, new line");
  error_at_line(0, 0, "file.c", 11, "filter on, same line: not printed");
  char other[] = "file.c";
  error_at_line(0, 0, other, 11, "same name at another address: not printed");
  error_at_line(0, 0, "other.c", 11, "other file: printed");
  error_at_line(0, 0, NULL, 12, "no file name");
  error_one_per_line = 0;
  printf("error_message_count=%u\n", error_message_count);

  error_print_progname = print_name;
  error(0, EEXIST, "with error_print_progname");
  error_at_line(0, 0, "x.c", 1, "at line with error_print_progname");
  error_print_progname = NULL;

  error_message_count = 100;
  error(0, 0, "count set to 100 before this");
  printf("error_message_count=%u\n", error_message_count);
  fflush(stdout);

  errno = ERANGE;
  printf("pending stdout before err\n");
  err(3, "err exits with %d", 3);
}
