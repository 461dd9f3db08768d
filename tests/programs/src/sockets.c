// AF_UNIX sockets within one process: socketpair of each type (stream byte order and EOF,
// datagram and seqpacket boundaries, truncation, MSG_PEEK/MSG_DONTWAIT/MSG_WAITALL/MSG_TRUNC),
// shutdown and hang-ups (EPIPE with and without SIGPIPE, ECONNRESET for unread data), a stream
// server on a path and another on an abstract name served by a second thread (bind, listen,
// accept4, connect, getsockname/getpeername, the socket file's S_IFSOCK, EADDRINUSE, ENOENT,
// ECONNREFUSED once the server is gone), datagrams between bound sockets (sendto/recvfrom
// addresses, connect and AF_UNSPEC disconnect, EPERM), SCM_RIGHTS descriptor passing, socket
// options, poll readiness, a socketpair and a server shared with forked children, and the errno of
// calls on the wrong kind of descriptor.
// @set x86-64-v2
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int sigpipes;
static void on_sigpipe(int signal) {
  (void)signal;
  sigpipes++;
}

static const char *errno_name(int e) {
  switch (e) {
  case 0: return "0";
  case EAGAIN: return "EAGAIN";
  case EPIPE: return "EPIPE";
  case EBADF: return "EBADF";
  case EINVAL: return "EINVAL";
  case ENOTSOCK: return "ENOTSOCK";
  case ENOTCONN: return "ENOTCONN";
  case EISCONN: return "EISCONN";
  case ECONNREFUSED: return "ECONNREFUSED";
  case ECONNRESET: return "ECONNRESET";
  case EADDRINUSE: return "EADDRINUSE";
  case ENOENT: return "ENOENT";
  case EOPNOTSUPP: return "EOPNOTSUPP";
  case EAFNOSUPPORT: return "EAFNOSUPPORT";
  case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
  case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
  case EPROTOTYPE: return "EPROTOTYPE";
  case ENOPROTOOPT: return "ENOPROTOOPT";
  case EPERM: return "EPERM";
  case EMSGSIZE: return "EMSGSIZE";
  case EFAULT: return "EFAULT";
  case ENOTDIR: return "ENOTDIR";
  case EDOM: return "EDOM";
  case ESPIPE: return "ESPIPE";
  case ENOTEMPTY: return "ENOTEMPTY";
  default: return "other";
  }
}

#define TRY(expr)                                                                                  \
  do {                                                                                             \
    errno = 0;                                                                                     \
    long r_ = (long)(expr);                                                                        \
    printf("%-58s -> %ld%s%s\n", #expr, r_, r_ < 0 ? " errno " : "", r_ < 0 ? errno_name(errno) : ""); \
  } while (0)

static char dir[64];
static char buf[70000];

static socklen_t path_address(struct sockaddr_un *a, const char *name) {
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  snprintf(a->sun_path, sizeof a->sun_path, "%s/%s", dir, name);
  return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path) + 1);
}

/** An abstract name made unique by the temporary directory's name (runs may overlap). */
static socklen_t abstract_address(struct sockaddr_un *a, const char *name) {
  memset(a, 0, sizeof *a);
  a->sun_family = AF_UNIX;
  int n = snprintf(a->sun_path + 1, sizeof a->sun_path - 1, "%s/%s", dir, name);
  return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
}

/** Prints an address as the program sees it, with the temporary directory replaced by DIR. */
static void show_address(const char *what, struct sockaddr_un *a, socklen_t length) {
  printf("%s: length %u family %d", what, (unsigned)length, length >= 2 ? a->sun_family : -1);
  if (length > offsetof(struct sockaddr_un, sun_path)) {
    if (a->sun_path[0] == 0) {
      int n = (int)(length - offsetof(struct sockaddr_un, sun_path) - 1);
      size_t d = strlen(dir);
      if ((size_t)n >= d && memcmp(a->sun_path + 1, dir, d) == 0)
        printf(" abstract [DIR%.*s]", n - (int)d, a->sun_path + 1 + d);
      else
        printf(" abstract [%.*s]", n, a->sun_path + 1);
    } else if (strncmp(a->sun_path, dir, strlen(dir)) == 0) {
      printf(" path DIR%s", a->sun_path + strlen(dir));
    } else {
      printf(" path %s", a->sun_path);
    }
  }
  printf("\n");
}

