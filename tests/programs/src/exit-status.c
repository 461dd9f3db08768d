// How a process ends: exit(n) (atexit handlers run in reverse order, stdio flushed), return from
// main, _exit (no handlers, unflushed stdio lost), exit statuses wrapping modulo 256, abort
// (SIGABRT, 134 in a shell; unflushed output is lost) and a write through a null pointer (SIGSEGV,
// 139). The first argument picks the case.
// @run {"name": "return-0", "args": ["return", "0"]}
// @run {"name": "return-42", "args": ["return", "42"]}
// @run {"name": "exit-3", "args": ["exit", "3"]}
// @run {"name": "exit-256", "args": ["exit", "256"]}
// @run {"name": "exit-minus-1", "args": ["exit", "-1"]}
// @run {"name": "underscore-exit-7", "args": ["_exit", "7"]}
// @run {"name": "abort", "args": ["abort"]}
// @run {"name": "segfault", "args": ["segfault"]}
// @run {"name": "unknown-case", "args": ["nonsense"]}
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void first_registered(void) { printf("atexit handler registered first (runs last)\n"); }
static void second_registered(void) { printf("atexit handler registered second (runs first)\n"); }

int main(int argc, char **argv) {
  atexit(first_registered);
  atexit(second_registered);
  const char *how = argc > 1 ? argv[1] : "return";
  int code = argc > 2 ? atoi(argv[2]) : 0;
  printf("ending by %s %d\n", how, code);
  if (!strcmp(how, "return")) return code;
  if (!strcmp(how, "exit")) exit(code);
  if (!strcmp(how, "_exit")) {
    printf("this line stays in the stdio buffer and is lost by _exit\n");
    _exit(code);
  }
  if (!strcmp(how, "abort")) {
    fflush(stdout);
    printf("this line stays in the stdio buffer and is lost by abort\n");
    abort();
  }
  if (!strcmp(how, "segfault")) {
    fflush(stdout);
    printf("this line stays in the stdio buffer and is lost by the crash\n");
    volatile int *null = NULL;
    *null = 1;
    printf("unreachable\n");
    return 0;
  }
  fprintf(stderr, "unknown case %s\n", how);
  return 2;
}
