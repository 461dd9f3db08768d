// fork, vfork, wait and pipes between processes. argv[1] names the scenario. Output is
// deterministic: children report through pipes or exit statuses, and the parent prints after it
// has waited; stdout is flushed before every fork (a buffer would be inherited and printed twice).
// @run {"name": "pipe-wait", "args": ["pipe-wait"]}
// @run {"name": "signals", "args": ["signals"]}
// @run {"name": "exec", "args": ["exec"]}
// @run {"name": "sigchld", "args": ["sigchld"]}
// @run {"name": "order", "args": ["order"]}
// @run {"name": "wnohang", "args": ["wnohang"]}
// @run {"name": "family", "args": ["family"]}
// @run {"name": "memory", "args": ["memory"]}
// @run {"name": "spawn", "args": ["spawn"]}
// @run {"name": "orphan-output", "args": ["orphan-output"]}
// @run {"name": "reaper", "args": ["reaper"]}
// @run {"name": "stop", "args": ["stop"]}
// @run {"name": "shared-sync", "args": ["shared-sync"]}
// @run {"name": "shared-file", "args": ["shared-file"]}
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

static void say(const char *format, ...) __attribute__((format(printf, 1, 2)));

#include <stdarg.h>
static void say(const char *format, ...) {
  va_list args;
  va_start(args, format);
  vprintf(format, args);
  va_end(args);
  fflush(stdout);
}

static void describe(const char *what, int status) {
  if (WIFEXITED(status))
    say("%s: exited %d\n", what, WEXITSTATUS(status));
  else if (WIFSIGNALED(status))
    say("%s: killed by signal %d\n", what, WTERMSIG(status));
  else
    say("%s: status 0x%x\n", what, status);
}

static pid_t must_fork(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(99);
  }
  return pid;
}

static void read_all(int fd, const char *label) {
  char buffer[512];
  size_t used = 0;
  ssize_t n;
  while ((n = read(fd, buffer + used, sizeof buffer - 1 - used)) > 0) used += (size_t)n;
  buffer[used] = 0;
  say("%s read %zu bytes: %s", label, used, buffer);
}

// The child writes into a pipe in several pieces and exits 7; the parent reads to end of file
// (every write end closed), then reaps it.
static int pipe_wait(void) {
  int fds[2];
  if (pipe(fds) != 0) return 1;
  pid_t pid = must_fork();
  if (pid == 0) {
    close(fds[0]);
    for (int i = 0; i < 5; i++) {
      char line[64];
      int n = snprintf(line, sizeof line, "piece %d from the child;", i);
      if (write(fds[1], line, (size_t)n) != n) _exit(50);
    }
    if (write(fds[1], "\n", 1) != 1) _exit(51);
    _exit(7);
  }
  close(fds[1]);
  read_all(fds[0], "parent");
  int status = 0;
  pid_t reaped = waitpid(pid, &status, 0);
  say("waitpid returned the child: %d\n", reaped == pid);
  describe("child", status);
  errno = 0;
  int again = waitpid(pid, &status, 0);
  say("waitpid again: %d errno ECHILD %d\n", again, errno == ECHILD);
  errno = 0;
  again = wait(&status);
  say("wait with no children: %d errno ECHILD %d\n", again, errno == ECHILD);
  // A large transfer through a full pipe (the writer blocks until the reader drains it).
  if (pipe(fds) != 0) return 1;
  pid = must_fork();
  if (pid == 0) {
    close(fds[0]);
    static char block[200000];
    for (size_t i = 0; i < sizeof block; i++) block[i] = (char)(i * 7 + 3);
    size_t done = 0;
    while (done < sizeof block) {
      ssize_t n = write(fds[1], block + done, sizeof block - done);
      if (n <= 0) _exit(52);
      done += (size_t)n;
    }
    _exit(0);
  }
  close(fds[1]);
  unsigned long sum = 0, count = 0;
  unsigned char chunk[3000];
  ssize_t n;
  while ((n = read(fds[0], chunk, sizeof chunk)) > 0)
    for (ssize_t i = 0; i < n; i++) sum = sum * 31 + chunk[i], count++;
  waitpid(pid, &status, 0);
  say("bulk: %lu bytes, checksum %lu\n", count, sum);
  describe("bulk writer", status);
  return 0;
}

