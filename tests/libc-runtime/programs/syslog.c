// <syslog.h> (src/libc/syslog): what a program sees without a system logger. Each call's stderr
// (LOG_PERROR) is captured through a pipe and printed escaped, the pid replaced by PID; errno after
// each call, setlogmask's results, and the lowest free descriptor (no socket left open when
// /dev/log cannot be reached) are printed too. Run where /dev/log does not exist: syslog drops the
// message silently, natively as under Miros.
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

static int pipe_fds[2];
static char pid_text[32];

/** Prints what the last call wrote on stderr, escaped, with the pid as PID. */
static void show(const char *what) {
  int error = errno;
  char buffer[8192];
  ssize_t n = read(pipe_fds[0], buffer, sizeof buffer - 1);
  if (n < 0) n = 0;
  buffer[n] = 0;
  // The length as if the pid were the three letters PID (pids differ in length between runs).
  ssize_t shown = n;
  for (char *at = strstr(buffer, pid_text); at != NULL; at = strstr(at + 1, pid_text))
    shown += 3 - (ssize_t)strlen(pid_text);
  printf("%-34s errno=%-3d stderr(%zd)=\"", what, error, shown);
  for (ssize_t i = 0; i < n; i++) {
    if (strncmp(buffer + i, pid_text, strlen(pid_text)) == 0) {
      fputs("PID", stdout);
      i += strlen(pid_text) - 1;
    } else if (buffer[i] == '\n') fputs("\\n", stdout);
    else if (buffer[i] == '\r') fputs("\\r", stdout);
    else if ((unsigned char)buffer[i] < 32 || (unsigned char)buffer[i] > 126) printf("\\x%02x", (unsigned char)buffer[i]);
    else putchar(buffer[i]);
  }
  printf("\"\n");
}

static void log_v(int priority, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  vsyslog(priority, format, ap);
  va_end(ap);
}

static int lowest_free_descriptor(void) {
  int fd = open("/dev/null", O_RDONLY);
  close(fd);
  return fd;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  if (pipe(pipe_fds) != 0 || dup2(pipe_fds[1], 2) != 2) return 2;
  fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
  snprintf(pid_text, sizeof pid_text, "%d", (int)getpid());
  int free_before = lowest_free_descriptor();

  errno = EDOM;
  syslog(LOG_INFO, "no openlog: %d", 1);
  show("syslog without openlog");

  openlog("tag", LOG_PERROR, LOG_LOCAL0);
  errno = ERANGE;
  syslog(LOG_INFO, "hello %d %s", 42, "world");
  show("LOG_PERROR");
  syslog(LOG_ERR | LOG_DAEMON, "with a facility");
  show("LOG_ERR|LOG_DAEMON");
  syslog(LOG_NOTICE, "ends with a newline\n");
  show("trailing newline");
  syslog(LOG_NOTICE, "two\nlines");
  show("inner newline");
  syslog(LOG_NOTICE, "%s", "");
  show("empty message");
  errno = ENOENT;
  syslog(LOG_WARNING, "open failed: %m (%d)", 7);
  show("%m");
  errno = EACCES;
  log_v(LOG_CRIT, "vsyslog %s %05.1f %m", "args", 3.25);
  show("vsyslog");

  openlog("pidtag", LOG_PERROR | LOG_PID, 0);
  syslog(LOG_DEBUG, "pid %s", "shown");
  show("LOG_PID");
  syslog(LOG_INFO | 0x10000, "bad bits");
  show("unknown priority bits");
  syslog(LOG_INFO | LOG_LOCAL7, "%c%c%c", 'a', 'b', 'c');
  show("LOG_LOCAL7");

  printf("setlogmask(LOG_UPTO(LOG_WARNING)) = %#x\n", setlogmask(LOG_UPTO(LOG_WARNING)));
  syslog(LOG_INFO, "masked out");
  show("masked LOG_INFO");
  syslog(LOG_WARNING, "kept");
  show("kept LOG_WARNING");
  printf("setlogmask(0) = %#x\n", setlogmask(0));
  printf("setlogmask(LOG_MASK(LOG_DEBUG)) = %#x\n", setlogmask(LOG_MASK(LOG_DEBUG)));
  syslog(LOG_EMERG, "emerg masked");
  show("masked LOG_EMERG");
  syslog(LOG_DEBUG, "debug only");
  show("LOG_DEBUG only");
  printf("setlogmask(0xff) = %#x\n", setlogmask(0xff));

  openlog("long", LOG_PERROR, 0); // no pid: the offsets below do not depend on it
  char long_text[3000];
  memset(long_text, 'x', sizeof long_text - 1);
  long_text[sizeof long_text - 1] = 0;
  long_text[1000] = 'Y';
  long_text[2500] = 'Z';
  syslog(LOG_INFO, "long %s end", long_text);
  char buffer[8192];
  ssize_t n = read(pipe_fds[0], buffer, sizeof buffer);
  printf("long message: %zd bytes, Y at %ld, Z at %ld, ends \"%.5s\"\n", n, (long)(strchr(buffer, 'Y') - buffer),
         (long)(strchr(buffer, 'Z') - buffer), buffer + n - 5);

  closelog();
  syslog(LOG_INFO, "after closelog");
  show("after closelog (LOG_PERROR kept)");
  openlog(NULL, LOG_PERROR | LOG_NDELAY, LOG_USER);
  syslog(LOG_INFO, "progname as ident");
  show("ident NULL after closelog");
  char ident[16] = "first";
  openlog(ident, LOG_PERROR, 0);
  strcpy(ident, "second");
  syslog(LOG_INFO, "ident is the caller's pointer");
  show("ident changed after openlog");
  openlog(NULL, 0, 0);
  syslog(LOG_INFO, "options cleared");
  show("openlog(NULL, 0, 0)");
  closelog();
  closelog();
  show("closelog twice");
  printf("lowest free descriptor: %s\n", lowest_free_descriptor() == free_before ? "unchanged" : "CHANGED");
  return 0;
}
