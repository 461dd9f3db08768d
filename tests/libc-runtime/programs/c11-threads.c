// C11 <threads.h> (src/libc/pthread/c11-threads.ts): threads with results (negative too) and
// thrd_exit, a counter under a plain mutex, a recursive mutex, trylock's thrd_busy, timedlock's and
// cnd_timedwait's thrd_timedout, a producer/consumer over a condition variable, tss values with a
// destructor per thread, call_once from several threads, thrd_sleep, thrd_equal/thrd_current,
// thrd_detach.
#include <stdio.h>
#include <threads.h>
#include <time.h>

static mtx_t counter_lock;
static long counter;
static once_flag once = ONCE_FLAG_INIT;
static int once_calls;
static tss_t key;
static int destructor_calls;

static void count_once(void) { once_calls++; }

static void destructor(void *value) {
  mtx_lock(&counter_lock);
  destructor_calls += *(int *)value;
  mtx_unlock(&counter_lock);
}

static int adder(void *arg) {
  int id = *(int *)arg;
  call_once(&once, count_once);
  tss_set(key, arg);
  for (int i = 0; i < 1000; i++) {
    mtx_lock(&counter_lock);
    counter++;
    mtx_unlock(&counter_lock);
    if (i % 250 == 0) thrd_yield();
  }
  int *mine = tss_get(key);
  return *mine == id ? -id : 1000;
}

static int exits_early(void *arg) {
  (void)arg;
  thrd_exit(77);
  return 0;
}

static mtx_t queue_lock;
static cnd_t queue_ready;
static int queue[8], queue_length, queue_done;

static int producer(void *arg) {
  (void)arg;
  for (int i = 1; i <= 20; i++) {
    mtx_lock(&queue_lock);
    while (queue_length == 8) cnd_wait(&queue_ready, &queue_lock);
    queue[queue_length++] = i;
    cnd_broadcast(&queue_ready);
    mtx_unlock(&queue_lock);
  }
  mtx_lock(&queue_lock);
  queue_done = 1;
  cnd_broadcast(&queue_ready);
  mtx_unlock(&queue_lock);
  return 0;
}

static int holder(void *arg) {
  mtx_t *m = arg;
  mtx_lock(m);
  struct timespec pause = {0, 200 * 1000 * 1000};
  thrd_sleep(&pause, NULL);
  mtx_unlock(m);
  return 5;
}

int main(void) {
  printf("mtx_init plain %d\n", mtx_init(&counter_lock, mtx_plain));
  printf("tss_create %d\n", tss_create(&key, destructor));
  thrd_t threads[4];
  int ids[4] = {1, 2, 3, 4};
  for (int i = 0; i < 4; i++) printf("thrd_create %d\n", thrd_create(&threads[i], adder, &ids[i]));
  for (int i = 0; i < 4; i++) {
    int result = 0;
    int code = thrd_join(threads[i], &result);
    printf("thrd_join %d result %d\n", code, result);
  }
  printf("counter %ld, call_once ran %d, destructors summed %d\n", counter, once_calls, destructor_calls);

  thrd_t early;
  thrd_create(&early, exits_early, NULL);
  int early_result = 0;
  int code = thrd_join(early, &early_result);
  printf("thrd_exit: join %d result %d\n", code, early_result);
  thrd_create(&early, exits_early, NULL);
  printf("thrd_join(NULL res) %d\n", thrd_join(early, NULL));

  mtx_t recursive;
  printf("mtx_init recursive|timed %d\n", mtx_init(&recursive, mtx_recursive | mtx_timed));
  int steps[6];
  steps[0] = mtx_lock(&recursive);
  steps[1] = mtx_lock(&recursive);
  steps[2] = mtx_trylock(&recursive);
  steps[3] = mtx_unlock(&recursive);
  steps[4] = mtx_unlock(&recursive);
  steps[5] = mtx_unlock(&recursive);
  printf("lock %d lock %d trylock %d unlock %d unlock %d unlock %d\n", steps[0], steps[1], steps[2], steps[3], steps[4],
         steps[5]);
  mtx_destroy(&recursive);

  mtx_t timed;
  mtx_init(&timed, mtx_timed);
  thrd_t holding;
  thrd_create(&holding, holder, &timed);
  struct timespec pause = {0, 50 * 1000 * 1000};
  printf("thrd_sleep %d\n", thrd_sleep(&pause, NULL));
  printf("mtx_trylock while held %d\n", mtx_trylock(&timed));
  struct timespec soon;
  timespec_get(&soon, TIME_UTC);
  soon.tv_nsec += 20 * 1000 * 1000;
  if (soon.tv_nsec >= 1000000000) soon.tv_sec++, soon.tv_nsec -= 1000000000;
  printf("mtx_timedlock while held %d\n", mtx_timedlock(&timed, &soon));
  int holder_result = 0;
  code = thrd_join(holding, &holder_result);
  printf("join holder %d result %d\n", code, holder_result);
  printf("mtx_trylock after %d\n", mtx_trylock(&timed));
  mtx_unlock(&timed);

  mtx_init(&queue_lock, mtx_plain);
  printf("cnd_init %d\n", cnd_init(&queue_ready));
  thrd_t producing;
  thrd_create(&producing, producer, NULL);
  long sum = 0;
  int received = 0;
  mtx_lock(&queue_lock);
  for (;;) {
    while (queue_length == 0 && !queue_done) cnd_wait(&queue_ready, &queue_lock);
    if (queue_length == 0 && queue_done) break;
    sum += queue[--queue_length];
    received++;
    cnd_broadcast(&queue_ready);
  }
  mtx_unlock(&queue_lock);
  thrd_join(producing, NULL);
  printf("consumer received %d items, sum %ld\n", received, sum);

  timespec_get(&soon, TIME_UTC);
  soon.tv_nsec += 20 * 1000 * 1000;
  if (soon.tv_nsec >= 1000000000) soon.tv_sec++, soon.tv_nsec -= 1000000000;
  mtx_lock(&queue_lock);
  printf("cnd_timedwait %d\n", cnd_timedwait(&queue_ready, &queue_lock, &soon));
  printf("cnd_signal %d\n", cnd_signal(&queue_ready));
  mtx_unlock(&queue_lock);
  cnd_destroy(&queue_ready);

  printf("thrd_equal(current, current) %d\n", thrd_equal(thrd_current(), thrd_current()) != 0);
  thrd_t detached;
  thrd_create(&detached, holder, &timed);
  printf("thrd_detach %d\n", thrd_detach(detached));
  int dummy = 9;
  tss_set(key, &dummy);
  printf("tss_get main %d\n", *(int *)tss_get(key));
  tss_delete(key);
  mtx_destroy(&counter_lock);
  struct timespec wait_detached = {0, 300 * 1000 * 1000};
  thrd_sleep(&wait_detached, NULL);
  return 0;
}