// Children ended by signals: kill from the parent, abort, a fault, a write to a closed pipe.
static int signals_scenario(void) {
  int status;
  pid_t pid = must_fork();
  if (pid == 0) {
    for (;;) pause();
  }
  kill(pid, SIGTERM);
  waitpid(pid, &status, 0);
  describe("paused child sent SIGTERM", status);

  pid = must_fork();
  if (pid == 0) abort();
  waitpid(pid, &status, 0);
  describe("child that aborted", status);

  pid = must_fork();
  if (pid == 0) {
    static volatile unsigned long address = 16;
    *(volatile int *)address = 1;
    _exit(0);
  }
  waitpid(pid, &status, 0);
  describe("child that wrote to address 16", status);

  int fds[2];
  if (pipe(fds) != 0) return 1;
  pid = must_fork();
  if (pid == 0) {
    close(fds[0]);
    char c = 'x';
    while (write(fds[1], &c, 1) == 1) {
    }
    _exit(3);
  }
  close(fds[0]);
  close(fds[1]);
  waitpid(pid, &status, 0);
  describe("child writing to a pipe without readers", status);

  // A child that ignores SIGTERM and exits on SIGUSR1's handler.
  if (pipe(fds) != 0) return 1;
  pid = must_fork();
  if (pid == 0) {
    signal(SIGTERM, SIG_IGN);
    close(fds[0]);
    if (write(fds[1], "r", 1) != 1) _exit(60);
    for (;;) pause();
  }
  close(fds[1]);
  char ready;
  if (read(fds[0], &ready, 1) != 1) return 2;
  kill(pid, SIGTERM);
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  describe("child ignoring SIGTERM, then SIGKILL", status);
  errno = 0;
  int killed = kill(pid, 0);
  say("kill of a reaped child: %d errno ESRCH %d\n", killed, errno == ESRCH);
  return 0;
}

// fork + execve of a static program; execve failing in the child; vfork + execve.
static int exec_scenario(void) {
  int status;
  char *argv[] = {"hello", NULL};
  char *envp[] = {NULL};
  pid_t pid = must_fork();
  if (pid == 0) {
    execve("bin/hello.musl-static-O2", argv, envp);
    _exit(126);
  }
  waitpid(pid, &status, 0);
  describe("fork + execve hello", status);

  pid = must_fork();
  if (pid == 0) {
    execve("bin/no-such-program", argv, envp);
    say("execve failed in the child: ENOENT %d\n", errno == ENOENT);
    _exit(127);
  }
  waitpid(pid, &status, 0);
  describe("fork + execve of a missing file", status);

  fflush(stdout);
  pid = vfork();
  if (pid == 0) {
    execve("bin/hello.musl-static-O2", argv, envp);
    _exit(126);
  }
  waitpid(pid, &status, 0);
  describe("vfork + execve hello", status);

  // The exit status of an exec'd program reaches the parent.
  char *exit_argv[] = {"exit-status", "exit", "42", NULL};
  pid = must_fork();
  if (pid == 0) {
    execve("bin/exit-status.musl-static-O2", exit_argv, envp);
    _exit(126);
  }
  waitpid(pid, &status, 0);
  describe("fork + execve exit-status exit 42", status);
  return 0;
}

static volatile sig_atomic_t chld_count;
static volatile sig_atomic_t chld_last_code;

static void on_sigchld(int signal, siginfo_t *info, void *context) {
  (void)signal;
  (void)context;
  chld_count++;
  chld_last_code = info->si_code;
}

