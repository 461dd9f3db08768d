// pthread error codes and edge cases under Miros libc, compared with glibc: mutex kinds
// (EDEADLK, EPERM, EBUSY, recursion), robust mutexes (EOWNERDEAD, ENOTRECOVERABLE), timed
// waits (ETIMEDOUT, EINVAL) on both clocks, rwlock EDEADLK, semaphores, join errors, attributes,
// thread names, keys whose destructors set values again, signals to a thread, and
// __libc_single_threaded. A detached thread outlives main's pthread_exit and ends the process.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/single_threaded.h>
#include <limits.h>
#include <time.h>

static const char *name(int e) {
  switch (e) {
    case 0: return "0";
    case EDEADLK: return "EDEADLK";
    case EPERM: return "EPERM";
    case EBUSY: return "EBUSY";
    case EINVAL: return "EINVAL";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EOWNERDEAD: return "EOWNERDEAD";
    case ENOTRECOVERABLE: return "ENOTRECOVERABLE";
    case ESRCH: return "ESRCH";
    case ERANGE: return "ERANGE";
    case EAGAIN: return "EAGAIN";
    default: return "other";
  }
}

static struct timespec in_ms(clockid_t clock, long ms) {
  struct timespec t;
  clock_gettime(clock, &t);
  t.tv_nsec += ms * 1000000;
  t.tv_sec += t.tv_nsec / 1000000000;
  t.tv_nsec %= 1000000000;
  return t;
}

static pthread_mutex_t robust;
static void *die_holding(void *arg) {
  (void)arg;
  pthread_mutex_lock(&robust);
  return NULL;
}

static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static void *try_other(void *arg) {
  (void)arg;
  struct timespec t = in_ms(CLOCK_REALTIME, 20);
  intptr_t r = pthread_mutex_timedlock(&held, &t);
  return (void *)r;
}

static pthread_key_t key;
static int rounds;
static void again(void *value) {
  rounds++;
  if ((intptr_t)value < 10) pthread_setspecific(key, (void *)((intptr_t)value + 1));
}
static void *set_key(void *arg) {
  pthread_setspecific(key, arg);
  return NULL;
}

static volatile sig_atomic_t got;
static pthread_t handler_thread;
static void on_usr1(int sig) {
  (void)sig;
  got = pthread_equal(pthread_self(), handler_thread) ? 1 : 2;
}
static sem_t ready, go;
static void *signal_target(void *arg) {
  (void)arg;
  sem_post(&ready);
  sem_wait(&go);
  return (void *)(intptr_t)got;
}

static void *last_one(void *arg) {
  sem_wait((sem_t *)arg);
  printf("detached thread ends the process after main's pthread_exit\n");
  return NULL;
}

