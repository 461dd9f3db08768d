// pthread attributes a created thread reports back through pthread_getattr_np (stack size, guard
// size, detach state, its own stack containing its locals), the main thread's, and libc functions
// that call back into guest code (qsort, bsearch, pthread_once, dl_iterate_phdr) whose callback
// waits for another thread: the other thread must run while the callback runs, or this hangs.
#define _GNU_SOURCE
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void *report_attributes(void *unused) {
  (void)unused;
  pthread_attr_t attributes;
  pthread_getattr_np(pthread_self(), &attributes);
  size_t stack_size, guard_size;
  void *stack;
  int detach;
  pthread_attr_getstack(&attributes, &stack, &stack_size);
  pthread_attr_getguardsize(&attributes, &guard_size);
  pthread_attr_getdetachstate(&attributes, &detach);
  int local;
  uintptr_t at = (uintptr_t)&local;
  printf("thread: stack size %zu, guard size %zu, joinable %d, its locals on that stack %d\n", stack_size, guard_size,
         detach == PTHREAD_CREATE_JOINABLE, at >= (uintptr_t)stack && at < (uintptr_t)stack + stack_size);
  pthread_attr_destroy(&attributes);
  return NULL;
}

// A callback that, on its first call, starts a helper thread and waits until it has run.
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int helpers_started, helpers_ran;

static void *helper(void *unused) {
  (void)unused;
  pthread_mutex_lock(&lock);
  helpers_ran++;
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
  return NULL;
}

static void wait_for_a_helper(void) {
  pthread_mutex_lock(&lock);
  int wanted = ++helpers_started;
  pthread_t id;
  pthread_create(&id, NULL, helper, NULL);
  pthread_detach(id);
  while (helpers_ran < wanted) pthread_cond_wait(&changed, &lock);
  pthread_mutex_unlock(&lock);
}

static int calls;
static int compare(const void *a, const void *b) {
  if (calls++ == 0) {
    wait_for_a_helper();
  }
  return *(const int *)a - *(const int *)b;
}

static void once_routine(void) {
  wait_for_a_helper();
  printf("pthread_once routine ran after the helper\n");
}

static int phdr_callback(struct dl_phdr_info *info, size_t size, void *data) {
  (void)info, (void)size;
  if ((*(int *)data)++ == 0) {
    wait_for_a_helper();
  }
  return 0;
}

int main(void) {
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, 256 * 1024);
  pthread_attr_setguardsize(&attributes, 16 * 1024);
  pthread_t id;
  pthread_create(&id, &attributes, report_attributes, NULL);
  pthread_join(id, NULL);
  pthread_attr_destroy(&attributes);

  pthread_attr_t main_attributes;
  pthread_getattr_np(pthread_self(), &main_attributes);
  void *stack;
  size_t stack_size;
  pthread_attr_getstack(&main_attributes, &stack, &stack_size);
  int local;
  printf("main thread: its locals on its stack %d\n",
         (uintptr_t)&local >= (uintptr_t)stack && (uintptr_t)&local < (uintptr_t)stack + stack_size);

  int numbers[] = {5, 3, 9, 1, 7, 2, 8};
  qsort(numbers, 7, sizeof numbers[0], compare);
  printf("qsort: %d %d %d %d %d %d %d\n", numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5],
         numbers[6]);
  calls = 0;
  int key = 8;
  int *found = bsearch(&key, numbers, 7, sizeof numbers[0], compare);
  printf("bsearch: index %ld\n", found ? (long)(found - numbers) : -1L);
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, once_routine);
  int objects = 0;
  dl_iterate_phdr(phdr_callback, &objects);
  printf("dl_iterate_phdr: called back at least twice %d\n", objects >= 2);
  return 0;
}
