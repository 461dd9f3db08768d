// Start-up and exit ordering: constructors, main, atexit and on_exit handlers (latest first,
// interleaved with destructors as glibc runs them), output flushed at exit, exit status from exit().
#include <stdio.h>
#include <stdlib.h>

__attribute__((constructor)) static void constructor(void) { printf("constructor\n"); }
__attribute__((destructor)) static void destructor(void) { printf("destructor\n"); }

static void first(void) { printf("atexit first (runs last)\n"); }
static void second(void) { printf("atexit second\n"); }
static void with_status(int status, void *arg) { printf("on_exit status=%d arg=%s\n", status, (char *)arg); }
static void nested(void) {
  printf("nested registration\n");
}
static void registers_more(void) {
  printf("handler registering another\n");
  atexit(nested);
}

int main(void) {
  atexit(first);
  atexit(second);
  on_exit(with_status, "hello");
  atexit(registers_more);
  printf("main, no newline at the end...");
  exit(42);
}
