// pthread_attr_setaffinity_np/pthread_attr_getaffinity_np (src/libc/pthread/attribute-affinity.ts):
// the attribute's set round trip, the all-ones answer without one, EINVAL for bits past the size
// asked, removal with a NULL set, a thread created with CPU 0 only (its own affinity), and
// pthread_create's EINVAL for a set of no existing CPU. The thread's own count is not compared:
// Miros's kernel keeps no per-thread affinity (sched_getaffinity reports every CPU).
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

static void *report(void *arg) {
  (void)arg;
  cpu_set_t set;
  int r = pthread_getaffinity_np(pthread_self(), sizeof set, &set);
  // (The count is left out: Miros's kernel keeps no per-thread affinity and reports every CPU.)
  printf("thread: getaffinity %d cpu0 %d\n", r, CPU_ISSET(0, &set));
  return NULL;
}

int main(void) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  unsigned char bytes[16];
  memset(bytes, 0, sizeof bytes);
  int r = pthread_attr_getaffinity_np(&attr, sizeof bytes, (cpu_set_t *)bytes);
  printf("no set: %d first %02x last %02x\n", r, bytes[0], bytes[15]);
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  printf("set: %d\n", pthread_attr_setaffinity_np(&attr, sizeof set, &set));
  memset(bytes, 0xaa, sizeof bytes);
  r = pthread_attr_getaffinity_np(&attr, 8, (cpu_set_t *)bytes);
  printf("get 8: %d %02x %02x %02x\n", r, bytes[0], bytes[7], bytes[8]);
  cpu_set_t big;
  CPU_ZERO(&big);
  CPU_SET(100, &big);
  printf("set bit 100: %d\n", pthread_attr_setaffinity_np(&attr, sizeof big, &big));
  printf("get 8 with bit 100: %d\n", pthread_attr_getaffinity_np(&attr, 8, (cpu_set_t *)bytes));
  pthread_t thread;
  printf("create with no existing CPU: %d\n", pthread_create(&thread, &attr, report, NULL));
  printf("set: %d\n", pthread_attr_setaffinity_np(&attr, sizeof set, &set));
  fflush(stdout);
  r = pthread_create(&thread, &attr, report, NULL);
  printf("create with CPU 0: %d\n", r);
  if (r == 0) pthread_join(thread, NULL);
  printf("remove: %d\n", pthread_attr_setaffinity_np(&attr, 0, NULL));
  memset(bytes, 0, sizeof bytes);
  r = pthread_attr_getaffinity_np(&attr, sizeof bytes, (cpu_set_t *)bytes);
  printf("after removal: %d %02x\n", r, bytes[3]);
  printf("destroy: %d\n", pthread_attr_destroy(&attr));
  return 0;
}