static void show_poll(const char *what, int fd) {
  struct pollfd p = {fd, POLLIN | POLLOUT | POLLRDHUP, 0};
  int n = poll(&p, 1, 0);
  printf("poll %s: %d revents 0x%x\n", what, n, p.revents);
}

static void socketpairs(void) {
  int sv[2];
  char small[8];
  printf("== stream socketpair ==\n");
  TRY(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  TRY(write(sv[0], "hello ", 6));
  TRY(send(sv[0], "world", 5, 0));
  TRY(recv(sv[1], buf, sizeof buf, MSG_PEEK));
  TRY(read(sv[1], small, 4));
  printf("read [%.4s]\n", small);
  TRY(recv(sv[1], buf, sizeof buf, 0));
  printf("recv [%.7s]\n", buf);
  TRY(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
  show_poll("empty stream end", sv[1]);
  TRY(write(sv[1], "back", 4));
  show_poll("stream end with data", sv[0]);
  TRY(shutdown(sv[1], SHUT_WR));
  show_poll("after peer SHUT_WR", sv[0]);
  TRY(read(sv[0], buf, sizeof buf));
  TRY(read(sv[0], buf, sizeof buf));
  TRY(write(sv[1], "x", 1));
  printf("sigpipes %d\n", sigpipes);
  TRY(send(sv[1], "x", 1, MSG_NOSIGNAL));
  printf("sigpipes %d\n", sigpipes);
  TRY(write(sv[0], "still", 5));
  TRY(read(sv[1], buf, sizeof buf));
  TRY(close(sv[0]));
  show_poll("peer closed", sv[1]);
  TRY(read(sv[1], buf, sizeof buf));
  TRY(close(sv[1]));

  printf("== stream: unread data when closing ==\n");
  TRY(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
  TRY(fcntl(sv[0], F_GETFD));
  TRY(write(sv[0], "unread", 6));
  TRY(close(sv[1]));
  show_poll("peer closed with data unread", sv[0]);
  TRY(read(sv[0], buf, sizeof buf));
  TRY(read(sv[0], buf, sizeof buf));
  TRY(write(sv[0], "x", 1));
  TRY(close(sv[0]));

  printf("== a large stream transfer in pieces ==\n");
  TRY(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv));
  for (int i = 0; i < 60000; i++) buf[i] = (char)(i * 7);
  TRY(write(sv[0], buf, 60000));
  TRY(recv(sv[1], buf + 60000, 100, MSG_WAITALL));
  {
    long total = 100, sum = 0;
    ssize_t n;
    char part[4096];
    for (int i = 0; i < 100; i++) sum += (unsigned char)buf[60000 + i];
    while ((n = read(sv[1], part, sizeof part)) > 0) {
      for (ssize_t i = 0; i < n; i++) sum += (unsigned char)part[i];
      total += n;
    }
    printf("received %ld bytes, checksum %ld, last read errno %s\n", total, sum, errno_name(errno));
  }
  TRY(close(sv[0]));
  TRY(close(sv[1]));

  printf("== datagram socketpair ==\n");
  TRY(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  TRY(send(sv[0], "one", 3, 0));
  TRY(send(sv[0], "", 0, 0));
  TRY(send(sv[0], "three33", 7, 0));
  show_poll("dgram with messages", sv[1]);
  TRY(recv(sv[1], buf, sizeof buf, 0));
  TRY(recv(sv[1], buf, sizeof buf, 0));
  TRY(recv(sv[1], small, 2, MSG_PEEK | MSG_TRUNC));
  TRY(recv(sv[1], small, 2, 0));
  printf("truncated [%.2s]\n", small);
  TRY(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
  show_poll("dgram empty", sv[1]);
  TRY(shutdown(sv[0], SHUT_WR));
  TRY(send(sv[0], "x", 1, 0));
  printf("sigpipes %d\n", sigpipes);
  TRY(close(sv[1]));
  TRY(send(sv[0], "x", 1, MSG_DONTWAIT));
  TRY(close(sv[0]));
  TRY(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  TRY(close(sv[1]));
  TRY(send(sv[0], "x", 1, 0));
  TRY(send(sv[0], "x", 1, 0));
  TRY(close(sv[0]));

  printf("== seqpacket socketpair ==\n");
  TRY(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv));
  TRY(send(sv[0], "first", 5, 0));
  TRY(send(sv[0], "second", 6, 0));
  {
    struct msghdr m;
    struct iovec v = {small, 3};
    memset(&m, 0, sizeof m);
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    TRY(recvmsg(sv[1], &m, 0));
    printf("msg_flags 0x%x [%.3s]\n", m.msg_flags, small);
  }
  TRY(recv(sv[1], buf, sizeof buf, 0));
  TRY(close(sv[1]));
  TRY(send(sv[0], "x", 1, 0));
  printf("sigpipes %d\n", sigpipes);
  TRY(recv(sv[0], buf, sizeof buf, 0));
  TRY(close(sv[0]));
}

struct server {
  int listener;
  int accepted[3];
  char request[3][32];
  struct sockaddr_un peer[3];
  socklen_t peer_length[3];
  int accept_errno[3];
};

/** Accepts three clients in turn; each sends a request and gets it back upper-cased. */
static void *serve(void *argument) {
  struct server *s = argument;
  for (int i = 0; i < 3; i++) {
    s->peer_length[i] = sizeof s->peer[i];
    int fd = accept4(s->listener, (struct sockaddr *)&s->peer[i], &s->peer_length[i], SOCK_CLOEXEC);
    s->accept_errno[i] = fd < 0 ? errno : 0;
    s->accepted[i] = fd;
    if (fd < 0) continue;
    ssize_t n = read(fd, s->request[i], sizeof s->request[i] - 1);
    if (n < 0) n = 0;
    s->request[i][n] = 0;
    char reply[32];
    for (ssize_t k = 0; k < n; k++) reply[k] = (char)(s->request[i][k] >= 'a' && s->request[i][k] <= 'z' ? s->request[i][k] - 32 : s->request[i][k]);
    write(fd, reply, (size_t)n);
    close(fd);
  }
  return NULL;
}

static void client_server(int abstract) {
  struct sockaddr_un a, b;
  socklen_t length = abstract ? abstract_address(&a, "miros-sockets-test") : path_address(&a, "server");
  struct server s;
  memset(&s, 0, sizeof s);
  printf("== stream server on %s ==\n", abstract ? "an abstract name" : "a path");
  TRY(s.listener = socket(AF_UNIX, SOCK_STREAM, 0));
  TRY(bind(s.listener, (struct sockaddr *)&a, length));
  if (!abstract) {
    struct stat st;
    TRY(stat(a.sun_path, &st));
    printf("S_ISSOCK %d mode %o\n", S_ISSOCK(st.st_mode), st.st_mode & 0777);
  }
  socklen_t n = sizeof b;
  TRY(getsockname(s.listener, (struct sockaddr *)&b, &n));
  show_address("listener name", &b, n);
  TRY(connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&a, length));
  TRY(listen(s.listener, 4));
  int other = socket(AF_UNIX, SOCK_STREAM, 0);
  TRY(bind(other, (struct sockaddr *)&a, length));
  TRY(close(other));
  show_poll("listener, nobody waiting", s.listener);

  pthread_t thread;
  pthread_create(&thread, NULL, serve, &s);
  const char *requests[3] = {"first request", "second", "third one"};
  for (int i = 0; i < 3; i++) {
    // The number is not shown: the server thread may or may not have closed its last
    // connection yet, which decides the lowest free descriptor.
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    TRY(c >= 0);
    if (i == 1) {
      struct sockaddr_un own;
      socklen_t own_length = abstract ? abstract_address(&own, "miros-client") : path_address(&own, "client");
      TRY(bind(c, (struct sockaddr *)&own, own_length));
    }
    TRY(connect(c, (struct sockaddr *)&a, length));
    TRY(connect(c, (struct sockaddr *)&a, length));
    n = sizeof b;
    TRY(getpeername(c, (struct sockaddr *)&b, &n));
    show_address("client's peer", &b, n);
    n = sizeof b;
    TRY(getsockname(c, (struct sockaddr *)&b, &n));
    show_address("client's name", &b, n);
    TRY(write(c, requests[i], strlen(requests[i])));
    char reply[32];
    ssize_t got = 0, r;
    while ((r = read(c, reply + got, sizeof reply - 1 - (size_t)got)) > 0) got += r;
    reply[got] = 0;
    printf("reply [%s]\n", reply);
    TRY(close(c));
  }
  pthread_join(thread, NULL);
  for (int i = 0; i < 3; i++) {
    printf("server: accept errno %s, request [%s]\n", errno_name(s.accept_errno[i]), s.request[i]);
    show_address("server: peer", &s.peer[i], s.peer_length[i]);
  }
  TRY(close(s.listener));
  int late = socket(AF_UNIX, SOCK_STREAM, 0);
  TRY(connect(late, (struct sockaddr *)&a, length));
  TRY(close(late));
  if (!abstract) {
    struct sockaddr_un own;
    path_address(&own, "client");
    TRY(unlink(own.sun_path));
    TRY(unlink(a.sun_path));
  }
}

static void connection_cases(void) {
  struct sockaddr_un a;
  socklen_t length = path_address(&a, "pending");
  int listener = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  printf("== connections waiting for accept ==\n");
  TRY(bind(listener, (struct sockaddr *)&a, length));
  TRY(listen(listener, 1));
  TRY(accept(listener, NULL, NULL));
  int c1 = socket(AF_UNIX, SOCK_STREAM, 0);
  int c2 = socket(AF_UNIX, SOCK_STREAM, 0);
  int c3 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
  TRY(connect(c1, (struct sockaddr *)&a, length));
  TRY(connect(c2, (struct sockaddr *)&a, length));
  TRY(connect(c3, (struct sockaddr *)&a, length));
  show_poll("listener with two waiting", listener);
  TRY(write(c1, "early", 5));
  int s1;
  TRY(s1 = accept4(listener, NULL, NULL, SOCK_NONBLOCK));
  TRY((fcntl(s1, F_GETFL) & O_NONBLOCK) != 0);
  TRY(read(s1, buf, sizeof buf));
  TRY(read(s1, buf, sizeof buf));
  {
    struct ucred cred;
    socklen_t n = sizeof cred;
    TRY(getsockopt(s1, SOL_SOCKET, SO_PEERCRED, &cred, &n));
    printf("peer pid is mine %d, uid is mine %d, length %u\n", cred.pid == getpid(), cred.uid == getuid(), (unsigned)n);
  }
  TRY(close(listener));
  show_poll("client whose connection was never accepted", c2);
  TRY(read(c2, buf, sizeof buf));
  TRY(read(c2, buf, sizeof buf));
  TRY(write(c2, "x", 1));
  TRY(write(c1, "x", 1));
  close(c1);
  close(c2);
  close(c3);
  close(s1);
  TRY(unlink(a.sun_path));
}

static void datagrams(void) {
  struct sockaddr_un a, b, from;
  socklen_t la = path_address(&a, "dgram-a");
  socklen_t lb = abstract_address(&b, "miros-dgram-b");
  int sa = socket(AF_UNIX, SOCK_DGRAM, 0);
  int sb = socket(AF_UNIX, SOCK_DGRAM, 0);
  int anonymous = socket(AF_UNIX, SOCK_DGRAM, 0);
  socklen_t n;
  printf("== datagrams between bound sockets ==\n");
  TRY(bind(sa, (struct sockaddr *)&a, la));
  TRY(bind(sb, (struct sockaddr *)&b, lb));
  TRY(bind(sb, (struct sockaddr *)&a, la));
  TRY(sendto(sa, "to b", 4, 0, (struct sockaddr *)&b, lb));
  TRY(sendto(anonymous, "anonymous", 9, 0, (struct sockaddr *)&b, lb));
  TRY(send(sa, "nowhere", 7, 0));
  n = sizeof from;
  TRY(recvfrom(sb, buf, sizeof buf, 0, (struct sockaddr *)&from, &n));
  show_address("from", &from, n);
  n = sizeof from;
  TRY(recvfrom(sb, buf, sizeof buf, 0, (struct sockaddr *)&from, &n));
  printf("from length %u\n", (unsigned)n);
  TRY(connect(sa, (struct sockaddr *)&b, lb));
  TRY(send(sa, "connected", 9, 0));
  TRY(connect(sb, (struct sockaddr *)&a, la));
  TRY(sendto(anonymous, "refused", 7, 0, (struct sockaddr *)&b, lb));
  n = sizeof from;
  TRY(getpeername(sa, (struct sockaddr *)&from, &n));
  show_address("sa's peer", &from, n);
  {
    struct sockaddr unspec = {AF_UNSPEC, {0}};
    TRY(connect(sb, &unspec, sizeof unspec));
    n = sizeof from;
    TRY(getpeername(sb, (struct sockaddr *)&from, &n));
  }
  TRY(sendto(anonymous, "accepted", 8, 0, (struct sockaddr *)&b, lb));
  TRY(recv(sb, buf, sizeof buf, 0));
  printf("[%.8s]\n", buf);
  TRY(recv(sb, buf, sizeof buf, MSG_DONTWAIT));
  {
    int e = -1;
    socklen_t en = sizeof e;
    TRY(getsockopt(sa, SOL_SOCKET, SO_ERROR, &e, &en));
    printf("sa's SO_ERROR after sb dropped its messages: %s\n", errno_name(e));
  }
  {
    struct sockaddr_un missing;
    socklen_t lm = path_address(&missing, "missing");
    TRY(sendto(anonymous, "x", 1, 0, (struct sockaddr *)&missing, lm));
    int stream = socket(AF_UNIX, SOCK_STREAM, 0);
    TRY(connect(stream, (struct sockaddr *)&a, la));
    close(stream);
    TRY(close(sa));
    TRY(sendto(anonymous, "x", 1, 0, (struct sockaddr *)&a, la));
    TRY(unlink(a.sun_path));
    TRY(connect(anonymous, (struct sockaddr *)&missing, lm));
    lm = abstract_address(&missing, "nobody-has-this-name");
    TRY(connect(anonymous, (struct sockaddr *)&missing, lm));
    lm = path_address(&missing, "");
    TRY(connect(anonymous, (struct sockaddr *)&missing, lm));
  }
  close(sb);
  close(anonymous);
}

static void descriptor_passing(void) {
  int sv[2], p[2];
  printf("== SCM_RIGHTS ==\n");
  TRY(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  TRY(pipe(p));
  TRY(write(p[1], "via passed fd", 13));
  {
    struct msghdr m;
    struct iovec v = {"F", 1};
    union {
      char bytes[CMSG_SPACE(sizeof(int))];
      struct cmsghdr align;
    } control;
    memset(&m, 0, sizeof m);
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    m.msg_control = control.bytes;
    m.msg_controllen = sizeof control.bytes;
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &p[0], sizeof(int));
    TRY(sendmsg(sv[0], &m, 0));
  }
  TRY(close(p[0]));
  TRY(write(sv[0], "after", 5));
  {
    struct msghdr m;
    char data[16];
    struct iovec v = {data, sizeof data};
    union {
      char bytes[64];
      struct cmsghdr align;
    } control;
    memset(&m, 0, sizeof m);
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    m.msg_control = control.bytes;
    m.msg_controllen = sizeof control.bytes;
    TRY(recvmsg(sv[1], &m, MSG_CMSG_CLOEXEC));
    printf("msg_flags 0x%x controllen %zu\n", m.msg_flags, (size_t)m.msg_controllen);
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
      int fd;
      memcpy(&fd, CMSG_DATA(c), sizeof fd);
      printf("cmsg level %d type %d len %zu\n", c->cmsg_level, c->cmsg_type, (size_t)c->cmsg_len);
      TRY(fcntl(fd, F_GETFD));
      TRY(read(fd, buf, sizeof buf));
      printf("through it [%.13s]\n", buf);
      close(fd);
    }
    TRY(read(sv[1], buf, sizeof buf));
  }
  close(p[1]);
  close(sv[0]);
  close(sv[1]);
}

static void credentials_and_packets(void) {
  int sv[2];
  printf("== SO_PASSCRED, SO_PEERCRED ==\n");
  TRY(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
  int on = 1;
  TRY(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on));
  TRY(send(sv[0], "with credentials", 16, 0));
  {
    struct msghdr m;
    char data[32];
    struct iovec v = {data, sizeof data};
    union {
      char bytes[64];
      struct cmsghdr align;
    } control;
    memset(&m, 0, sizeof m);
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    m.msg_control = control.bytes;
    m.msg_controllen = sizeof control.bytes;
    TRY(recvmsg(sv[1], &m, 0));
    printf("controllen %zu flags 0x%x\n", (size_t)m.msg_controllen, m.msg_flags);
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
      struct ucred cred;
      memcpy(&cred, CMSG_DATA(c), sizeof cred);
      printf("cmsg level %d type %d len %zu: pid mine %d uid mine %d gid mine %d\n", c->cmsg_level, c->cmsg_type,
             (size_t)c->cmsg_len, cred.pid == getpid(), cred.uid == getuid(), cred.gid == getgid());
    }
  }
  {
    struct ucred cred;
    socklen_t n = sizeof cred;
    TRY(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &n));
    printf("socketpair peer: pid mine %d uid mine %d length %u\n", cred.pid == getpid(), cred.uid == getuid(),
           (unsigned)n);
    int unconnected = socket(AF_UNIX, SOCK_STREAM, 0);
    n = sizeof cred;
    TRY(getsockopt(unconnected, SOL_SOCKET, SO_PEERCRED, &cred, &n));
    printf("unconnected peer: pid %d uid %d gid %d\n", (int)cred.pid, (int)cred.uid, (int)cred.gid);
    close(unconnected);
  }
  close(sv[0]);
  close(sv[1]);

  printf("== seqpacket server ==\n");
  struct sockaddr_un a;
  socklen_t la = abstract_address(&a, "seqpacket");
  int listener = socket(AF_UNIX, SOCK_SEQPACKET, 0);
  TRY(bind(listener, (struct sockaddr *)&a, la));
  TRY(listen(listener, 2));
  int client = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0);
  int wrong = socket(AF_UNIX, SOCK_STREAM, 0);
  TRY(connect(wrong, (struct sockaddr *)&a, la));
  close(wrong);
  TRY(connect(client, (struct sockaddr *)&a, la));
  int server;
  TRY(server = accept(listener, NULL, NULL));
  TRY(send(client, "packet one", 10, 0));
  TRY(send(client, "two", 3, MSG_EOR));
  {
    struct msghdr m;
    char data[4];
    struct iovec v = {data, sizeof data};
    memset(&m, 0, sizeof m);
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    TRY(recvmsg(server, &m, MSG_PEEK));
    printf("peek flags 0x%x\n", m.msg_flags);
    TRY(recvmsg(server, &m, 0));
    printf("flags 0x%x [%.4s]\n", m.msg_flags, data);
    TRY(recvmsg(server, &m, 0));
    printf("flags 0x%x [%.3s]\n", m.msg_flags, data);
  }
  TRY(recv(client, buf, sizeof buf, 0));
  TRY(close(client));
  TRY(recv(server, buf, sizeof buf, 0));
  show_poll("seqpacket after the client closed", server);
  close(server);
  close(listener);

  printf("== recvmsg names ==\n");
  struct sockaddr_un from;
  socklen_t lf = path_address(&from, "named-sender");
  int sender = socket(AF_UNIX, SOCK_DGRAM, 0);
  int receiver = socket(AF_UNIX, SOCK_DGRAM, 0);
  TRY(bind(sender, (struct sockaddr *)&from, lf));
  la = abstract_address(&a, "named-receiver");
  TRY(bind(receiver, (struct sockaddr *)&a, la));
  {
    struct msghdr m;
    struct iovec v = {"addressed", 9};
    memset(&m, 0, sizeof m);
    m.msg_name = &a;
    m.msg_namelen = la;
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    TRY(sendmsg(sender, &m, 0));
    TRY(sendmsg(sender, &m, 0));
  }
  {
    struct msghdr m;
    struct sockaddr_un name;
    char data[4];
    struct iovec v = {data, sizeof data};
    memset(&m, 0, sizeof m);
    m.msg_name = &name;
    m.msg_namelen = sizeof name;
    m.msg_iov = &v;
    m.msg_iovlen = 1;
    TRY(recvmsg(receiver, &m, MSG_TRUNC));
    printf("flags 0x%x\n", m.msg_flags);
    show_address("msg_name", &name, m.msg_namelen);
    m.msg_namelen = 4;
    TRY(recvmsg(receiver, &m, 0));
    printf("short msg_namelen now %u\n", (unsigned)m.msg_namelen);
  }
  close(sender);
  close(receiver);
  TRY(unlink(from.sun_path));
}

