// System V IPC: shared memory (shmget/shmat/shmdt/shmctl: keys, IPC_CREAT/IPC_EXCL, sizes,
// attach counts, SHM_RDONLY, SHM_RND, the segment living on after IPC_RMID until the last
// detach, sharing with a forked child), semaphores (semget/semop/semtimedop/semctl: all-or-none
// operations, IPC_NOWAIT, SEM_UNDO applied at exit, a child blocked until the parent posts,
// GETNCNT, SETALL/GETALL, ERANGE, EFBIG, E2BIG, EIDRM for a waiter whose set is removed, a
// timeout) and message queues (msgsnd/msgrcv by type 0, > 0, < 0, MSG_EXCEPT, MSG_NOERROR,
// E2BIG, ENOMSG, a full queue, a receiver blocked until a child sends, msg_qnum/msg_cbytes), and
// /proc/sysvipc's files; IPC_SET on each kind, IPC_INFO's limits, a thread blocked on a semaphore.
// Keys come from the pid, so parallel native runs do not meet; ids are never printed.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

union semun_arg {
  int val;
  struct semid_ds *buf;
  unsigned short *array;
};

static void result(const char *what, long value) {
  if (value < 0)
    printf("%s: -1 %s\n", what, strerror(errno));
  else
    printf("%s: ok\n", what);
}

