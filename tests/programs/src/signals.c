// Signal handlers: recovering from SIGSEGV (null write, write to a read-only page, with si_addr
// and si_code checked) and SIGFPE (integer divide by zero, si_code FPE_INTDIV) with siglongjmp;
// raise/kill to self with SA_SIGINFO (si_pid, si_code SI_USER/SI_TKILL); blocking with
// sigprocmask and seeing the signal pending, delivery on unblock; SA_RESETHAND and SA_NODEFER;
// a handler on an alternate stack (sigaltstack); alarm with pause; sigsuspend; SIG_IGN; a relative
// nanosleep/clock_nanosleep interrupted by a handler reports the time left.
// @set x86-64-v2
// @cflags -msse4.2
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static sigjmp_buf recover;
static volatile sig_atomic_t last_signal, last_code, handler_calls, on_alt_stack;
static void *volatile last_addr;
static char alt_stack[65536];

static void fault_handler(int sig, siginfo_t *info, void *context) {
  (void)context;
  last_signal = sig;
  last_code = info->si_code;
  last_addr = info->si_addr;
  char here;
  on_alt_stack = &here >= alt_stack && &here < alt_stack + sizeof alt_stack;
  siglongjmp(recover, 1);
}

static void counting_handler(int sig) {
  last_signal = sig;
  handler_calls++;
}

static volatile pid_t sender;
static void info_handler(int sig, siginfo_t *info, void *context) {
  (void)context;
  last_signal = sig;
  last_code = info->si_code;
  sender = info->si_pid;
}