// A SIGCHLD handler runs when a child ends; sigsuspend waits for it.
static int sigchld_scenario(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_sigchld;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&action.sa_mask);
  sigaction(SIGCHLD, &action, NULL);
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGCHLD);
  sigprocmask(SIG_BLOCK, &block, &old);
  pid_t pid = must_fork();
  if (pid == 0) _exit(3);
  while (chld_count == 0) sigsuspend(&old);
  say("SIGCHLD handled %d time(s), si_code CLD_EXITED %d\n", (int)chld_count, chld_last_code == CLD_EXITED);
  int status;
  waitpid(pid, &status, 0);
  describe("child", status);

  pid = must_fork();
  if (pid == 0) {
    for (;;) pause();
  }
  kill(pid, SIGKILL);
  while (chld_count == 1) sigsuspend(&old);
  say("SIGCHLD handled %d time(s), si_code CLD_KILLED %d\n", (int)chld_count, chld_last_code == CLD_KILLED);
  waitpid(pid, &status, 0);
  describe("killed child", status);
  sigprocmask(SIG_SETMASK, &old, NULL);

  // SIGCHLD ignored: children are reaped by the system, and wait finds none.
  signal(SIGCHLD, SIG_IGN);
  pid = must_fork();
  if (pid == 0) _exit(4);
  errno = 0;
  pid_t got = waitpid(pid, &status, 0);
  say("with SIGCHLD ignored, waitpid: %d errno ECHILD %d\n", (int)got, errno == ECHILD);
  return 0;
}

// Several children reaped by pid in creation order, then by wait(-1) in whatever order, and by
// waitid.
static int order_scenario(void) {
  pid_t pids[5];
  for (int i = 0; i < 5; i++) {
    pids[i] = must_fork();
    if (pids[i] == 0) _exit(10 + i);
  }
  for (int i = 0; i < 5; i++) {
    int status;
    pid_t got = waitpid(pids[i], &status, 0);
    char what[32];
    snprintf(what, sizeof what, "child %d (pid matches %d)", i, got == pids[i]);
    describe(what, status);
  }
  int seen = 0;
  for (int i = 0; i < 4; i++) {
    pids[i] = must_fork();
    if (pids[i] == 0) _exit(20 + i);
  }
  for (int i = 0; i < 4; i++) {
    int status;
    pid_t got = wait(&status);
    for (int j = 0; j < 4; j++)
      if (got == pids[j] && WIFEXITED(status) && WEXITSTATUS(status) == 20 + j) seen |= 1 << j;
  }
  say("wait(-1) reaped all four with their statuses: %d\n", seen == 15);
  pid_t pid = must_fork();
  if (pid == 0) _exit(33);
  siginfo_t info;
  memset(&info, 0, sizeof info);
  int r = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT);
  say("waitid WNOWAIT: %d signo SIGCHLD %d code CLD_EXITED %d pid %d status %d\n", r, info.si_signo == SIGCHLD,
      info.si_code == CLD_EXITED, info.si_pid == pid, info.si_status);
  memset(&info, 0, sizeof info);
  r = waitid(P_ALL, 0, &info, WEXITED);
  say("waitid P_ALL: %d pid %d status %d\n", r, info.si_pid == pid, info.si_status);
  errno = 0;
  r = waitid(P_ALL, 0, &info, WEXITED);
  say("waitid with nothing left: %d ECHILD %d\n", r, errno == ECHILD);
  return 0;
}

// waitpid(WNOHANG) while the child is alive (blocked on a pipe), then polling until it ends.
static int wnohang_scenario(void) {
  int go[2];
  if (pipe(go) != 0) return 1;
  pid_t pid = must_fork();
  if (pid == 0) {
    close(go[1]);
    char c;
    ssize_t n = read(go[0], &c, 1);
    _exit(n == 1 ? c - '0' : 70);
  }
  close(go[0]);
  int status = -1;
  pid_t got = waitpid(pid, &status, WNOHANG);
  say("WNOHANG while the child waits: %d status untouched %d\n", (int)got, status == -1);
  if (write(go[1], "5", 1) != 1) return 2;
  // How many polls it takes depends on timing: only the result is printed.
  while ((got = waitpid(pid, &status, WNOHANG)) == 0) usleep(1000);
  say("polled until it ended: got the child %d\n", got == pid);
  describe("child", status);
  errno = 0;
  got = waitpid(-1, &status, WNOHANG);
  say("WNOHANG with no children: %d ECHILD %d\n", (int)got, errno == ECHILD);
  return 0;
}

