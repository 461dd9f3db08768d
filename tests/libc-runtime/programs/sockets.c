// Miros libc's sys/socket.h wrappers: socket, socketpair, bind, listen, accept, accept4, connect,
// getsockname, getpeername, send, recv, sendto, recvfrom, sendmsg, recvmsg (with SCM_RIGHTS and
// CMSG_NXTHDR, which is __cmsg_nxthdr at -O0), shutdown, setsockopt, getsockopt; a stream server
// thread blocked in accept, recv and read while the main thread connects, a recv interrupted by a
// signal (EINTR, and SA_RESTART), and -1/errno from each wrapper.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define TRY(expr)                                                                                  \
  do {                                                                                             \
    errno = 0;                                                                                     \
    long r_ = (long)(expr);                                                                        \
    printf("%-56s -> %ld%s%s\n", #expr, r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(errno) : "");     \
  } while (0)

static char dir[64];
static struct sockaddr_un server_address;
static socklen_t server_length;

static void *serve(void *argument) {
  int listener = *(int *)argument;
  static char log[512];
  size_t used = 0;
  for (int i = 0; i < 2; i++) {
    struct sockaddr_un peer;
    socklen_t n = sizeof peer;
    int fd = i == 0 ? accept(listener, (struct sockaddr *)&peer, &n) : accept4(listener, NULL, NULL, SOCK_CLOEXEC);
    char request[64];
    // The second client is served with read and write: they too wait without stopping the
    // main thread.
    ssize_t got = i == 0 ? recv(fd, request, sizeof request - 1, 0) : read(fd, request, sizeof request - 1);
    request[got < 0 ? 0 : got] = 0;
    used += (size_t)snprintf(log + used, sizeof log - used, "server %d: fd>2 %d, %zd bytes [%s], peer length %u\n", i,
                             fd > 2, got, request, i == 0 ? (unsigned)n : 0u);
    for (ssize_t k = 0; k < got; k++) request[k] = (char)(request[k] ^ 0x20);
    if (i == 0) send(fd, request, (size_t)got, 0);
    else if (write(fd, request, (size_t)got) != got) return NULL;
    shutdown(fd, SHUT_WR);
    close(fd);
  }
  return log;
}

static void stream_server(void) {
  printf("== server thread ==\n");
  int listener;
  TRY(listener = socket(AF_UNIX, SOCK_STREAM, 0));
  server_length = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
                              (size_t)snprintf(server_address.sun_path, sizeof server_address.sun_path, "%s/s", dir));
  server_address.sun_family = AF_UNIX;
  TRY(bind(listener, (struct sockaddr *)&server_address, server_length));
  TRY(listen(listener, 8));
  struct stat st;
  TRY(stat(server_address.sun_path, &st));
  printf("socket file: %d\n", S_ISSOCK(st.st_mode));
  pthread_t thread;
  pthread_create(&thread, NULL, serve, &listener);
  const char *requests[2] = {"Hello Server", "second CLIENT"};
  for (int i = 0; i < 2; i++) {
    int c = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    TRY(connect(c, (struct sockaddr *)&server_address, server_length));
    struct sockaddr_un peer;
    socklen_t n = sizeof peer;
    TRY(getpeername(c, (struct sockaddr *)&peer, &n));
    printf("peer is the server: %d\n", n == server_length && strcmp(peer.sun_path, server_address.sun_path) == 0);
    TRY(send(c, requests[i], strlen(requests[i]), 0));
    char reply[64];
    ssize_t got = 0, r;
    while ((r = i == 0 ? recv(c, reply + got, sizeof reply - 1 - (size_t)got, 0)
                       : read(c, reply + got, sizeof reply - 1 - (size_t)got)) > 0)
      got += r;
    reply[got] = 0;
    printf("reply [%s]\n", reply);
    close(c);
  }
  void *log;
  pthread_join(thread, &log);
  fputs(log, stdout);
  close(listener);
  unlink(server_address.sun_path);
}

