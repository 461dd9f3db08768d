// Threads under Miros libc: create/join results, a mutex-protected counter, a condition-variable
// queue, a reader-writer lock, pthread_once, keys with destructors, __thread variables, a
// barrier, semaphores, detached threads, cancellation. Output is deterministic: threads only
// record, main prints after joining.
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define WORKERS 4
#define ROUNDS 300

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static __thread int tls_value = 7;
static int tls_seen[WORKERS];

static void *count_up(void *arg) {
  int id = (int)(intptr_t)arg;
  tls_value += id;
  for (int i = 0; i < ROUNDS; i++) {
    pthread_mutex_lock(&lock);
    counter++;
    pthread_mutex_unlock(&lock);
    if (i % 100 == 0) sched_yield();
  }
  tls_seen[id] = tls_value;
  return (void *)(intptr_t)(id * 10);
}

// A bounded queue between producers and consumers.
#define QUEUE 4
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static int queue[QUEUE], head, tail, size;
static long consumed_sum;

static void *produce(void *arg) {
  int base = (int)(intptr_t)arg;
  for (int i = 1; i <= 30; i++) {
    pthread_mutex_lock(&queue_lock);
    while (size == QUEUE) pthread_cond_wait(&not_full, &queue_lock);
    queue[tail] = base + i;
    tail = (tail + 1) % QUEUE;
    size++;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&queue_lock);
  }
  return NULL;
}

static void *consume(void *arg) {
  long sum = 0;
  for (int i = 0; i < 30; i++) {
    pthread_mutex_lock(&queue_lock);
    while (size == 0) pthread_cond_wait(&not_empty, &queue_lock);
    sum += queue[head];
    head = (head + 1) % QUEUE;
    size--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&queue_lock);
  }
  pthread_mutex_lock(&queue_lock);
  consumed_sum += sum;
  pthread_mutex_unlock(&queue_lock);
  return (void *)sum;
}

static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static int table[16];
static long reads_ok;

static void *reader(void *arg) {
  (void)arg;
  long ok = 0;
  for (int i = 0; i < 40; i++) {
    pthread_rwlock_rdlock(&table_lock);
    int first = table[0];
    int same = 1;
    for (int j = 1; j < 16; j++) same &= table[j] == first;
    ok += same;
    pthread_rwlock_unlock(&table_lock);
  }
  return (void *)ok;
}

static void *writer(void *arg) {
  (void)arg;
  for (int i = 1; i <= 20; i++) {
    pthread_rwlock_wrlock(&table_lock);
    for (int j = 0; j < 16; j++) {
      table[j] = i;
      if (j == 8) sched_yield();
    }
    pthread_rwlock_unlock(&table_lock);
  }
  return NULL;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static void init_once(void) { once_runs++; }

static pthread_key_t key;
static int destructor_calls;
static long destructor_sum;
static void key_destructor(void *value) {
  pthread_mutex_lock(&lock);
  destructor_calls++;
  destructor_sum += (long)(intptr_t)value;
  pthread_mutex_unlock(&lock);
}

static void *use_key(void *arg) {
  pthread_once(&once, init_once);
  pthread_setspecific(key, arg);
  return pthread_getspecific(key);
}

static pthread_barrier_t barrier;
static int before_barrier, seen_after[WORKERS], serial_count;
static void *meet(void *arg) {
  int id = (int)(intptr_t)arg;
  pthread_mutex_lock(&lock);
  before_barrier++;
  pthread_mutex_unlock(&lock);
  int r = pthread_barrier_wait(&barrier);
  seen_after[id] = before_barrier;
  if (r == PTHREAD_BARRIER_SERIAL_THREAD) {
    pthread_mutex_lock(&lock);
    serial_count++;
    pthread_mutex_unlock(&lock);
  }
  return NULL;
}

static sem_t items, done_sem;
static int sem_total;
static void *sem_worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 5; i++) {
    sem_wait(&items);
    pthread_mutex_lock(&lock);
    sem_total++;
    pthread_mutex_unlock(&lock);
  }
  sem_post(&done_sem);
  return NULL;
}

static void *detached_worker(void *arg) {
  sem_post((sem_t *)arg);
  return NULL;
}

static pthread_mutex_t cancel_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static void *wait_forever(void *arg) {
  (void)arg;
  pthread_mutex_lock(&cancel_lock);
  for (;;) pthread_cond_wait(&never, &cancel_lock);
  return NULL;
}

static volatile int spin_stop;
static void *test_cancel_loop(void *arg) {
  (void)arg;
  for (;;) {
    pthread_testcancel();
    sched_yield();
  }
  return NULL;
}

