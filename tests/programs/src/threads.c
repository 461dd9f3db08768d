// POSIX threads: create and join with return values, a mutex-protected counter incremented
// from several threads, a producer/consumer queue on a condition variable, thread-local
// variables (__thread, each thread its own copy, initialised from the TLS image), pthread_once,
// thread-specific data with destructors, detached threads signalling completion through a
// semaphore-like condvar, an atomic counter, a barrier, and 16 threads sharing a reader-writer
// lock. Output is printed only by the main
// thread after joins, so it does not depend on scheduling.
// @set x86-64-v2
// @cflags -msse4.2 -pthread
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORKERS 4
#define INCREMENTS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static atomic_long atomic_counter;
static __thread long tls_value = 1000;
static __thread char tls_name[16] = "initial";

static void *add_many(void *arg) {
  long id = (long)(intptr_t)arg;
  tls_value += id;  // each thread starts from the TLS image's 1000
  snprintf(tls_name, sizeof tls_name, "worker-%ld", id);
  for (int i = 0; i < INCREMENTS; i++) {
    pthread_mutex_lock(&lock);
    counter++;
    pthread_mutex_unlock(&lock);
    atomic_fetch_add(&atomic_counter, 1);
  }
  char *result = malloc(64);
  snprintf(result, 64, "%s saw tls_value %ld", tls_name, tls_value);
  return result;
}

// A bounded queue: one producer, two consumers.
#define QUEUE_SIZE 8
#define ITEMS 2000
static int queue[QUEUE_SIZE];
static int head, tail, count, done;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER, not_full = PTHREAD_COND_INITIALIZER;

static void *produce(void *arg) {
  (void)arg;
  for (int i = 1; i <= ITEMS; i++) {
    pthread_mutex_lock(&queue_lock);
    while (count == QUEUE_SIZE) pthread_cond_wait(&not_full, &queue_lock);
    queue[tail] = i;
    tail = (tail + 1) % QUEUE_SIZE;
    count++;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&queue_lock);
  }
  pthread_mutex_lock(&queue_lock);
  done = 1;
  pthread_cond_broadcast(&not_empty);
  pthread_mutex_unlock(&queue_lock);
  return NULL;
}

static void *consume(void *arg) {
  long *sum = arg;
  for (;;) {
    pthread_mutex_lock(&queue_lock);
    while (count == 0 && !done) pthread_cond_wait(&not_empty, &queue_lock);
    if (count == 0 && done) {
      pthread_mutex_unlock(&queue_lock);
      return NULL;
    }
    int item = queue[head];
    head = (head + 1) % QUEUE_SIZE;
    count--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&queue_lock);
    *sum += item;
  }
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static void run_once(void) { once_runs++; }

static pthread_key_t key;
static atomic_int destructor_runs;
static void destroy_value(void *value) {
  atomic_fetch_add(&destructor_runs, 1);
  free(value);
}

static pthread_barrier_t barrier;
static atomic_int serial_threads;

static void *use_once_key_barrier(void *arg) {
  pthread_once(&once, run_once);
  int *mine = malloc(sizeof *mine);
  *mine = (int)(intptr_t)arg;
  pthread_setspecific(key, mine);
  int r = pthread_barrier_wait(&barrier);
  if (r == PTHREAD_BARRIER_SERIAL_THREAD) atomic_fetch_add(&serial_threads, 1);
  int *back = pthread_getspecific(key);
  return (void *)(intptr_t)(back == mine && *back == (int)(intptr_t)arg);
}

// Sixteen threads at once: each reads a shared table under a read lock and adds to it under
// the write lock.
#define MANY 16
static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static long table[MANY];
static long table_total;

static void *use_rwlock(void *arg) {
  long id = (long)(intptr_t)arg;
  long seen = 0;
  for (int round = 0; round < 50; round++) {
    pthread_rwlock_rdlock(&table_lock);
    for (int i = 0; i < MANY; i++) seen += table[i];
    pthread_rwlock_unlock(&table_lock);
    pthread_rwlock_wrlock(&table_lock);
    table[id] += id + 1;
    table_total += id + 1;
    pthread_rwlock_unlock(&table_lock);
  }
  return (void *)(intptr_t)(seen >= 0);
}

static pthread_mutex_t detached_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t detached_done = PTHREAD_COND_INITIALIZER;
static int detached_finished;

