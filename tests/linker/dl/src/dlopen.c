// The dl API against its native run: dlopen of a missing file, of a library with constructors and
// destructors (NOW|LOCAL, then NOLOAD), dlsym of functions, data and a TLS variable used from
// several threads, dlvsym, RTLD_DEFAULT/RTLD_NEXT, dlerror texts, dladdr/dladdr1, dlinfo,
// dl_iterate_phdr, dlclose (destructors, unloading: NOLOAD finds nothing afterwards), reopening.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef long (*add_fn)(long);
typedef int (*int_fn)(void);

static add_fn lib_add;
static int_fn lib_calls_here;
static int *tls_in_main;

static const char *base(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

static char reports[4][160];

static void *worker(void *arg) {
  long id = (long)arg;
  for (int i = 0; i < 50; i++) lib_add(id);
  int *mine = dlsym(RTLD_DEFAULT, "calls_in_thread");
  void *handle = dlopen("libdltest.so", RTLD_NOW | RTLD_NOLOAD);
  int *through_handle = dlsym(handle, "calls_in_thread");
  snprintf(reports[id - 1], sizeof reports[0], "thread %ld: calls here %d, TLS symbol %s main's, same through the handle: %s", id, lib_calls_here(),
         through_handle != tls_in_main ? "differs from" : "equals", through_handle == (mine ? mine : through_handle) ? "yes" : "no");
  dlclose(handle);
  return NULL;
}

static int count_objects(struct dl_phdr_info *info, size_t size, void *data) {
  int *found = data;
  if (strstr(info->dlpi_name, "libdltest.so")) {
    int loads = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) loads += info->dlpi_phdr[i].p_type == PT_LOAD;
    found[0]++;
    found[1] = loads > 0;
    found[2] = info->dlpi_tls_modid != 0;
    found[3] = info->dlpi_tls_data != NULL;
  }
  if (info->dlpi_name[0] == '\0' && found[4] == 0) found[4] = 1; /* the executable comes first */
  return size < sizeof(struct dl_phdr_info) ? -1 : 0;
}