int main(void) {
  pthread_t t[WORKERS];
  for (int i = 0; i < WORKERS; i++) pthread_create(&t[i], NULL, count_up, (void *)(intptr_t)i);
  long results = 0;
  for (int i = 0; i < WORKERS; i++) {
    void *r;
    pthread_join(t[i], &r);
    results += (long)r;
  }
  printf("counter %ld (expected %d), join results %ld, main tls %d\n", counter, WORKERS * ROUNDS, results, tls_value);
  printf("tls per thread: %d %d %d %d\n", tls_seen[0], tls_seen[1], tls_seen[2], tls_seen[3]);

  pthread_t p[2], c[2];
  pthread_create(&c[0], NULL, consume, NULL);
  pthread_create(&c[1], NULL, consume, NULL);
  pthread_create(&p[0], NULL, produce, (void *)0);
  pthread_create(&p[1], NULL, produce, (void *)1000);
  for (int i = 0; i < 2; i++) pthread_join(p[i], NULL);
  for (int i = 0; i < 2; i++) pthread_join(c[i], NULL);
  printf("queue: consumed sum %ld, left %d\n", consumed_sum, size);

  pthread_t r[3], w;
  pthread_create(&w, NULL, writer, NULL);
  for (int i = 0; i < 3; i++) pthread_create(&r[i], NULL, reader, NULL);
  for (int i = 0; i < 3; i++) {
    void *ok;
    pthread_join(r[i], &ok);
    reads_ok += (long)ok;
  }
  pthread_join(w, NULL);
  printf("rwlock: %ld consistent reads of 120, table[15] %d\n", reads_ok, table[15]);

  pthread_key_create(&key, key_destructor);
  for (int i = 0; i < WORKERS; i++) pthread_create(&t[i], NULL, use_key, (void *)(intptr_t)(i + 1));
  long key_results = 0;
  for (int i = 0; i < WORKERS; i++) {
    void *v;
    pthread_join(t[i], &v);
    key_results += (long)v;
  }
  printf("once ran %d time(s); keys: results %ld, %d destructor calls summing %ld; main value %p\n", once_runs,
         key_results, destructor_calls, destructor_sum, pthread_getspecific(key));
  pthread_key_delete(key);

  pthread_barrier_init(&barrier, NULL, WORKERS);
  for (int i = 0; i < WORKERS; i++) pthread_create(&t[i], NULL, meet, (void *)(intptr_t)i);
  for (int i = 0; i < WORKERS; i++) pthread_join(t[i], NULL);
  printf("barrier: after %d %d %d %d, serial threads %d\n", seen_after[0], seen_after[1], seen_after[2], seen_after[3],
         serial_count);
  pthread_barrier_destroy(&barrier);

  sem_init(&items, 0, 0);
  sem_init(&done_sem, 0, 0);
  for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, sem_worker, NULL);
  for (int i = 0; i < 10; i++) sem_post(&items);
  sem_wait(&done_sem);
  sem_wait(&done_sem);
  int value;
  sem_getvalue(&items, &value);
  errno = 0;
  int try = sem_trywait(&items);
  printf("semaphores: total %d, value %d, trywait %d errno %s\n", sem_total, value, try, strerror(errno));
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);

  sem_t started;
  sem_init(&started, 0, 0);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int state;
  pthread_attr_getdetachstate(&attr, &state);
  pthread_t d;
  pthread_create(&d, &attr, detached_worker, &started);
  sem_wait(&started);
  printf("detached: state %d, detach again -> %s\n", state == PTHREAD_CREATE_DETACHED,
         pthread_detach(pthread_self()) == 0 ? "0" : "error");
  pthread_attr_destroy(&attr);

  pthread_t k1, k2;
  pthread_create(&k1, NULL, wait_forever, NULL);
  pthread_create(&k2, NULL, test_cancel_loop, NULL);
  sched_yield();
  sched_yield();
  pthread_cancel(k1);
  pthread_cancel(k2);
  void *c1, *c2;
  pthread_join(k1, &c1);
  pthread_join(k2, &c2);
  printf("cancel: %d %d, cancel_lock trylock %d (held by the cancelled waiter)\n", c1 == PTHREAD_CANCELED,
         c2 == PTHREAD_CANCELED, pthread_mutex_trylock(&cancel_lock) == EBUSY);

  printf("self %d, equal %d\n", pthread_equal(pthread_self(), pthread_self()), pthread_equal(pthread_self(), k1));
  return 0;
}
