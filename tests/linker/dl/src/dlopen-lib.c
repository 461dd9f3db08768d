// A library for the dlopen fixture: constructors and destructors (DT_INIT_ARRAY/DT_FINI_ARRAY and
// an atexit-style handler registered with the library's __dso_handle), thread-local state, a
// counter shared by the threads that call it, and a versioned symbol for dlvsym.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total;
__thread int calls_in_thread = 100;
int dl_counter = 7;
extern void *__dso_handle;
int __cxa_atexit(void (*fn)(void *), void *arg, void *dso);

static void handler(void *arg) {
  printf("lib: __cxa_atexit handler (%s), total=%ld\n", (const char *)arg, total);
  fflush(stdout);
}

__attribute__((constructor(101))) static void first_constructor(void) {
  printf("lib: constructor 101, dl_counter=%d\n", dl_counter);
  dl_counter += 1;
}

__attribute__((constructor)) static void second_constructor(void) {
  printf("lib: constructor (default priority), dl_counter=%d\n", dl_counter);
  __cxa_atexit(handler, "registered by the constructor", &__dso_handle);
}

__attribute__((destructor)) static void destructor(void) {
  printf("lib: destructor, total=%ld dl_counter=%d\n", total, dl_counter);
  fflush(stdout);
}

long lib_add(long amount) {
  pthread_mutex_lock(&lock);
  total += amount;
  long now = total;
  pthread_mutex_unlock(&lock);
  calls_in_thread++;
  return now;
}

int lib_calls_here(void) { return calls_in_thread; }

long lib_total(void) { return total; }

/* Two versions of one name (see dlopen-lib.map). */
int versioned_old(void) { return 1; }
int versioned_new(void) { return 2; }
__asm__(".symver versioned_old, lib_versioned@DLV_1");
__asm__(".symver versioned_new, lib_versioned@@DLV_2");
