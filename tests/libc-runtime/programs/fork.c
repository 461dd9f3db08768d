// fork on Miros libc: exit statuses through wait, pipes between parent and child, stdio buffers
// copied by fork (the doubled line), pthread_atfork order, malloc/free on both sides, memory
// streams open across the fork, a parent with a second thread (only the caller goes on in the
// child, which makes a thread of its own), execve in a child, vfork, _Fork.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void report(const char *what, int status) {
  if (WIFEXITED(status)) printf("%s: exited %d\n", what, WEXITSTATUS(status));
  else if (WIFSIGNALED(status)) printf("%s: killed by signal %d\n", what, WTERMSIG(status));
  else printf("%s: status %#x\n", what, status);
}

static void prepare1(void) { printf("prepare 1\n"); }
static void prepare2(void) { printf("prepare 2\n"); }
static void parent1(void) { printf("parent 1\n"); }
static void parent2(void) { printf("parent 2\n"); }
static void child1(void) { printf("child 1\n"); }
static void child2(void) { printf("child 2\n"); }

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static int started;

static void *spinner(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  started = 1;
  pthread_cond_signal(&ready);
  pthread_mutex_unlock(&lock);
  for (;;) pause();
  return NULL;
}

static int counter = 10;
static __thread int per_thread = 5;

static void *child_thread(void *arg) {
  per_thread += *(int *)arg;
  errno = 77;
  return (void *)(long)per_thread;
}

static void at_exit_handler(void) { printf("atexit in pid-%s\n", getenv("WHO") ? getenv("WHO") : "?"); }

int main(void) {
  int status;
  // 1. exit statuses and the child's own copy of memory.
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) return 100;
  if (pid == 0) {
    counter += 5;
    printf("child: counter %d, getppid matches %d\n", counter, getppid() != getpid());
    exit(7);
  }
  if (waitpid(pid, &status, 0) != pid) return 101;
  report("child 1", status);
  printf("parent: counter %d\n", counter);

  // 2. a child killed by a signal, and _exit that does not flush.
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    printf("never flushed");
    _exit(3);
  }
  waitpid(pid, &status, 0);
  report("child _exit", status);
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    raise(SIGTERM);
    _exit(1);
  }
  waitpid(pid, &status, 0);
  report("child raise", status);

  // 3. the classic doubled output: a buffered line without newline is in both processes.
  printf("buffered before fork; ");
  pid = fork();
  if (pid == 0) {
    printf("in child\n");
    exit(0);
  }
  waitpid(pid, &status, 0);
  printf("in parent\n");
  fflush(stdout);

  // 4. a pipe: the child writes, the parent reads until end of file.
  int fds[2];
  if (pipe(fds) != 0) return 102;
  pid = fork();
  if (pid == 0) {
    close(fds[0]);
    char line[64];
    for (int i = 0; i < 3; i++) {
      int n = snprintf(line, sizeof line, "message %d from the child\n", i);
      if (write(fds[1], line, n) != n) _exit(9);
    }
    _exit(0);
  }
  close(fds[1]);
  char buffer[256];
  size_t total = 0;
  for (;;) {
    ssize_t n = read(fds[0], buffer + total, sizeof buffer - 1 - total);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    total += n;
  }
  buffer[total] = 0;
  close(fds[0]);
  waitpid(pid, &status, 0);
  printf("read %zu bytes:\n%s", total, buffer);
  report("pipe writer", status);

  // 5. atfork handlers: prepare in reverse order, parent and child in order.
  pthread_atfork(prepare1, parent1, child1);
  pthread_atfork(prepare2, parent2, child2);
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    printf("child after handlers\n");
    fflush(stdout);
    _exit(0);
  }
  waitpid(pid, &status, 0);
  printf("parent after handlers\n");
  report("atfork child", status);

  // 6. malloc and free on both sides of a fork.
  char *kept = malloc(100);
  strcpy(kept, "allocated before fork");
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    char *more[50];
    for (int i = 0; i < 50; i++) more[i] = malloc(32 + i * 100);
    for (int i = 0; i < 50; i += 2) free(more[i]);
    char *big = malloc(1 << 20);
    memset(big, 'x', 1 << 20);
    printf("child sees \"%s\", big[12345]=%c\n", kept, big[12345]);
    free(kept);
    free(big);
    exit(0);
  }
  waitpid(pid, &status, 0);
  printf("parent still has \"%s\"\n", kept);
  free(kept);
  report("malloc child", status);

  // 6b. memory streams open across a fork: each process goes on with its own copy.
  char *text = NULL;
  size_t length = 0;
  FILE *memory = open_memstream(&text, &length);
  fprintf(memory, "before;");
  char fixed[64] = "0123456789";
  FILE *window = fmemopen(fixed, sizeof fixed, "r+");
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    fprintf(memory, "child;");
    fflush(memory);
    char got[4] = {0};
    if (fread(got, 1, 3, window) != 3) _exit(8);
    printf("child memstream \"%s\" (%zu), fmemopen read %s\n", text, length, got);
    exit(0);
  }
  waitpid(pid, &status, 0);
  fprintf(memory, "parent;");
  fclose(memory);
  char got[4] = {0};
  if (fread(got, 1, 3, window) != 3) return 103;
  fclose(window);
  printf("parent memstream \"%s\" (%zu), fmemopen read %s\n", text, length, got);
  free(text);

  // 7. a parent with a second thread forks: the child has only the calling thread.
  pthread_t thread;
  pthread_create(&thread, NULL, spinner, NULL);
  pthread_mutex_lock(&lock);
  while (!started) pthread_cond_wait(&ready, &lock);
  pthread_mutex_unlock(&lock);
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    printf("child of a threaded parent runs; pthread_self is the caller's: %d\n", pthread_equal(pthread_self(), pthread_self()));
    // The child makes threads of its own (their TLS from the child's copy of the TLS bookkeeping).
    pthread_t own;
    started = 0;
    pthread_create(&own, NULL, child_thread, &counter);
    void *result;
    pthread_join(own, &result);
    printf("child's thread returned %ld, errno in the child's main thread %d\n", (long)result, errno);
    exit(4);
  }
  waitpid(pid, &status, 0);
  report("threaded fork child", status);

  // 8. execve in a child, its output through the inherited stdout.
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    char *argv[] = {"/bin/echo", "echo from the exec'd child", NULL};
    char *envp[] = {NULL};
    execve("/bin/echo", argv, envp);
    _exit(127);
  }
  waitpid(pid, &status, 0);
  report("exec child", status);

  // 9. vfork + _exit, and _Fork (no handlers run).
  fflush(stdout);
  pid = vfork();
  if (pid == 0) _exit(11);
  waitpid(pid, &status, 0);
  report("vfork child", status);
  fflush(stdout);
  pid = _Fork();
  if (pid == 0) {
    printf("_Fork child (no atfork handlers)\n");
    exit(12);
  }
  waitpid(pid, &status, 0);
  report("_Fork child", status);

  // 10. exit handlers registered before the fork run in both.
  atexit(at_exit_handler);
  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    setenv("WHO", "child", 1);
    exit(0);
  }
  waitpid(pid, &status, 0);
  setenv("WHO", "parent", 1);
  if (wait(&status) != -1 || errno != ECHILD) printf("wait without children did not fail with ECHILD\n");
  else printf("wait without children: ECHILD\n");
  return 0;
}
