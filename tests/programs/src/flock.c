// flock(2) between processes: LOCK_SH/LOCK_EX/LOCK_UN with and without LOCK_NB between separate
// opens of one file, a blocked LOCK_EX woken by the holder's unlock, downgrade and upgrade
// (conversion drops the old lock first: a failed non-blocking upgrade leaves none), the lock
// shared by dup'd and inherited descriptors (one open file description), release when the
// description's last descriptor closes and at exit, flock and fcntl locks not conflicting,
// /proc/locks' FLOCK lines, and the argument errors.
// @set x86-64-v2
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

static char path[64];

static const char *outcome(int result) {
  if (result == 0) return "ok";
  return errno == EWOULDBLOCK ? "EWOULDBLOCK" : strerror(errno);
}

/* Runs `body` in a child with a fresh open of the file; returns its exit status. */
static int in_child(int (*body)(int fd)) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(path, O_RDWR);
    int status = body(fd);
    fflush(stdout);
    _exit(status);
  }
  int status;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int try_exclusive(int fd) {
  printf("  child: LOCK_EX|LOCK_NB %s\n", outcome(flock(fd, LOCK_EX | LOCK_NB)));
  return 0;
}

static int try_shared(int fd) {
  printf("  child: LOCK_SH|LOCK_NB %s\n", outcome(flock(fd, LOCK_SH | LOCK_NB)));
  return 0;
}

static int flock_lines(void) {
  FILE *locks = fopen("/proc/locks", "r");
  if (!locks) return -1;
  char line[256];
  int count = 0;
  while (fgets(line, sizeof line, locks)) {
    char kind[16], mode[16], type[16];
    if (sscanf(line, "%*d: %15s %15s %15s", kind, mode, type) == 3 && strcmp(kind, "FLOCK") == 0) {
      printf("  /proc/locks: %s %s %s\n", kind, mode, type);
      count++;
    }
  }
  fclose(locks);
  return count;
}

int main(void) {
  snprintf(path, sizeof path, "/tmp/miros-flock-%d", (int)getpid());
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return 1;

  printf("exclusive in the parent:\n");
  printf("  parent: LOCK_EX %s\n", outcome(flock(fd, LOCK_EX)));
  printf("  parent: LOCK_EX again %s\n", outcome(flock(fd, LOCK_EX | LOCK_NB)));
  in_child(try_exclusive);
  in_child(try_shared);
  printf("  FLOCK lines with one lock: %d\n", flock_lines());

  printf("downgraded to shared:\n");
  printf("  parent: LOCK_SH %s\n", outcome(flock(fd, LOCK_SH)));
  in_child(try_shared);
  in_child(try_exclusive);

  printf("a blocked LOCK_EX waits for the unlock:\n");
  int ready[2];
  pipe(ready);
  fflush(stdout);
  pid_t waiter = fork();
  if (waiter == 0) {
    int own = open(path, O_RDWR);
    close(ready[0]);
    write(ready[1], "w", 1);
    int result = flock(own, LOCK_EX);
    printf("  waiter: LOCK_EX %s after the parent's unlock\n", outcome(result));
    fflush(stdout);
    _exit(0);
  }
  close(ready[1]);
  char byte;
  read(ready[0], &byte, 1);
  usleep(100000);
  printf("  parent: unlocking\n");
  fflush(stdout);
  flock(fd, LOCK_UN);
  int status;
  waitpid(waiter, &status, 0);
  printf("  waiter exited %d; its lock went with it: LOCK_EX|LOCK_NB %s\n", WEXITSTATUS(status),
         outcome(flock(fd, LOCK_EX | LOCK_NB)));

  printf("one description, several descriptors:\n");
  int copy = dup(fd);
  printf("  dup: LOCK_EX|LOCK_NB on the copy %s (the same lock)\n", outcome(flock(copy, LOCK_EX | LOCK_NB)));
  close(copy);
  in_child(try_shared);
  printf("  (closing the copy kept it)\n");
  fflush(stdout);
  pid_t inheritor = fork();
  if (inheritor == 0) {
    printf("  forked child, inherited descriptor: LOCK_EX|LOCK_NB %s\n", outcome(flock(fd, LOCK_EX | LOCK_NB)));
    fflush(stdout);
    _exit(0);
  }
  waitpid(inheritor, &status, 0);
  close(fd);
  fd = open(path, O_RDWR);
  in_child(try_exclusive);
  printf("  (closing the last descriptor released it)\n");

  printf("conversion is not atomic:\n");
  int other = open(path, O_RDWR);
  printf("  A: LOCK_SH %s, B: LOCK_SH %s\n", outcome(flock(fd, LOCK_SH)), outcome(flock(other, LOCK_SH)));
  printf("  A: LOCK_EX|LOCK_NB %s\n", outcome(flock(fd, LOCK_EX | LOCK_NB)));
  printf("  B: LOCK_EX|LOCK_NB %s (A holds nothing now)\n", outcome(flock(other, LOCK_EX | LOCK_NB)));
  printf("  A: LOCK_SH|LOCK_NB %s\n", outcome(flock(fd, LOCK_SH | LOCK_NB)));
  close(other);

  printf("flock and fcntl locks are separate:\n");
  printf("  A: LOCK_EX %s\n", outcome(flock(fd, LOCK_EX)));
  int posix = open(path, O_RDWR);
  struct flock record = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
  printf("  fcntl F_SETLK write lock on another open %s\n", outcome(fcntl(posix, F_SETLK, &record)));
  close(posix);
  flock(fd, LOCK_UN);

  printf("errors:\n");
  printf("  LOCK_SH|LOCK_EX %s\n", outcome(flock(fd, LOCK_SH | LOCK_EX)));
  printf("  0 %s\n", outcome(flock(fd, 0)));
  printf("  bad descriptor %s\n", outcome(flock(-1, LOCK_SH)));
  printf("  LOCK_UN without a lock %s\n", outcome(flock(fd, LOCK_UN)));
  int pipe_ends[2];
  pipe(pipe_ends);
  printf("  a pipe: LOCK_EX %s\n", outcome(flock(pipe_ends[0], LOCK_EX)));
  unlink(path);
  return 0;
}
