// Linux wrappers and stdio extensions under Miros libc: memfd_create, prctl, flock, faccessat,
// euidaccess, the xattr calls on a file without attributes, <stdio_ext.h> (__fpending…),
// flockfile between two threads, pthread_atfork, and the fortified __explicit_bzero_chk and
// __fdelt_chk (built with _FORTIFY_SOURCE=2; the last FD_SET is out of range and aborts).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/select.h>
#include <sys/xattr.h>
#include <unistd.h>

static void result(const char *what, long r) {
  printf("%-40s -> %ld", what, r);
  if (r < 0) printf(" errno=%d (%s)", errno, strerror(errno));
  printf("\n");
  errno = 0;
}

static volatile int trylock_result = -1;
static volatile int thread_locked = 0;

static void *locker(void *arg) {
  (void)arg;
  trylock_result = ftrylockfile(stdout);
  flockfile(stdout);
  thread_locked = 1;
  printf("thread: holds stdout\n");
  funlockfile(stdout);
  return NULL;
}

static int atfork_calls;
static void prepare(void) { atfork_calls++; }

int main(int argc, char **argv) {
  (void)argv;
  // memfd_create
  int fd = memfd_create("miros-test", MFD_CLOEXEC);
  result("memfd_create", fd);
  result("write", write(fd, "hello memfd", 11));
  result("lseek", lseek(fd, 6, SEEK_SET));
  char buf[64] = {0};
  result("read", read(fd, buf, sizeof buf - 1));
  printf("read back: %s\n", buf);
  result("fcntl F_GETFD (cloexec)", fcntl(fd, F_GETFD));
  result("memfd_create bad flags", memfd_create("x", 0x1000));
  close(fd);

  // prctl
  result("prctl PR_SET_NAME", prctl(PR_SET_NAME, "miros-name", 0, 0, 0));
  memset(buf, 0, sizeof buf);
  result("prctl PR_GET_NAME", prctl(PR_GET_NAME, buf, 0, 0, 0));
  printf("name: %s\n", buf);
  result("prctl PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
  result("prctl bad option", prctl(-5, 0, 0, 0, 0));

  // flock on a temporary file
  char path[] = "/tmp/miros-linux-calls-XXXXXX";
  int file = mkstemp(path);
  result("flock LOCK_EX", flock(file, LOCK_EX));
  result("flock LOCK_SH|LOCK_NB", flock(file, LOCK_SH | LOCK_NB));
  result("flock LOCK_UN", flock(file, LOCK_UN));
  result("flock bad operation", flock(file, 0));
  result("flock closed fd", flock(1000, LOCK_EX));

  // faccessat, euidaccess
  result("faccessat / F_OK", faccessat(AT_FDCWD, "/", F_OK, 0));
  result("faccessat missing", faccessat(AT_FDCWD, "/nonexistent/x", F_OK, 0));
  result("faccessat AT_EACCESS", faccessat(AT_FDCWD, "/", X_OK, AT_EACCESS));
  result("faccessat bad flags", faccessat(AT_FDCWD, "/", F_OK, 0x4000));
  result("faccessat bad dirfd", faccessat(999, "relative", F_OK, 0));
  result("euidaccess /", euidaccess("/", R_OK | X_OK));
  result("eaccess missing", eaccess("/nonexistent", F_OK));

  // Extended attributes: none on a fresh file.
  result("getxattr user.miros", getxattr(path, "user.miros", buf, sizeof buf));
  result("fgetxattr user.miros", fgetxattr(file, "user.miros", buf, sizeof buf));
  result("lgetxattr user.miros", lgetxattr(path, "user.miros", buf, sizeof buf));
  result("listxattr", listxattr(path, buf, sizeof buf));
  result("flistxattr", flistxattr(file, buf, sizeof buf));
  close(file);
  unlink(path);

  // <stdio_ext.h>
  fflush(stdout);
  printf("12345");
  long pending = (long)__fpending(stdout);
  printf("\n");
  result("__fpending after 5 bytes", pending);
  result("__fbufsize(stdout) > 0", __fbufsize(stdout) > 0);
  result("__fwriting(stdout)", __fwriting(stdout));
  result("__freading(stdout)", __freading(stdout));
  result("__freadable(stdout)", __freadable(stdout));
  result("__fwritable(stdout)", __fwritable(stdout));
  result("__flbf(stdout)", __flbf(stdout));
  result("__freading(stdin)", __freading(stdin));
  result("__fwritable(stdin)", __fwritable(stdin));
  result("__fsetlocking query", __fsetlocking(stdout, FSETLOCKING_QUERY));
  result("__fsetlocking bycaller", __fsetlocking(stdout, FSETLOCKING_BYCALLER));
  result("__fsetlocking query", __fsetlocking(stdout, FSETLOCKING_QUERY));
  result("__fsetlocking internal", __fsetlocking(stdout, FSETLOCKING_INTERNAL));
  fflush(stdout);
  printf("this text is purged");
  __fpurge(stdout);
  result("__fpending after __fpurge", (long)__fpending(stdout));
  char tmp_path[] = "/tmp/miros-stdio-ext-XXXXXX";
  close(mkstemp(tmp_path));
  FILE *tmp = fopen(tmp_path, "w+");
  fputs("abc\n", tmp);
  result("__fwriting(tmpfile) after fputs", __fwriting(tmp));
  rewind(tmp);
  fgetc(tmp);
  result("__freading(tmpfile) after fgetc", __freading(tmp));
  result("__fwriting(tmpfile) after fgetc", __fwriting(tmp));
  fclose(tmp);
  unlink(tmp_path);

  // flockfile: recursive for the owner, excludes another thread until fully unlocked.
  flockfile(stdout);
  flockfile(stdout);
  result("ftrylockfile by owner", ftrylockfile(stdout));
  pthread_t thread;
  pthread_create(&thread, NULL, locker, NULL);
  while (trylock_result == -1) sched_yield();
  funlockfile(stdout);
  funlockfile(stdout);
  for (int i = 0; i < 50; i++) sched_yield();
  printf("main: thread_locked=%d before the last unlock, trylock by thread=%d (EBUSY=%d)\n", thread_locked,
         trylock_result, EBUSY);
  funlockfile(stdout);
  pthread_join(thread, NULL);
  printf("main: thread_locked=%d after join\n", thread_locked);

  // pthread_atfork (libc_nonshared's wrapper calls __register_atfork).
  result("pthread_atfork", pthread_atfork(prepare, NULL, NULL));
  printf("atfork handlers run so far: %d\n", atfork_calls);

  // Fortified checks.
  char secret[32];
  strcpy(secret, "password");
  explicit_bzero(secret, strlen(secret) + argc);
  result("secret[0] after explicit_bzero", secret[0]);
  fd_set set;
  FD_ZERO(&set);
  int descriptor = 100 + argc;
  FD_SET(descriptor, &set);
  result("FD_ISSET(101)", FD_ISSET(descriptor, &set));
  result("FD_ISSET(102)", FD_ISSET(descriptor + 1, &set));
  fflush(stdout);
  descriptor += 2000;
  FD_SET(descriptor, &set);
  printf("not reached\n");
  return 0;
}