static void datagrams_and_messages(void) {
  printf("== datagrams, sendmsg/recvmsg ==\n");
  int sv[2];
  TRY(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  TRY(sendto(sv[0], "dgram", 5, 0, NULL, 0));
  char buf[64];
  struct sockaddr_un from;
  socklen_t n = sizeof from;
  TRY(recvfrom(sv[1], buf, sizeof buf, 0, (struct sockaddr *)&from, &n));
  printf("from length %u\n", (unsigned)n);
  TRY(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
  int p[2];
  pipe(p);
  write(p[1], "piped", 5);
  {
    struct iovec v[2] = {{"two ", 4}, {"parts", 5}};
    union {
      char bytes[CMSG_SPACE(sizeof(int)) + CMSG_SPACE(sizeof(struct ucred))];
      struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr m = {0};
    m.msg_iov = v;
    m.msg_iovlen = 2;
    m.msg_control = control.bytes;
    m.msg_controllen = sizeof control.bytes;
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &p[0], sizeof(int));
    c = CMSG_NXTHDR(&m, c);
    printf("second header: %d\n", c != NULL);
    struct ucred me = {getpid(), getuid(), getgid()};
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_CREDENTIALS;
    c->cmsg_len = CMSG_LEN(sizeof me);
    memcpy(CMSG_DATA(c), &me, sizeof me);
    printf("third header: %d\n", CMSG_NXTHDR(&m, c) != NULL);
    TRY(sendmsg(sv[0], &m, 0));
  }
  close(p[0]);
  {
    char data[16];
    struct iovec v = {data, sizeof data};
    union {
      char bytes[64];
      struct cmsghdr align;
    } control;
    struct msghdr m = {0};
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    m.msg_control = control.bytes;
    m.msg_controllen = sizeof control.bytes;
    TRY(recvmsg(sv[1], &m, 0));
    printf("[%.9s] flags 0x%x controllen %zu\n", data, m.msg_flags, (size_t)m.msg_controllen);
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c)) {
      int fd;
      memcpy(&fd, CMSG_DATA(c), sizeof fd);
      printf("cmsg type %d len %zu\n", c->cmsg_type, (size_t)c->cmsg_len);
      char through[8] = {0};
      TRY(read(fd, through, 5));
      printf("through the passed descriptor [%s]\n", through);
      close(fd);
    }
  }
  close(p[1]);
  close(sv[0]);
  close(sv[1]);
}

static int pair[2];
static unsigned char big[1000000];

static void *drain(void *argument) {
  (void)argument;
  static unsigned long sum;
  static unsigned char part[8192];
  ssize_t n;
  unsigned long total = 0;
  while ((n = read(pair[1], part, sizeof part)) > 0) {
    for (ssize_t i = 0; i < n; i++) sum = sum * 31 + part[i];
    total += (unsigned long)n;
  }
  printf("reader: %lu bytes, checksum %lu\n", total, sum);
  return NULL;
}

/** One blocking write far larger than the socket's buffer completes whole, as natively. */
static void large_write(void) {
  printf("== a write larger than the buffer ==\n");
  for (size_t i = 0; i < sizeof big; i++) big[i] = (unsigned char)(i * 13 + (i >> 9));
  TRY(socketpair(AF_UNIX, SOCK_STREAM, 0, pair));
  pthread_t thread;
  pthread_create(&thread, NULL, drain, NULL);
  TRY(write(pair[0], big, sizeof big));
  TRY(send(pair[0], big, 300000, 0));
  close(pair[0]);
  pthread_join(thread, NULL);
  close(pair[1]);
}

static void *wait_then_read(void *argument) {
  (void)argument;
  static char log[256];
  fd_set readable;
  FD_ZERO(&readable);
  FD_SET(pair[1], &readable);
  struct timeval patience = {30, 0};
  int ready = select(pair[1] + 1, &readable, NULL, NULL, &patience);
  char data[16] = "";
  ssize_t n = read(pair[1], data, sizeof data - 1);
  FD_ZERO(&readable);
  FD_SET(pair[1], &readable);
  struct timespec moment = {30, 0};
  int again = pselect(pair[1] + 1, &readable, NULL, NULL, &moment, NULL);
  ssize_t m = read(pair[1], data + n, sizeof data - 1 - (size_t)n);
  snprintf(log, sizeof log, "select %d, some time left %d, read %zd; pselect %d, read %zd: [%s]\n", ready,
           patience.tv_sec > 0, n, again, m, data);
  return log;
}

/** select and pselect in one thread wait while another thread writes. */
static void waiting_threads(void) {
  printf("== select and pselect in a thread ==\n");
  TRY(socketpair(AF_UNIX, SOCK_STREAM, 0, pair));
  pthread_t thread;
  pthread_create(&thread, NULL, wait_then_read, NULL);
  usleep(20000);
  TRY(write(pair[0], "first", 5));
  usleep(20000);
  TRY(write(pair[0], "+next", 5));
  void *log;
  pthread_join(thread, &log);
  fputs(log, stdout);
  close(pair[0]);
  close(pair[1]);
}

