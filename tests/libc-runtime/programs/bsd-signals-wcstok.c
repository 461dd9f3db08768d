// The BSD signal masks (sigsetmask, sigblock, siggetmask: bit n-1 for signal n, old mask back;
// an unblocked pending signal is delivered at once), prlimit, and wcstok.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <wchar.h>

static volatile int delivered;
static void on_usr1(int signal) { delivered = signal; }

int main(void) {
  signal(SIGUSR1, on_usr1);
  int old = sigblock(sigmask(SIGUSR1) | sigmask(SIGHUP));
  printf("sigblock: old %#x, now %#x\n", old, siggetmask());
  raise(SIGUSR1);
  printf("raised while blocked: delivered %d\n", delivered);
  old = sigsetmask(sigmask(SIGINT));
  printf("sigsetmask: old %#x, delivered now %d, mask %#x\n", old, delivered, siggetmask());
  old = sigsetmask(~0);
  printf("sigsetmask(~0): old %#x, mask %#x (SIGKILL and SIGSTOP stay unblocked)\n", old, siggetmask());
  sigset_t full;
  sigprocmask(SIG_SETMASK, NULL, &full);
  printf("signal 40 blocked by sigsetmask(~0): %d\n", sigismember(&full, 40));
  sigsetmask(0);

  struct rlimit now, set = {64, 4096}, previous;
  printf("prlimit get: %d\n", prlimit(0, RLIMIT_NOFILE, NULL, &now));
  printf("prlimit set: %d, previous matches getrlimit %d\n", prlimit(0, RLIMIT_NOFILE, &set, &previous),
         previous.rlim_cur == now.rlim_cur && previous.rlim_max == now.rlim_max);
  getrlimit(RLIMIT_NOFILE, &now);
  printf("after: %lu %lu\n", (unsigned long)now.rlim_cur, (unsigned long)now.rlim_max);
  printf("prlimit bad resource: %d\n", prlimit(0, 99, NULL, &now));

  wchar_t text[] = L"  alpha,,beta; gamma ,";
  wchar_t *save = NULL;
  for (wchar_t *token = wcstok(text, L" ,;", &save); token; token = wcstok(NULL, L" ,;", &save))
    printf("token [%ls] at %ld\n", token, (long)(token - text));
  printf("save at the end is NULL: %d\n", save == NULL);
  errno = 0;
  printf("going on after the end: %p errno %d\n", (void *)wcstok(NULL, L",", &save), errno);
  wchar_t empty[] = L",,,";
  printf("only delimiters: %p, save NULL %d\n", (void *)wcstok(empty, L",", &save), save == NULL);
  return 0;
}
