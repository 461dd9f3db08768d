// The dl API beyond dlopen.c, against its native run: dlopen of a library with initial-exec TLS
// (surplus static TLS), a new module's TLS read by a thread that already existed, RTLD_DEEPBIND
// against the default binding, RTLD_NODELETE through dlclose, dlsym of a TLS symbol per thread,
// __cxa_thread_atexit_impl destructors at thread exit and at exit, and the exit order of atexit
// handlers (the executable's and two load-time libraries') with the libraries' destructors.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

void exit_touch_a(void);
void exit_touch_b(void);
extern void *__dso_handle;
int __cxa_thread_atexit_impl(void (*destructor)(void *), void *object, void *dso);

// The executable's definition of bind_who: what a library's call binds to without RTLD_DEEPBIND.
const char *bind_who(void) { return "the executable's bind_who"; }

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int stage;

static void wait_for(int wanted) {
  pthread_mutex_lock(&lock);
  while (stage < wanted) pthread_cond_wait(&changed, &lock);
  pthread_mutex_unlock(&lock);
}

static void advance(int to) {
  pthread_mutex_lock(&lock);
  stage = to;
  pthread_cond_broadcast(&changed);
  pthread_mutex_unlock(&lock);
}

static void thread_destructor(void *name) { printf("thread_local destructor: %s\n", (const char *)name); }

// Started before libdltls2.so is opened; reads its TLS once main has opened it.
static void *early_thread(void *handle_slot) {
  __cxa_thread_atexit_impl(thread_destructor, "early thread, registered first", &__dso_handle);
  __cxa_thread_atexit_impl(thread_destructor, "early thread, registered second", &__dso_handle);
  advance(1);
  wait_for(2);
  void *handle = *(void **)handle_slot;
  long *late = dlsym(handle, "late_tls");
  char *zeroes = dlsym(handle, "late_zeroes");
  int zero = 1;
  for (int i = 0; i < 64; i++) zero &= zeroes[i] == 0;
  printf("early thread: late_tls %ld, late_zeroes all zero %d\n", *late, zero);
  *late = 99;
  printf("early thread: after its write %ld\n", *(long *)dlsym(handle, "late_tls"));
  return late;
}

static void main_destructor(void *name) { printf("thread_local destructor: %s\n", (const char *)name); }
static void main_atexit(void) { printf("executable: atexit handler\n"); }

int main(void) {
  exit_touch_a();
  exit_touch_b();
  atexit(main_atexit);
  __cxa_thread_atexit_impl(main_destructor, "main thread (runs at exit)", &__dso_handle);

  void *ie = dlopen("libdlie.so", RTLD_NOW);
  if (!ie) printf("libdlie.so: %s\n", dlerror());
  else {
    int (*ie_next)(void) = (int (*)(void))dlsym(ie, "ie_next");
    int *variable = dlsym(ie, "ie_variable");
    int first = ie_next();
    printf("initial-exec TLS after dlopen: %d then %d, dlsym sees %d\n", first, ie_next(), *variable);
  }

  pthread_t early;
  void *late_handle = NULL;
  pthread_create(&early, NULL, early_thread, &late_handle);
  wait_for(1);
  late_handle = dlopen("libdltls2.so", RTLD_NOW);
  long *late_main = dlsym(late_handle, "late_tls");
  printf("main: late_tls %ld\n", *late_main);
  advance(2);
  void *early_late;
  pthread_join(early, &early_late);
  printf("main: late_tls still %ld, the thread's was its own %d\n", *late_main, early_late != late_main);

  void *deep = dlopen("libdldeep.so", RTLD_NOW | RTLD_DEEPBIND);
  void *shallow = dlopen("libdlshallow.so", RTLD_NOW);
  const char *(*deep_call)(void) = (const char *(*)(void))dlsym(deep, "bind_call");
  const char *(*shallow_call)(void) = (const char *(*)(void))dlsym(shallow, "bind_call");
  printf("RTLD_DEEPBIND: %s\n", deep_call());
  printf("default binding: %s\n", shallow_call());

  void *nodelete = dlopen("libdlnodelete.so", RTLD_NOW | RTLD_NODELETE);
  int (*bump)(void) = (int (*)(void))dlsym(nodelete, "nodelete_bump");
  bump();
  printf("NODELETE: dlclose %d\n", dlclose(nodelete));
  void *again = dlopen("libdlnodelete.so", RTLD_NOW | RTLD_NOLOAD);
  printf("NODELETE: NOLOAD after dlclose %s, counter kept %d\n", again ? "found" : "NULL",
         again ? ((int (*)(void))dlsym(again, "nodelete_bump"))() : -1);

  printf("main returns\n");
  return 0;
}
