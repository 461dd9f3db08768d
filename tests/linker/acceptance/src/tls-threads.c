// __thread variables in the executable (local exec, and initial exec for the libraries' exported
// ones) and in two shared libraries (general dynamic, local dynamic, initial exec; the second built
// with TLS descriptors), used from several threads at once: each thread sees its own copies,
// starting from the initial values, and the main thread's stay as they were.
#include <pthread.h>
#include <stdio.h>

__thread long exe_tls = 10;
static __thread long exe_local[4] = {1, 2, 3, 4};
extern __thread long lib_general;
long classic_add(long amount);
long desc_add(long amount);
long *classic_address(void);
long *desc_address(void);

#define THREADS 4
static char reports[THREADS][200];

static void *worker(void *arg) {
  long id = (long)arg;
  long classic = 0, desc = 0;
  for (int i = 0; i < 100; i++) {
    exe_tls += id;
    exe_local[id % 4] += 1;
    classic = classic_add(id);
    desc = desc_add(id + 1);
  }
  snprintf(reports[id], sizeof reports[id],
           "thread %ld: exe_tls %ld exe_local %ld classic %ld desc %ld lib_general (IE from here) %ld, one lib_general for both libraries (interposed) %d\n",
           id,
           exe_tls, exe_local[id % 4], classic, desc, lib_general, classic_address() == desc_address());
  return NULL;
}

int main(void) {
  pthread_t ids[THREADS];
  for (long i = 0; i < THREADS; i++) pthread_create(&ids[i], NULL, worker, (void *)i);
  for (int i = 0; i < THREADS; i++) pthread_join(ids[i], NULL);
  for (int i = 0; i < THREADS; i++) fputs(reports[i], stdout);
  printf("main: exe_tls %ld exe_local %ld %ld classic %ld desc %ld lib_general %ld\n", exe_tls, exe_local[0],
         exe_local[3], classic_add(0), desc_add(0), lib_general);
  return 0;
}