static int send_descriptors(int s, const int *fds, int n, const char *data) {
  union {
    char bytes[CMSG_SPACE(sizeof(int) * 4)];
    struct cmsghdr align;
  } control;
  memset(&control, 0, sizeof control);
  struct iovec v = {(void *)data, strlen(data)};
  struct msghdr m = {0};
  m.msg_iov = &v;
  m.msg_iovlen = 1;
  m.msg_control = control.bytes;
  m.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)n);
  struct cmsghdr *c = CMSG_FIRSTHDR(&m);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)n);
  memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)n);
  return (int)sendmsg(s, &m, 0);
}

static void receive_descriptors(int s, size_t room, int flags) {
  union {
    char bytes[64];
    struct cmsghdr align;
  } control;
  memset(&control, 0, sizeof control);
  char data[16] = "";
  struct iovec v = {data, sizeof data - 1};
  struct msghdr m = {0};
  m.msg_iov = &v;
  m.msg_iovlen = 1;
  m.msg_control = control.bytes;
  m.msg_controllen = room;
  errno = 0;
  long r = (long)recvmsg(s, &m, flags);
  int error = errno;
  printf("recvmsg(room %zu, flags 0x%x) = %ld errno %d [%s] msg_flags 0x%x controllen %zu", room, flags, r, error, data,
         m.msg_flags, (size_t)m.msg_controllen);
  if (r >= 0 && m.msg_controllen >= sizeof(struct cmsghdr)) {
    struct cmsghdr *c = (struct cmsghdr *)control.bytes;
    printf(" cmsg_len %zu:", (size_t)c->cmsg_len);
    for (size_t i = 0; CMSG_LEN(i * sizeof(int)) < c->cmsg_len && i < 4; i++) {
      int fd;
      memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
      printf(" %s", fcntl(fd, F_GETFD) >= 0 ? "open" : "closed");
    }
  }
  printf("\n");
}