// getppid in the child; an orphan re-parented when its parent ends; process groups; kill(0).
static int family_scenario(void) {
  int fds[2];
  if (pipe(fds) != 0) return 1;
  pid_t me = getpid();
  pid_t pid = must_fork();
  if (pid == 0) {
    close(fds[0]);
    char line[128];
    int n = snprintf(line, sizeof line, "child: getppid is the parent %d, own pid differs %d, same group %d\n",
                     getppid() == me, getpid() != me, getpgrp() == getpgid(me));
    if (write(fds[1], line, (size_t)n) != n) _exit(80);
    // /proc/self is the child; the parent's directory is there too, and names its own pid.
    char link[64] = {0};
    ssize_t length = readlink("/proc/self", link, sizeof link - 1);
    char path[64], stat_line[256] = {0};
    snprintf(path, sizeof path, "/proc/%d/stat", (int)me);
    FILE *stat = fopen(path, "r");
    int parent_pid = 0;
    if (stat != NULL) {
      if (fgets(stat_line, sizeof stat_line, stat) != NULL) parent_pid = atoi(stat_line);
      fclose(stat);
    }
    n = snprintf(line, sizeof line, "child: /proc/self is its pid %d, /proc/<parent>/stat names the parent %d\n",
                 length > 0 && atoi(link) == getpid(), parent_pid == me);
    if (write(fds[1], line, (size_t)n) != n) _exit(83);
    pid_t parent = getpid();
    pid_t grandchild = fork();
    if (grandchild == 0) {
      // Wait until the middle process has ended, then look at getppid.
      while (getppid() == parent) usleep(1000);
      n = snprintf(line, sizeof line, "grandchild: re-parented away from its ended parent %d\n", getppid() != parent);
      if (write(fds[1], line, (size_t)n) != n) _exit(81);
      _exit(0);
    }
    _exit(grandchild > 0 ? 9 : 82);
  }
  close(fds[1]);
  int status;
  waitpid(pid, &status, 0);
  describe("middle child", status);
  read_all(fds[0], "parent");
  return 0;
}

static int global_counter = 100;

// The child's memory is a copy (globals, heap, stack), except MAP_SHARED mappings; descriptors
// share their open file description (one offset).
static int memory_scenario(void) {
  int *heap = malloc(sizeof *heap);
  *heap = 200;
  int local = 300;
  int *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  int *private_map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED || private_map == MAP_FAILED) return 1;
  shared[0] = 1;
  private_map[0] = 1;
  char path[] = "/tmp/miros-fork-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return 2;
  unlink(path);
  pid_t pid = must_fork();
  if (pid == 0) {
    global_counter++;
    (*heap)++;
    local++;
    shared[0] = 42;
    shared[1] = global_counter + *heap + local;
    private_map[0] = 42;
    if (write(fd, "child", 5) != 5) _exit(90);
    // Wait for the parent's store through the shared page.
    while (__atomic_load_n(&shared[2], __ATOMIC_SEQ_CST) == 0) usleep(1000);
    _exit(shared[2] == 77 ? 0 : 91);
  }
  while (__atomic_load_n(&shared[1], __ATOMIC_SEQ_CST) == 0) usleep(1000);
  __atomic_store_n(&shared[2], 77, __ATOMIC_SEQ_CST);
  int status;
  waitpid(pid, &status, 0);
  describe("child", status);
  say("parent's copies unchanged: global %d heap %d local %d private %d\n", global_counter, *heap, local,
      private_map[0]);
  say("shared page: %d, child's sum %d\n", shared[0], shared[1]);
  say("shared file offset after the child's write: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
  close(fd);
  return 0;
}

