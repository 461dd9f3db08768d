// POSIX message queues: mq_open (O_CREAT/O_EXCL, attributes and their limits, bad names),
// priorities and order, mq_getattr/mq_setattr (O_NONBLOCK), EAGAIN on a full or empty
// non-blocking queue, EMSGSIZE, EBADF for the wrong access mode, mq_timedreceive's and
// mq_timedsend's timeouts, a receiver blocked until a forked child sends, poll readiness,
// mq_notify with SIGEV_SIGNAL (si_code, si_value) and EBUSY, read() of the descriptor, mq_unlink
// while open, epoll on a queue, a thread blocked in mq_send on a full queue. The queue names
// come from the pid, so parallel native runs do not meet.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void result(const char *what, long value) {
  if (value < 0)
    printf("%s: -1 %s\n", what, strerror(errno));
  else
    printf("%s: ok\n", what);
}

static void show_attr(mqd_t q, const char *what) {
  struct mq_attr a;
  mq_getattr(q, &a);
  printf("%s: flags %s maxmsg %ld msgsize %ld curmsgs %ld\n", what, a.mq_flags & O_NONBLOCK ? "O_NONBLOCK" : "0",
         a.mq_maxmsg, a.mq_msgsize, a.mq_curmsgs);
}

static void receive(mqd_t q, const char *what) {
  char buffer[128];
  unsigned priority = 99;
  ssize_t n = mq_receive(q, buffer, sizeof buffer, &priority);
  if (n < 0)
    printf("%s: -1 %s\n", what, strerror(errno));
  else
    printf("%s: %zd bytes '%.*s' priority %u\n", what, n, (int)n, buffer, priority);
}

static volatile sig_atomic_t notified_code, notified_value, notified_signal;

static void on_notify(int signal, siginfo_t *info, void *context) {
  (void)context;
  notified_signal = signal;
  notified_code = info->si_code;
  notified_value = info->si_value.sival_int;
}

static mqd_t small_queue;
static int sender_result = -2;