int main(void) {
  void *missing = dlopen("libdoes-not-exist.so", RTLD_NOW);
  printf("missing: %s, dlerror: %s\n", missing ? "opened" : "NULL", dlerror());
  printf("dlerror again: %s\n", dlerror() ? "message" : "NULL");
  void *bad = dlopen("libdlbad.so", RTLD_NOW);
  printf("undefined symbol at load: %s, dlerror: %s\n", bad ? "opened" : "NULL", base(dlerror()));
  printf("NOLOAD of the failed library: %s\n", dlopen("libdlbad.so", RTLD_NOW | RTLD_NOLOAD) ? "found" : "NULL");
  void *libm = dlopen("libm.so.6", RTLD_NOW);
  void *floor_function = libm ? dlsym(libm, "floor") : NULL;
  printf("libm.so.6: %s, floor %s\n", libm ? "opened" : "NULL", floor_function ? "found" : "NULL");
  printf("NOLOAD before loading: %s\n", dlopen("libdltest.so", RTLD_NOW | RTLD_NOLOAD) ? "found" : "NULL");

  printf("opening\n");
  void *handle = dlopen("libdltest.so", RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    printf("dlopen failed: %s\n", dlerror());
    return 1;
  }
  printf("opened\n");
  lib_add = (add_fn)dlsym(handle, "lib_add");
  lib_calls_here = (int_fn)dlsym(handle, "lib_calls_here");
  int *counter = dlsym(handle, "dl_counter");
  printf("dl_counter through dlsym: %d\n", *counter);
  printf("RTLD_DEFAULT lib_add (library is LOCAL): %s\n", dlsym(RTLD_DEFAULT, "lib_add") ? "found" : "NULL");
  void *undefined = dlsym(handle, "no_such_symbol");
  printf("undefined: %s, dlerror: %s\n", undefined ? "found" : "NULL", base(dlerror()));
  int_fn v1 = (int_fn)dlvsym(handle, "lib_versioned", "DLV_1");
  int_fn v2 = (int_fn)dlvsym(handle, "lib_versioned", "DLV_2");
  int_fn vd = (int_fn)dlsym(handle, "lib_versioned");
  printf("dlvsym DLV_1 -> %d, DLV_2 -> %d, dlsym default -> %d\n", v1(), v2(), vd());
  void *unknown_version = dlvsym(handle, "lib_versioned", "DLV_9");
  printf("dlvsym DLV_9: %s, dlerror: %s\n", unknown_version ? "found" : "NULL", base(dlerror()));
  printf("RTLD_DEFAULT puts is puts: %s\n", dlsym(RTLD_DEFAULT, "puts") == (void *)puts ? "yes" : "no");
  printf("RTLD_NEXT printf is printf: %s\n", dlsym(RTLD_NEXT, "printf") == (void *)printf ? "yes" : "no");

  tls_in_main = dlsym(handle, "calls_in_thread");
  printf("TLS in main: %d\n", *tls_in_main);
  pthread_t threads[4];
  for (long i = 0; i < 4; i++) pthread_create(&threads[i], NULL, worker, (void *)(i + 1));
  for (int i = 0; i < 4; i++) pthread_join(threads[i], NULL);
  for (int i = 0; i < 4; i++) puts(reports[i]);
  printf("total after threads: %ld, main's TLS now %d\n", lib_add(0), *tls_in_main);

  Dl_info info;
  struct link_map *map = NULL;
  if (dladdr1((void *)lib_add, &info, (void **)&map, RTLD_DL_LINKMAP)) {
    printf("dladdr: file %s, symbol %s, offset %ld, base matches link map: %s\n", base(info.dli_fname),
           info.dli_sname ? info.dli_sname : "(none)", (long)((char *)lib_add - (char *)info.dli_saddr),
           map && (void *)map->l_addr == info.dli_fbase ? "yes" : "no");
  }
  if (dladdr((char *)lib_add + 1, &info))
    printf("dladdr inside lib_add: %s+%ld\n", info.dli_sname, (long)((char *)lib_add + 1 - (char *)info.dli_saddr));
  printf("dladdr of a stack address: %d\n", dladdr(&info, &info));
  if (dladdr((void *)main, &info)) printf("dladdr main: symbol %s\n", info.dli_sname ? info.dli_sname : "(none)");
  struct link_map *lm = NULL;
  char origin[4096];
  dlinfo(handle, RTLD_DI_LINKMAP, &lm);
  dlinfo(handle, RTLD_DI_ORIGIN, origin);
  size_t length = strlen(origin);
  printf("dlinfo: link map name %s, handle is the link map: %s, origin ends in /bin/.: %s\n", base(lm->l_name),
         (void *)lm == handle ? "yes" : "no", origin[0] == '/' && length > 6 && strcmp(origin + length - 6, "/bin/.") == 0 ? "yes" : "no");
  int found[5] = {0, 0, 0, 0, 0};
  dl_iterate_phdr(count_objects, found);
  printf("dl_iterate_phdr: library seen %d time(s), has PT_LOAD %d, TLS module %d, TLS data %d, executable first %d\n",
         found[0], found[1], found[2], found[3], found[4]);
  void *self = dlopen(NULL, RTLD_NOW);
  printf("dlopen(NULL) finds main: %s\n", dlsym(self, "main") == (void *)main ? "yes" : "no");

  void *again = dlopen("libdltest.so", RTLD_NOW | RTLD_NOLOAD);
  printf("NOLOAD while loaded: %s (same handle %s)\n", again ? "found" : "NULL", again == handle ? "yes" : "no");
  printf("dlclose (still referenced): %d\n", dlclose(again));
  printf("closing\n");
  fflush(stdout);
  printf("dlclose: %d\n", dlclose(handle));
  printf("NOLOAD after close: %s\n", dlopen("libdltest.so", RTLD_NOW | RTLD_NOLOAD) ? "found" : "NULL");
  printf("dladdr of the old address: %d\n", dladdr((void *)lib_add, &info));

  handle = dlopen("libdltest.so", RTLD_LAZY | RTLD_GLOBAL);
  counter = dlsym(handle, "dl_counter");
  printf("reopened GLOBAL: dl_counter %d, RTLD_DEFAULT finds lib_total: %s\n", *counter,
         dlsym(RTLD_DEFAULT, "lib_total") ? "yes" : "no");
  printf("exiting with the library open\n");
  return 3;
}