/** A socketpair and an abstract-name server shared with forked children. */
static void across_fork(void) {
  int sv[2], status;
  char reply[32];
  printf("== across fork ==\n");
  TRY(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  pid_t child = fork();
  if (child == 0) {
    close(sv[0]);
    ssize_t n = read(sv[1], reply, sizeof reply);
    if (n > 0 && write(sv[1], reply, (size_t)n) == n && write(sv[1], "!", 1) == 1) _exit(7);
    _exit(1);
  }
  TRY(close(sv[1]));
  TRY(write(sv[0], "ping", 4));
  ssize_t total = 0, n;
  while ((n = read(sv[0], reply + total, sizeof reply - (size_t)total)) > 0) total += n;
  TRY(waitpid(child, &status, 0) == child);
  printf("reply [%.*s], child status %d\n", (int)total, reply, WEXITSTATUS(status));
  TRY(close(sv[0]));

  struct sockaddr_un a;
  socklen_t la = abstract_address(&a, "forked-server");
  int listener = socket(AF_UNIX, SOCK_STREAM, 0);
  TRY(bind(listener, (struct sockaddr *)&a, la));
  TRY(listen(listener, 1));
  child = fork();
  if (child == 0) {
    int c = accept(listener, NULL, NULL);
    ssize_t k = recv(c, reply, sizeof reply, 0);
    _exit(k > 0 && send(c, reply, (size_t)k, 0) == k ? 0 : 1);
  }
  TRY(close(listener));
  int c = socket(AF_UNIX, SOCK_STREAM, 0);
  TRY(connect(c, (struct sockaddr *)&a, la));
  TRY(send(c, "echo", 4, 0));
  TRY(recv(c, reply, sizeof reply, MSG_WAITALL));
  printf("echo [%.4s]\n", reply);
  TRY(waitpid(child, &status, 0) == child);
  printf("server child status %d\n", WEXITSTATUS(status));
  TRY(close(c));
}

static void options(void) {
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  int d = socket(AF_UNIX, SOCK_DGRAM, 0);
  int v;
  socklen_t n = sizeof v;
  printf("== options ==\n");
  TRY(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &n));
  printf("SO_TYPE %d length %u\n", v, (unsigned)n);
  TRY(getsockopt(d, SOL_SOCKET, SO_TYPE, &v, &n));
  printf("SO_TYPE %d\n", v);
  TRY(getsockopt(s, SOL_SOCKET, SO_DOMAIN, &v, &n));
  printf("SO_DOMAIN %d\n", v);
  TRY(getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &n));
  printf("SO_ERROR %d\n", v);
  TRY(getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &n));
  printf("SO_ACCEPTCONN %d\n", v);
  v = 1;
  TRY(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, sizeof v));
  v = 9;
  TRY(getsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, &n));
  printf("SO_REUSEADDR %d\n", v);
  v = 1;
  TRY(setsockopt(s, SOL_SOCKET, SO_PASSCRED, &v, sizeof v));
  TRY(getsockopt(s, SOL_SOCKET, SO_PASSCRED, &v, &n));
  printf("SO_PASSCRED %d\n", v);
  v = 1000;
  TRY(setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, sizeof v));
  TRY(getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &n));
  printf("SO_SNDBUF %d\n", v);
  v = 50000;
  TRY(setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, sizeof v));
  TRY(getsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, &n));
  printf("SO_RCVBUF %d\n", v);
  {
    struct linger l = {1, 7};
    socklen_t ln = sizeof l;
    TRY(setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l));
    memset(&l, 0, sizeof l);
    TRY(getsockopt(s, SOL_SOCKET, SO_LINGER, &l, &ln));
    printf("SO_LINGER %d %d\n", l.l_onoff, l.l_linger);
    struct timeval t = {1, 500000};
    socklen_t tn = sizeof t;
    TRY(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &t, sizeof t));
    memset(&t, 0, sizeof t);
    TRY(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &t, &tn));
    printf("SO_RCVTIMEO %ld %ld\n", (long)t.tv_sec, (long)t.tv_usec);
    t.tv_usec = 2000000;
    TRY(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &t, sizeof t));
  }
  {
    char one;
    socklen_t small = 1;
    TRY(getsockopt(s, SOL_SOCKET, SO_TYPE, &one, &small));
    printf("one byte: %d length %u\n", one, (unsigned)small);
  }
  TRY(setsockopt(s, SOL_SOCKET, SO_TYPE, &v, sizeof v));
  TRY(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, 2));
  TRY(getsockopt(s, SOL_SOCKET, 9999, &v, &n));
  TRY(getsockopt(s, 6 /* IPPROTO_TCP */, 1, &v, &n));
  close(s);
  close(d);
}