static const char *code_name(int sig, int code) {
  if (code == SI_USER) return "SI_USER";
  if (code == SI_TKILL) return "SI_TKILL";
  if (sig == SIGSEGV) return code == SEGV_MAPERR ? "SEGV_MAPERR" : code == SEGV_ACCERR ? "SEGV_ACCERR" : "other";
  if (sig == SIGFPE) return code == FPE_INTDIV ? "FPE_INTDIV" : code == FPE_INTOVF ? "FPE_INTOVF" : "other";
  return "other";
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = fault_handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGFPE, &sa, NULL);
  stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0};
  printf("sigaltstack: %d\n", sigaltstack(&ss, NULL));

  printf("== synchronous faults recovered with siglongjmp ==\n");
  volatile int *null = (volatile int *)16;
  if (sigsetjmp(recover, 1) == 0) {
    *null = 1;
    printf("write to address 16 did not fault (wrong)\n");
  } else {
    printf("SIGSEGV %s: signal %d, si_addr %p == 16: %s, on the alternate stack: %s\n",
           code_name(last_signal, last_code), last_signal, last_addr, last_addr == (void *)16 ? "yes" : "no",
           on_alt_stack ? "yes" : "no");
  }
  long page = sysconf(_SC_PAGESIZE);
  char *ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (sigsetjmp(recover, 1) == 0) {
    ((volatile char *)ro)[100] = 1;
    printf("write to a read-only page did not fault (wrong)\n");
  } else {
    printf("SIGSEGV %s: si_addr is the written byte: %s\n", code_name(last_signal, last_code),
           last_addr == ro + 100 ? "yes" : "no");
  }
  munmap(ro, page);
  volatile int zero = 0, numerator = 7;
  if (sigsetjmp(recover, 1) == 0) {
    printf("7 / 0 = %d (wrong)\n", numerator / zero);
  } else {
    printf("SIGFPE %s on integer division by zero\n", code_name(last_signal, last_code));
  }
  volatile long lmin = INT64_MIN, minus_one = -1;
  if (sigsetjmp(recover, 1) == 0) {
    printf("INT64_MIN / -1 = %ld (wrong)\n", lmin / minus_one);
  } else {
    printf("SIGFPE %s on INT64_MIN / -1 (the CPU reports it as a divide error)\n", code_name(last_signal, last_code));
  }
  // The signal mask is restored by siglongjmp (sigsetjmp saved it): SIGSEGV is not left blocked.
  sigset_t current;
  sigprocmask(SIG_BLOCK, NULL, &current);
  printf("SIGSEGV blocked after siglongjmp: %s\n", sigismember(&current, SIGSEGV) ? "yes (wrong)" : "no");

  printf("== signals sent to self ==\n");
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = info_handler;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &sa, NULL);
  kill(getpid(), SIGUSR1);
  printf("kill: signal %d, %s, si_pid is our pid: %s\n", last_signal, code_name(last_signal, last_code),
         sender == getpid() ? "yes" : "no");
  raise(SIGUSR1);
  printf("raise: signal %d, %s\n", last_signal, code_name(last_signal, last_code));

  printf("== blocking and pending ==\n");
  signal(SIGUSR2, counting_handler);
  sigset_t block, pending, old;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR2);
  sigprocmask(SIG_BLOCK, &block, &old);
  handler_calls = 0;
  raise(SIGUSR2);
  raise(SIGUSR2);  // standard signals do not queue: one delivery
  sigpending(&pending);
  printf("while blocked: handler calls %d, SIGUSR2 pending: %s\n", handler_calls,
         sigismember(&pending, SIGUSR2) ? "yes" : "no");
  sigprocmask(SIG_SETMASK, &old, NULL);
  sigpending(&pending);
  printf("after unblocking: handler calls %d, still pending: %s\n", handler_calls,
         sigismember(&pending, SIGUSR2) ? "yes" : "no");

  printf("== SA_RESETHAND, SIG_IGN ==\n");
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = counting_handler;
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGWINCH, &sa, NULL);
  handler_calls = 0;
  raise(SIGWINCH);
  struct sigaction now;
  sigaction(SIGWINCH, NULL, &now);
  printf("handler calls %d, disposition reset to default: %s\n", handler_calls,
         now.sa_handler == SIG_DFL ? "yes" : "no");
  signal(SIGTERM, SIG_IGN);
  raise(SIGTERM);
  printf("SIGTERM ignored, still running\n");
  signal(SIGTERM, SIG_DFL);

  printf("== alarm and pause, sigsuspend ==\n");
  signal(SIGALRM, counting_handler);
  handler_calls = 0;
  printf("alarm(1) returns %u\n", alarm(1));
  pause();
  printf("pause returned after signal %d, handler calls %d\n", last_signal, handler_calls);
  sigprocmask(SIG_BLOCK, &block, &old);
  raise(SIGUSR2);
  handler_calls = 0;
  sigset_t wait_mask;
  sigemptyset(&wait_mask);
  int r = sigsuspend(&wait_mask);
  printf("sigsuspend returned %d with handler calls %d\n", r, handler_calls);
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("alarm(0) after none pending returns %u\n", alarm(0));

  printf("== sleeps interrupted by a handler report the time left ==\n");
  // alarm(1) races with the sleep that follows: on a loaded machine more than a second can pass
  // before the sleep starts, and then the handler runs first and the sleep is not interrupted.
  // Such a try (the handler already ran when the sleep returned 0) is repeated, up to 5 times.
  struct timespec request = {3, 0}, left = {-1, -1};
  int interrupted = 0;
  for (int attempt = 0; attempt < 5; attempt++) {
    handler_calls = 0;
    left.tv_sec = -1;
    alarm(1);
    r = nanosleep(&request, &left);
    interrupted = r == -1 && errno == EINTR;
    if (interrupted || handler_calls == 0) break;
  }
  printf("nanosleep(3 s): %s, time left %s\n", interrupted ? "EINTR" : "not interrupted",
         left.tv_sec >= 0 && left.tv_sec <= 2 && left.tv_nsec >= 0 && left.tv_nsec < 1000000000 ? "under 3 s" : "wrong");
  int error = 0;
  for (int attempt = 0; attempt < 5; attempt++) {
    handler_calls = 0;
    left.tv_sec = -1;
    alarm(1);
    error = clock_nanosleep(CLOCK_MONOTONIC, 0, &request, &left);
    if (error == EINTR || handler_calls == 0) break;
  }
  printf("clock_nanosleep(3 s): %s, time left %s\n", error == EINTR ? "EINTR" : "not interrupted",
         left.tv_sec >= 0 && left.tv_sec <= 2 && left.tv_nsec >= 0 && left.tv_nsec < 1000000000 ? "under 3 s" : "wrong");

  printf("== an unhandled signal ends the process ==\n");
  fflush(stdout);
  signal(SIGUSR1, SIG_DFL);
  raise(SIGUSR1);
  printf("not reached\n");
  return 0;
}
