// error(status, ...) ends the process through exit(): atexit handlers run, stdout is
// flushed, the status is the one given. stderr is a copy of stdout.
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <error.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void at_exit(void) { printf("atexit: count=%u\n", error_message_count); }

int main(int argc, char **argv) {
  (void)argv;
  dup2(1, 2);
  program_invocation_name = "errexit";
  program_invocation_short_name = "errexit-short";
  atexit(at_exit);
  printf("buffered line\n");
  errno = EPERM;
  warnx("warnx keeps going");
  if (argc > 5) errx(4, "errx %s", "exits with 4");
  error(9, EBADF, "error exits with %d", 9);
  printf("not reached\n");
  return 0;
}