int main(void) {
  printf("single threaded at start: %d\n", __libc_single_threaded);
  pthread_mutexattr_t ma;
  pthread_mutexattr_init(&ma);
  pthread_mutex_t m;
  int type;

  pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutexattr_gettype(&ma, &type);
  pthread_mutex_init(&m, &ma);
  int r[8];
  r[0] = pthread_mutex_unlock(&m);
  r[1] = pthread_mutex_lock(&m);
  r[2] = pthread_mutex_lock(&m);
  r[3] = pthread_mutex_trylock(&m);
  r[4] = pthread_mutex_destroy(&m);
  r[5] = pthread_mutex_unlock(&m);
  printf("errorcheck(%d): unlock unlocked %s, lock %s, relock %s, trylock %s, destroy locked %s, unlock %s\n", type,
         name(r[0]), name(r[1]), name(r[2]), name(r[3]), name(r[4]), name(r[5]));
  pthread_mutex_destroy(&m);

  pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&m, &ma);
  for (int i = 0; i < 3; i++) r[i] = i == 2 ? pthread_mutex_trylock(&m) : pthread_mutex_lock(&m);
  for (int i = 3; i < 7; i++) r[i] = pthread_mutex_unlock(&m);
  printf("recursive: %s %s %s, unlocks %s %s %s, extra unlock %s\n", name(r[0]), name(r[1]), name(r[2]), name(r[3]),
         name(r[4]), name(r[5]), name(r[6]));
  pthread_mutex_t rinit = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
  r[0] = pthread_mutex_lock(&rinit);
  r[1] = pthread_mutex_lock(&rinit);
  r[2] = pthread_mutex_unlock(&rinit);
  r[3] = pthread_mutex_unlock(&rinit);
  r[4] = pthread_mutex_unlock(&rinit);
  printf("recursive initializer: %s %s %s %s, extra unlock %s\n", name(r[0]), name(r[1]), name(r[2]), name(r[3]),
         name(r[4]));

  pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_NORMAL);
  pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&robust, &ma);
  pthread_t t;
  pthread_create(&t, NULL, die_holding, NULL);
  pthread_join(t, NULL);
  int r1 = pthread_mutex_lock(&robust);
  int r2 = pthread_mutex_unlock(&robust);
  int r3 = pthread_mutex_lock(&robust);
  printf("robust: owner died -> %s, unlock without consistent %s, lock again %s\n", name(r1), name(r2), name(r3));
  pthread_mutex_init(&robust, &ma);
  pthread_create(&t, NULL, die_holding, NULL);
  pthread_join(t, NULL);
  r1 = pthread_mutex_trylock(&robust);
  r2 = pthread_mutex_consistent(&robust);
  r3 = pthread_mutex_unlock(&robust);
  printf("robust: trylock %s, consistent %s, unlock %s, lock %s\n", name(r1), name(r2), name(r3),
         name(pthread_mutex_lock(&robust)));
  pthread_mutex_unlock(&robust);

  pthread_mutex_lock(&held);
  pthread_create(&t, NULL, try_other, NULL);
  void *res;
  pthread_join(t, &res);
  struct timespec bad = {0, 1000000000};
  printf("timedlock from another thread: %s; bad timespec on own normal mutex: %s\n", name((int)(intptr_t)res),
         name(pthread_mutex_timedlock(&held, &bad)));
  pthread_mutex_unlock(&held);

  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  clockid_t clock;
  printf("condattr setclock cputime %s, ", name(pthread_condattr_setclock(&ca, CLOCK_PROCESS_CPUTIME_ID)));
  pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
  pthread_condattr_getclock(&ca, &clock);
  pthread_cond_t cv;
  pthread_cond_init(&cv, &ca);
  pthread_mutex_lock(&held);
  struct timespec mono = in_ms(CLOCK_MONOTONIC, 10);
  int w1 = pthread_cond_timedwait(&cv, &held, &mono);
  struct timespec real = in_ms(CLOCK_REALTIME, 10);
  pthread_cond_t cv2 = PTHREAD_COND_INITIALIZER;
  int w2 = pthread_cond_timedwait(&cv2, &held, &real);
  int w3 = pthread_cond_timedwait(&cv2, &held, &bad);
  int w4 = pthread_cond_clockwait(&cv2, &held, CLOCK_MONOTONIC, &mono);
  int own = pthread_mutex_trylock(&held);
  pthread_mutex_unlock(&held);
  printf("clock %d: monotonic wait %s, realtime wait %s, bad %s, clockwait %s, mutex held after: %s\n",
         clock == CLOCK_MONOTONIC, name(w1), name(w2), name(w3), name(w4), name(own));

  pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
  int a = pthread_rwlock_wrlock(&rw);
  int b = pthread_rwlock_rdlock(&rw);
  int c = pthread_rwlock_wrlock(&rw);
  int d = pthread_rwlock_tryrdlock(&rw);
  pthread_rwlock_unlock(&rw);
  int e = pthread_rwlock_rdlock(&rw);
  int f = pthread_rwlock_rdlock(&rw);
  int g = pthread_rwlock_trywrlock(&rw);
  struct timespec soon = in_ms(CLOCK_REALTIME, 5);
  int h = pthread_rwlock_timedwrlock(&rw, &soon);
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_unlock(&rw);
  printf("rwlock: %s %s %s %s, readers %s %s, writer %s %s\n", name(a), name(b), name(c), name(d), name(e), name(f),
         name(g), name(h));

  sem_t s;
  errno = 0;
  int si = sem_init(&s, 0, 0x80000000u);
  printf("sem_init too big: %d %s; ", si, name(errno));
  sem_init(&s, 0, 1);
  struct timespec past = in_ms(CLOCK_REALTIME, 5);
  int s1 = sem_timedwait(&s, &past);
  errno = 0;
  int s2 = sem_timedwait(&s, &past);
  int e2 = errno;
  errno = 0;
  int s3 = sem_timedwait(&s, &bad);
  printf("timedwait %d, then %d %s, bad %d %s\n", s1, s2, name(e2), s3, name(errno));

  pthread_t self = pthread_self();
  printf("join self %s, ", name(pthread_join(self, NULL)));
  pthread_create(&t, NULL, signal_target, NULL);
  sem_init(&ready, 0, 0);
  sem_init(&go, 0, 0);
  sem_wait(&ready);
  printf("tryjoin running %s, ", name(pthread_tryjoin_np(t, NULL)));
  struct timespec j = in_ms(CLOCK_REALTIME, 5);
  printf("timedjoin %s\n", name(pthread_timedjoin_np(t, NULL, &j)));
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  handler_thread = t;
  r[0] = pthread_kill(t, 0);
  r[1] = pthread_kill(t, SIGUSR1);
  r[2] = pthread_kill(t, 99);
  printf("kill 0 %s, kill SIGUSR1 %s, kill 99 %s, ", name(r[0]), name(r[1]), name(r[2]));
  sem_post(&go);
  pthread_join(t, &res);
  printf("handler ran in the target: %d\n", (int)(intptr_t)res);

  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  pthread_sigmask(SIG_SETMASK, NULL, &old);
  printf("sigmask: USR2 blocked %d, USR1 %d, bad how %s\n", sigismember(&old, SIGUSR2), sigismember(&old, SIGUSR1),
         name(pthread_sigmask(12345, &set, NULL)));

  pthread_attr_t at;
  pthread_attr_init(&at);
  size_t size, guard;
  pthread_attr_getstacksize(&at, &size);
  pthread_attr_getguardsize(&at, &guard);
  printf("attr defaults: stack %zu guard %zu; small stack %s; bad detach %s; ", size, guard,
         name(pthread_attr_setstacksize(&at, 1000)), name(pthread_attr_setdetachstate(&at, 7)));
  pthread_attr_setstacksize(&at, 256 * 1024);
  pthread_attr_getstacksize(&at, &size);
  printf("set %zu\n", size);

  char buf[32];
  printf("names: long %s, short %s, ", name(pthread_setname_np(self, "a-name-too-long-for-linux")),
         name(pthread_getname_np(self, buf, 8)));
  pthread_setname_np(self, "worker-main");
  pthread_getname_np(self, buf, sizeof buf);
  printf("now \"%s\"\n", buf);

  pthread_key_create(&key, again);
  pthread_create(&t, NULL, set_key, (void *)(intptr_t)1);
  pthread_join(t, NULL);
  printf("key destructor rounds: %d (PTHREAD_DESTRUCTOR_ITERATIONS %d); delete twice %s\n", rounds,
         PTHREAD_DESTRUCTOR_ITERATIONS, name((pthread_key_delete(key), pthread_key_delete(key))));
  printf("setspecific bad key %s, getspecific bad key %p\n", name(pthread_setspecific(5000, NULL)),
         pthread_getspecific(5000));

  pthread_barrier_t br;
  printf("barrier count 0: %s; spin trylock: ", name(pthread_barrier_init(&br, NULL, 0)));
  pthread_spinlock_t sp;
  pthread_spin_init(&sp, 0);
  pthread_spin_lock(&sp);
  printf("%s\n", name(pthread_spin_trylock(&sp)));
  pthread_spin_unlock(&sp);

  printf("single threaded now: %d\n", __libc_single_threaded);
  static sem_t last;
  sem_init(&last, 0, 0);
  pthread_attr_t det;
  pthread_attr_init(&det);
  pthread_attr_setdetachstate(&det, PTHREAD_CREATE_DETACHED);
  pthread_create(&t, &det, last_one, &last);
  sem_post(&last);
  fflush(stdout);
  pthread_exit(NULL);
}