// posix_spawn (glibc and musl: clone(CLONE_VM|CLONE_VFORK) on a stack of its own): a program,
// a missing one (the error comes back from the child through the parent's memory or a pipe),
// and file actions sending the child's stdout into a pipe.
static int spawn_scenario(void) {
  char *argv[] = {"hello", NULL};
  char *envp[] = {NULL};
  pid_t pid;
  int status;
  fflush(stdout);
  int r = posix_spawn(&pid, "bin/hello.musl-static-O2", NULL, NULL, argv, envp);
  if (r == 0) waitpid(pid, &status, 0);
  say("posix_spawn: %d\n", r);
  if (r == 0) describe("spawned hello", status);
  r = posix_spawn(&pid, "bin/no-such-program", NULL, NULL, argv, envp);
  say("posix_spawn of a missing file: ENOENT %d\n", r == ENOENT);
  if (r == 0) waitpid(pid, &status, 0);

  int fds[2];
  if (pipe(fds) != 0) return 1;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  char *exit_argv[] = {"exit-status", "exit", "3", NULL};
  r = posix_spawn(&pid, "bin/exit-status.musl-static-O2", &actions, NULL, exit_argv, envp);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  read_all(fds[0], "from the spawned program's stdout, parent");
  waitpid(pid, &status, 0);
  say("posix_spawn with file actions: %d\n", r);
  describe("spawned exit-status exit 3", status);
  return 0;
}

// The parent ends first; its child writes after that. Natively the output still reaches the
// reader of the parent's stdout (it holds the pipe open); under Miros the run goes on until the
// child has ended, and the status is the parent's.
static int orphan_output_scenario(void) {
  pid_t parent = getpid();
  pid_t pid = must_fork();
  if (pid == 0) {
    while (getppid() == parent) usleep(1000);
    say("the child, after its parent ended\n");
    _exit(0);
  }
  say("the parent, ending with status 5\n");
  return 5;
}

// PR_SET_CHILD_SUBREAPER: orphaned grandchildren come to this process (natively too, so getppid
// and wait are deterministic); PR_SET_PDEATHSIG: a signal when the parent ends.
static int reaper_scenario(void) {
  if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) return 1;
  int flag = -1;
  prctl(PR_GET_CHILD_SUBREAPER, &flag);
  say("subreaper flag: %d\n", flag);
  pid_t me = getpid();
  int fds[2], ready[2];
  if (pipe(fds) != 0 || pipe(ready) != 0) return 2;
  pid_t middle = must_fork();
  if (middle == 0) {
    close(fds[0]);
    pid_t self = getpid();
    // The grandchild: waits until its parent has ended, then reports whom it belongs to.
    if (fork() == 0) {
      while (getppid() == self) usleep(1000);
      char line[96];
      int n = snprintf(line, sizeof line, "grandchild: adopted by the subreaper %d\n", getppid() == me);
      if (write(fds[1], line, (size_t)n) != n) _exit(1);
      _exit(12);
    }
    // The other grandchild: SIGTERM when its parent ends.
    if (fork() == 0) {
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      int death = 0;
      prctl(PR_GET_PDEATHSIG, &death);
      if (death != SIGTERM || getppid() != self) _exit(2);
      if (write(ready[1], "r", 1) != 1) _exit(3);
      for (;;) pause();
    }
    // Ends once the second grandchild is ready (its prctl is in place).
    char c;
    _exit(read(ready[0], &c, 1) == 1 ? 0 : 4);
  }
  close(fds[1]);
  close(ready[0]);
  close(ready[1]);
  int status;
  waitpid(middle, &status, 0);
  describe("middle child", status);
  // Both grandchildren are this process's children now: reap them in pid order.
  int exited = -1, killed = -1;
  for (int i = 0; i < 2; i++) {
    pid_t got = wait(&status);
    if (got <= 0) break;
    if (WIFEXITED(status)) exited = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) killed = WTERMSIG(status);
  }
  say("reaped the grandchildren: exit status %d, killed by signal %d\n", exited, killed);
  char buffer[256];
  size_t used = 0;
  ssize_t n;
  while ((n = read(fds[0], buffer + used, sizeof buffer - 1 - used)) > 0) used += (size_t)n;
  buffer[used] = 0;
  say("from the pipe: %s", buffer);
  return 0;
}