static void *sender(void *arg) {
  (void)arg;
  sender_result = mq_send(small_queue, "second", 6, 0);
  return NULL;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  char name[64];
  snprintf(name, sizeof name, "/miros-test-%d", (int)getpid());
  result("open missing", mq_open(name, O_RDWR));
  // glibc refuses a name without its leading '/'; musl passes it on (the kernel takes it).
  char bare[64];
  snprintf(bare, sizeof bare, "miros-bare-%d", (int)getpid());
  result("open without slash", mq_open(bare, O_RDWR | O_CREAT, 0600, NULL));
  mq_unlink(bare);
  result("open slash in name", mq_open("/a/b", O_RDWR | O_CREAT, 0600, NULL));
  struct mq_attr attr = {0, 4, 128, 0};
  struct mq_attr bad = {0, 0, 128, 0};
  result("maxmsg 0", mq_open(name, O_RDWR | O_CREAT, 0600, &bad));
  bad.mq_maxmsg = 4;
  bad.mq_msgsize = -1;
  result("msgsize -1", mq_open(name, O_RDWR | O_CREAT, 0600, &bad));
  mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
  result("create", q);
  result("create again excl", mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr));
  show_attr(q, "attr");
  result("send prio 1", mq_send(q, "low", 3, 1));
  result("send prio 5", mq_send(q, "high", 4, 5));
  result("send prio 1 again", mq_send(q, "low two", 7, 1));
  result("send prio 5 again", mq_send(q, "high two", 8, 5));
  show_attr(q, "attr with 4");
  struct pollfd p = {q, POLLIN | POLLOUT, 0};
  poll(&p, 1, 0);
  printf("poll full: in %d out %d\n", (p.revents & POLLIN) != 0, (p.revents & POLLOUT) != 0);
  struct timespec soon;
  clock_gettime(CLOCK_REALTIME, &soon);
  soon.tv_nsec += 20 * 1000 * 1000;
  if (soon.tv_nsec >= 1000000000) {
    soon.tv_sec++;
    soon.tv_nsec -= 1000000000;
  }
  result("timedsend on full", mq_timedsend(q, "x", 1, 0, &soon));
  struct timespec broken = {0, 2000000000};
  result("timedsend bad timeout", mq_timedsend(q, "x", 1, 0, &broken));
  struct mq_attr nonblocking = {O_NONBLOCK, 0, 0, 0}, old;
  mq_setattr(q, &nonblocking, &old);
  printf("old flags %ld\n", old.mq_flags);
  result("send on full non-blocking", mq_send(q, "x", 1, 0));
  result("send prio too big", mq_send(q, "x", 1, 40000));
  char small[16];
  result("receive small buffer", mq_receive(q, small, sizeof small, NULL));
  receive(q, "first");
  receive(q, "second");
  receive(q, "third");
  receive(q, "fourth");
  receive(q, "empty non-blocking");
  show_attr(q, "attr non-blocking");
  struct mq_attr blocking = {0, 0, 0, 0};
  mq_setattr(q, &blocking, NULL);
  char big[200] = {0};
  result("send too long", mq_send(q, big, 129, 0));
  char buffer[128];
  clock_gettime(CLOCK_REALTIME, &soon);
  soon.tv_nsec += 20 * 1000 * 1000;
  if (soon.tv_nsec >= 1000000000) {
    soon.tv_sec++;
    soon.tv_nsec -= 1000000000;
  }
  result("timedreceive on empty", mq_timedreceive(q, buffer, sizeof buffer, NULL, &soon));
  mqd_t reader = mq_open(name, O_RDONLY);
  result("send on read-only", mq_send(reader, "x", 1, 0));
  mqd_t writer = mq_open(name, O_WRONLY);
  result("receive on write-only", mq_receive(writer, buffer, sizeof buffer, NULL));
  result("receive on a pipe", mq_receive(0, buffer, sizeof buffer, NULL));
  // A receiver blocked until a child sends.
  pid_t child = fork();
  if (child == 0) {
    usleep(20000);
    mq_send(writer, "from the child", 14, 3);
    _exit(0);
  }
  receive(reader, "blocked receive");
  waitpid(child, NULL, 0);
  // Notification by signal.
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_notify;
  action.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &action, NULL);
  struct sigevent event;
  memset(&event, 0, sizeof event);
  event.sigev_notify = SIGEV_SIGNAL;
  event.sigev_signo = SIGUSR1;
  event.sigev_value.sival_int = 42;
  result("notify", mq_notify(q, &event));
  result("notify again", mq_notify(q, &event));
  child = fork();
  if (child == 0) {
    mq_send(writer, "wake", 4, 0);
    _exit(0);
  }
  waitpid(child, NULL, 0);
  for (int i = 0; i < 100 && !notified_signal; i++) usleep(1000);
  printf("notified: signal %s code %s value %d\n", notified_signal == SIGUSR1 ? "SIGUSR1" : "none",
         notified_code == SI_MESGQ ? "SI_MESGQ" : "other", (int)notified_value);
  result("notify after it fired", mq_notify(q, &event));
  result("notify remove", mq_notify(q, NULL));
  receive(q, "the message");
  char status[128] = {0};
  ssize_t n = read(q, status, sizeof status - 1);
  printf("read %zd: %s", n, status);
  result("unlink", mq_unlink(name));
  result("unlink again", mq_unlink(name));
  result("still usable", mq_send(q, "after unlink", 12, 0));
  receive(reader, "after unlink");
  result("open unlinked", mq_open(name, O_RDWR));
  mq_close(q);
  mq_close(reader);
  mq_close(writer);
  result("close closed", mq_close(q));

  // A thread blocked in mq_send on a full queue until this one receives; epoll on a queue.
  char name2[64];
  snprintf(name2, sizeof name2, "/miros-test2-%d", (int)getpid());
  struct mq_attr one = {0, 1, 16, 0};
  small_queue = mq_open(name2, O_RDWR | O_CREAT | O_EXCL, 0600, &one);
  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 9};
  epoll_ctl(ep, EPOLL_CTL_ADD, small_queue, &ev);
  struct epoll_event got = {0};
  int before = epoll_wait(ep, &got, 1, 0);
  mq_send(small_queue, "first", 5, 0);
  int after = epoll_wait(ep, &got, 1, 0);
  printf("epoll: before %d, after %d (data %u)\n", before, after, got.data.u32);
  pthread_t thread;
  pthread_create(&thread, NULL, sender, NULL);
  usleep(20000);
  char got_first[16] = {0}, got_second[16] = {0};
  mq_receive(small_queue, got_first, sizeof got_first, NULL);
  pthread_join(thread, NULL);
  mq_receive(small_queue, got_second, sizeof got_second, NULL);
  printf("received '%s' then '%s'; the thread's send returned %d\n", got_first, got_second, sender_result);
  close(ep);
  mq_close(small_queue);
  mq_unlink(name2);
  return 0;
}
