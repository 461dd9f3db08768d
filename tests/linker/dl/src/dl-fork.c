#define _GNU_SOURCE
// The dl API in forked children: each child has its own copy of its parent's link map at the
// fork (glibc's ld.so state is ordinary process memory), so a child dlsyms and calls into a
// library its parent opened, opens and closes libraries (constructors and destructors run in
// the child only), uses a dlopen'ed library's TLS from a new thread, and sees in
// dl_iterate_phdr what it loaded itself — while its parent's objects stay as they were.
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef long (*add_fn)(long);
typedef int (*int_fn)(void);

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static int list_object(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  const char *name = base_name(info->dlpi_name);
  // Only the libraries this test opens: the rest depend on the system.
  if (strncmp(name, "libdl", 5) == 0 || strncmp(name, "libz", 4) == 0) printf("  %s: %s\n", (const char *)data, name);
  return 0;
}

static void *thread_main(void *arg) {
  int_fn calls_here = (int_fn)dlsym(arg, "lib_calls_here");
  add_fn add = (add_fn)dlsym(arg, "lib_add");
  add(5);
  add(6);
  printf("  thread: calls_in_thread %d\n", calls_here());
  return NULL;
}

static void finish(pid_t child, const char *what) {
  int status = 0;
  if (waitpid(child, &status, 0) != child) perror("waitpid");
  printf("parent: %s exited %d\n", what, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  fflush(stdout);
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  void *lib = dlopen("libdltest.so", RTLD_NOW);
  if (!lib) {
    printf("dlopen: %s\n", dlerror());
    return 1;
  }
  add_fn add = (add_fn)dlsym(lib, "lib_add");
  printf("parent: total %ld\n", add(10));

  // 1. A child uses the parent's library, then closes it: the destructor runs in the child only.
  pid_t child = fork();
  if (child == 0) {
    add_fn child_add = (add_fn)dlsym(lib, "lib_add");
    printf("child 1: same lib_add %d, total %ld\n", child_add == add, child_add(1));
    int *counter = (int *)dlsym(lib, "dl_counter");
    printf("child 1: dl_counter %d\n", counter ? *counter : -1);
    printf("child 1: dlclose %d\n", dlclose(lib));
    void *again = dlopen("libdltest.so", RTLD_NOLOAD);
    printf("child 1: after dlclose, RTLD_NOLOAD gives %s\n", again ? "a handle" : "NULL");
    again = dlopen("libdltest.so", RTLD_NOW);
    printf("child 1: reopened, total %ld\n", ((add_fn)dlsym(again, "lib_add"))(2));
    _exit(11);
  }
  finish(child, "child 1");
  printf("parent: still open, total %ld\n", add(100));

  // 2. A child opens libraries of its own, runs a thread over the parent's library's TLS, and
  //    exits normally (its exit runs the destructors of what is open in it).
  child = fork();
  if (child == 0) {
    void *z = dlopen("libz.so.1", RTLD_NOW);
    printf("child 2: libz %s\n", z ? "opened" : dlerror());
    const char *(*version)(void) = z ? (const char *(*)(void))dlsym(z, "zlibVersion") : NULL;
    printf("child 2: zlibVersion %s\n", version && version()[0] ? "non-empty" : "missing");
    dl_iterate_phdr(list_object, "child 2");
    pthread_t thread;
    pthread_create(&thread, NULL, thread_main, lib);
    pthread_join(thread, NULL);
    printf("child 2: calls_in_thread here %d\n", ((int_fn)dlsym(lib, "lib_calls_here"))());
    Dl_info info;
    if (dladdr((void *)add, &info)) printf("child 2: dladdr %s %s\n", base_name(info.dli_fname), info.dli_sname);
    void *missing = dlopen("libdoes-not-exist.so", RTLD_NOW);
    printf("child 2: missing library %s\n", missing ? "opened?" : "fails");
    printf("child 2: dlerror %s\n", dlerror() ? "set" : "clear");
    exit(12);
  }
  finish(child, "child 2");

  // 3. The parent's view did not change: no libz, the library still open once.
  dl_iterate_phdr(list_object, "parent");
  printf("parent: libz %s\n", dlopen("libz.so.1", RTLD_NOLOAD) ? "loaded" : "not loaded");
  printf("parent: dlclose %d\n", dlclose(lib));
  return 0;
}
