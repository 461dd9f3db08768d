/* setjmp family: returning twice, val 0 → 1, callee-saved registers, nested frames, the saved
   signal mask of sigsetjmp/siglongjmp, recovery from SIGSEGV and SIGFPE handlers, mangling. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>

static jmp_buf env;
static sigjmp_buf senv;
static volatile int depth;

static void __attribute__((noinline)) dive(int n, int val) {
  volatile char pad[64];
  pad[0] = (char)n;
  depth = n + pad[0] - n;
  if (n == 0) longjmp(env, val);
  dive(n - 1, val);
}

static void segv_handler(int sig, siginfo_t *info, void *uc) {
  (void)uc;
  printf("handler: sig %d code %d addr %p\n", sig, info->si_code, info->si_addr);
  siglongjmp(senv, sig);
}

static void fpe_handler(int sig) { siglongjmp(senv, 100 + sig); }

static int blocked(int sig) {
  sigset_t now;
  sigprocmask(SIG_BLOCK, NULL, &now);
  return sigismember(&now, sig);
}

static volatile int zero = 0;

int main(void) {
  volatile int count = 0;
  int r = setjmp(env);
  printf("setjmp returned %d (count %d)\n", r, count);
  if (count++ < 3) longjmp(env, count * 10);

  r = setjmp(env);
  if (r == 0) dive(20, 0);
  printf("from depth %d: %d (val 0 becomes 1)\n", depth, r);

  /* register variables survive (callee-saved registers restored). */
  register long a = 11, b = 22, c = 33;
  r = _setjmp(env);
  if (r == 0) {
    a = 1; b = 2; c = 3;
    _longjmp(env, -5);
  }
  printf("_setjmp %d\n", r);

  /* sigsetjmp(…, 1) restores the mask; (…, 0) does not. */
  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  r = sigsetjmp(senv, 1);
  if (r == 0) {
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    printf("blocked before jump: %d\n", blocked(SIGUSR1));
    siglongjmp(senv, 7);
  }
  printf("sigsetjmp(1) -> %d, blocked after: %d\n", r, blocked(SIGUSR1));
  r = sigsetjmp(senv, 0);
  if (r == 0) {
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    siglongjmp(senv, 8);
  }
  printf("sigsetjmp(0) -> %d, blocked after: %d\n", r, blocked(SIGUSR1));
  sigprocmask(SIG_UNBLOCK, &usr1, NULL);

  /* Recovering from faults with siglongjmp out of the handler (the handler's mask is undone). */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = segv_handler;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  for (int i = 0; i < 3; i++) {
    r = sigsetjmp(senv, 1);
    if (r == 0) {
      volatile int *p = (int *)(uintptr_t)(0x10 + i * 8);
      *p = 1;
      printf("not reached\n");
    }
    printf("recovered %d from SIGSEGV, SIGSEGV blocked now: %d\n", i, blocked(SIGSEGV));
  }
  signal(SIGFPE, fpe_handler);
  for (int i = 0; i < 2; i++) {
    r = sigsetjmp(senv, 1);
    if (r == 0) printf("%d\n", 10 / zero);
    printf("recovered from SIGFPE: %d, blocked %d\n", r, blocked(SIGFPE));
  }
  /* A SIGFPE recovered with sigsetjmp(…, 0): the handler's mask stays (SIGFPE blocked). */
  r = sigsetjmp(senv, 0);
  if (r == 0) raise(SIGFPE);
  printf("raise SIGFPE, no mask saved: %d, blocked %d\n", r, blocked(SIGFPE));

  /* The jmp_buf holds rbx, r12-r15 as is and rbp/rsp/rip mangled (not equal to the raw values). */
  jmp_buf probe;
  setjmp(probe);
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
  long raw = ((long *)probe)[6];
  printf("rsp mangled: %s, mask_was_saved %d\n", (uintptr_t)raw != sp ? "yes" : "no", ((int *)probe)[16]);
  printf("a=%ld b=%ld c=%ld\n", a, b, c);
  return 0;
}