// Stopped and continued children: SIGSTOP and SIGCONT from the parent, wait's WUNTRACED and
// WCONTINUED, a signal left pending while stopped, a child stopping itself, waitid's WSTOPPED.
static int stop_scenario(void) {
  int status;
  pid_t pid = must_fork();
  if (pid == 0) {
    for (;;) pause();
  }
  kill(pid, SIGSTOP);
  pid_t got = waitpid(pid, &status, WUNTRACED);
  say("stopped: %d WIFSTOPPED %d WSTOPSIG %d\n", got == pid, WIFSTOPPED(status), WSTOPSIG(status));
  say("reported once: %d\n", (int)waitpid(pid, &status, WNOHANG | WUNTRACED));
  kill(pid, SIGCONT);
  got = waitpid(pid, &status, WCONTINUED);
  say("continued: %d WIFCONTINUED %d\n", got == pid, WIFCONTINUED(status));
  // SIGTERM waits while the child is stopped, and ends it once it continues.
  kill(pid, SIGSTOP);
  waitpid(pid, &status, WUNTRACED);
  kill(pid, SIGTERM);
  usleep(20000);
  say("still there while stopped: %d\n", (int)waitpid(pid, &status, WNOHANG));
  kill(pid, SIGCONT);
  waitpid(pid, &status, 0);
  describe("stopped child sent SIGTERM, then SIGCONT", status);

  // A child that stops itself, and goes on after the call that stopped it.
  pid = must_fork();
  if (pid == 0) {
    raise(SIGSTOP);
    _exit(4);
  }
  waitpid(pid, &status, WUNTRACED);
  say("self-stopped: WIFSTOPPED %d WSTOPSIG %d\n", WIFSTOPPED(status), WSTOPSIG(status));
  kill(pid, SIGCONT);
  waitpid(pid, &status, 0);
  describe("self-stopped child after SIGCONT", status);

  // waitid: WSTOPPED, then SIGKILL ends a stopped child.
  pid = must_fork();
  if (pid == 0) {
    raise(SIGSTOP);
    _exit(5);
  }
  siginfo_t info;
  memset(&info, 0, sizeof info);
  int r = waitid(P_PID, (id_t)pid, &info, WSTOPPED);
  say("waitid WSTOPPED: %d code CLD_STOPPED %d status %d\n", r, info.si_code == CLD_STOPPED, info.si_status);
  kill(pid, SIGKILL);
  memset(&info, 0, sizeof info);
  r = waitid(P_PID, (id_t)pid, &info, WEXITED);
  say("waitid WEXITED: %d code CLD_KILLED %d status %d\n", r, info.si_code == CLD_KILLED, info.si_status);
  return 0;
}

// Process-shared synchronisation in a MAP_SHARED page: two semaphores passing a turn back and
// forth, and a PTHREAD_PROCESS_SHARED mutex around a counter both processes add to (waiters
// sleep on shared futexes, woken by the other process).
struct shared_sync {
  sem_t ping, pong;
  pthread_mutex_t lock;
  long counter;
  char trace[64];
};