static void errors(void) {
  int sv[2];
  int fd = open("/dev/null", O_RDONLY);
  struct sockaddr_un a;
  socklen_t la = path_address(&a, "errors");
  printf("== errors ==\n");
  TRY(socket(AF_UNIX, 4 /* SOCK_RDM */, 0));
  TRY(socket(AF_UNIX, SOCK_STREAM, 2));
  TRY(socket(AF_UNIX, 11, 0));
  TRY(socket(AF_UNIX, SOCK_STREAM | 0x10000, 0));
  TRY(socket(46, SOCK_STREAM, 0));
  TRY(socket(-1, SOCK_STREAM, 0));
  TRY(socketpair(AF_UNIX, SOCK_STREAM, 0, (int *)8));
  TRY(send(fd, "x", 1, 0));
  TRY(bind(fd, (struct sockaddr *)&a, la));
  TRY(listen(99, 1));
  TRY(getsockname(fd, (struct sockaddr *)&a, &la));
  int s = socket(AF_UNIX, SOCK_STREAM, 0);
  int d = socket(AF_UNIX, SOCK_DGRAM, 0);
  TRY(listen(s, 1));
  TRY(listen(d, 1));
  TRY(accept(s, NULL, NULL));
  TRY(accept(d, NULL, NULL));
  TRY(accept4(s, NULL, NULL, 1));
  TRY(read(s, buf, 1));
  TRY(write(s, "x", 1));
  TRY(recv(d, buf, 1, MSG_DONTWAIT));
  TRY(send(d, "x", 1, 0));
  TRY(shutdown(s, 7));
  TRY(shutdown(s, SHUT_RDWR));
  TRY(getpeername(s, (struct sockaddr *)&a, &la));
  la = path_address(&a, "errors");
  TRY(bind(s, (struct sockaddr *)&a, 1));
  TRY(bind(s, (struct sockaddr *)&a, sizeof a + 1));
  a.sun_family = AF_INET;
  TRY(bind(s, (struct sockaddr *)&a, la));
  TRY(connect(s, (struct sockaddr *)&a, la));
  a.sun_family = AF_UNIX;
  TRY(bind(s, (struct sockaddr *)&a, la));
  TRY(bind(s, (struct sockaddr *)&a, la));
  la = path_address(&a, "no-such-dir/sock");
  TRY(bind(d, (struct sockaddr *)&a, la));
  TRY(connect(d, (struct sockaddr *)&a, la));
  la = path_address(&a, "errors");
  TRY(connect(d, (struct sockaddr *)&a, la));
  TRY(sendto(d, "x", 1, 0, (struct sockaddr *)&a, la));
  TRY(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
  TRY(sendto(sv[0], "x", 1, 0, (struct sockaddr *)&a, la));
  TRY(connect(sv[0], (struct sockaddr *)&a, la));
  {
    struct stat st;
    TRY(fstat(sv[0], &st));
    printf("fstat: S_ISSOCK %d\n", S_ISSOCK(st.st_mode));
  }
  TRY(lseek(sv[0], 0, SEEK_SET));
  close(sv[0]);
  close(sv[1]);
  close(s);
  close(d);
  close(fd);
  la = path_address(&a, "errors");
  TRY(unlink(a.sun_path));
}

int main(void) {
  setvbuf(stdout, NULL, _IOFBF, 1 << 16);
  signal(SIGPIPE, on_sigpipe);
  strcpy(dir, "/tmp/miros-sockets-XXXXXX");
  if (!mkdtemp(dir)) return 1;
  socketpairs();
  client_server(0);
  client_server(1);
  connection_cases();
  datagrams();
  descriptor_passing();
  credentials_and_packets();
  across_fork();
  options();
  errors();
  if (rmdir(dir) != 0) printf("rmdir: %s\n", errno_name(errno));
  return 0;
}
