// fcntl record locks between processes: traditional (process-owned) and OFD locks, byte ranges
// with every l_whence and negative lengths, splitting and merging, F_GETLK as another process
// sees the locks, F_SETLKW woken by an unlock, EDEADLK, EINTR, the close-any-descriptor rule,
// release at exit, OFD locks shared across fork and dup, lockf, argument errors.
// F_GETLK's l_pid is printed as "parent", "child", "-1" (OFD) or "other"; waits between
// processes use short sleeps only where the output cannot depend on them.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char path[64];
static pid_t parent_pid;
static pid_t child_pid;

static const char *err_name(int e) {
  switch (e) {
  case 0: return "0";
  case EAGAIN: return "EAGAIN";
  case EACCES: return "EACCES";
  case EBADF: return "EBADF";
  case EINVAL: return "EINVAL";
  case EDEADLK: return "EDEADLK";
  case EINTR: return "EINTR";
  case EOVERFLOW: return "EOVERFLOW";
  default: return "other";
  }
}

static const char *type_name(int type) {
  return type == F_RDLCK ? "RD" : type == F_WRLCK ? "WR" : type == F_UNLCK ? "UN" : "?";
}

static const char *who(pid_t pid) {
  if (pid == parent_pid) return "parent";
  if (pid == child_pid && pid != 0) return "child";
  if (pid == -1) return "-1";
  return "other";
}

static int lock_cmd(int fd, int cmd, int type, int whence, long long start, long long len) {
  struct flock l;
  memset(&l, 0, sizeof l);
  l.l_type = type;
  l.l_whence = whence;
  l.l_start = start;
  l.l_len = len;
  errno = 0;
  return fcntl(fd, cmd, &l) == 0 ? 0 : errno;
}

static void try_lock(const char *label, int fd, int cmd, int type, int whence, long long start, long long len) {
  printf("%s: %s\n", label, err_name(lock_cmd(fd, cmd, type, whence, start, len)));
}

/* F_GETLK for a write lock from `start` to the end: the first conflicting lock. */
static void probe(const char *label, int fd, int cmd, int type, long long start, long long len) {
  struct flock l;
  memset(&l, 0, sizeof l);
  l.l_type = type;
  l.l_whence = SEEK_SET;
  l.l_start = start;
  l.l_len = len;
  l.l_pid = cmd == F_OFD_GETLK ? 0 : 12345;
  if (fcntl(fd, cmd, &l) != 0) {
    printf("%s: getlk %s\n", label, err_name(errno));
    return;
  }
  if (l.l_type == F_UNLCK)
    printf("%s: UN (whence %d start %lld len %lld unchanged)\n", label, l.l_whence, (long long)l.l_start,
           (long long)l.l_len);
  else
    printf("%s: %s start %lld len %lld whence %d pid %s\n", label, type_name(l.l_type), (long long)l.l_start,
           (long long)l.l_len, l.l_whence, who(l.l_pid));
}

/* Every lock another process holds, as this one sees them through F_GETLK (write probes). */
static void list_locks(const char *label, int fd) {
  long long position = 0;
  printf("%s:", label);
  for (int n = 0; n < 20; n++) {
    struct flock l;
    memset(&l, 0, sizeof l);
    l.l_type = F_WRLCK;
    l.l_whence = SEEK_SET;
    l.l_start = position;
    l.l_len = 0;
    if (fcntl(fd, F_GETLK, &l) != 0) {
      printf(" getlk %s", err_name(errno));
      break;
    }
    if (l.l_type == F_UNLCK) break;
    printf(" %s[%lld,%s%lld)", type_name(l.l_type), (long long)l.l_start, l.l_len == 0 ? "+inf:" : "",
           (long long)(l.l_start + l.l_len));
    if (l.l_len == 0) break;
    position = l.l_start + l.l_len;
  }
  printf("\n");
}

static int open_file(int flags) {
  int fd = open(path, flags);
  if (fd < 0) {
    perror("open");
    exit(1);
  }
  return fd;
}

/* Forks a child that lists the caller's locks through its own descriptor, and waits for it. */
static void show(const char *label) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open_file(O_RDWR);
    list_locks(label, fd);
    fflush(stdout);
    _exit(0);
  }
  waitpid(pid, NULL, 0);
}

