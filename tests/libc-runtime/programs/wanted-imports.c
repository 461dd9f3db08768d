// Imports /usr/bin programs wanted (issue 6): getpass without a terminal (stdin/stderr) and on a
// pseudo-terminal (echo off, the newline written back), gnu_dev_major/minor/makedev, the wide
// _FORTIFY_SOURCE checks (passing and failing in children), _nl_msg_cat_cntr's changes, and
// clock_nanosleep (relative, absolute, errors returned not in errno, EINTR with the time left).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libintl.h>
#include <locale.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <utmp.h>
#include <wchar.h>

extern int _nl_msg_cat_cntr;
wchar_t *__wmemcpy_chk(wchar_t *, const wchar_t *, size_t, size_t);
wchar_t *__wmemmove_chk(wchar_t *, const wchar_t *, size_t, size_t);
wchar_t *__wmempcpy_chk(wchar_t *, const wchar_t *, size_t, size_t);
wchar_t *__wmemset_chk(wchar_t *, wchar_t, size_t, size_t);
wchar_t *__wcscpy_chk(wchar_t *, const wchar_t *, size_t);
wchar_t *__wcpcpy_chk(wchar_t *, const wchar_t *, size_t);
wchar_t *__wcsncpy_chk(wchar_t *, const wchar_t *, size_t, size_t);
wchar_t *__wcpncpy_chk(wchar_t *, const wchar_t *, size_t, size_t);
wchar_t *__wcscat_chk(wchar_t *, const wchar_t *, size_t);
wchar_t *__wcsncat_chk(wchar_t *, const wchar_t *, size_t, size_t);

