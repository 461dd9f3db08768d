/* signal.h under glibc: dispositions, sets, masks, delivery points, waiting, timers, names. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t got[65];
static int last_code, last_pid_ok;

static void on_signal(int sig) { got[sig]++; }

static void on_info(int sig, siginfo_t *info, void *uc) {
  (void)uc;
  got[sig]++;
  last_code = info->si_code;
  last_pid_ok = info->si_pid == getpid();
}

static void show(const char *what, int r) {
  int e = errno;
  printf("%s = %d (errno %d)\n", what, r, r < 0 ? e : 0);
  errno = 0;
}

static void mask(const char *what) {
  sigset_t now;
  sigprocmask(SIG_SETMASK, NULL, &now);
  printf("%s mask %#lx\n", what, now.__val[0]);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  dup2(1, 2);
  sigset_t s, o;
  /* Sets. */
  memset(&s, 0xff, sizeof s);
  show("sigemptyset", sigemptyset(&s));
  printf("empty %lx %lx\n", s.__val[0], s.__val[1]);
  show("sigfillset", sigfillset(&s));
  printf("fill %lx, SIGCANCEL member %d, 64 member %d\n", s.__val[0], sigismember(&s, 32), sigismember(&s, 64));
  sigemptyset(&s);
  show("sigaddset 0", sigaddset(&s, 0));
  show("sigaddset 32", sigaddset(&s, 32));
  show("sigaddset 33", sigaddset(&s, 33));
  show("sigaddset 64", sigaddset(&s, 64));
  show("sigaddset 65", sigaddset(&s, 65));
  show("sigdelset 33", sigdelset(&s, 33));
  show("sigismember 32", sigismember(&s, 32));
  show("sigismember 0", sigismember(&s, 0));
  show("sigismember 64", sigismember(&s, 64));
  show("sigisemptyset", sigisemptyset(&s));
  printf("SIGRTMIN %d SIGRTMAX %d\n", SIGRTMIN, SIGRTMAX);

  /* Dispositions. */
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  show("sigaction 32", sigaction(32, &sa, NULL));
  show("sigaction 0", sigaction(0, NULL, &old));
  show("sigaction 65", sigaction(65, NULL, &old));
  show("sigaction SIGKILL set", sigaction(SIGKILL, &sa, NULL));
  show("sigaction SIGKILL query", sigaction(SIGKILL, NULL, &old));
  printf("SIGKILL handler %p flags %#x\n", (void *)old.sa_handler, old.sa_flags);
  sigaddset(&sa.sa_mask, SIGUSR2);
  sa.sa_flags = SA_RESTART;
  show("sigaction USR1", sigaction(SIGUSR1, &sa, NULL));
  memset(&old, 0, sizeof old);
  sigaction(SIGUSR1, NULL, &old);
  printf("USR1: handler ok %d flags %#x restorer set %d mask %#lx\n", old.sa_handler == on_signal, old.sa_flags,
         old.sa_restorer != NULL, old.sa_mask.__val[0]);
  printf("signal(32) == SIG_ERR %d errno %d\n", signal(32, SIG_IGN) == SIG_ERR, errno);
  errno = 0;
  printf("signal(SIGUSR2) old is SIG_DFL %d\n", signal(SIGUSR2, on_signal) == SIG_DFL);
  printf("signal(SIGUSR2) old is on_signal %d\n", signal(SIGUSR2, on_signal) == on_signal);
  sigaction(SIGUSR2, NULL, &old);
  printf("signal() flags %#x mask %#lx\n", old.sa_flags, old.sa_mask.__val[0]);
  sysv_signal(SIGHUP, on_signal);
  sigaction(SIGHUP, NULL, &old);
  printf("sysv_signal flags %#x\n", old.sa_flags);

  /* Delivery: raise runs the handler before returning; kill to self too. */
  show("raise USR1", raise(SIGUSR1));
  printf("got USR1 %d\n", got[SIGUSR1]);
  show("kill self USR2", kill(getpid(), SIGUSR2));
  printf("got USR2 %d\n", got[SIGUSR2]);
  show("raise 0", raise(0));
  show("raise 99", raise(99));
  show("kill 99", kill(getpid(), 99));

  /* SA_SIGINFO: si_code tells raise (SI_TKILL) from kill (SI_USER). */
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_info;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, NULL);
  raise(SIGUSR1);
  printf("raise: si_code %d pid ok %d\n", last_code, last_pid_ok);
  kill(getpid(), SIGUSR1);
  printf("kill: si_code %d pid ok %d\n", last_code, last_pid_ok);
  union sigval v = {.sival_int = 42};
  sigqueue(getpid(), SIGUSR1, v);
  printf("sigqueue: si_code %d\n", last_code);

  /* One-shot (SA_RESETHAND via sysv_signal): the second SIGHUP would be fatal, so it is ignored. */
  raise(SIGHUP);
  sigaction(SIGHUP, NULL, &old);
  printf("after one-shot: got HUP %d, handler is SIG_DFL %d\n", got[SIGHUP], old.sa_handler == SIG_DFL);
  signal(SIGHUP, SIG_IGN);
  raise(SIGHUP);
  printf("ignored HUP, got %d\n", got[SIGHUP]);

  /* Blocked signals stay pending; unblocking delivers them before sigprocmask returns. */
  signal(SIGUSR1, on_signal);
  got[SIGUSR1] = 0;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR1);
  sigaddset(&s, 32); /* glibc never blocks its internal signals */
  show("block", sigprocmask(SIG_BLOCK, &s, &o));
  mask("after block");
  raise(SIGUSR1);
  raise(SIGUSR1);
  sigpending(&s);
  printf("pending USR1 %d, got %d\n", sigismember(&s, SIGUSR1), got[SIGUSR1]);
  sigemptyset(&s);
  sigaddset(&s, SIGUSR1);
  show("unblock", sigprocmask(SIG_UNBLOCK, &s, NULL));
  printf("after unblock got %d (standard signals do not queue)\n", got[SIGUSR1]);
  show("sigprocmask bad how", sigprocmask(17, &s, NULL));
  mask("now");

  /* Real-time signals queue, and are delivered lowest number first. */
  signal(SIGRTMIN, on_signal);
  signal(SIGRTMIN + 1, on_signal);
  sigemptyset(&s);
  sigaddset(&s, SIGRTMIN);
  sigaddset(&s, SIGRTMIN + 1);
  sigprocmask(SIG_BLOCK, &s, NULL);
  raise(SIGRTMIN + 1);
  raise(SIGRTMIN);
  raise(SIGRTMIN);
  sigprocmask(SIG_UNBLOCK, &s, NULL);
  printf("rt: got %d and %d\n", got[SIGRTMIN], got[SIGRTMIN + 1]);

  /* sigwait / sigtimedwait take blocked pending signals without running handlers. */
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  sigprocmask(SIG_BLOCK, &s, NULL);
  raise(SIGUSR2);
  int which = 0;
  show("sigwait", sigwait(&s, &which));
  printf("sigwait got %d, handler ran %d\n", which, got[SIGUSR2]);
  raise(SIGUSR2);
  siginfo_t info;
  show("sigwaitinfo", sigwaitinfo(&s, &info));
  printf("info: signo %d code %d\n", info.si_signo, info.si_code);
  struct timespec brief = {0, 20 * 1000 * 1000};
  show("sigtimedwait (nothing pending)", sigtimedwait(&s, &info, &brief));

  /* sigsuspend: waits with a temporary mask; the handler runs, then the old mask is back. */
  raise(SIGUSR2);
  sigset_t wait_mask;
  sigemptyset(&wait_mask);
  show("sigsuspend", sigsuspend(&wait_mask));
  printf("got USR2 %d\n", got[SIGUSR2]);
  mask("after sigsuspend");

  /* alarm + pause; setitimer/getitimer. */
  signal(SIGALRM, on_signal);
  printf("alarm(5) = %u\n", alarm(5));
  printf("alarm(0) = %u\n", alarm(0));
  struct itimerval it = {{0, 0}, {0, 30000}}, cur;
  show("setitimer", setitimer(ITIMER_REAL, &it, NULL));
  show("pause", pause());
  printf("got ALRM %d\n", got[SIGALRM]);
  getitimer(ITIMER_REAL, &cur);
  printf("disarmed %d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0);
  it.it_value.tv_usec = 2000000;
  show("setitimer bad usec", setitimer(ITIMER_REAL, &it, NULL));

  /* sleep interrupted by an alarm's handler returns the seconds left. alarm(1) races with the
     sleep after it: on a loaded machine the handler can run before the sleep begins, which then
     lasts its 5 s and returns 0; such a try is repeated (up to 5 times), its alarm not counted. */
  unsigned left = 0;
  int early_alarms = 0;
  for (int attempt = 0; attempt < 5; attempt++) {
    int before = got[SIGALRM];
    alarm(1);
    left = sleep(5);
    if (left != 0 || got[SIGALRM] == before) break;
    early_alarms++;
  }
  printf("sleep(5) interrupted: between 1 and 4 left %d\n", left >= 1 && left <= 4);
  printf("got ALRM %d\n", got[SIGALRM] - early_alarms);
  show("usleep", usleep(1000));
  sigemptyset(&s);
  sigaddset(&s, 64);
  show("sigisemptyset {64}", sigisemptyset(&s));
  sigaddset(&s, 63);
  show("sigisemptyset {63,64}", sigisemptyset(&s));
  sigaddset(&s, 31);
  show("sigisemptyset {31,63,64}", sigisemptyset(&s));

  /* Names. */
  for (int i = -1; i <= 66; i += (i < 35 || i > 62) ? 1 : 13) printf("%d=%s;", i, strsignal(i));
  printf("\n%s %s %s\n", sigabbrev_np(SIGSEGV), sigabbrev_np(29), sigdescr_np(SIGRTMIN) ? "described" : "NULL");
  psignal(SIGINT, "psignal");
  psignal(SIGRTMIN, "rt");
  psignal(0, "");
  psignal(SIGTERM, NULL);

  /* The default action of SIGTERM ends the process: status 128 + 15. */
  signal(SIGTERM, SIG_DFL);
  raise(SIGTERM);
  printf("not reached\n");
  return 0;
}
