// POSIX timers (timer_create and friends): ids from 0; SIGEV_SIGNAL with sigwaitinfo (si_code
// SI_TIMER, si_timerid, si_value) and with a handler (a periodic timer counted to 5); the default
// sigevent (SIGALRM, value = id); SIGEV_NONE read back with timer_gettime; TIMER_ABSTIME on
// CLOCK_MONOTONIC and CLOCK_REALTIME, and an absolute time already past; overruns while the signal
// is blocked (si_overrun and timer_getoverrun agree); SIGEV_THREAD_ID to the main thread;
// SIGEV_THREAD (the C library's helper thread); a CPU-time timer that expires after busy work;
// disarming, old values, deletion; and the errors (EINVAL for a bad clock, signal, notify, id
// or time; EFAULT for an unreadable sigevent). Also setitimer's CPU-time timers: ITIMER_VIRTUAL
// (SIGVTALRM) and ITIMER_PROF (SIGPROF) with si_code SI_KERNEL, read back with getitimer.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

static volatile sig_atomic_t ticks;
static volatile sig_atomic_t handler_timer_id = -1;
static volatile sig_atomic_t handler_code;
static volatile sig_atomic_t handler_si_timerid = -1;

static void on_tick(int sig, siginfo_t *info, void *context) {
  (void)sig;
  (void)context;
  ticks++;
  handler_code = info->si_code;
  handler_timer_id = info->si_value.sival_int;
  handler_si_timerid = info->si_timerid;
}

static const char *code_name(int code) {
  return code == SI_TIMER ? "SI_TIMER" : code == SI_USER ? "SI_USER" : "other";
}

static void block(int sig) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_BLOCK, &set, NULL);
}

static void unblock(int sig) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static struct itimerspec after_ms(long first, long every) {
  struct itimerspec its;
  memset(&its, 0, sizeof its);
  its.it_value.tv_sec = first / 1000;
  its.it_value.tv_nsec = (first % 1000) * 1000000L;
  its.it_interval.tv_sec = every / 1000;
  its.it_interval.tv_nsec = (every % 1000) * 1000000L;
  return its;
}

static void signal_with_sigwaitinfo(void) {
  block(SIGRTMIN);
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = SIGRTMIN;
  sev.sigev_value.sival_int = 4242;
  timer_t timer;
  if (timer_create(CLOCK_MONOTONIC, &sev, &timer) != 0) perror("timer_create");
  struct itimerspec its = after_ms(20, 0);
  timer_settime(timer, 0, &its, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGRTMIN);
  siginfo_t info;
  int sig = sigwaitinfo(&set, &info);
  printf("sigwaitinfo: %s, code %s, value %d, overrun %d\n", sig == SIGRTMIN ? "SIGRTMIN" : "other",
         code_name(info.si_code), info.si_value.sival_int, info.si_overrun);
  struct itimerspec now;
  timer_gettime(timer, &now);
  printf("one-shot after expiry: %ld.%09ld left, interval %ld.%09ld\n", (long)now.it_value.tv_sec,
         now.it_value.tv_nsec, (long)now.it_interval.tv_sec, now.it_interval.tv_nsec);
  timer_delete(timer);
  unblock(SIGRTMIN);
}

static void periodic_handler(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_tick;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGALRM, &sa, NULL);
  timer_t timer;
  // No sigevent: SIGALRM with the timer's id as the value.
  if (timer_create(CLOCK_REALTIME, NULL, &timer) != 0) perror("timer_create");
  struct itimerspec its = after_ms(10, 10);
  timer_settime(timer, 0, &its, NULL);
  ticks = 0;
  while (ticks < 5) pause();
  struct itimerspec off = after_ms(0, 0), old;
  timer_settime(timer, 0, &off, &old);
  // Without a sigevent, glibc passes SIGALRM with value 0; musl leaves the kernel's default (the id).
  printf("periodic: %d ticks, code %s, id %d, si_timerid %d, value %d, old interval %ld.%09ld, old value set: %s\n",
         (int)ticks, code_name(handler_code), (int)(intptr_t)timer, (int)handler_si_timerid, (int)handler_timer_id,
         (long)old.it_interval.tv_sec, old.it_interval.tv_nsec, old.it_value.tv_nsec > 0 || old.it_value.tv_sec > 0 ? "yes" : "no");
  struct itimerspec now;
  timer_gettime(timer, &now);
  printf("disarmed: %ld.%09ld\n", (long)now.it_value.tv_sec, now.it_value.tv_nsec);
  timer_delete(timer);
  signal(SIGALRM, SIG_DFL);
}

