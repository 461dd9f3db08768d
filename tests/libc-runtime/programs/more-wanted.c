// More imports /usr/bin programs wanted (issue 6): preadv/pwritev and their v2 forms (offsets,
// offset -1, bad flags and descriptors), pthread_getcpuclockid (the tid's clock, readable),
// ffs/ffsl/ffsll, getusershell/setusershell/endusershell over /etc/shells, readdir_r/readdir64_r.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <linux/futex.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

static int flag;

// Waits through syscall(): another thread must run meanwhile (GLib's mutexes and conditions do this).
static void *waker(void *arg) {
  (void)arg;
  usleep(50000);
  __atomic_store_n(&flag, 1, __ATOMIC_SEQ_CST);
  syscall(SYS_futex, &flag, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
  return NULL;
}

static void on_alarm(int sig) { (void)sig; }

static int compare(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  char path[] = "/tmp/more-wanted-XXXXXX";
  int fd = mkstemp(path);
  struct iovec out[2] = {{"hello ", 6}, {"world\n", 6}};
  printf("pwritev %zd\n", pwritev(fd, out, 2, 4));
  printf("pwritev2 %zd\n", pwritev2(fd, out, 1, 0, 0));
  ssize_t w = pwritev2(fd, out + 1, 1, -1, 0);
  printf("pwritev2 at -1 %zd pos %ld\n", w, (long)lseek(fd, 0, SEEK_CUR));
  char a[5] = {0}, b[20] = {0};
  struct iovec in[2] = {{a, 4}, {b, 19}};
  printf("preadv %zd [%s] [%s]\n", preadv(fd, in, 2, 0), a, b);
  lseek(fd, 2, SEEK_SET);
  memset(a, 0, 5);
  memset(b, 0, 20);
  w = preadv2(fd, in, 2, -1, 0);
  printf("preadv2 -1 %zd [%s] [%s] pos %ld\n", w, a, b, (long)lseek(fd, 0, SEEK_CUR));
  errno = 0;
  w = preadv2(fd, in, 2, 0, 0x40000000);
  printf("preadv2 bad flags %zd %s\n", w, strerror(errno));
  errno = 0;
  w = preadv(-1, in, 2, 0);
  printf("preadv bad fd %zd %s\n", w, strerror(errno));
  errno = 0;
  w = preadv(fd, in, 2, -5);
  printf("preadv negative offset %zd %s\n", w, strerror(errno));
  int p[2];
  pipe(p);
  errno = 0;
  w = preadv(p[0], in, 2, 0);
  printf("preadv on a pipe %zd %s\n", w, strerror(errno));
  write(p[1], "piped", 5);
  memset(a, 0, 5);
  memset(b, 0, 20);
  printf("preadv2 -1 on a pipe %zd [%s] [%s]\n", preadv2(p[0], in, 2, -1, 0), a, b);
  close(fd);
  unlink(path);

  clockid_t clock;
  int r = pthread_getcpuclockid(pthread_self(), &clock);
  struct timespec ts;
  printf("getcpuclockid %d kind %d tid matches %d gettime %d\n", r, clock & 7, ~(clock >> 3) == gettid(),
         clock_gettime(clock, &ts));

  printf("ffs %d %d %d %d ffsl %d ffsll %d %d\n", ffs(0), ffs(1), ffs(0x80), ffs((int)0x80000000), ffsl(1L << 40),
         ffsll(0), ffsll(1LL << 63));

  char *shell;
  int count = 0;
  while ((shell = getusershell()) != NULL) printf("shell %d %s\n", count++, shell);
  printf("after end %p\n", (void *)getusershell());
  setusershell();
  printf("again %s\n", getusershell());
  endusershell();
  printf("after endusershell %s\n", getusershell());
  endusershell();

  char dir[] = "/tmp/more-wanted-dir-XXXXXX";
  mkdtemp(dir);
  const char *names[] = {"alpha", "beta", "a-much-longer-name-for-a-directory-entry-record", "z"};
  for (int i = 0; i < 4; i++) {
    char file[256];
    snprintf(file, sizeof file, "%s/%s", dir, names[i]);
    close(open(file, O_CREAT | O_WRONLY, 0600));
  }
  DIR *d = opendir(dir);
  struct dirent entry, *result;
  char *seen[8];
  int n = 0;
  errno = 1234;
  while ((r = readdir_r(d, &entry, &result)) == 0 && result != NULL) seen[n++] = strdup(entry.d_name);
  printf("readdir_r end %d result %p errno %d\n", r, (void *)result, errno);
  qsort(seen, n, sizeof *seen, compare);
  for (int i = 0; i < n; i++) printf("  %s\n", seen[i]);
  rewinddir(d);
  struct dirent64 entry64, *result64;
  n = 0;
  while (readdir64_r(d, &entry64, &result64) == 0 && result64 != NULL) n++;
  printf("readdir64_r %d entries\n", n);
  closedir(d);
  for (int i = 0; i < 4; i++) {
    char file[256];
    snprintf(file, sizeof file, "%s/%s", dir, names[i]);
    unlink(file);
  }
  rmdir(dir);
  pthread_t thread;
  pthread_create(&thread, NULL, waker, NULL);
  while (__atomic_load_n(&flag, __ATOMIC_SEQ_CST) == 0) syscall(SYS_futex, &flag, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
  pthread_join(thread, NULL);
  printf("futex through syscall() woken: flag %d\n", flag);
  struct sigaction sa = {0};
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, NULL);
  alarm(1);
  int zero = 0;
  errno = 0;
  long rc = syscall(SYS_futex, &zero, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
  printf("futex wait interrupted: %ld %s\n", rc, strerror(errno));
  errno = 0;
  rc = syscall(SYS_futex, &zero, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0);
  printf("futex value differs: %ld %s\n", rc, strerror(errno));
  rc = syscall(-1);
  printf("syscall(-1): %ld %s\n", rc, strerror(errno));
  return 0;
}
