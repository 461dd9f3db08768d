// Small libc functions (issue 6 coverage): strcasestr, strerror_l, the wcsto* family, ldexpl,
// get_current_dir_name, parse_printf_format, initgroups, __getpagesize, malloc_trim, daemon,
// pthread_setschedparam/getschedparam, pthread_setaffinity_np/getaffinity_np, and the
// pthread_cleanup_push/pop ABI (__pthread_register_cancel, __pthread_unwind_next) through
// pthread_exit and pthread_testcancel.
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <grp.h>
#include <inttypes.h>
#include <locale.h>
#include <malloc.h>
#include <math.h>
#include <printf.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

extern int __getpagesize(void);

static void show_strcasestr(void) {
  const char *h = "Hello, World of CASES";
  const char *needles[] = {"world", "WORLD", "", "cases", "xyz", "o, w", "S", "hello, world of cases!", "\xc3\xa9"};
  for (unsigned i = 0; i < sizeof needles / sizeof *needles; i++) {
    char *r = strcasestr(h, needles[i]);
    printf("strcasestr(%s) = %ld\n", needles[i], r ? (long)(r - h) : -1L);
  }
  printf("strcasestr(empty hay, a) = %p\n", (void *)strcasestr("", "a"));
  printf("strcasestr(empty, empty) = %d\n", strcasestr("", "") != NULL);
}

static void show_strerror_l(void) {
  locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
  locale_t u = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
  int errs[] = {0, EPERM, ENOENT, EINVAL, ERANGE, 133, 134, 1000, -1};
  for (unsigned i = 0; i < sizeof errs / sizeof *errs; i++) {
    errno = 77;
    printf("strerror_l(%d) = [%s] [%s] errno %d\n", errs[i], strerror_l(errs[i], c), strerror_l(errs[i], u), errno);
  }
  freelocale(c);
  freelocale(u);
}

static void show_wide_integers(void) {
  const wchar_t *inputs[] = {L"  123abc", L"-0x1fZ", L"0777", L"\u2003 42", L"9223372036854775807",
                             L"9223372036854775808", L"-9223372036854775809", L"18446744073709551615",
                             L"18446744073709551616", L"-1", L"   ", L"0x", L"+z", L"\uff11\uff12", L"1\u00a02"};
  int bases[] = {0, 10, 16, 36, 1};
  for (int pass = 0; pass < 2; pass++) {
    setlocale(LC_ALL, pass == 0 ? "C" : "C.UTF-8");
    for (unsigned i = 0; i < sizeof inputs / sizeof *inputs; i++)
      for (unsigned b = 0; b < sizeof bases / sizeof *bases; b++) {
        wchar_t *end = (wchar_t *)1;
        errno = 0;
        long l = wcstol(inputs[i], &end, bases[b]);
        int e1 = errno;
        long el = end == (wchar_t *)1 ? -99 : end - inputs[i];
        errno = 0;
        unsigned long long u = wcstoull(inputs[i], &end, bases[b]);
        int e2 = errno;
        errno = 0;
        long long ll = wcstoll(inputs[i], NULL, bases[b]);
        int e3 = errno;
        errno = 0;
        unsigned long ul = wcstoul(inputs[i], NULL, bases[b]);
        printf("%d in%u base %d: l %ld end %ld e%d ull %llu end %ld e%d ll %lld e%d ul %lu e%d\n", pass, i, bases[b], l,
               el, e1, u, end == (wchar_t *)1 ? -99 : (long)(end - inputs[i]), e2, ll, e3, ul, errno);
      }
  }
  setlocale(LC_ALL, "C");
  wchar_t *end;
  printf("wcstoimax %jd wcstoumax %ju\n", wcstoimax(L"-77", &end, 8), wcstoumax(L"zz", &end, 36));
}

