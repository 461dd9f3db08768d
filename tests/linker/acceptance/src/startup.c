// Start-up and exit symbols of the list that no other program shows, one scenario per run
// (argv[1]): names (__progname, program_invocation_name, program_invocation_short_name, environ),
// getauxval, gnu_get_libc_version, __libc_single_threaded around pthread_create, errno per thread
// with strerror/perror, stdio buffering (stdout to a pipe is fully buffered: write(2) overtakes
// printf), valloc, getrandom, strtold; and the ways out: abort, a failed assert, a smashed stack
// (-fstack-protector-strong builds), a double free and the free of an interior pointer (glibc's
// messages, abort), _exit with unflushed output.
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <gnu/libc-version.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <unistd.h>

extern char *__progname;
extern char **environ;
extern char __libc_single_threaded;

static void *set_errno_in_thread(void *unused) {
  (void)unused;
  errno = ENOENT;
  return (void *)(intptr_t)errno;
}

static void names(void) {
  printf("__progname %s\n", __progname);
  printf("program_invocation_short_name %s, same as __progname %d\n", program_invocation_short_name,
         program_invocation_short_name == __progname);
  printf("program_invocation_name ends with it %d\n",
         strcmp(program_invocation_name + strlen(program_invocation_name) - strlen(__progname), __progname) == 0);
  int count = 0;
  for (char **e = environ; *e; e++) count++;
  printf("environ entries %d, first %s\n", count, environ[0] ? environ[0] : "(none)");
  printf("getauxval AT_PAGESZ %lu, AT_PHENT %lu, AT_RANDOM set %d, AT_SECURE %lu\n", getauxval(AT_PAGESZ),
         getauxval(AT_PHENT), getauxval(AT_RANDOM) != 0, getauxval(AT_SECURE));
  errno = 0;
  unsigned long none = getauxval(0x7fff);
  printf("getauxval of an absent type %lu, errno %s\n", none, strerror(errno));
  printf("gnu_get_libc_version %s, release %s\n", gnu_get_libc_version(), gnu_get_libc_release());
  // stdin, stdout and stderr are copy-relocated into a non-PIE executable (glibc's FILE objects).
  printf("stdin at its end %d, the three streams' descriptors %d %d %d\n", getc(stdin) == EOF, fileno(stdin),
         fileno(stdout), fileno(stderr));
}

static void threads_and_errno(void) {
  printf("__libc_single_threaded before a thread %d\n", __libc_single_threaded);
  errno = EACCES;
  pthread_t id;
  void *thread_errno;
  pthread_create(&id, NULL, set_errno_in_thread, NULL);
  pthread_join(id, &thread_errno);
  printf("__libc_single_threaded after %d\n", __libc_single_threaded);
  printf("thread's errno %s, main's still %s\n", strerror((int)(intptr_t)thread_errno), strerror(errno));
  fflush(stdout);
  dup2(1, 2);
  errno = ERANGE;
  perror("perror");
}

static void buffering(void) {
  printf("printf first (buffered: stdout is a pipe)\n");
  if (write(1, "write second, but out first\n", 28) != 28) return;
  fflush(stdout);
  printf("stdout buffered fully %d\n", setvbuf(stdout, NULL, _IOLBF, 0) == 0);
  printf("line buffered now\n");
  if (write(1, "write after a line-buffered line\n", 33) != 33) return;
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("unbuffered: ");
  if (write(1, "interleaved ", 12) != 12) return;
  printf("as written\n");
}

static void memory(void) {
  void *page = valloc(100);
  printf("valloc page aligned %d\n", ((uintptr_t)page & 4095) == 0);
  free(page);
  unsigned char bytes[16];
  printf("getrandom 16 bytes: %zd\n", getrandom(bytes, sizeof bytes, 0));
  char *end;
  long double value = strtold("0x1.8p-16382 rest", &end);
  printf("strtold %La, rest '%s'\n", value, end);
  printf("strtold 1e4933 %Lg errno %s\n", strtold("1e4933", NULL), strerror(errno));
}

static void smash(const char *text) {
  char small[8];
  strcpy(small, text);  // -fstack-protector-strong puts a canary after small
  printf("copied %zu bytes\n", strlen(small));
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "names";
  setvbuf(stderr, NULL, _IONBF, 0);
  if (strcmp(what, "names") == 0) names();
  else if (strcmp(what, "threads") == 0) threads_and_errno();
  else if (strcmp(what, "buffering") == 0) buffering();
  else if (strcmp(what, "memory") == 0) memory();
  else if (strcmp(what, "abort") == 0) {
    printf("before abort (flushed? no: abort does not flush)\n");
    abort();
  } else if (strcmp(what, "assert") == 0) {
    fflush(stdout);
    dup2(1, 2);
    assert(argc == 42);
  } else if (strcmp(what, "smash") == 0) {
    fflush(stdout);
    dup2(1, 2);
    smash(argv[2]);
  } else if (strcmp(what, "double-free") == 0 || strcmp(what, "interior-free") == 0) {
    fflush(stdout);
    dup2(1, 2);
    char *volatile block = malloc(32);
    if (what[0] == 'd') {
      free(block);
      free(block);
    } else {
      free(block + 16);
    }
    printf("not reached: glibc aborts\n");
  } else if (strcmp(what, "_exit") == 0) {
    printf("lost: _exit does not flush");
    _exit(3);
  }
  return 0;
}