static int shared_sync_scenario(void) {
  struct shared_sync *s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (s == MAP_FAILED) return 1;
  sem_init(&s->ping, 1, 0);
  sem_init(&s->pong, 1, 0);
  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  pthread_mutexattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(&s->lock, &attributes);
  pid_t pid = must_fork();
  if (pid == 0) {
    for (int i = 0; i < 20; i++) {
      sem_wait(&s->ping);
      s->trace[2 * i + 1] = 'c';
      sem_post(&s->pong);
    }
    for (int i = 0; i < 200000; i++) {
      pthread_mutex_lock(&s->lock);
      s->counter++;
      pthread_mutex_unlock(&s->lock);
    }
    _exit(0);
  }
  for (int i = 0; i < 20; i++) {
    s->trace[2 * i] = 'p';
    sem_post(&s->ping);
    sem_wait(&s->pong);
  }
  for (int i = 0; i < 200000; i++) {
    pthread_mutex_lock(&s->lock);
    s->counter++;
    pthread_mutex_unlock(&s->lock);
  }
  int status;
  waitpid(pid, &status, 0);
  describe("child", status);
  say("turns: %s\n", s->trace);
  say("counter: %ld\n", s->counter);
  // Two children wait on one semaphore; the first is killed while it waits, and the one post
  // that follows must wake the other (a dead waiter takes no wake).
  sem_t *gate = &s->ping;
  pid_t first = must_fork();
  if (first == 0) _exit(sem_wait(gate) == 0 ? 20 : 21);
  usleep(50000);
  pid_t second = must_fork();
  if (second == 0) _exit(sem_wait(gate) == 0 ? 30 : 31);
  usleep(50000);
  kill(first, SIGKILL);
  waitpid(first, &status, 0);
  describe("first waiter", status);
  sem_post(gate);
  waitpid(second, &status, 0);
  describe("second waiter, after one post", status);
  return 0;
}

// One file mapped MAP_SHARED separately by parent and child after fork: each sees the other's
// stores (natively through the page cache), before anything is written back.
static int shared_file_scenario(void) {
  char path[] = "/tmp/miros-fork-shared-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0 || ftruncate(fd, 8192) != 0) return 1;
  int to_parent[2], to_child[2];
  if (pipe(to_parent) != 0 || pipe(to_child) != 0) return 2;
  pid_t pid = must_fork();
  if (pid == 0) {
    int own = open(path, O_RDWR);
    int *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, own, 0);
    if (m == MAP_FAILED) _exit(3);
    m[0] = 42;
    m[1029] = 7;
    char c = 'w';
    if (write(to_parent[1], &c, 1) != 1 || read(to_child[0], &c, 1) != 1) _exit(4);
    _exit(m[2] == 99 ? 0 : 5);
  }
  int *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) return 3;
  char c;
  if (read(to_parent[0], &c, 1) != 1) return 4;
  say("parent's mapping shows the child's stores: %d %d\n", p[0], p[1029]);
  p[2] = 99;
  if (write(to_child[1], &c, 1) != 1) return 5;
  int status;
  waitpid(pid, &status, 0);
  describe("child that read the parent's store", status);
  munmap(p, 8192);
  int value = 0;
  if (pread(fd, &value, sizeof value, 0) != sizeof value) return 6;
  say("the file after both: %d\n", value);
  unlink(path);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  if (strcmp(argv[1], "pipe-wait") == 0) return pipe_wait();
  if (strcmp(argv[1], "signals") == 0) return signals_scenario();
  if (strcmp(argv[1], "exec") == 0) return exec_scenario();
  if (strcmp(argv[1], "sigchld") == 0) return sigchld_scenario();
  if (strcmp(argv[1], "order") == 0) return order_scenario();
  if (strcmp(argv[1], "wnohang") == 0) return wnohang_scenario();
  if (strcmp(argv[1], "family") == 0) return family_scenario();
  if (strcmp(argv[1], "memory") == 0) return memory_scenario();
  if (strcmp(argv[1], "spawn") == 0) return spawn_scenario();
  if (strcmp(argv[1], "orphan-output") == 0) return orphan_output_scenario();
  if (strcmp(argv[1], "reaper") == 0) return reaper_scenario();
  if (strcmp(argv[1], "stop") == 0) return stop_scenario();
  if (strcmp(argv[1], "shared-sync") == 0) return shared_sync_scenario();
  if (strcmp(argv[1], "shared-file") == 0) return shared_file_scenario();
  return 2;
}
