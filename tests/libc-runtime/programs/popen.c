// popen/pclose and stdio that must wait on a pipe filled or drained by another process: popen
// "r" of more than a pipe buffer read with fgets and fread, popen "w" of more than a pipe buffer
// into wc -c and md5sum, several popen streams open at once (the later children do not hold
// the earlier streams' descriptors), pclose statuses (exit 3, a signal), mode errors, "e",
// ECHILD, a fork'd child writing lines its parent reads with fgets while a thread runs, getline
// on a slow pipe, fgets interrupted by a signal without and with SA_RESTART, fflush and fclose
// into a full pipe, fscanf and vfscanf whose input arrives in pieces, two threads reading lines
// from one popen stream and two writing lines into one (each call whole: the stream's lock).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static void status_line(const char *what, int status) {
  if (status == -1)
    printf("%s: -1 (%s)\n", what, strerror(errno));
  else if (WIFEXITED(status))
    printf("%s: 0x%x exited %d\n", what, status, WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    printf("%s: 0x%x signal %d\n", what, status, WTERMSIG(status));
  else
    printf("%s: 0x%x\n", what, status);
  fflush(stdout);
}

static void read_with_fgets(void) {
  FILE *p = popen("seq 1 20000", "r");
  if (p == NULL) {
    printf("popen seq: %s\n", strerror(errno));
    return;
  }
  char line[64];
  long lines = 0, sum = 0, bytes = 0;
  while (fgets(line, sizeof line, p) != NULL) {
    lines++;
    sum += atol(line);
    bytes += (long)strlen(line);
  }
  printf("fgets: %ld lines, sum %ld, %ld bytes, eof %d error %d\n", lines, sum, bytes, feof(p), ferror(p));
  status_line("pclose seq", pclose(p));
}

static void read_with_fread(void) {
  FILE *p = popen("yes abcdefghi | head -c 200000", "r");
  char chunk[3000];
  size_t total = 0, n, calls = 0, letters = 0;
  while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) {
    total += n;
    calls++;
    for (size_t i = 0; i < n; i++) letters += chunk[i] == 'e';
  }
  printf("fread: %zu bytes in %zu calls, %zu e's\n", total, calls, letters);
  status_line("pclose yes|head", pclose(p));
}

static void write_into(const char *command) {
  fflush(stdout);
  FILE *p = popen(command, "w");
  long written = 0;
  for (int i = 0; i < 5000; i++) {
    int n = fprintf(p, "line %d of the output that goes into %s\n", i, command);
    written += n;
  }
  char block[20000];
  memset(block, 'x', sizeof block);
  written += (long)fwrite(block, 1, sizeof block, p);
  fputs("end\n", p);
  written += 4;
  int status = pclose(p);
  printf("wrote %ld bytes into '%s'\n", written, command);
  status_line("pclose writer", status);
}

static void several_at_once(void) {
  FILE *a = popen("echo one; echo two", "r");
  FILE *b = popen("seq 3", "r");
  fflush(stdout);
  FILE *w = popen("cat >/dev/null; echo writer saw the end", "w");
  // The next child must not hold the descriptors of a, b and w (its shell looks for them).
  char check[300];
  snprintf(check, sizeof check,
           "for fd in %d %d %d; do if [ -e /proc/self/fd/$fd ]; then echo open; else echo closed; fi; done",
           fileno(a), fileno(b), fileno(w));
  FILE *c = popen(check, "r");
  char line[64];
  for (int round = 0; round < 4; round++) {
    if (fgets(line, sizeof line, a)) printf("a: %s", line);
    if (fgets(line, sizeof line, b)) printf("b: %s", line);
  }
  while (fgets(line, sizeof line, c)) printf("c: %s", line);
  fputs("data for cat\n", w);
  status_line("pclose c", pclose(c));
  status_line("pclose b", pclose(b));
  fflush(stdout);
  status_line("pclose w", pclose(w));
  status_line("pclose a", pclose(a));
}