/** SCM_RIGHTS: peeking hands descriptors out too, a short control buffer truncates (MSG_CTRUNC), stream reads stop after a write that carried some. */
static void descriptor_edges(void) {
  printf("== descriptor passing edges ==\n");
  int sv[2], p[2], st[2];
  TRY(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  TRY(pipe(p));
  TRY(send_descriptors(sv[0], p, 2, "a"));
  receive_descriptors(sv[1], 64, MSG_PEEK);
  receive_descriptors(sv[1], 20, 0);
  TRY(send_descriptors(sv[0], p, 2, "b"));
  receive_descriptors(sv[1], 10, 0);
  int bad = 99;
  TRY(send_descriptors(sv[0], &bad, 1, "c"));
  TRY(socketpair(AF_UNIX, SOCK_STREAM, 0, st));
  TRY(send_descriptors(st[0], p, 1, "xy"));
  TRY(write(st[0], "zw", 2));
  TRY(send_descriptors(st[0], p, 1, "uv"));
  receive_descriptors(st[1], 64, 0);
  receive_descriptors(st[1], 64, 0);
  receive_descriptors(st[1], 64, MSG_DONTWAIT);
  close(sv[0]);
  close(sv[1]);
  close(st[0]);
  close(st[1]);
  close(p[0]);
  close(p[1]);
}

/** sendmmsg/recvmmsg: batches, msg_len, truncation, MSG_WAITFORONE, errors after the first. */
static void message_batches(void) {
  printf("== sendmmsg, recvmmsg ==\n");
  int sv[2];
  TRY(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  const char *texts[4] = {"one", "second", "3", "fourth message"};
  struct iovec out[4];
  struct mmsghdr send_vector[4];
  memset(send_vector, 0, sizeof send_vector);
  for (int i = 0; i < 4; i++) {
    out[i].iov_base = (void *)texts[i];
    out[i].iov_len = strlen(texts[i]);
    send_vector[i].msg_hdr.msg_iov = &out[i];
    send_vector[i].msg_hdr.msg_iovlen = 1;
  }
  TRY(sendmmsg(sv[0], send_vector, 4, 0));
  for (int i = 0; i < 4; i++) printf("sent %u\n", send_vector[i].msg_len);
  char buffers[6][8];
  struct iovec in[6];
  struct mmsghdr receive_vector[6];
  memset(receive_vector, 0, sizeof receive_vector);
  memset(buffers, 0, sizeof buffers);
  for (int i = 0; i < 6; i++) {
    in[i].iov_base = buffers[i];
    in[i].iov_len = sizeof buffers[i] - 1;
    receive_vector[i].msg_hdr.msg_iov = &in[i];
    receive_vector[i].msg_hdr.msg_iovlen = 1;
  }
  TRY(recvmmsg(sv[1], receive_vector, 2, 0, NULL));
  TRY(recvmmsg(sv[1], receive_vector + 2, 4, MSG_WAITFORONE, NULL));
  for (int i = 0; i < 6; i++)
    printf("received %u [%s] flags 0x%x\n", receive_vector[i].msg_len, buffers[i], receive_vector[i].msg_hdr.msg_flags);
  TRY(recvmmsg(sv[1], receive_vector, 2, MSG_DONTWAIT, NULL));
  struct timespec patience = {0, 0};
  TRY(recvmmsg(sv[1], receive_vector, 2, MSG_DONTWAIT, &patience));
  TRY(close(sv[1]));
  TRY(sendmmsg(sv[0], send_vector, 2, 0));
  TRY(sendmmsg(sv[0], send_vector, 2, 0));
  close(sv[0]);
}

static int interrupted;
static void on_alarm(int signal) {
  (void)signal;
  interrupted++;
}

static void interrupted_receive(void) {
  printf("== a blocked recv and a signal ==\n");
  int sv[2];
  socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_alarm;
  sigaction(SIGALRM, &action, NULL);
  struct itimerval timer = {{0, 0}, {0, 20000}};
  setitimer(ITIMER_REAL, &timer, NULL);
  char c;
  TRY(recv(sv[0], &c, 1, 0));
  printf("handler ran %d\n", interrupted);
  struct timeval timeout = {0, 50000};
  TRY(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout));
  TRY(recv(sv[0], &c, 1, 0));
  close(sv[0]);
  close(sv[1]);
  int listener = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un a = {AF_UNIX};
  TRY(bind(listener, (struct sockaddr *)&a, sizeof(sa_family_t)));
  TRY(listen(listener, 1));
  TRY(setsockopt(listener, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout));
  TRY(accept(listener, NULL, NULL));
  close(listener);
}

static void errors(void) {
  printf("== errors ==\n");
  int fd = open("/dev/null", O_RDONLY);
  int v = 1;
  socklen_t n = sizeof v;
  struct sockaddr_un a = {AF_UNIX, "/nonexistent/socket"};
  TRY(socket(AF_UNIX, 99, 0));
  TRY(socketpair(AF_UNIX, SOCK_STREAM, 5, (int[2]){0, 0}));
  TRY(bind(fd, (struct sockaddr *)&a, sizeof a));
  TRY(listen(-1, 1));
  TRY(accept(fd, NULL, NULL));
  TRY(accept4(fd, NULL, NULL, -1));
  TRY(connect(fd, (struct sockaddr *)&a, sizeof a));
  TRY(getsockname(fd, (struct sockaddr *)&a, &n));
  TRY(getpeername(fd, (struct sockaddr *)&a, &n));
  TRY(send(fd, "x", 1, 0));
  TRY(recv(fd, &v, 1, 0));
  TRY(sendto(fd, "x", 1, 0, NULL, 0));
  TRY(recvfrom(fd, &v, 1, 0, NULL, NULL));
  TRY(sendmsg(fd, &(struct msghdr){0}, 0));
  TRY(recvmsg(fd, &(struct msghdr){0}, 0));
  TRY(shutdown(fd, SHUT_RD));
  TRY(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
  TRY(getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &n));
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  TRY(connect(s, (struct sockaddr *)&a, sizeof a));
  TRY(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &n));
  printf("SO_TYPE %d\n", v);
  TRY(getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &n));
  printf("SO_SNDBUF > 0: %d\n", v > 0);
  close(s);
  close(fd);
}

int main(void) {
  strcpy(dir, "/tmp/miros-libc-sockets-XXXXXX");
  if (!mkdtemp(dir)) return 1;
  stream_server();
  datagrams_and_messages();
  descriptor_edges();
  message_batches();
  large_write();
  waiting_threads();
  interrupted_receive();
  errors();
  rmdir(dir);
  return 0;
}