static void show_wide_floats(void) {
  const wchar_t *inputs[] = {L"3.25e2xyz", L"  -0x1.8p3", L"inf", L"-INFINITY", L"nan(123)", L"1e400",
                             L"1e-400", L"4.9e-324", L"\u2003.5", L".", L"1e", L"0x", L"1.5e-45", L"3.4028236e38",
                             L"1.18973149535723176502e+4932", L"1e-4951"};
  for (unsigned i = 0; i < sizeof inputs / sizeof *inputs; i++) {
    wchar_t *e1, *e2, *e3;
    errno = 0;
    double d = wcstod(inputs[i], &e1);
    int r1 = errno;
    errno = 0;
    float f = wcstof(inputs[i], &e2);
    int r2 = errno;
    errno = 0;
    long double ld = wcstold(inputs[i], &e3);
    printf("in%u: d %a end %ld e%d f %a end %ld e%d ld %La end %ld e%d\n", i, d, (long)(e1 - inputs[i]), r1, (double)f,
           (long)(e2 - inputs[i]), r2, ld, (long)(e3 - inputs[i]), errno);
  }
  setlocale(LC_ALL, "C.UTF-8");
  wchar_t *end;
  const wchar_t *spaced = L"\u2003\u00a01.5";
  double d = wcstod(spaced, &end);
  printf("utf8 space: %a %ld\n", d, (long)(end - spaced));
  setlocale(LC_ALL, "C");
}

static void show_ldexpl(void) {
  long double xs[] = {1.0L, -3.5L, 0x1p-16440L, 1.18973149535723176502e+4932L, 0.0L, -0.0L};
  int ns[] = {0, 1, -1, 100, 16383, 16384, -16382, -16400, -16445, -20000, 20000, 2147483647, -2147483647 - 1};
  for (unsigned i = 0; i < sizeof xs / sizeof *xs; i++)
    for (unsigned j = 0; j < sizeof ns / sizeof *ns; j++) {
      feclearexcept(FE_ALL_EXCEPT);
      errno = 0;
      long double r = ldexpl(xs[i], ns[j]);
      int flags = fetestexcept(FE_ALL_EXCEPT);
      printf("ldexpl(%La, %d) = %La errno %d flags %#x\n", xs[i], ns[j], r, errno, flags);
    }
  int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  for (int m = 0; m < 4; m++) {
    fesetround(modes[m]);
    printf("mode %d: %La %La %La\n", m, ldexpl(0x1.8000000000000001p0L, -16445), ldexpl(-0x1.fffffffffffffffep0L, 16383),
           ldexpl(0x1.0000000000000003p0L, -16440));
  }
  fesetround(FE_TONEAREST);
  long double inf = __builtin_infl();
  errno = 0;
  long double a = ldexpl(inf, 5);
  long double b = ldexpl(-inf, -5);
  int nan = __builtin_isnan(ldexpl(__builtin_nanl(""), 3));
  printf("ldexpl(inf) = %La; ldexpl(-inf) = %La; ldexpl(nan) is nan %d; errno %d\n", a, b, nan, errno);
}

static void show_current_dir_name(void) {
  mkdir("/tmp/libc-misc-dir", 0755);
  unlink("/tmp/libc-misc-link");
  symlink("/tmp/libc-misc-dir", "/tmp/libc-misc-link");
  chdir("/tmp/libc-misc-link");
  const char *pwds[] = {"/tmp/libc-misc-link", "/tmp/libc-misc-dir/", "/tmp", "/nonexistent", NULL};
  for (unsigned i = 0; i < 5; i++) {
    if (pwds[i])
      setenv("PWD", pwds[i], 1);
    else
      unsetenv("PWD");
    errno = 0;
    char *name = get_current_dir_name();
    printf("PWD=%s: %s errno %d\n", pwds[i] ? pwds[i] : "(unset)", name, errno);
    free(name);
  }
  chdir("/");
  unlink("/tmp/libc-misc-link");
  rmdir("/tmp/libc-misc-dir");
}

static void show_parse_printf_format(void) {
  const char *formats[] = {"plain", "%d %s", "%5.2f %c %p %n %%", "%hhd %hd %ld %lld %qd %jd %zd %td %Lf %llf %Le",
                           "%*.*d", "%3$s %1$d %2$f", "%2$*1$d", "%.*3$f %1$d", "%C %S %lc %ls %m %y %",
                           "%-+ #0'Id %I5x", "%1$d %1$ld", "%*5d %0$d", "%99999999999$d", "%10$d", "%.d %.s"};
  for (unsigned i = 0; i < sizeof formats / sizeof *formats; i++) {
    int types[16];
    for (int k = 0; k < 16; k++) types[k] = -1;
    size_t n = parse_printf_format(formats[i], 4, types);
    printf("parse_printf_format(\"%s\") = %zu:", formats[i], n);
    for (int k = 0; k < 6; k++) printf(" %d", types[k]);
    printf("\n");
  }
  printf("n=0: %zu\n", parse_printf_format("%d %f %s", 0, NULL));
}

