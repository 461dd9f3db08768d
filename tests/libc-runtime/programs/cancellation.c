// pthread_cancel at cancellation points (issue 6): a deferred request reaches a thread blocked in
// a system call (read, accept, poll, select, nanosleep, usleep, sleep, waitpid, msgrcv,
// epoll_wait, recv, pause) or in a libc wait (condition variable, semaphore, join), and the thread
// runs its pthread_cleanup_push handlers, innermost first, then ends with PTHREAD_CANCELED; a
// condition wait reacquires its mutex before the handlers run. Also: a request made before the
// call is acted on at entry, one made while cancellation is disabled waits for the next point
// after it is enabled, a call that completes is not disturbed, and asynchronous cancellation.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int pipe_fds[2];
static int listener = -1;
static int socket_pair[2];
static int epoll_fd = -1;
static int queue = -1;
static pid_t sleeping_child;
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static sem_t semaphore;
static pthread_t never_ending;
static volatile int reached;
static volatile int old_state = -1;
static volatile int after_self_cancel;

static void say(void *what) { printf("  cleanup: %s\n", (const char *)what); }

static void unlock_in_cleanup(void *arg) {
  int busy = pthread_mutex_trylock(arg);
  printf("  cleanup: the mutex was %s\n", busy == EBUSY ? "held by this thread (reacquired)" : "free");
  pthread_mutex_unlock(arg);
}

struct point {
  const char *name;
  void (*block)(void);
};

static void block_read(void) {
  char byte;
  read(pipe_fds[0], &byte, 1);
}
static void block_accept(void) { accept(listener, NULL, NULL); }
static void block_poll(void) {
  struct pollfd p = {.fd = pipe_fds[0], .events = POLLIN};
  poll(&p, 1, -1);
}
static void block_select(void) {
  fd_set set;
  FD_ZERO(&set);
  FD_SET(pipe_fds[0], &set);
  select(pipe_fds[0] + 1, &set, NULL, NULL, NULL);
}
static void block_nanosleep(void) {
  struct timespec t = {.tv_sec = 100};
  nanosleep(&t, NULL);
}
static void block_usleep(void) { usleep(99000000); }
static void block_sleep(void) { sleep(100); }
static void block_waitpid(void) { waitpid(sleeping_child, NULL, 0); }
static void block_msgrcv(void) {
  struct {
    long type;
    char text[8];
  } message;
  msgrcv(queue, &message, sizeof message.text, 0, 0);
}
static void block_epoll(void) {
  struct epoll_event event;
  epoll_wait(epoll_fd, &event, 1, -1);
}
static void block_recv(void) {
  char byte;
  recv(socket_pair[0], &byte, 1, 0);
}
static void block_pause(void) { pause(); }
static void block_cond(void) {
  pthread_mutex_lock(&mutex);
  pthread_cleanup_push(unlock_in_cleanup, &mutex);
  for (;;) pthread_cond_wait(&cond, &mutex);
  pthread_cleanup_pop(1);
}
static void block_sem(void) { sem_wait(&semaphore); }
static void block_join(void) { pthread_join(never_ending, NULL); }
static FILE *pipe_stream;
static void block_fgets(void) {
  char line[32];
  fgets(line, sizeof line, pipe_stream);
}
static void block_getc(void) { getc(pipe_stream); }
static FILE *full_stream;
static int full_fds[2];
static void block_fprintf(void) {
  // The pipe is full: the write under fflush waits.
  fprintf(full_stream, "more");
  fflush(full_stream);
}

static const struct point points[] = {
    {"read", block_read},         {"accept", block_accept},   {"poll", block_poll},
    {"select", block_select},     {"nanosleep", block_nanosleep}, {"usleep", block_usleep},
    {"sleep", block_sleep},       {"waitpid", block_waitpid}, {"msgrcv", block_msgrcv},
    {"epoll_wait", block_epoll},  {"recv", block_recv},       {"pause", block_pause},
    {"pthread_cond_wait", block_cond}, {"sem_wait", block_sem}, {"pthread_join", block_join},
    {"fgets", block_fgets},       {"getc", block_getc},       {"fprintf+fflush", block_fprintf},
};

static void *blocker(void *arg) {
  const struct point *point = arg;
  pthread_cleanup_push(say, "outer");
  pthread_cleanup_push(say, (void *)point->name);
  reached = 1;
  point->block();
  printf("  %s returned (not cancelled)\n", point->name);
  pthread_cleanup_pop(0);
  pthread_cleanup_pop(0);
  return NULL;
}

static void *forever(void *arg) {
  (void)arg;
  for (;;) pause();
  return NULL;
}

static void run(const struct point *point) {
  pthread_t thread;
  reached = 0;
  printf("%s:\n", point->name);
  pthread_create(&thread, NULL, blocker, (void *)point);
  while (!reached) sched_yield();
  usleep(20000); // into the call
  pthread_cancel(thread);
  void *result;
  pthread_join(thread, &result);
  printf("  ended %s\n", result == PTHREAD_CANCELED ? "cancelled" : "normally");
}

static void *disabled_then_enabled(void *arg) {
  (void)arg;
  int old;
  pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
  pthread_cleanup_push(say, "disabled-then-enabled");
  reached = 1;
  struct timespec t = {.tv_nsec = 50000000};
  int slept = nanosleep(&t, NULL);
  printf("  nanosleep with cancellation disabled: %d\n", slept);
  // No stdio from here: a write to stdout is a cancellation point too.
  pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
  old_state = old;
  char byte = 0;
  write(pipe_fds[1], "x", 1);
  ssize_t got = read(pipe_fds[0], &byte, 1); // a cancellation point with a pending request
  printf("  read returned %zd (not reached)\n", got);
  pthread_cleanup_pop(0);
  return NULL;
}