static void statuses(void) {
  status_line("exit 3", pclose(popen("exit 3", "r")));
  status_line("kill TERM", pclose(popen("kill -TERM $$", "r")));
  status_line("exit 0 writer", pclose(popen("exit 0", "w")));
  errno = 0;
  FILE *p = popen("true", "rw");
  printf("mode rw: %p %s\n", (void *)p, strerror(errno));
  errno = 0;
  p = popen("true", "x");
  printf("mode x: %p %s\n", (void *)p, strerror(errno));
  errno = 0;
  p = popen("true", "");
  printf("mode empty: %p %s\n", (void *)p, strerror(errno));
  p = popen("true", "re");
  printf("re: cloexec %d\n", fcntl(fileno(p), F_GETFD) & FD_CLOEXEC);
  pclose(p);
  p = popen("true", "er");
  printf("er: cloexec %d\n", fcntl(fileno(p), F_GETFD) & FD_CLOEXEC);
  pclose(p);
  p = popen("true", "w");
  printf("w: cloexec %d, fileno > 2 %d\n", fcntl(fileno(p), F_GETFD) & FD_CLOEXEC, fileno(p) > 2);
  pclose(p);
  p = popen("exit 5", "r");
  int status;
  pid_t reaped = wait(&status);
  printf("wait reaped the child: %d status %d\n", reaped > 0, WEXITSTATUS(status));
  errno = 0;
  status_line("pclose after wait", pclose(p));
}

static volatile int spinning = 1;
static long spins;

static void *spinner(void *arg) {
  (void)arg;
  while (spinning) {
    spins++;
    sched_yield();
  }
  return NULL;
}

static void fork_child_with_thread(void) {
  int fds[2];
  pipe(fds);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    FILE *out = fdopen(fds[1], "w");
    for (int i = 0; i < 12000; i++) fprintf(out, "child line %d\n", i);
    fclose(out);
    _exit(0);
  }
  close(fds[1]);
  pthread_t thread;
  pthread_create(&thread, NULL, spinner, NULL);
  FILE *in = fdopen(fds[0], "r");
  char line[64];
  long lines = 0, bytes = 0;
  while (fgets(line, sizeof line, in)) {
    lines++;
    bytes += (long)strlen(line);
  }
  spinning = 0;
  pthread_join(thread, NULL);
  fclose(in);
  int status;
  waitpid(pid, &status, 0);
  printf("fork+thread: %ld lines, %ld bytes, thread ran %d, child status %d\n", lines, bytes, spins > 0,
         WEXITSTATUS(status));
}

static void slow_getline(void) {
  FILE *p = popen("for i in 1 2 3; do echo slow line $i; sleep 0.1; done", "r");
  char *line = NULL;
  size_t size = 0;
  ssize_t n;
  while ((n = getline(&line, &size, p)) > 0) printf("getline %zd: %s", n, line);
  free(line);
  status_line("pclose slow", pclose(p));
}

static int alarms;
static void on_alarm(int sig) {
  (void)sig;
  alarms++;
}

static void interrupted(int restart) {
  int fds[2];
  pipe(fds);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    usleep(600000);
    write(fds[1], "late\n", 5);
    _exit(0);
  }
  close(fds[1]);
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_alarm;
  action.sa_flags = restart ? SA_RESTART : 0;
  sigaction(SIGALRM, &action, NULL);
  alarms = 0;
  struct itimerval timer = {{0, 0}, {0, 100000}};
  setitimer(ITIMER_REAL, &timer, NULL);
  FILE *in = fdopen(fds[0], "r");
  char line[32];
  errno = 0;
  char *got = fgets(line, sizeof line, in);
  printf("restart %d: fgets %s, errno %s, error %d, eof %d, alarms %d\n", restart, got ? line : "NULL\n",
         strerror(errno), ferror(in), feof(in), alarms);
  if (got == NULL) {
    clearerr(in);
    got = fgets(line, sizeof line, in);
    printf("again: %s", got ? line : "NULL\n");
  }
  fclose(in);
  waitpid(pid, NULL, 0);
}