static void show_groups(void) {
  FILE *f = fopen("/etc/group", "r");
  printf("have /etc/group: %d\n", f != NULL);
  if (f) fclose(f);
  errno = 0;
  int r = initgroups("root", 4242);
  printf("initgroups(root, 4242) = %d errno %d\n", r, errno);
  gid_t groups[64];
  int n = getgroups(64, groups);
  printf("getgroups: %d:", n);
  for (int i = 0; i < n; i++) printf(" %u", groups[i]);
  printf("\n");
  r = initgroups("nobody-such-user", 4243);
  n = getgroups(64, groups);
  printf("initgroups(unknown) = %d; getgroups: %d first %u\n", r, n, n > 0 ? groups[0] : 0);
}

static void show_daemon(void) {
  int pipefd[2];
  if (pipe(pipefd) != 0) return;
  fflush(stdout);
  pid_t first = fork();
  if (first == 0) {
    close(pipefd[0]);
    pid_t before = getpid();
    if (daemon(0, 0) != 0) _exit(3);
    char cwd[256];
    if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "?");
    char line[512];
    struct stat st;
    fstat(1, &st);
    int n = snprintf(line, sizeof line, "daemon child: new pid %d, session leader %d, cwd %s, stdout chr %d, puts %d\n",
                     getpid() != before, getsid(0) == getpid(), cwd, S_ISCHR(st.st_mode), puts("lost"));
    write(pipefd[1], line, n);
    _exit(0);
  }
  close(pipefd[1]);
  int status;
  waitpid(first, &status, 0);
  printf("daemon's parent exited: %d status %d\n", WIFEXITED(status), WEXITSTATUS(status));
  char buffer[512];
  ssize_t got, total = 0;
  while ((got = read(pipefd[0], buffer + total, sizeof buffer - 1 - total)) > 0) total += got;
  buffer[total] = 0;
  printf("%s", buffer);
  close(pipefd[0]);

  // daemon(1, 1) keeps the directory and descriptors.
  if (pipe(pipefd) != 0) return;
  chdir("/tmp");
  fflush(stdout);
  first = fork();
  if (first == 0) {
    close(pipefd[0]);
    if (daemon(1, 1) != 0) _exit(3);
    char cwd[256];
    if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "?");
    dprintf(pipefd[1], "daemon(1, 1) child: cwd %s\n", cwd);
    _exit(0);
  }
  close(pipefd[1]);
  waitpid(first, &status, 0);
  total = 0;
  while ((got = read(pipefd[0], buffer + total, sizeof buffer - 1 - total)) > 0) total += got;
  buffer[total] = 0;
  printf("%s", buffer);
  close(pipefd[0]);
  chdir("/");
}

static pthread_barrier_t barrier;

static void *idle_thread(void *arg) {
  (void)arg;
  pthread_barrier_wait(&barrier);
  pthread_barrier_wait(&barrier);
  return NULL;
}

