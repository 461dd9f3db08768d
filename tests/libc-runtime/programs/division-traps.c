// div, ldiv: a zero divisor and the overflowing quotient (INT_MIN / -1, LONG_MIN / -1) trap as the
// idiv inside glibc does: SIGFPE with si_code FPE_INTDIV, caught and left with siglongjmp; then an
// uncaught one ends the process (status 128 + 8).
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
static sigjmp_buf env;
static void on_fpe(int sig, siginfo_t *info, void *ctx) { (void)ctx; printf("signal %d code %d\n", sig, info->si_code); siglongjmp(env, 1); }
int main(int argc, char **argv) {
  struct sigaction sa = {0}; sa.sa_sigaction = on_fpe; sa.sa_flags = SA_SIGINFO; sigaction(SIGFPE, &sa, NULL);
  volatile int zero = argc - 1;
  if (!sigsetjmp(env, 1)) { div_t d = div(7, zero); printf("no trap %d\n", d.quot); }
  if (!sigsetjmp(env, 1)) { ldiv_t d = ldiv(LONG_MIN, -1 + zero); printf("no trap %ld\n", d.quot); }
  if (!sigsetjmp(env, 1)) { div_t d = div(INT_MIN, -1 + zero); printf("no trap %d\n", d.quot); }
  signal(SIGFPE, SIG_DFL);
  fflush(stdout);
  div_t d = div(1, zero);
  return d.quot;
}