static void *pending_at_entry(void *arg) {
  (void)arg;
  pthread_cleanup_push(say, "pending at entry");
  pthread_cancel(pthread_self());
  after_self_cancel = 1; // pthread_cancel of itself, deferred, does not act
  write(pipe_fds[1], "y", 1); // acted on here, before the call
  printf("  write returned (not reached)\n");
  pthread_cleanup_pop(0);
  return NULL;
}

static void *completes(void *arg) {
  (void)arg;
  char byte = 0;
  ssize_t got = read(pipe_fds[0], &byte, 1);
  printf("  read completed: %zd '%c'\n", got, byte);
  return (void *)7;
}

static volatile int go;
static volatile int went_on;
static void *enabled_asynchronous(void *arg) {
  (void)arg;
  pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
  pthread_cleanup_push(say, "asynchronous once enabled");
  reached = 1;
  while (!go) sched_yield(); // the request comes meanwhile
  pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
  went_on = 1; // still disabled: nothing happens yet
  pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL); // acted on here, no cancellation point needed
  went_on = 2;
  pthread_cleanup_pop(0);
  return NULL;
}

static volatile unsigned long spins;
static void *asynchronous(void *arg) {
  (void)arg;
  int old;
  pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &old);
  pthread_cleanup_push(say, "asynchronous");
  reached = 1;
  for (;;) spins++;
  pthread_cleanup_pop(0);
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  pipe(pipe_fds);
  listener = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  strcpy(address.sun_path + 1, "miros-cancellation-test");
  bind(listener, (struct sockaddr *)&address, sizeof address);
  listen(listener, 1);
  socketpair(AF_UNIX, SOCK_STREAM, 0, socket_pair);
  epoll_fd = epoll_create1(0);
  struct epoll_event event = {.events = EPOLLIN, .data.fd = pipe_fds[0]};
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, pipe_fds[0], &event);
  queue = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
  sem_init(&semaphore, 0, 0);
  pthread_create(&never_ending, NULL, forever, NULL);
  sleeping_child = fork();
  if (sleeping_child == 0) {
    for (;;) pause();
  }

  int stream_fds[2];
  pipe(stream_fds);
  pipe_stream = fdopen(stream_fds[0], "r");
  pipe(full_fds);
  fcntl(full_fds[1], F_SETFL, O_NONBLOCK);
  static char filler[4096];
  while (write(full_fds[1], filler, sizeof filler) > 0) {
  }
  fcntl(full_fds[1], F_SETFL, 0);
  full_stream = fdopen(full_fds[1], "w");

  for (size_t i = 0; i < sizeof points / sizeof points[0]; i++) run(&points[i]);

  // The cancelled fgets and getc released the stream's lock: this thread can read from it.
  write(stream_fds[1], "after\n", 6);
  char line[32] = "";
  printf("fgets after the cancellations: %s", fgets(line, sizeof line, pipe_stream) ? line : "(null)\n");

  pthread_t thread;
  void *result;
  printf("disabled, then enabled:\n");
  reached = 0;
  pthread_create(&thread, NULL, disabled_then_enabled, NULL);
  while (!reached) sched_yield();
  pthread_cancel(thread);
  pthread_join(thread, &result);
  printf("  ended %s; the state it enabled over was %s\n", result == PTHREAD_CANCELED ? "cancelled" : "normally",
         old_state == PTHREAD_CANCEL_DISABLE ? "disabled" : "enabled");

  printf("pending at entry:\n");
  pthread_create(&thread, NULL, pending_at_entry, NULL);
  pthread_join(thread, &result);
  printf("  ended %s; went on after cancelling itself: %d\n", result == PTHREAD_CANCELED ? "cancelled" : "normally",
         after_self_cancel);
  char drained;
  int pending = 0;
  struct pollfd readable = {.fd = pipe_fds[0], .events = POLLIN};
  while (poll(&readable, 1, 0) == 1 && read(pipe_fds[0], &drained, 1) == 1) pending++;
  printf("  bytes left in the pipe: %d\n", pending);

  printf("a call that completes:\n");
  write(pipe_fds[1], "z", 1);
  pthread_create(&thread, NULL, completes, NULL);
  pthread_join(thread, &result);
  printf("  ended with %ld\n", (long)result);

  printf("asynchronous:\n");
  reached = 0;
  pthread_create(&thread, NULL, asynchronous, NULL);
  while (!reached) sched_yield();
  pthread_cancel(thread);
  pthread_join(thread, &result);
  printf("  ended %s, spun %s\n", result == PTHREAD_CANCELED ? "cancelled" : "normally", spins > 0 ? "yes" : "no");

  printf("asynchronous, acted on when enabled:\n");
  reached = 0;
  pthread_create(&thread, NULL, enabled_asynchronous, NULL);
  while (!reached) sched_yield();
  pthread_cancel(thread);
  go = 1;
  pthread_join(thread, &result);
  printf("  ended %s at step %d\n", result == PTHREAD_CANCELED ? "cancelled" : "normally", went_on);

  kill(sleeping_child, SIGKILL);
  int status;
  waitpid(sleeping_child, &status, 0);
  printf("the sleeping child: %s\n", WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "exited");
  msgctl(queue, IPC_RMID, NULL);
  // Room for what the cancelled fprintf left in full_stream's buffer, which exit flushes.
  fcntl(full_fds[0], F_SETFL, O_NONBLOCK);
  static char sink[4096];
  long sunk = 0;
  for (ssize_t n; (n = read(full_fds[0], sink, sizeof sink)) > 0;) sunk += n;
  printf("drained the full pipe: %s\n", sunk >= 4096 ? "yes" : "no");
  return 0;
}