static void *detached_worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&detached_lock);
  detached_finished++;
  pthread_cond_signal(&detached_done);
  pthread_mutex_unlock(&detached_lock);
  return NULL;
}

int main(void) {
  printf("== create, join, mutex, TLS ==\n");
  pthread_t threads[WORKERS];
  for (long i = 0; i < WORKERS; i++) pthread_create(&threads[i], NULL, add_many, (void *)(intptr_t)(i + 1));
  for (int i = 0; i < WORKERS; i++) {
    void *result;
    pthread_join(threads[i], &result);
    printf("joined thread %d: %s\n", i + 1, (char *)result);
    free(result);
  }
  printf("mutex counter %ld (expected %d), atomic counter %ld\n", counter, WORKERS * INCREMENTS,
         (long)atomic_load(&atomic_counter));
  printf("main thread's TLS untouched: %ld %s\n", tls_value, tls_name);

  printf("== producer and consumers on a condition variable ==\n");
  long sums[2] = {0, 0};
  pthread_t producer, consumers[2];
  pthread_create(&consumers[0], NULL, consume, &sums[0]);
  pthread_create(&consumers[1], NULL, consume, &sums[1]);
  pthread_create(&producer, NULL, produce, NULL);
  pthread_join(producer, NULL);
  pthread_join(consumers[0], NULL);
  pthread_join(consumers[1], NULL);
  printf("items consumed sum to %ld (expected %d)\n", sums[0] + sums[1], ITEMS * (ITEMS + 1) / 2);

  printf("== pthread_once, keys with destructors, barrier ==\n");
  pthread_key_create(&key, destroy_value);
  pthread_barrier_init(&barrier, NULL, 3);
  pthread_t others[3];
  for (long i = 0; i < 3; i++) pthread_create(&others[i], NULL, use_once_key_barrier, (void *)(intptr_t)(i + 10));
  int good = 0;
  for (int i = 0; i < 3; i++) {
    void *ok;
    pthread_join(others[i], &ok);
    good += (int)(intptr_t)ok;
  }
  printf("once ran %d time(s), %d threads saw their own key value, %d destructor runs, %d serial thread(s)\n",
         once_runs, good, atomic_load(&destructor_runs), atomic_load(&serial_threads));
  pthread_barrier_destroy(&barrier);

  printf("== detached threads ==\n");
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  for (int i = 0; i < 3; i++) {
    pthread_t t;
    pthread_create(&t, &attr, detached_worker, NULL);
  }
  pthread_attr_destroy(&attr);
  pthread_mutex_lock(&detached_lock);
  while (detached_finished < 3) pthread_cond_wait(&detached_done, &detached_lock);
  pthread_mutex_unlock(&detached_lock);
  printf("detached threads finished: %d\n", detached_finished);

  printf("== %d threads and a reader-writer lock ==\n", MANY);
  pthread_t many[MANY];
  for (long i = 0; i < MANY; i++) pthread_create(&many[i], NULL, use_rwlock, (void *)(intptr_t)i);
  int fine = 0;
  for (int i = 0; i < MANY; i++) {
    void *ok;
    pthread_join(many[i], &ok);
    fine += (int)(intptr_t)ok;
  }
  long table_sum = 0;
  for (int i = 0; i < MANY; i++) table_sum += table[i];
  printf("%d threads joined, table total %ld = sum %ld (expected %d)\n", fine, table_total, table_sum,
         50 * MANY * (MANY + 1) / 2);

  printf("== misc ==\n");
  printf("pthread_equal(self, self) = %d\n", pthread_equal(pthread_self(), pthread_self()) != 0);
  pthread_mutex_t recursive;
  pthread_mutexattr_t mattr;
  pthread_mutexattr_init(&mattr);
  pthread_mutexattr_settype(&mattr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&recursive, &mattr);
  int r1 = pthread_mutex_lock(&recursive), r2 = pthread_mutex_lock(&recursive);
  int r3 = pthread_mutex_unlock(&recursive), r4 = pthread_mutex_unlock(&recursive);
  printf("recursive mutex lock/lock/unlock/unlock: %d %d %d %d\n", r1, r2, r3, r4);
  pthread_mutex_lock(&lock);
  printf("trylock of a held mutex returns EBUSY: %s\n", pthread_mutex_trylock(&lock) != 0 ? "yes" : "no");
  pthread_mutex_unlock(&lock);
  return 0;
}