static void notify_none(void) {
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_NONE;
  timer_t timer;
  timer_create(CLOCK_MONOTONIC, &sev, &timer);
  struct itimerspec its = after_ms(5000, 1500);
  timer_settime(timer, 0, &its, NULL);
  struct itimerspec now;
  timer_gettime(timer, &now);
  printf("SIGEV_NONE: value in (4, 5] s: %s, interval %ld.%09ld\n",
         now.it_value.tv_sec == 4 || (now.it_value.tv_sec == 5 && now.it_value.tv_nsec == 0) ? "yes" : "no",
         (long)now.it_interval.tv_sec, now.it_interval.tv_nsec);
  timer_delete(timer);
}

static void absolute(clockid_t clock, const char *name, long offset_ms) {
  block(SIGUSR1);
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = SIGUSR1;
  timer_t timer;
  timer_create(clock, &sev, &timer);
  struct timespec start, end;
  clock_gettime(clock, &start);
  struct itimerspec its;
  memset(&its, 0, sizeof its);
  its.it_value = start;
  its.it_value.tv_nsec += offset_ms * 1000000L;
  while (its.it_value.tv_nsec >= 1000000000L) {
    its.it_value.tv_nsec -= 1000000000L;
    its.it_value.tv_sec++;
  }
  while (its.it_value.tv_nsec < 0) {
    its.it_value.tv_nsec += 1000000000L;
    its.it_value.tv_sec--;
  }
  timer_settime(timer, TIMER_ABSTIME, &its, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  int sig;
  sigwait(&set, &sig);
  clock_gettime(clock, &end);
  long waited = (end.tv_sec - start.tv_sec) * 1000 + (end.tv_nsec - start.tv_nsec) / 1000000;
  printf("TIMER_ABSTIME %s %+ld ms: signal %s, waited at least the time: %s\n", name, offset_ms,
         sig == SIGUSR1 ? "SIGUSR1" : "other", waited >= (offset_ms > 0 ? offset_ms : 0) ? "yes" : "no");
  timer_delete(timer);
  unblock(SIGUSR1);
}

static void overruns(void) {
  block(SIGUSR2);
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = SIGUSR2;
  timer_t timer;
  timer_create(CLOCK_MONOTONIC, &sev, &timer);
  struct itimerspec its = after_ms(5, 5);
  timer_settime(timer, 0, &its, NULL);
  struct timespec pause_for = {0, 100 * 1000000L};
  nanosleep(&pause_for, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  siginfo_t info;
  sigwaitinfo(&set, &info);
  int reported = timer_getoverrun(timer);
  printf("overruns while blocked: si_overrun > 5: %s, timer_getoverrun agrees: %s\n",
         info.si_overrun > 5 ? "yes" : "no", reported == info.si_overrun ? "yes" : "no");
  timer_delete(timer);
  unblock(SIGUSR2);
}

static void to_main_thread(void) {
  block(SIGRTMIN + 1);
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_THREAD_ID;
  sev.sigev_signo = SIGRTMIN + 1;
  sev.sigev_notify_thread_id = (pid_t)syscall(SYS_gettid);
  sev.sigev_value.sival_int = 7;
  timer_t timer;
  if (timer_create(CLOCK_MONOTONIC, &sev, &timer) != 0) perror("timer_create SIGEV_THREAD_ID");
  struct itimerspec its = after_ms(10, 0);
  timer_settime(timer, 0, &its, NULL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGRTMIN + 1);
  siginfo_t info;
  int sig = sigwaitinfo(&set, &info);
  printf("SIGEV_THREAD_ID: signal %s, value %d\n", sig == SIGRTMIN + 1 ? "SIGRTMIN+1" : "other",
         info.si_value.sival_int);
  timer_delete(timer);
  unblock(SIGRTMIN + 1);
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t fired = PTHREAD_COND_INITIALIZER;
static int thread_calls;
static int thread_value;
static int thread_is_main;
static pthread_t main_thread;

static void on_thread(union sigval value) {
  pthread_mutex_lock(&lock);
  thread_calls++;
  thread_value = value.sival_int;
  thread_is_main = pthread_equal(pthread_self(), main_thread);
  pthread_cond_signal(&fired);
  pthread_mutex_unlock(&lock);
}

static void notify_thread(void) {
  main_thread = pthread_self();
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_THREAD;
  sev.sigev_notify_function = on_thread;
  sev.sigev_value.sival_int = 99;
  timer_t timer;
  if (timer_create(CLOCK_MONOTONIC, &sev, &timer) != 0) perror("timer_create SIGEV_THREAD");
  struct itimerspec its = after_ms(10, 0);
  timer_settime(timer, 0, &its, NULL);
  pthread_mutex_lock(&lock);
  while (thread_calls == 0) pthread_cond_wait(&fired, &lock);
  pthread_mutex_unlock(&lock);
  printf("SIGEV_THREAD: called %d time(s), value %d, on another thread: %s\n", thread_calls, thread_value,
         thread_is_main ? "no" : "yes");
  timer_delete(timer);
}

static void cpu_time(void) {
  block(SIGVTALRM);
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = SIGVTALRM;
  timer_t timer;
  if (timer_create(CLOCK_PROCESS_CPUTIME_ID, &sev, &timer) != 0) perror("timer_create CPU");
  struct itimerspec its = after_ms(30, 0);
  timer_settime(timer, 0, &its, NULL);
  sigset_t set;
  volatile unsigned long spin = 0;
  for (;;) {
    for (int i = 0; i < 100000; i++) spin += (unsigned long)i;
    if (sigpending(&set) == 0 && sigismember(&set, SIGVTALRM)) break;
  }
  struct timespec used;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &used);
  printf("CPU-time timer: fired after at least 30 ms of CPU: %s\n",
         used.tv_sec > 0 || used.tv_nsec >= 30 * 1000000L ? "yes" : "no");
  int sig;
  sigemptyset(&set);
  sigaddset(&set, SIGVTALRM);
  sigwait(&set, &sig);
  timer_delete(timer);
  unblock(SIGVTALRM);
}

static volatile sig_atomic_t cpu_ticks, cpu_tick_code;

static void on_cpu_tick(int sig, siginfo_t *info, void *context) {
  (void)sig;
  (void)context;
  cpu_ticks++;
  cpu_tick_code = info->si_code;
}

static void cpu_itimer(int which, int sig, const char *name) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_cpu_tick;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigaction(sig, &sa, NULL);
  struct itimerval it;
  memset(&it, 0, sizeof it);
  it.it_value.tv_usec = 10000;
  it.it_interval.tv_usec = 10000;
  cpu_ticks = 0;
  setitimer(which, &it, NULL);
  struct itimerval now;
  getitimer(which, &now);
  int armed = now.it_value.tv_usec > 0 && now.it_interval.tv_usec == 10000;
  volatile unsigned long spin = 0;
  while (cpu_ticks < 3)
    for (int i = 0; i < 100000; i++) spin += (unsigned long)i;
  struct itimerval off, old;
  memset(&off, 0, sizeof off);
  setitimer(which, &off, &old);
  printf("%s: armed %s, 3 signals while spinning, code %s, old interval %ld us\n", name, armed ? "yes" : "no",
         cpu_tick_code == SI_KERNEL ? "SI_KERNEL" : "other", (long)old.it_interval.tv_usec);
  signal(sig, SIG_DFL);
}

static void ids_and_errors(void) {
  timer_t a, b, c;
  timer_create(CLOCK_MONOTONIC, NULL, &a);
  timer_create(CLOCK_MONOTONIC, NULL, &b);
  timer_create(CLOCK_MONOTONIC, NULL, &c);
  printf("ids: %d %d %d\n", (int)(intptr_t)a, (int)(intptr_t)b, (int)(intptr_t)c);
  timer_delete(b);
  timer_t d;
  timer_create(CLOCK_MONOTONIC, NULL, &d);
  printf("after deleting the second, a new one gets id %d\n", (int)(intptr_t)d);
  // Raw system calls: the library may check some arguments itself.
  int id = -1;
  errno = 0;
  long r = syscall(SYS_timer_create, 12345, NULL, &id);
  printf("bad clock: %ld %s\n", r, strerror(errno));
  struct sigevent sev;
  memset(&sev, 0, sizeof sev);
  sev.sigev_notify = SIGEV_SIGNAL;
  sev.sigev_signo = 65;
  errno = 0;
  r = syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &id);
  printf("signal 65: %ld %s\n", r, strerror(errno));
  sev.sigev_signo = SIGUSR1;
  sev.sigev_notify = 77;
  errno = 0;
  r = syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &id);
  printf("notify 77: %ld %s\n", r, strerror(errno));
  sev.sigev_notify = SIGEV_THREAD_ID;
  sev.sigev_notify_thread_id = 1;
  errno = 0;
  r = syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &id);
  printf("thread id of another process: %ld %s\n", r, strerror(errno));
  errno = 0;
  r = syscall(SYS_timer_create, CLOCK_MONOTONIC, (void *)16, &id);
  printf("unreadable sigevent: %ld %s\n", r, strerror(errno));
  struct itimerspec its = after_ms(10, 0), out;
  errno = 0;
  r = syscall(SYS_timer_settime, 999, 0, &its, NULL);
  printf("settime of id 999: %ld %s\n", r, strerror(errno));
  its.it_value.tv_nsec = 1000000000L;
  errno = 0;
  r = syscall(SYS_timer_settime, (int)(intptr_t)a, 0, &its, NULL);
  printf("tv_nsec 1e9: %ld %s\n", r, strerror(errno));
  its = after_ms(10, 0);
  its.it_interval.tv_sec = -1;
  errno = 0;
  r = syscall(SYS_timer_settime, (int)(intptr_t)a, 0, &its, NULL);
  printf("negative interval: %ld %s\n", r, strerror(errno));
  errno = 0;
  r = syscall(SYS_timer_gettime, 999, &out);
  printf("gettime of id 999: %ld %s\n", r, strerror(errno));
  errno = 0;
  r = syscall(SYS_timer_getoverrun, 999);
  printf("getoverrun of id 999: %ld %s\n", r, strerror(errno));
  printf("getoverrun of a fresh timer: %d\n", timer_getoverrun(a));
  timer_delete(a);
  errno = 0;
  r = syscall(SYS_timer_delete, (int)(intptr_t)a);
  printf("delete twice: %ld %s\n", r, strerror(errno));
  timer_delete(c);
  timer_delete(d);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  ids_and_errors();
  signal_with_sigwaitinfo();
  periodic_handler();
  notify_none();
  absolute(CLOCK_MONOTONIC, "CLOCK_MONOTONIC", 30);
  absolute(CLOCK_REALTIME, "CLOCK_REALTIME", 30);
  absolute(CLOCK_MONOTONIC, "CLOCK_MONOTONIC", -500);
  overruns();
  to_main_thread();
  notify_thread();
  cpu_time();
  cpu_itimer(ITIMER_VIRTUAL, SIGVTALRM, "ITIMER_VIRTUAL");
  cpu_itimer(ITIMER_PROF, SIGPROF, "ITIMER_PROF");
  return 0;
}
