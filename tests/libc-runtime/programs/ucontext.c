// <ucontext.h> (src/libc/setjmp/user-contexts.ts): getcontext returning twice, coroutine ping-pong
// with makecontext/swapcontext, eight arguments (two on the stack), uc_link chains, the signal
// mask and rounding mode carried by contexts, and a last context with uc_link NULL that ends the
// process with status 0.
#define _GNU_SOURCE
#include <fenv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

static ucontext_t main_context, ping_context, pong_context, args_context, link_context, last_context;
static char ping_stack[65536], pong_stack[65536], args_stack[65536], link_stack[65536], last_stack[16384];

static void ping(void) {
  for (int i = 0; i < 4; i++) {
    printf("ping %d\n", i);
    swapcontext(&ping_context, &pong_context);
  }
  printf("ping done\n");
}

static void pong(void) {
  for (int i = 0;; i++) {
    printf("pong %d\n", i);
    swapcontext(&pong_context, &ping_context);
  }
}

static void many(int a, long b, char c, int d, long e, int f, long g, int h) {
  printf("args %d %ld %c %d %ld %d %ld %d\n", a, b, c, d, e, f, g, h);
  // The stack is 16-byte aligned at the call: the frame address (rsp at entry - 8) is too.
  printf("aligned frame %d\n", (int)((unsigned long)__builtin_frame_address(0) % 16));
}

static void linked(int depth) { printf("linked %d then uc_link\n", depth); }

static void last(void) {
  printf("last context returns with uc_link NULL: exit(0)\n");
  fflush(stdout);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  // getcontext returns twice: the second time through setcontext.
  volatile int passes = 0;
  ucontext_t again;
  int r = getcontext(&again);
  passes++;
  printf("getcontext = %d, pass %d\n", r, passes);
  if (passes < 3) setcontext(&again);

  // The fields glibc fills.
  printf("fpregs points into the context: %d\n", (char *)again.uc_mcontext.fpregs == (char *)&again.__fpregs_mem);

  // Coroutines.
  getcontext(&ping_context);
  ping_context.uc_stack.ss_sp = ping_stack;
  ping_context.uc_stack.ss_size = sizeof ping_stack;
  ping_context.uc_link = &main_context;
  makecontext(&ping_context, ping, 0);
  getcontext(&pong_context);
  pong_context.uc_stack.ss_sp = pong_stack;
  pong_context.uc_stack.ss_size = sizeof pong_stack;
  pong_context.uc_link = NULL;
  makecontext(&pong_context, pong, 0);
  printf("swap to ping = %d\n", swapcontext(&main_context, &ping_context));
  printf("back in main\n");

  // Eight arguments.
  getcontext(&args_context);
  args_context.uc_stack.ss_sp = args_stack;
  args_context.uc_stack.ss_size = sizeof args_stack;
  args_context.uc_link = &main_context;
  makecontext(&args_context, (void (*)(void))many, 8, -1, 2L, 'c', 4, 5L, 6, 7L, 8);
  swapcontext(&main_context, &args_context);
  printf("after args\n");

  // The mask and the rounding mode travel with contexts.
  sigset_t blocked;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGUSR1);
  getcontext(&link_context);
  link_context.uc_stack.ss_sp = link_stack;
  link_context.uc_stack.ss_size = sizeof link_stack;
  link_context.uc_link = &main_context;
  sigaddset(&link_context.uc_sigmask, SIGUSR2);
  makecontext(&link_context, (void (*)(void))linked, 1, 7);
  fesetround(FE_UPWARD);
  sigprocmask(SIG_BLOCK, &blocked, NULL);
  swapcontext(&main_context, &link_context);
  sigset_t now;
  sigprocmask(SIG_BLOCK, NULL, &now);
  printf("back: SIGUSR1 blocked %d, SIGUSR2 blocked %d, rounding upward %d\n", sigismember(&now, SIGUSR1),
         sigismember(&now, SIGUSR2), fegetround() == FE_UPWARD);
  fesetround(FE_TONEAREST);
  sigprocmask(SIG_UNBLOCK, &blocked, NULL);

  // uc_link NULL: the process ends with status 0 when the function returns.
  getcontext(&last_context);
  last_context.uc_stack.ss_sp = last_stack;
  last_context.uc_stack.ss_size = sizeof last_stack;
  last_context.uc_link = NULL;
  makecontext(&last_context, last, 0);
  setcontext(&last_context);
  printf("not reached\n");
  return 3;
}