static void wait_child(void) {
  int status;
  waitpid(child_pid, &status, 0);
  printf("child ended: %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status));
  child_pid = 0;
}

static pid_t start_child(void) {
  fflush(stdout);
  pid_t pid = fork();
  child_pid = pid == 0 ? getpid() : pid;
  return pid;
}

static void ranges(void) {
  printf("== ranges\n");
  int fd = open_file(O_RDWR);
  try_lock("WR [0,100)", fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 100);
  show("after WR [0,100)");
  try_lock("UN [40,60)", fd, F_SETLK, F_UNLCK, SEEK_SET, 40, 20);
  show("after UN [40,60)");
  try_lock("RD [40,60)", fd, F_SETLK, F_RDLCK, SEEK_SET, 40, 20);
  show("after RD [40,60)");
  try_lock("WR [30,70)", fd, F_SETLK, F_WRLCK, SEEK_SET, 30, 40);
  show("after WR [30,70)");
  try_lock("RD [90,inf)", fd, F_SETLK, F_RDLCK, SEEK_SET, 90, 0);
  show("after RD [90,inf)");
  try_lock("WR [100,110) adjacent", fd, F_SETLK, F_WRLCK, SEEK_SET, 100, 10);
  show("after WR [100,110)");
  try_lock("UN all", fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
  show("after UN all");
  try_lock("WR start 200 len -50", fd, F_SETLK, F_WRLCK, SEEK_SET, 200, -50);
  lseek(fd, 300, SEEK_SET);
  try_lock("RD SEEK_CUR(300) -10 len 5", fd, F_SETLK, F_RDLCK, SEEK_CUR, -10, 5);
  try_lock("WR SEEK_END(1000) -1 len 0", fd, F_SETLK, F_WRLCK, SEEK_END, -1, 0);
  show("after whences");
  try_lock("WR [10,20)", fd, F_SETLK, F_WRLCK, SEEK_SET, 10, 10);
  try_lock("WR [20,30)", fd, F_SETLK, F_WRLCK, SEEK_SET, 20, 10);
  try_lock("RD [25,26)", fd, F_SETLK, F_RDLCK, SEEK_SET, 25, 1);
  show("after merge and split");
  probe("own view RD [0,inf)", fd, F_GETLK, F_WRLCK, 0, 0);
  try_lock("UN all", fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
  close(fd);
}

static void contention(void) {
  printf("== contention\n");
  int fd = open_file(O_RDWR);
  try_lock("parent WR [0,10)", fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
  try_lock("parent RD [10,20)", fd, F_SETLK, F_RDLCK, SEEK_SET, 10, 10);
  if (start_child() == 0) {
    probe("child probe WR [5,6)", fd, F_GETLK, F_WRLCK, 5, 1);
    probe("child probe RD [12,13)", fd, F_GETLK, F_RDLCK, 12, 1);
    probe("child probe WR [12,13)", fd, F_GETLK, F_WRLCK, 12, 1);
    probe("child probe WR [20,30)", fd, F_GETLK, F_WRLCK, 20, 10);
    try_lock("child WR [5,6) (inherited descriptor)", fd, F_SETLK, F_WRLCK, SEEK_SET, 5, 1);
    try_lock("child RD [0,1)", fd, F_SETLK, F_RDLCK, SEEK_SET, 0, 1);
    try_lock("child RD [15,25)", fd, F_SETLK, F_RDLCK, SEEK_SET, 15, 10);
    try_lock("child WR [15,16)", fd, F_SETLK, F_WRLCK, SEEK_SET, 15, 1);
    try_lock("child WR [20,25)", fd, F_SETLK, F_WRLCK, SEEK_SET, 20, 5);
    fflush(stdout);
    _exit(0);
  }
  wait_child();
  // The child's locks went with it.
  show("after the child ended");
  try_lock("parent WR [20,30)", fd, F_SETLK, F_WRLCK, SEEK_SET, 20, 10);
  try_lock("UN all", fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
  close(fd);
}

static void wake(void) {
  printf("== setlkw woken by unlock\n");
  int fd = open_file(O_RDWR);
  try_lock("parent WR [0,10)", fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
  int ready[2];
  if (pipe(ready) != 0) exit(1);
  if (start_child() == 0) {
    int own = open_file(O_RDWR);
    probe("child probe", own, F_GETLK, F_WRLCK, 0, 1);
    if (write(ready[1], "x", 1) != 1) _exit(2);
    int e = lock_cmd(own, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
    printf("child SETLKW WR [0,1): %s\n", err_name(e));
    fflush(stdout);
    _exit(0);
  }
  char byte;
  if (read(ready[0], &byte, 1) != 1) exit(1);
  usleep(100000);
  printf("parent unlocks [0,5)\n");
  fflush(stdout);
  // Printed after the child has ended: the child prints as soon as it has the lock.
  int unlocked = lock_cmd(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 5);
  wait_child();
  printf("parent UN [0,5): %s\n", err_name(unlocked));
  show("after the wake");
  close(ready[0]);
  close(ready[1]);
  close(fd);
}

static void deadlock(void) {
  printf("== deadlock\n");
  int fd = open_file(O_RDWR);
  try_lock("parent WR [0,1)", fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1);
  int ready[2];
  if (pipe(ready) != 0) exit(1);
  if (start_child() == 0) {
    int own = open_file(O_RDWR);
    try_lock("child WR [1,2)", own, F_SETLK, F_WRLCK, SEEK_SET, 1, 1);
    fflush(stdout);
    if (write(ready[1], "x", 1) != 1) _exit(2);
    int e = lock_cmd(own, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
    printf("child SETLKW WR [0,1): %s\n", err_name(e));
    fflush(stdout);
    _exit(0);
  }
  char byte;
  if (read(ready[0], &byte, 1) != 1) exit(1);
  usleep(100000);
  try_lock("parent SETLKW WR [1,2)", fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1);
  fflush(stdout);
  int unlocked = lock_cmd(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1);
  wait_child();
  printf("parent UN [0,1): %s\n", err_name(unlocked));
  close(ready[0]);
  close(ready[1]);
  close(fd);
}

static void on_signal(int signal) { (void)signal; }

static void interrupted(void) {
  printf("== setlkw interrupted\n");
  int fd = open_file(O_RDWR);
  try_lock("parent WR [0,1)", fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1);
  int ready[2];
  if (pipe(ready) != 0) exit(1);
  if (start_child() == 0) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigaction(SIGUSR1, &action, NULL);
    int own = open_file(O_RDWR);
    if (write(ready[1], "x", 1) != 1) _exit(2);
    int e = lock_cmd(own, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
    printf("child SETLKW WR [0,1): %s\n", err_name(e));
    fflush(stdout);
    _exit(0);
  }
  char byte;
  if (read(ready[0], &byte, 1) != 1) exit(1);
  usleep(100000);
  kill(child_pid, SIGUSR1);
  wait_child();
  try_lock("parent UN", fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
  close(ready[0]);
  close(ready[1]);
  close(fd);
}

static void close_rule(void) {
  printf("== close rule\n");
  int fd = open_file(O_RDWR);
  try_lock("WR [0,10) on fd", fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
  int other = open_file(O_RDONLY);
  show("before closing another descriptor");
  close(other);
  show("after closing another open of the file");
  try_lock("WR [0,10) again", fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
  int copy = dup(fd);
  close(copy);
  show("after closing a dup");
  try_lock("WR [0,10) again", fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
  int unrelated = open("/dev/null", O_RDONLY);
  close(unrelated);
  show("after closing /dev/null");
  close(fd);
  show("after closing fd");
}

static void ofd(void) {
  printf("== ofd\n");
  int fd = open_file(O_RDWR);
  try_lock("OFD WR [0,10)", fd, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10);
  struct flock l;
  memset(&l, 0, sizeof l);
  l.l_type = F_WRLCK;
  l.l_len = 1;
  l.l_pid = 1;
  printf("OFD with l_pid 1: %s\n", fcntl(fd, F_OFD_SETLK, &l) == 0 ? "0" : err_name(errno));
  printf("OFD GETLK with l_pid 1: %s\n", fcntl(fd, F_OFD_GETLK, &l) == 0 ? "0" : err_name(errno));
  // A traditional lock of the same process conflicts with the description's lock.
  try_lock("traditional WR [5,6) same fd", fd, F_SETLK, F_WRLCK, SEEK_SET, 5, 1);
  probe("traditional probe same fd", fd, F_GETLK, F_WRLCK, 0, 0);
  probe("OFD probe same fd", fd, F_OFD_GETLK, F_WRLCK, 0, 0);
  int second = open_file(O_RDWR);
  probe("OFD probe other open", second, F_OFD_GETLK, F_WRLCK, 0, 0);
  try_lock("OFD WR [5,6) other open", second, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1);
  try_lock("traditional WR [20,30)", second, F_SETLK, F_WRLCK, SEEK_SET, 20, 10);
  probe("OFD probe [20,21) via fd", fd, F_OFD_GETLK, F_WRLCK, 20, 1);
  close(second);
  // dup shares the description: closing one of them keeps the lock.
  int copy = dup(fd);
  close(fd);
  show("after closing the original (dup open)");
  if (start_child() == 0) {
    try_lock("child OFD WR [0,10) on the shared description", copy, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10);
    try_lock("child OFD RD [10,20) on the shared description", copy, F_OFD_SETLK, F_RDLCK, SEEK_SET, 10, 10);
    fflush(stdout);
    _exit(0);
  }
  wait_child();
  show("after the child (same description) changed them");
  close(copy);
  show("after every descriptor closed");
}

static void ofd_release(void) {
  printf("== ofd release by the last close\n");
  int fd = open_file(O_RDWR);
  try_lock("OFD WR [0,10)", fd, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10);
  int go[2];
  if (pipe(go) != 0) exit(1);
  if (start_child() == 0) {
    close(go[1]);
    char byte;
    if (read(go[0], &byte, 1) != 1) _exit(2);
    int own = open_file(O_RDWR);
    list_locks("child sees with the parent's copy closed", own);
    fflush(stdout);
    close(fd);
    list_locks("child sees after its close", own);
    fflush(stdout);
    _exit(0);
  }
  close(fd);
  if (write(go[1], "x", 1) != 1) exit(1);
  wait_child();
  close(go[0]);
  close(go[1]);
}

static void lockf_calls(void) {
  printf("== lockf\n");
  int fd = open_file(O_RDWR);
  lseek(fd, 100, SEEK_SET);
  printf("F_TLOCK 10 at 100: %d\n", lockf(fd, F_TLOCK, 10));
  printf("F_LOCK -10 at 100: %d\n", lockf(fd, F_LOCK, -10));
  printf("F_TEST own: %d\n", lockf(fd, F_TEST, 0));
  show("after lockf");
  if (start_child() == 0) {
    errno = 0;
    int r = lockf(fd, F_TEST, 0);
    printf("child F_TEST at 100: %d %s\n", r, err_name(errno));
    lseek(fd, 0, SEEK_SET);
    errno = 0;
    r = lockf(fd, F_TEST, 50);
    printf("child F_TEST [0,50): %d %s\n", r, err_name(errno));
    errno = 0;
    r = lockf(fd, F_TEST, 95);
    printf("child F_TEST [0,95): %d %s\n", r, err_name(errno));
    errno = 0;
    r = lockf(fd, F_TLOCK, 95);
    printf("child F_TLOCK [0,95): %d %s\n", r, err_name(errno));
    lseek(fd, 110, SEEK_SET);
    errno = 0;
    r = lockf(fd, F_TLOCK, 0);
    printf("child F_TLOCK [110,inf): %d %s\n", r, err_name(errno));
    fflush(stdout);
    _exit(0);
  }
  wait_child();
  lseek(fd, 90, SEEK_SET);
  printf("F_ULOCK [90,105): %d\n", lockf(fd, F_ULOCK, 15));
  show("after F_ULOCK");
  errno = 0;
  int bad = lockf(fd, 99, 0);
  printf("lockf bad command: %d %s\n", bad, err_name(errno));
  close(fd);
}

/* After execve (the program again, as "hold-lock UP DOWN"): says so through UP, then waits for
   DOWN's end, holding the locks the process took before the exec. */
static int hold_lock(int up, int down) {
  char byte;
  if (write(up, "x", 1) != 1) return 2;
  while (read(down, &byte, 1) > 0) continue;
  return 0;
}

static void exec_kept(void) {
  printf("== locks kept across execve\n");
  int up[2], down[2];
  if (pipe(up) != 0 || pipe(down) != 0) exit(1);
  if (start_child() == 0) {
    close(up[0]);
    close(down[1]);
    int own = open_file(O_RDWR);
    try_lock("child WR [0,10)", own, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
    fflush(stdout);
    char upText[16], downText[16];
    snprintf(upText, sizeof upText, "%d", up[1]);
    snprintf(downText, sizeof downText, "%d", down[0]);
    // The suite binary of glibc dispatches on argv[1]; main finds "hold-lock" wherever it is.
    char *args[] = {"record-locks", "record-locks", "hold-lock", upText, downText, NULL};
    execv("/proc/self/exe", args);
    perror("execv");
    _exit(1);
  }
  close(up[1]);
  close(down[0]);
  char byte;
  if (read(up[0], &byte, 1) != 1) exit(1);
  int fd = open_file(O_RDWR);
  probe("probe while the exec'd program runs", fd, F_GETLK, F_WRLCK, 0, 0);
  close(down[1]);
  wait_child();
  probe("probe after it ended", fd, F_GETLK, F_WRLCK, 0, 0);
  close(up[0]);
  close(fd);
}

/* /proc/locks lines of the test file: the newest first; the global id dropped, the pid named. */
static void proc_locks(void) {
  printf("== /proc/locks\n");
  int fd = open_file(O_RDWR);
  int second = open_file(O_RDWR);
  try_lock("WR [0,10)", fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10);
  try_lock("RD [20,inf)", fd, F_SETLK, F_RDLCK, SEEK_SET, 20, 0);
  try_lock("OFD RD [12,15)", second, F_OFD_SETLK, F_RDLCK, SEEK_SET, 12, 3);
  struct stat st;
  fstat(fd, &st);
  char inode[64];
  snprintf(inode, sizeof inode, ":%lu ", (unsigned long)st.st_ino);
  FILE *locks = fopen("/proc/locks", "r");
  if (locks == NULL) {
    printf("no /proc/locks\n");
    return;
  }
  char line[512];
  while (fgets(line, sizeof line, locks)) {
    if (strstr(line, inode) == NULL) continue;
    char kind[16], advisory[16], type[16], device[64];
    int pid;
    long long start;
    char end[32];
    char *text = strchr(line, ':');
    if (text == NULL || sscanf(text + 1, "%15s %15s %15s %d %63s %lld %31s", kind, advisory, type, &pid, device, &start, end) != 7) {
      printf("unparsed: %s", line);
      continue;
    }
    printf("%s %s %s %s %lld %s\n", kind, advisory, type, who(pid), start, end);
  }
  fclose(locks);
  close(second);
  close(fd);
}

static void errors(void) {
  printf("== errors\n");
  int rd = open_file(O_RDONLY);
  int wr = open_file(O_WRONLY);
  try_lock("WR on O_RDONLY", rd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1);
  try_lock("RD on O_WRONLY", wr, F_SETLK, F_RDLCK, SEEK_SET, 0, 1);
  try_lock("UN on O_RDONLY", rd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1);
  probe("GETLK RD on O_WRONLY", wr, F_GETLK, F_RDLCK, 0, 1);
  probe("GETLK UN", rd, F_GETLK, F_UNLCK, 0, 1);
  try_lock("type 7", rd, F_SETLK, 7, SEEK_SET, 0, 1);
  try_lock("whence 5", rd, F_SETLK, F_RDLCK, 5, 0, 1);
  try_lock("whence 5 type 7", rd, F_SETLK, 7, 5, 0, 1);
  try_lock("start -1", rd, F_SETLK, F_RDLCK, SEEK_SET, -1, 1);
  try_lock("start 5 len -6", rd, F_SETLK, F_RDLCK, SEEK_SET, 5, -6);
  try_lock("start 5 len -5", rd, F_SETLK, F_RDLCK, SEEK_SET, 5, -5);
  lseek(rd, 10, SEEK_SET);
  try_lock("SEEK_CUR(10) start LLONG_MAX", rd, F_SETLK, F_RDLCK, SEEK_CUR, LLONG_MAX, 1);
  try_lock("SEEK_CUR(10) start LLONG_MAX-10 len 1", rd, F_SETLK, F_RDLCK, SEEK_CUR, LLONG_MAX - 10, 1);
  try_lock("start 1 len LLONG_MAX", rd, F_SETLK, F_RDLCK, SEEK_SET, 1, LLONG_MAX);
  try_lock("start 0 len LLONG_MAX", rd, F_SETLK, F_RDLCK, SEEK_SET, 0, LLONG_MAX);
  try_lock("UN all", rd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
  try_lock("type 7 bad fd", 99, F_SETLK, 7, SEEK_SET, 0, 1);
  int opath = open(path, O_PATH);
  try_lock("O_PATH", opath, F_SETLK, F_RDLCK, SEEK_SET, 0, 1);
  probe("O_PATH GETLK", opath, F_GETLK, F_RDLCK, 0, 1);
  close(opath);
  close(rd);
  close(wr);
}

int main(int argc, char **argv) {
  for (int i = 1; i + 2 < argc; i++)
    if (strcmp(argv[i], "hold-lock") == 0) return hold_lock(atoi(argv[i + 1]), atoi(argv[i + 2]));
  setvbuf(stdout, NULL, _IOLBF, 0);
  parent_pid = getpid();
  snprintf(path, sizeof path, "/tmp/record-locks-%d", (int)parent_pid);
  int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0 || ftruncate(fd, 1000) != 0) {
    perror(path);
    return 1;
  }
  close(fd);
  ranges();
  contention();
  wake();
  deadlock();
  interrupted();
  close_rule();
  ofd();
  ofd_release();
  lockf_calls();
  exec_kept();
  proc_locks();
  errors();
  unlink(path);
  return 0;
}