static void wait_child(void) {
  int status = 0;
  wait(&status);
  printf("child status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

// /proc/sysvipc/NAME: its header, and the columns of the object `id` that do not depend on pids
// or times (`columns` lists which, by position).
static void show_sysvipc(const char *name, int id, const int *columns, int count) {
  char path[64], line[512];
  snprintf(path, sizeof path, "/proc/sysvipc/%s", name);
  FILE *f = fopen(path, "r");
  if (!f) {
    printf("%s: %s\n", path, strerror(errno));
    return;
  }
  if (fgets(line, sizeof line, f)) printf("%s", line);
  while (fgets(line, sizeof line, f)) {
    char *fields[20];
    int n = 0;
    for (char *t = strtok(line, " \n"); t && n < 20; t = strtok(NULL, " \n")) fields[n++] = t;
    if (n < 2 || atoi(fields[1]) != id) continue;
    printf("%s:", name);
    for (int i = 0; i < count; i++) printf(" %s", columns[i] < n ? fields[columns[i]] : "?");
    printf("\n");
  }
  fclose(f);
}

static unsigned long attaches(int id) {
  struct shmid_ds ds;
  if (shmctl(id, IPC_STAT, &ds) < 0) return 999;
  return (unsigned long)ds.shm_nattch;
}

static void shared_memory(key_t key) {
  printf("-- shm\n");
  errno = 0;
  result("shmget missing key", shmget(key, 4096, 0600));
  int id = shmget(key, 10000, IPC_CREAT | IPC_EXCL | 0600);
  result("shmget create", id);
  result("shmget again excl", shmget(key, 10000, IPC_CREAT | IPC_EXCL | 0600));
  printf("same id: %d\n", shmget(key, 5000, 0600) == id);
  result("shmget larger", shmget(key, 20000, 0600));
  result("shmget size 0 private", shmget(IPC_PRIVATE, 0, 0600));
  struct shmid_ds ds;
  shmctl(id, IPC_STAT, &ds);
  printf("segsz %zu nattch %lu mode %o cpid-is-me %d\n", ds.shm_segsz, (unsigned long)ds.shm_nattch,
         ds.shm_perm.mode & 0777, ds.shm_cpid == getpid());
  char *p = shmat(id, NULL, 0);
  printf("shmat page aligned %d, zero filled %d, nattch %lu\n", ((unsigned long)p & 4095) == 0, p[9999] == 0, attaches(id));
  strcpy(p, "hello from the parent");
  char *q = shmat(id, NULL, SHM_RDONLY);
  printf("second attach sees '%s', nattch %lu\n", q, attaches(id));
  result("shmat odd address", (long)shmat(id, p + 1, 0));
  result("shmdt not attached", shmdt(p + 8192 * 4));
  result("shmdt unaligned", shmdt(p + 1));
  result("shmat bad id", (long)shmat(id + 1, NULL, 0));
  result("shmdt second", shmdt(q));
  printf("nattch %lu\n", attaches(id));
  pid_t child = fork();
  if (child == 0) {
    printf("child sees '%s', nattch %lu\n", p, attaches(id));
    strcpy(p, "written by the child");
    fflush(stdout);
    _exit(0);
  }
  wait_child();
  printf("parent sees '%s', nattch %lu\n", p, attaches(id));
  result("IPC_RMID while attached", shmctl(id, IPC_RMID, NULL));
  int gone = shmget(key, 0, 0600) < 0 && errno == ENOENT;
  int stat_works = shmctl(id, IPC_STAT, &ds) == 0;
  printf("after rmid: key gone %d, stat works %d, dest %d, nattch %lu\n", gone, stat_works,
         (ds.shm_perm.mode & SHM_DEST) != 0, (unsigned long)ds.shm_nattch);
  printf("still readable '%s'\n", p);
  result("shmdt last", shmdt(p));
  result("stat after last detach", shmctl(id, IPC_STAT, &ds));
  // A segment keeps its bytes while nothing is attached.
  int keep = shmget(IPC_PRIVATE, 100, 0600);
  char *a = shmat(keep, NULL, 0);
  strcpy(a, "kept");
  shmdt(a);
  // perms, size, nattch, rss, swap
  show_sysvipc("shm", keep, (const int[]){2, 3, 6, 14, 15}, 5);
  char *b = shmat(keep, (void *)((unsigned long)a + 5), SHM_RND);
  printf("reattached at the rounded address %d: '%s'\n", b == a, b);
  shmdt(b);
  shmctl(keep, IPC_RMID, NULL);
  result("IPC_STAT removed", shmctl(keep, IPC_STAT, &ds));
  result("bad command", shmctl(keep, 1234, &ds));
}

static void semaphores(key_t key) {
  printf("-- sem\n");
  result("semget nsems 0 create", semget(key, 0, IPC_CREAT | 0600));
  result("semget too many", semget(key, 40000, IPC_CREAT | 0600));
  int id = semget(key, 3, IPC_CREAT | IPC_EXCL | 0600);
  result("semget create", id);
  result("semget more than exist", semget(key, 4, 0600));
  printf("same id: %d\n", semget(key, 0, 0) == id);
  struct semid_ds ds;
  union semun_arg arg = {.buf = &ds};
  semctl(id, 0, IPC_STAT, arg);
  printf("nsems %lu mode %o\n", (unsigned long)ds.sem_nsems, ds.sem_perm.mode & 0777);
  // perms, nsems, otime (0: no semop yet)
  show_sysvipc("sem", id, (const int[]){2, 3, 8}, 3);
  unsigned short values[3] = {1, 2, 3};
  arg.array = values;
  result("SETALL", semctl(id, 0, SETALL, arg));
  struct sembuf two[2] = {{0, -1, 0}, {1, -5, IPC_NOWAIT}};
  result("all or none (EAGAIN)", semop(id, two, 2));
  printf("values %d %d %d\n", semctl(id, 0, GETVAL), semctl(id, 1, GETVAL), semctl(id, 2, GETVAL));
  struct sembuf ok[2] = {{0, -1, 0}, {2, +4, 0}};
  result("semop two", semop(id, ok, 2));
  printf("values %d %d %d pid-is-me %d\n", semctl(id, 0, GETVAL), semctl(id, 1, GETVAL), semctl(id, 2, GETVAL),
         semctl(id, 2, GETPID) == getpid());
  struct sembuf zero = {0, 0, IPC_NOWAIT};
  result("wait for zero (is zero)", semop(id, &zero, 1));
  struct sembuf bad = {3, 1, 0};
  result("semnum out of range", semop(id, &bad, 1));
  result("nsops 0", semop(id, &bad, 0));
  static struct sembuf many[600];
  result("nsops 600", semop(id, many, 600));
  arg.val = 40000;
  result("SETVAL too big", semctl(id, 0, SETVAL, arg));
  arg.val = 32767;
  semctl(id, 1, SETVAL, arg);
  struct sembuf over = {1, 1, 0};
  result("past SEMVMX", semop(id, &over, 1));
  result("GETVAL semnum 9", semctl(id, 9, GETVAL));
  struct timespec shortly = {0, 20 * 1000 * 1000};
  struct sembuf take = {0, -1, 0};
  result("semtimedop timeout", semtimedop(id, &take, 1, &shortly));
  // A child blocks on semaphore 0 until the parent adds to it.
  pid_t child = fork();
  if (child == 0) {
    struct sembuf down = {0, -2, 0};
    int r = semop(id, &down, 1);
    printf("child: semop down %d, value now %d\n", r, semctl(id, 0, GETVAL));
    fflush(stdout);
    _exit(0);
  }
  while (semctl(id, 0, GETNCNT) != 1) usleep(1000);
  printf("parent: one waiter (ncnt %d, zcnt %d)\n", semctl(id, 0, GETNCNT), semctl(id, 0, GETZCNT));
  struct sembuf up = {0, 3, 0};
  semop(id, &up, 1);
  wait_child();
  printf("value after the child %d\n", semctl(id, 0, GETVAL));
  // SEM_UNDO: the child's operation is undone when it exits.
  child = fork();
  if (child == 0) {
    struct sembuf undo = {2, -3, SEM_UNDO};
    semop(id, &undo, 1);
    printf("child: value with undo pending %d\n", semctl(id, 2, GETVAL));
    fflush(stdout);
    _exit(0);
  }
  wait_child();
  printf("value after undo %d\n", semctl(id, 2, GETVAL));
  // A waiter whose set is removed gets EIDRM.
  child = fork();
  if (child == 0) {
    struct sembuf down = {1, -32767, 0};
    semop(id, &down, 1);
    struct sembuf more = {0, -100, 0};
    int r = semop(id, &more, 1);
    printf("child: semop on removed set %d %s\n", r, r < 0 ? strerror(errno) : "");
    fflush(stdout);
    _exit(0);
  }
  while (semctl(id, 0, GETNCNT) != 1) usleep(1000);
  int removed = semctl(id, 0, IPC_RMID);
  wait_child();
  result("IPC_RMID", removed);
  result("GETVAL removed", semctl(id, 0, GETVAL));
}

struct message {
  long type;
  char text[64];
};

static void send(int id, long type, const char *text) {
  struct message m = {type, ""};
  strcpy(m.text, text);
  if (msgsnd(id, &m, strlen(text) + 1, 0) < 0) printf("msgsnd %s: %s\n", text, strerror(errno));
}

static void receive(int id, long type, int flags, size_t size, const char *what) {
  struct message m = {0, ""};
  ssize_t n = msgrcv(id, &m, size, type, flags);
  if (n < 0)
    printf("%s: -1 %s\n", what, strerror(errno));
  else
    printf("%s: %zd bytes, type %ld, '%.*s'\n", what, n, m.type, (int)n, m.text);
}

static void message_queues(key_t key) {
  int removed;
  printf("-- msg\n");
  result("msgget missing", msgget(key, 0600));
  int id = msgget(key, IPC_CREAT | 0600);
  result("msgget create", id);
  result("msgget excl", msgget(key, IPC_CREAT | IPC_EXCL | 0600));
  send(id, 5, "five");
  send(id, 2, "two");
  send(id, 7, "seven");
  send(id, 2, "two again");
  send(id, 1, "one");
  struct msqid_ds ds;
  msgctl(id, IPC_STAT, &ds);
  printf("qnum %lu cbytes %lu qbytes %lu lspid-is-me %d\n", (unsigned long)ds.msg_qnum,
         (unsigned long)ds.__msg_cbytes, (unsigned long)ds.msg_qbytes, ds.msg_lspid == getpid());
  // perms, cbytes, qnum, rtime (0: nothing received yet)
  show_sysvipc("msg", id, (const int[]){2, 3, 4, 12}, 4);
  receive(id, 2, 0, 64, "type 2");
  receive(id, -6, 0, 64, "type <= 6");
  receive(id, 2, MSG_EXCEPT, 64, "not type 2");
  receive(id, 0, 0, 3, "too small");
  receive(id, 0, MSG_NOERROR, 3, "truncated");
  receive(id, 0, 0, 64, "first");
  receive(id, 0, IPC_NOWAIT, 64, "empty");
  receive(id, 9, IPC_NOWAIT, 64, "no type 9");
  struct message m = {0, "x"};
  result("type 0 send", msgsnd(id, &m, 1, 0));
  result("size 9000", msgsnd(id, &m, 9000, 0));
  // Fill the queue: qbytes 16384 with 64-byte messages.
  static char big[8192 + 8];
  *(long *)big = 1;
  int sent = 0;
  while (msgsnd(id, big, 8000, IPC_NOWAIT) == 0) sent++;
  printf("full after %d messages: %s\n", sent, strerror(errno));
  while (msgrcv(id, big, 8192, 0, IPC_NOWAIT) > 0) sent--;
  printf("drained: %d\n", sent);
  pid_t child = fork();
  if (child == 0) {
    usleep(20000);
    send(id, 3, "from the child");
    _exit(0);
  }
  receive(id, 3, 0, 64, "blocked receive");
  wait_child();
  child = fork();
  if (child == 0) {
    receive(id, 0, 0, 64, "child on removed queue");
    fflush(stdout);
    _exit(0);
  }
  // Nothing shows that the child waits in msgrcv: give it time to get there.
  usleep(300000);
  removed = msgctl(id, IPC_RMID, NULL);
  wait_child();
  result("IPC_RMID", removed);
  result("msgsnd removed", msgsnd(id, &m, 1, 0));
}

static int thread_semaphores;

static void *semaphore_thread(void *arg) {
  (void)arg;
  struct sembuf down = {0, -1, 0};
  int r = semop(thread_semaphores, &down, 1);
  printf("thread: semop %d, value %d\n", r, semctl(thread_semaphores, 0, GETVAL));
  return NULL;
}

// IPC_SET on each kind, the limits IPC_INFO reports, and a thread blocked on a semaphore.
static void settings_and_limits(void) {
  printf("-- IPC_SET, IPC_INFO, threads\n");
  int shm = shmget(IPC_PRIVATE, 100, 0600);
  struct shmid_ds sds;
  shmctl(shm, IPC_STAT, &sds);
  sds.shm_perm.mode = 0644;
  result("shm IPC_SET", shmctl(shm, IPC_SET, &sds));
  shmctl(shm, IPC_STAT, &sds);
  printf("shm mode %o\n", sds.shm_perm.mode & 0777);
  shmctl(shm, IPC_RMID, NULL);
  struct shminfo si;
  shmctl(0, IPC_INFO, (struct shmid_ds *)&si);
  printf("shminfo: shmmax %lu shmmin %lu shmmni %lu shmseg %lu shmall %lu\n", si.shmmax, si.shmmin, si.shmmni,
         si.shmseg, si.shmall);

  int sem = semget(IPC_PRIVATE, 1, 0600);
  struct semid_ds ds;
  union semun_arg arg = {.buf = &ds};
  semctl(sem, 0, IPC_STAT, arg);
  ds.sem_perm.mode = 0640;
  result("sem IPC_SET", semctl(sem, 0, IPC_SET, arg));
  semctl(sem, 0, IPC_STAT, arg);
  printf("sem mode %o\n", ds.sem_perm.mode & 0777);
  struct seminfo info;
  arg.array = (unsigned short *)&info;
  semctl(0, 0, IPC_INFO, arg);
  printf("seminfo: semmap %d semmni %d semmns %d semmnu %d semmsl %d semopm %d semume %d semusz %d semvmx %d semaem %d\n",
         info.semmap, info.semmni, info.semmns, info.semmnu, info.semmsl, info.semopm, info.semume, info.semusz,
         info.semvmx, info.semaem);
  // A thread waits on the semaphore until this one posts.
  thread_semaphores = sem;
  pthread_t thread;
  pthread_create(&thread, NULL, semaphore_thread, NULL);
  while (semctl(sem, 0, GETNCNT) != 1) usleep(1000);
  printf("main: the thread waits\n");
  struct sembuf up = {0, 2, 0};
  semop(sem, &up, 1);
  pthread_join(thread, NULL);
  semctl(sem, 0, IPC_RMID);

  int msg = msgget(IPC_PRIVATE, 0600);
  struct msqid_ds mds;
  msgctl(msg, IPC_STAT, &mds);
  mds.msg_qbytes = 100;
  mds.msg_perm.mode = 0620;
  result("msg IPC_SET", msgctl(msg, IPC_SET, &mds));
  msgctl(msg, IPC_STAT, &mds);
  printf("msg mode %o qbytes %lu\n", mds.msg_perm.mode & 0777, (unsigned long)mds.msg_qbytes);
  static char big[8 + 200];
  *(long *)big = 1;
  result("msgsnd past qbytes", msgsnd(msg, big, 200, IPC_NOWAIT));
  result("msgsnd within qbytes", msgsnd(msg, big, 60, IPC_NOWAIT));
  result("msgsnd full", msgsnd(msg, big, 60, IPC_NOWAIT));
  msgctl(msg, IPC_RMID, NULL);
  struct msginfo mi;
  msgctl(0, IPC_INFO, (struct msqid_ds *)&mi);
  printf("msginfo: msgpool %d msgmap %d msgmax %d msgmnb %d msgmni %d msgssz %d msgtql %d msgseg %d\n", mi.msgpool,
         mi.msgmap, mi.msgmax, mi.msgmnb, mi.msgmni, mi.msgssz, mi.msgtql, mi.msgseg);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  key_t key = 0x4d000000 | (getpid() & 0xffffff);
  shared_memory(key);
  semaphores(key);
  message_queues(key);
  settings_and_limits();
  return 0;
}