static void show_scheduling(void) {
  pthread_t t;
  pthread_barrier_init(&barrier, NULL, 2);
  pthread_create(&t, NULL, idle_thread, NULL);
  pthread_barrier_wait(&barrier);
  int policy = -1;
  struct sched_param p = {.sched_priority = -1};
  int r = pthread_getschedparam(t, &policy, &p);
  printf("getschedparam = %d policy %d priority %d\n", r, policy, p.sched_priority);
  p.sched_priority = 0;
  printf("setschedparam(BATCH) = %d\n", pthread_setschedparam(t, SCHED_BATCH, &p));
  p.sched_priority = 5;
  printf("setschedparam(OTHER, 5) = %d\n", pthread_setschedparam(t, SCHED_OTHER, &p));
  p.sched_priority = 0;
  r = pthread_getschedparam(t, &policy, &p);
  printf("getschedparam = %d policy %d priority %d\n", r, policy, p.sched_priority);
  r = pthread_getschedparam(pthread_self(), &policy, &p);
  printf("self getschedparam = %d policy %d\n", r, policy);
  p.sched_priority = 0;
  printf("setschedparam(IDLE) = %d\n", pthread_setschedparam(t, SCHED_IDLE, &p));
  printf("setschedparam(42) = %d\n", pthread_setschedparam(t, 42, &p));
  r = pthread_getschedparam(t, &policy, &p);
  printf("getschedparam = %d policy %d\n", r, policy);
  p.sched_priority = 0;
  printf("setschedparam(OTHER) = %d\n", pthread_setschedparam(t, SCHED_OTHER, &p));
  r = pthread_getschedparam(t, &policy, &p);
  printf("getschedparam = %d policy %d\n", r, policy);

  cpu_set_t set;
  memset(&set, 0xaa, sizeof set);
  r = pthread_getaffinity_np(t, sizeof set, &set);
  printf("getaffinity = %d cpu0 %d count>0 %d\n", r, CPU_ISSET(0, &set), CPU_COUNT(&set) > 0);
  unsigned char *bytes = (unsigned char *)&set;
  int tail = 0;
  for (size_t i = 16; i < sizeof set; i++) tail |= bytes[i];
  printf("tail zeroed %d\n", tail == 0);
  printf("getaffinity(size 4) = %d\n", pthread_getaffinity_np(t, 4, &set));
  CPU_ZERO(&set);
  printf("setaffinity(empty) = %d\n", pthread_setaffinity_np(t, sizeof set, &set));
  CPU_SET(1000, &set);
  printf("setaffinity(cpu 1000) = %d\n", pthread_setaffinity_np(t, sizeof set, &set));
  CPU_ZERO(&set);
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  printf("setaffinity(cpu 0) = %d\n", pthread_setaffinity_np(t, sizeof set, &set));
  pthread_barrier_wait(&barrier);
  pthread_join(t, NULL);
}

static void cleanup(void *arg) { printf("cleanup %s\n", (const char *)arg); }

static void inner(int how) {
  pthread_cleanup_push(cleanup, "inner");
  if (how == 0) pthread_exit((void *)42);
  if (how == 1) pthread_testcancel();
  pthread_cleanup_pop(0);
}

static void *cleanup_thread(void *arg) {
  int how = (int)(intptr_t)arg;
  pthread_cleanup_push(cleanup, "outer");
  pthread_cleanup_push(cleanup, "middle");
  if (how == 1) pthread_cancel(pthread_self());
  if (how == 2) {
    pthread_cleanup_push(cleanup, "popped with 1");
    pthread_cleanup_pop(1);
    pthread_cleanup_push(cleanup, "popped with 0");
    pthread_cleanup_pop(0);
    pthread_exit((void *)7);
  }
  inner(how);
  pthread_cleanup_pop(0);
  pthread_cleanup_pop(0);
  return (void *)1;
}

static void *deferred_push_thread(void *arg) {
  (void)arg;
  int old;
  pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &old);
  pthread_cleanup_push_defer_np(cleanup, "defer");
  pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, &old);
  printf("type inside push_defer was %s\n", old == PTHREAD_CANCEL_DEFERRED ? "deferred" : "asynchronous");
  pthread_cleanup_pop_restore_np(0);
  pthread_setcanceltype(PTHREAD_CANCEL_DEFERRED, &old);
  printf("type after pop_restore %s\n", old == PTHREAD_CANCEL_DEFERRED ? "deferred" : "asynchronous");
  return (void *)3;
}

static void show_cleanup(void) {
  for (int how = 0; how < 3; how++) {
    pthread_t t;
    void *result;
    pthread_create(&t, NULL, cleanup_thread, (void *)(intptr_t)how);
    pthread_join(t, &result);
    printf("thread %d result %s%ld\n", how, result == PTHREAD_CANCELED ? "CANCELED " : "", (long)result);
  }
  pthread_t t;
  void *result;
  pthread_create(&t, NULL, deferred_push_thread, NULL);
  pthread_join(t, &result);
  printf("defer thread result %ld\n", (long)result);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  show_strcasestr();
  show_strerror_l();
  show_wide_integers();
  show_wide_floats();
  show_ldexpl();
  show_current_dir_name();
  show_parse_printf_format();
  printf("__getpagesize %d\n", __getpagesize());
  void *blocks[64];
  for (int i = 0; i < 64; i++) blocks[i] = malloc(1000);
  for (int i = 0; i < 64; i++) free(blocks[i]);
  int trimmed = malloc_trim(0);
  printf("malloc_trim answered 0 or 1: %d\n", trimmed == 0 || trimmed == 1);
  show_groups();
  show_daemon();
  show_scheduling();
  show_cleanup();
  return 0;
}