static void full_pipe_flush(void) {
  int fds[2];
  pipe(fds);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[1]);
    usleep(200000);
    char buffer[4096];
    long total = 0;
    ssize_t n;
    while ((n = read(fds[0], buffer, sizeof buffer)) > 0) total += n;
    printf("reader child got %ld bytes\n", total);
    fflush(stdout);
    _exit(0);
  }
  close(fds[0]);
  FILE *out = fdopen(fds[1], "w");
  setvbuf(out, NULL, _IOFBF, 100000);
  for (int i = 0; i < 9000; i++) fputs("0123456789", out);
  printf("fflush into a full pipe: %d\n", fflush(out));
  for (int i = 0; i < 9000; i++) putc('z', out);
  int closed = fclose(out);
  waitpid(pid, NULL, 0);
  printf("fclose: %d\n", closed);
}

static int scan_list(FILE *in, const char *format, ...) {
  va_list ap;
  va_start(ap, format);
  int n = vfscanf(in, format, ap);
  va_end(ap);
  return n;
}

static void slow_scanf(void) {
  FILE *p = popen("echo 12 34; sleep 0.1; echo 56 abc; sleep 0.1; echo 7.5 xyz; sleep 0.1; echo 8 9", "r");
  int a = 0, b = 0, c = 0;
  char word[16] = "";
  double d = 0;
  char *allocated = NULL;
  int n = fscanf(p, "%d %d %d %15s %lf %ms", &a, &b, &c, word, &d, &allocated);
  printf("fscanf %d: %d %d %d %s %.2f %s\n", n, a, b, c, word, d, allocated ? allocated : "(null)");
  free(allocated);
  n = scan_list(p, "%d %d", &a, &b);
  printf("vfscanf %d: %d %d\n", n, a, b);
  n = fscanf(p, "%d", &a);
  printf("fscanf at the end: %d\n", n);
  status_line("pclose scanf", pclose(p));
}

struct shared_stream {
  FILE *stream;
  int id;
  long lines;
  long sum;
};

static void *read_lines(void *arg) {
  struct shared_stream *s = arg;
  char line[64];
  while (fgets(line, sizeof line, s->stream)) {
    s->lines++;
    s->sum += atol(line);
  }
  return NULL;
}

static void *write_lines(void *arg) {
  struct shared_stream *s = arg;
  for (int i = 0; i < 4000; i++) fprintf(s->stream, "writer %d line %05d of a shared stream\n", s->id, i);
  return NULL;
}

static void threads_share_streams(void) {
  struct shared_stream a = {popen("seq 1 30000", "r"), 1, 0, 0}, b = a;
  b.id = 2;
  pthread_t ta, tb;
  pthread_create(&ta, NULL, read_lines, &a);
  pthread_create(&tb, NULL, read_lines, &b);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  printf("two readers: %ld lines, sum %ld\n", a.lines + b.lines, a.sum + b.sum);
  status_line("pclose readers", pclose(a.stream));
  fflush(stdout);
  a.stream = b.stream = popen("sort | md5sum; echo", "w");
  pthread_create(&ta, NULL, write_lines, &a);
  pthread_create(&tb, NULL, write_lines, &b);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  status_line("pclose writers", pclose(a.stream));
}

int main(void) {
  read_with_fgets();
  read_with_fread();
  write_into("wc -c");
  write_into("md5sum");
  several_at_once();
  statuses();
  fork_child_with_thread();
  slow_getline();
  slow_scanf();
  threads_share_streams();
  interrupted(0);
  interrupted(1);
  full_pipe_flush();
  printf("done\n");
  return 0;
}