static void check_fails(const char *what, int which) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", 1);
    dup2(devnull, 2);
    wchar_t d[4] = L"ab";
    switch (which) {
    case 0: __wmemcpy_chk(d, L"abcde", 5, 4); break;
    case 1: __wmemset_chk(d, L'x', 5, 4); break;
    case 2: __wcscpy_chk(d, L"abcd", 4); break;
    case 3: __wcscat_chk(d, L"cd", 4); break;
    case 4: __wcsncat_chk(d, L"cdef", 2, 4); break;
    case 5: __wcsncpy_chk(d, L"a", 5, 4); break;
    case 6: __wcpcpy_chk(d, L"wxyz", 4); break;
    }
    _exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("%s: %s %d\n", what, WIFSIGNALED(status) ? "signal" : "exit", WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

static void on_alarm(int sig) { (void)sig; }

int main(void) {
  // getpass without a terminal: a child in a new session reads stdin, prompts on stderr.
  fflush(stdout);
  int pipe_in[2], pipe_err[2];
  pipe(pipe_in);
  pipe(pipe_err);
  pid_t pid = fork();
  if (pid == 0) {
    setsid();
    dup2(pipe_in[0], 0);
    dup2(pipe_err[1], 2);
    close(pipe_in[1]);
    char *p = getpass("Secret: ");
    printf("getpass -> [%s] errno %s\n", p, strerror(errno));
    char *q = getpass("Again: ");
    printf("getpass -> [%s] same buffer %d\n", q, p == q);
    char *r = getpass("EOF: ");
    printf("getpass at EOF -> [%s]\n", r);
    exit(0);
  }
  close(pipe_err[1]);
  close(pipe_in[0]);
  write(pipe_in[1], "hunter2\nno-newline", 18);
  close(pipe_in[1]);
  waitpid(pid, 0, 0);
  char prompts[256] = {0};
  read(pipe_err[0], prompts, sizeof prompts - 1);
  printf("prompts on stderr: [%s]\n", prompts);

  // getpass on a pseudo-terminal: the prompt, no echo, then the newline.
  int master;
  fflush(stdout);
  pid = forkpty(&master, NULL, NULL, NULL);
  if (pid == 0) {
    char *p = getpass("Password: ");
    printf("got [%s]\n", p);
    fflush(stdout);
    _exit(0);
  }
  char seen[512] = {0};
  size_t have = 0;
  while (strstr(seen, "Password: ") == NULL) {
    ssize_t n = read(master, seen + have, sizeof seen - 1 - have);
    if (n <= 0) break;
    have += n;
  }
  write(master, "pw123\n", 6);
  for (;;) {
    ssize_t n = read(master, seen + have, sizeof seen - 1 - have);
    if (n <= 0) break;
    have += n;
  }
  waitpid(pid, 0, 0);
  printf("terminal saw:");
  for (size_t i = 0; i < have; i++) {
    if (seen[i] == '\r') printf("\\r");
    else if (seen[i] == '\n') printf("\\n");
    else putchar(seen[i]);
  }
  printf("\n");

  // Device numbers.
  dev_t devs[] = {makedev(8, 1), makedev(259, 3), makedev(0xfffff, 0xfffffff), makedev(0x12345678, 0x9abcdef0), 0};
  for (int i = 0; i < 5; i++)
    printf("dev %#llx major %u minor %u\n", (unsigned long long)devs[i], gnu_dev_major(devs[i]), gnu_dev_minor(devs[i]));
  printf("makedev %#llx\n", (unsigned long long)gnu_dev_makedev(0xffffffffu, 0xffffffffu));

  // Wide checks that pass.
  wchar_t buf[16] = {0};
  wchar_t *e = __wmempcpy_chk(buf, L"hello", 6, 16);
  printf("wmempcpy end %td [%ls]\n", e - buf, buf);
  __wmemmove_chk(buf + 1, buf, 5, 15);
  printf("wmemmove [%ls]\n", buf);
  __wmemset_chk(buf, L'z', 3, 16);
  printf("wmemset [%ls]\n", buf);
  __wcscpy_chk(buf, L"abc", 4);
  __wcscat_chk(buf, L"def", 7);
  __wcsncat_chk(buf, L"ghijk", 2, 9);
  printf("wcs [%ls] wcpcpy end %td\n", buf, __wcpcpy_chk(buf, L"xy", 3) - buf);
  __wcsncpy_chk(buf, L"q", 4, 4);
  printf("wcsncpy [%ls] %d %d %d wcpncpy end %td\n", buf, buf[1], buf[2], buf[3], __wcpncpy_chk(buf, L"rs", 5, 16) - buf);
  printf("wmemcpy [%ls]\n", __wmemcpy_chk(buf, L"end", 4, 4));
  for (int i = 0; i < 7; i++) check_fails("overflow", i);

  // _nl_msg_cat_cntr.
  int c0 = _nl_msg_cat_cntr;
  textdomain("prog");
  int c1 = _nl_msg_cat_cntr;
  textdomain(NULL);
  int c2 = _nl_msg_cat_cntr;
  textdomain("prog");
  int c3 = _nl_msg_cat_cntr;
  bindtextdomain("prog", "/tmp/locale");
  int c4 = _nl_msg_cat_cntr;
  bindtextdomain("prog", "/tmp/locale");
  int c5 = _nl_msg_cat_cntr;
  bindtextdomain("other", "/usr/share/locale");
  int c6 = _nl_msg_cat_cntr;
  bindtextdomain("prog", NULL);
  int c7 = _nl_msg_cat_cntr;
  setlocale(LC_ALL, "C");
  int c8 = _nl_msg_cat_cntr;
  setlocale(LC_ALL, "C.UTF-8");
  int c9 = _nl_msg_cat_cntr;
  setlocale(LC_CTYPE, "C.UTF-8");
  int c10 = _nl_msg_cat_cntr;
  setlocale(LC_ALL, "nonexistent_XX");
  int c11 = _nl_msg_cat_cntr;
  setlocale(LC_ALL, NULL);
  printf("_nl_msg_cat_cntr steps: %d %d %d %d %d %d %d %d %d %d %d\n", c1 - c0, c2 - c1, c3 - c2, c4 - c3, c5 - c4,
         c6 - c5, c7 - c6, c8 - c7, c9 - c8, c10 - c9, c11 - c10);

  // clock_nanosleep.
  struct timespec ts = {0, 20 * 1000 * 1000}, rem = {7, 7};
  errno = 0;
  int r = clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &rem);
  printf("relative %d errno %d rem %ld.%ld\n", r, errno, (long)rem.tv_sec, rem.tv_nsec);
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  now.tv_sec -= 5;
  printf("absolute past %d\n", clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &now, NULL));
  clock_gettime(CLOCK_MONOTONIC, &now);
  now.tv_nsec += 30 * 1000 * 1000;
  if (now.tv_nsec >= 1000000000) { now.tv_sec++; now.tv_nsec -= 1000000000; }
  r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &now, NULL);
  struct timespec after;
  clock_gettime(CLOCK_MONOTONIC, &after);
  printf("absolute future %d reached %d\n", r, after.tv_sec > now.tv_sec || (after.tv_sec == now.tv_sec && after.tv_nsec >= now.tv_nsec));
  errno = 0;
  printf("thread clock %d errno %d\n", clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ts, NULL), errno);
  struct timespec bad = {0, 1000000000};
  printf("bad nsec %d\n", clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL));
  bad.tv_sec = -1;
  bad.tv_nsec = 0;
  printf("negative %d\n", clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL));
  printf("bad clock %d\n", clock_nanosleep(12345, 0, &ts, NULL));
  printf("process clock %d\n", clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &(struct timespec){0, 1}, NULL));
  struct sigaction sa = {0};
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, NULL);
  alarm(1);
  struct timespec longer = {3, 0};
  r = clock_nanosleep(CLOCK_MONOTONIC, 0, &longer, &rem);
  printf("interrupted %d rem %d\n", r, rem.tv_sec >= 1 && rem.tv_sec <= 2);
  return 0;
}
