// AF_INET and AF_INET6 sockets whose peers are in the same program (issue 6): TCP and UDP on
// 127.0.0.1 and ::1, a server thread and a client thread, bind/listen/accept/connect, names as
// getsockname/getpeername/accept/recvfrom fill them, ephemeral ports, SO_REUSEADDR, dual-stack
// and IPV6_V6ONLY, non-blocking connect with SO_ERROR, shutdown, resets, poll/select/epoll
// readiness, options, and the errno of each misuse. Ports change from run to run: the program
// prints whether they are non-zero, in the ephemeral range, or equal to another, never a value.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define TRY(expr)                                                                                  \
  do {                                                                                             \
    errno = 0;                                                                                     \
    long r_ = (long)(expr);                                                                        \
    printf("%-64s -> %ld%s%s\n", #expr, r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(errno) : "");     \
  } while (0)

typedef union {
  struct sockaddr any;
  struct sockaddr_in v4;
  struct sockaddr_in6 v6;
  struct sockaddr_storage storage;
} address;

static unsigned port_of(const address *a) {
  return ntohs(a->any.sa_family == AF_INET6 ? a->v6.sin6_port : a->v4.sin_port);
}

/** The address without its port: family, text, length, and the port as non-zero/in range. */
static void show(const char *what, const address *a, socklen_t length) {
  char text[INET6_ADDRSTRLEN] = "?";
  unsigned port = port_of(a);
  if (a->any.sa_family == AF_INET) inet_ntop(AF_INET, &a->v4.sin_addr, text, sizeof text);
  if (a->any.sa_family == AF_INET6) inet_ntop(AF_INET6, &a->v6.sin6_addr, text, sizeof text);
  printf("%s: family %d length %u address %s port %s", what, a->any.sa_family, (unsigned)length, text,
         port == 0 ? "0" : port >= 32768 && port <= 60999 ? "ephemeral" : "fixed");
  if (a->any.sa_family == AF_INET6) printf(" flowinfo %u scope %u", a->v6.sin6_flowinfo, a->v6.sin6_scope_id);
  printf("\n");
}

static address local_name(int fd) {
  address a;
  memset(&a, 0x55, sizeof a);
  socklen_t n = sizeof a;
  if (getsockname(fd, &a.any, &n) < 0) printf("getsockname: %s\n", strerror(errno));
  return a;
}

static void show_local(const char *what, int fd) {
  address a;
  memset(&a, 0x55, sizeof a);
  socklen_t n = sizeof a;
  if (getsockname(fd, &a.any, &n) < 0) printf("%s: getsockname %s\n", what, strerror(errno));
  else show(what, &a, n);
}

static void show_peer(const char *what, int fd) {
  address a;
  memset(&a, 0x55, sizeof a);
  socklen_t n = sizeof a;
  if (getpeername(fd, &a.any, &n) < 0) printf("%s: getpeername %s\n", what, strerror(errno));
  else show(what, &a, n);
}

static address ipv4(const char *text, unsigned port) {
  address a;
  memset(&a, 0, sizeof a);
  a.v4.sin_family = AF_INET;
  a.v4.sin_port = htons((unsigned short)port);
  inet_pton(AF_INET, text, &a.v4.sin_addr);
  return a;
}

static address ipv6(const char *text, unsigned port) {
  address a;
  memset(&a, 0, sizeof a);
  a.v6.sin6_family = AF_INET6;
  a.v6.sin6_port = htons((unsigned short)port);
  inet_pton(AF_INET6, text, &a.v6.sin6_addr);
  return a;
}

static socklen_t size_of(const address *a) {
  return a->any.sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}

static int option(int fd, int level, int name) {
  int value = -1;
  socklen_t n = sizeof value;
  if (getsockopt(fd, level, name, &value, &n) < 0) return -errno;
  return value;
}

static void show_poll(const char *what, int fd) {
  struct pollfd p = {fd, POLLIN | POLLOUT | POLLRDHUP | POLLPRI, 0};
  int r = poll(&p, 1, 0);
  printf("%s: poll %d revents 0x%x\n", what, r, p.revents);
}

/** A port nobody listens on: bound by a socket that is closed again. */
static unsigned free_port(int family, int type) {
  int fd = socket(family, type, 0);
  address a = family == AF_INET ? ipv4("127.0.0.1", 0) : ipv6("::1", 0);
  bind(fd, &a.any, size_of(&a));
  unsigned port = port_of(&(address){.storage = local_name(fd).storage});
  close(fd);
  return port;
}

// ---- creation, names, binding ----

static void creation(void) {
  printf("== socket ==\n");
  int fd;
  TRY(fd = socket(AF_INET, SOCK_STREAM, 0));
  printf("type %d domain %d protocol %d\n", option(fd, SOL_SOCKET, SO_TYPE), option(fd, SOL_SOCKET, SO_DOMAIN),
         option(fd, SOL_SOCKET, SO_PROTOCOL));
  struct stat st;
  TRY(fstat(fd, &st));
  printf("S_ISSOCK %d\n", S_ISSOCK(st.st_mode));
  show_local("unbound stream", fd);
  show_peer("unbound stream", fd);
  show_poll("unbound stream", fd);
  close(fd);
  TRY(fd = socket(AF_INET6, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  printf("type %d domain %d protocol %d nonblock %d cloexec %d\n", option(fd, SOL_SOCKET, SO_TYPE),
         option(fd, SOL_SOCKET, SO_DOMAIN), option(fd, SOL_SOCKET, SO_PROTOCOL),
         (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0, fcntl(fd, F_GETFD) & FD_CLOEXEC);
  show_local("unbound datagram", fd);
  show_peer("unbound datagram", fd);
  show_poll("unbound datagram", fd);
  close(fd);
  TRY(fd = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
  close(fd);
  TRY(fd = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP));
  close(fd);
  TRY(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP));
  TRY(socket(AF_INET, SOCK_DGRAM, IPPROTO_TCP));
  TRY(socket(AF_INET, SOCK_SEQPACKET, 0));
  TRY(socket(AF_INET6, SOCK_STREAM, 99));
  int pair[2];
  TRY(socketpair(AF_INET, SOCK_STREAM, 0, pair));
}

static void binding(void) {
  printf("== bind ==\n");
  int a = socket(AF_INET, SOCK_STREAM, 0);
  address loop0 = ipv4("127.0.0.1", 0);
  TRY(bind(a, &loop0.any, sizeof loop0.v4));
  show_local("bound to port 0", a);
  TRY(bind(a, &loop0.any, sizeof loop0.v4));
  unsigned port = port_of(&(address){.storage = local_name(a).storage});
  int b = socket(AF_INET, SOCK_STREAM, 0);
  address same = ipv4("127.0.0.1", port);
  TRY(bind(b, &same.any, sizeof same.v4));
  address any_same = ipv4("0.0.0.0", port);
  TRY(bind(b, &any_same.any, sizeof any_same.v4));
  address other_loop = ipv4("127.0.0.2", port);
  TRY(bind(b, &other_loop.any, sizeof other_loop.v4));
  show_local("127.0.0.2 on the same port", b);
  close(b);
  b = socket(AF_INET6, SOCK_STREAM, 0);
  address v6any = ipv6("::", port);
  TRY(bind(b, &v6any.any, sizeof v6any.v6));
  int on = 1;
  TRY(setsockopt(b, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on));
  TRY(bind(b, &v6any.any, sizeof v6any.v6));
  show_local("[::] v6only on the same port", b);
  TRY(setsockopt(b, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on));
  close(b);
  // SO_REUSEADDR on both: a second bind succeeds until one of them listens.
  int r1 = socket(AF_INET, SOCK_STREAM, 0), r2 = socket(AF_INET, SOCK_STREAM, 0);
  TRY(setsockopt(r1, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on));
  TRY(setsockopt(r2, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on));
  TRY(bind(r1, &loop0.any, sizeof loop0.v4));
  address r1name = local_name(r1);
  TRY(bind(r2, &r1name.any, sizeof r1name.v4));
  TRY(listen(r1, 4));
  TRY(listen(r2, 4));
  close(r1);
  close(r2);
  // SO_REUSEPORT on both: both may listen.
  r1 = socket(AF_INET, SOCK_STREAM, 0);
  r2 = socket(AF_INET, SOCK_STREAM, 0);
  TRY(setsockopt(r1, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on));
  TRY(setsockopt(r2, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on));
  printf("SO_REUSEPORT %d\n", option(r2, SOL_SOCKET, SO_REUSEPORT));
  TRY(bind(r1, &loop0.any, sizeof loop0.v4));
  r1name = local_name(r1);
  TRY(bind(r2, &r1name.any, sizeof r1name.v4));
  TRY(listen(r1, 4));
  TRY(listen(r2, 4));
  close(r1);
  close(r2);
  // TCP and UDP ports are separate.
  int u = socket(AF_INET, SOCK_DGRAM, 0);
  TRY(bind(u, &same.any, sizeof same.v4));
  close(u);
  // Errors.
  int c = socket(AF_INET, SOCK_STREAM, 0);
  TRY(bind(c, &loop0.any, sizeof loop0.v4 - 1));
  address v6loop = ipv6("::1", 0);
  TRY(bind(c, &v6loop.any, sizeof v6loop.v6));
  address far = ipv4("192.0.2.1", 0);
  TRY(bind(c, &far.any, sizeof far.v4));
  address unspec = ipv4("0.0.0.0", 0);
  unspec.v4.sin_family = AF_UNSPEC;
  TRY(bind(c, &unspec.any, sizeof unspec.v4));
  show_local("AF_UNSPEC INADDR_ANY bind", c);
  close(c);
  c = socket(AF_INET6, SOCK_DGRAM, 0);
  TRY(bind(c, &loop0.any, sizeof loop0.v4));
  TRY(bind(c, &v6loop.any, sizeof v6loop.v6 - 5));
  address mapped = ipv6("::ffff:127.0.0.1", 0);
  TRY(bind(c, &mapped.any, sizeof mapped.v6));
  show_local("v4-mapped bind", c);
  close(c);
  close(a);
}

static void options(void) {
  printf("== options ==\n");
  int t = socket(AF_INET, SOCK_STREAM, 0), u = socket(AF_INET6, SOCK_DGRAM, 0);
  int on = 1, size = 4096;
  printf("TCP_NODELAY %d\n", option(t, IPPROTO_TCP, TCP_NODELAY));
  TRY(setsockopt(t, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on));
  printf("TCP_NODELAY %d\n", option(t, IPPROTO_TCP, TCP_NODELAY));
  TRY(setsockopt(t, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on));
  printf("SO_KEEPALIVE %d SO_REUSEADDR %d SO_ERROR %d SO_ACCEPTCONN %d\n", option(t, SOL_SOCKET, SO_KEEPALIVE),
         option(t, SOL_SOCKET, SO_REUSEADDR), option(t, SOL_SOCKET, SO_ERROR), option(t, SOL_SOCKET, SO_ACCEPTCONN));
  struct linger l = {1, 7}, back = {0, 0};
  socklen_t n = sizeof back;
  TRY(setsockopt(t, SOL_SOCKET, SO_LINGER, &l, sizeof l));
  TRY(getsockopt(t, SOL_SOCKET, SO_LINGER, &back, &n));
  printf("linger %d %d length %u\n", back.l_onoff, back.l_linger, (unsigned)n);
  TRY(setsockopt(t, SOL_SOCKET, SO_RCVBUF, &size, sizeof size));
  TRY(setsockopt(t, SOL_SOCKET, SO_SNDBUF, &size, sizeof size));
  printf("SO_RCVBUF %d SO_SNDBUF %d\n", option(t, SOL_SOCKET, SO_RCVBUF), option(t, SOL_SOCKET, SO_SNDBUF));
  printf("IPV6_V6ONLY on IPv4: %d\n", option(t, IPPROTO_IPV6, IPV6_V6ONLY));
  TRY(setsockopt(t, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on));
  printf("IPV6_V6ONLY %d\n", option(u, IPPROTO_IPV6, IPV6_V6ONLY));
  TRY(setsockopt(u, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on));
  printf("IPV6_V6ONLY %d\n", option(u, IPPROTO_IPV6, IPV6_V6ONLY));
  printf("TCP_NODELAY on UDP: %d\n", option(u, IPPROTO_TCP, TCP_NODELAY));
  TRY(setsockopt(u, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on));
  TRY(setsockopt(t, IPPROTO_TCP, TCP_NODELAY, &on, 2));
  printf("IP_TTL %d\n", option(t, IPPROTO_IP, IP_TTL));
  printf("SO_TYPE %d %d\n", option(t, SOL_SOCKET, SO_TYPE), option(u, SOL_SOCKET, SO_TYPE));
  close(t);
  close(u);
}

// ---- TCP ----

static int listener;
static char server_log[4096];
static size_t server_used;
static unsigned accepted_peer_port;

#define LOG(...) (server_used += (size_t)snprintf(server_log + server_used, sizeof server_log - server_used, __VA_ARGS__))

static void log_address(const char *what, const address *a, socklen_t n) {
  char text[INET6_ADDRSTRLEN] = "?";
  if (a->any.sa_family == AF_INET) inet_ntop(AF_INET, &a->v4.sin_addr, text, sizeof text);
  if (a->any.sa_family == AF_INET6) inet_ntop(AF_INET6, &a->v6.sin6_addr, text, sizeof text);
  LOG("%s: family %d length %u address %s\n", what, a->any.sa_family, (unsigned)n, text);
}

static unsigned char big[1 << 20];
/** The server's own buffer: the client fills big meanwhile. */
static unsigned char part[1 << 16];

/** The server thread: accepts connections and serves them one by one (see client()). */
static void *serve(void *argument) {
  (void)argument;
  for (int i = 0;; i++) {
    address peer;
    socklen_t n = sizeof peer;
    int fd = accept(listener, &peer.any, &n);
    if (fd < 0) {
      LOG("accept %d: %s\n", i, strerror(errno));
      return NULL;
    }
    log_address("accepted", &peer, n);
    accepted_peer_port = port_of(&peer);
    address mine;
    n = sizeof mine;
    getsockname(fd, &mine.any, &n);
    log_address("accepted socket's name", &mine, n);
    char request[64];
    ssize_t got = recv(fd, request, sizeof request - 1, 0);
    request[got < 0 ? 0 : got] = 0;
    LOG("request %zd [%s]\n", got, request);
    if (strcmp(request, "echo") == 0) {
      send(fd, "ECHO", 4, 0);
    } else if (strcmp(request, "count") == 0) {
      // A megabyte in pieces, then end of file.
      unsigned long total = 0, sum = 0;
      ssize_t r;
      while ((r = recv(fd, part, sizeof part, 0)) > 0) {
        for (ssize_t k = 0; k < r; k++) sum = sum * 31 + part[k];
        total += (unsigned long)r;
      }
      LOG("counted %lu bytes, checksum %lu, last recv %zd\n", total, sum, r);
      send(fd, "bye", 3, 0);
    } else if (strcmp(request, "reset") == 0) {
      // Data left unread when the socket closes: the peer gets a reset.
      struct pollfd p = {fd, POLLIN, 0};
      poll(&p, 1, -1);
      LOG("unread data waiting: %d\n", (p.revents & POLLIN) != 0);
    } else if (strcmp(request, "close") == 0) {
      send(fd, "closing", 7, 0);
    } else if (strcmp(request, "stop") == 0) {
      close(fd);
      return NULL;
    }
    close(fd);
  }
}

static int connect_to(const address *a) {
  int c = socket(a->any.sa_family, SOCK_STREAM, 0);
  if (connect(c, &a->any, size_of(a)) < 0) printf("connect: %s\n", strerror(errno));
  return c;
}

static void print_reply(int c) {
  char reply[64];
  ssize_t got = 0, r;
  while ((r = recv(c, reply + got, sizeof reply - 1 - (size_t)got, 0)) > 0) got += r;
  reply[got] = 0;
  printf("reply [%s], last recv %zd%s%s\n", reply, r, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
}

static void tcp(const char *loopback, int family) {
  printf("== TCP on %s ==\n", loopback);
  server_used = 0;
  listener = socket(family, SOCK_STREAM, 0);
  address where = family == AF_INET ? ipv4(loopback, 0) : ipv6(loopback, 0);
  TRY(bind(listener, &where.any, size_of(&where)));
  TRY(listen(listener, 8));
  printf("SO_ACCEPTCONN %d\n", option(listener, SOL_SOCKET, SO_ACCEPTCONN));
  address server = local_name(listener);
  show("listening", &server, size_of(&server));
  TRY(connect(listener, &server.any, size_of(&server)));
  pthread_t thread;
  pthread_create(&thread, NULL, serve, NULL);

  int c = connect_to(&server);
  show_local("client", c);
  show_peer("client's peer", c);
  address mine = local_name(c);
  printf("peer is the listener's port: %d\n", port_of(&(address){.storage = local_name(listener).storage}) ==
                                                  port_of(&server));
  TRY(connect(c, &server.any, size_of(&server)));
  TRY(send(c, "echo", 4, 0));
  print_reply(c);
  TRY(recv(c, big, 10, 0));
  show_poll("after the server closed", c);
  close(c);
  printf("accepted peer port is the client's: %d\n", accepted_peer_port == port_of(&mine));

  c = connect_to(&server);
  TRY(send(c, "count", 5, 0));
  usleep(100000);
  for (size_t i = 0; i < sizeof big; i++) big[i] = (unsigned char)(i * 7 + (i >> 11));
  TRY(send(c, big, sizeof big, 0));
  TRY(write(c, big, 4096));
  TRY(shutdown(c, SHUT_WR));
  TRY(send(c, "x", 1, MSG_NOSIGNAL));
  print_reply(c);
  close(c);

  c = connect_to(&server);
  TRY(send(c, "reset", 5, 0));
  usleep(100000);
  TRY(send(c, "unread", 6, 0));
  struct pollfd p = {c, POLLIN, 0};
  poll(&p, 1, -1);
  usleep(100000);
  show_poll("reset", c);
  print_reply(c);
  TRY(send(c, "x", 1, MSG_NOSIGNAL));
  close(c);

  c = connect_to(&server);
  TRY(send(c, "close", 5, 0));
  print_reply(c);
  TRY(send(c, "after", 5, MSG_NOSIGNAL));
  usleep(100000);
  TRY(send(c, "again", 5, MSG_NOSIGNAL));
  printf("SO_ERROR %d\n", option(c, SOL_SOCKET, SO_ERROR));
  close(c);

  // Non-blocking connect: EINPROGRESS, then writable with SO_ERROR 0.
  c = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
  TRY(connect(c, &server.any, size_of(&server)));
  p = (struct pollfd){c, POLLOUT, 0};
  TRY(poll(&p, 1, 5000));
  printf("revents 0x%x SO_ERROR %d\n", p.revents, option(c, SOL_SOCKET, SO_ERROR));
  TRY(connect(c, &server.any, size_of(&server)));
  TRY(send(c, "echo", 4, 0));
  p = (struct pollfd){c, POLLIN, 0};
  poll(&p, 1, 5000);
  usleep(100000);
  char buf[16] = {0};
  TRY(recv(c, buf, sizeof buf - 1, 0));
  printf("[%s]\n", buf);
  close(c);

  // select and epoll see a connection waiting on a listener.
  int quiet = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
  address quiet_address = family == AF_INET ? ipv4(loopback, 0) : ipv6(loopback, 0);
  bind(quiet, &quiet_address.any, size_of(&quiet_address));
  TRY(listen(quiet, 2));
  TRY(accept4(quiet, NULL, NULL, SOCK_NONBLOCK));
  quiet_address = local_name(quiet);
  int e = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7};
  TRY(epoll_ctl(e, EPOLL_CTL_ADD, quiet, &ev));
  TRY(epoll_wait(e, &ev, 1, 0));
  int waiting = socket(family, SOCK_STREAM, 0);
  TRY(connect(waiting, &quiet_address.any, size_of(&quiet_address)));
  ev.events = 0;
  TRY(epoll_wait(e, &ev, 1, 5000));
  printf("epoll events 0x%x data %u\n", ev.events, ev.data.u32);
  fd_set readable;
  FD_ZERO(&readable);
  FD_SET(quiet, &readable);
  struct timeval tv = {5, 0};
  TRY(select(quiet + 1, &readable, NULL, NULL, &tv));
  printf("selected %d\n", FD_ISSET(quiet, &readable));
  // (Not the number: Linux gives a blocked accept, the server thread's, its descriptor early.)
  int served = accept4(quiet, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
  printf("accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC: %s\n", served >= 0 ? "a descriptor" : strerror(errno));
  printf("accepted nonblock %d cloexec %d\n", (fcntl(served, F_GETFL) & O_NONBLOCK) != 0,
         fcntl(served, F_GETFD) & FD_CLOEXEC);
  show_poll("accepted, nothing sent", served);
  TRY(recv(served, buf, sizeof buf, 0));
  TRY(shutdown(waiting, SHUT_RDWR));
  usleep(100000);
  show_poll("accepted, peer shut down", served);
  TRY(recv(served, buf, sizeof buf, 0));
  close(served);
  close(waiting);
  close(e);
  close(quiet);

  c = connect_to(&server);
  TRY(send(c, "stop", 4, 0));
  close(c);
  pthread_join(thread, NULL);
  fputs(server_log, stdout);
  close(listener);

  // Nobody listens any more.
  c = socket(family, SOCK_STREAM, 0);
  TRY(connect(c, &server.any, size_of(&server)));
  printf("SO_ERROR %d\n", option(c, SOL_SOCKET, SO_ERROR));
  close(c);
  c = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
  TRY(connect(c, &server.any, size_of(&server)));
  p = (struct pollfd){c, POLLOUT, 0};
  TRY(poll(&p, 1, 5000));
  printf("revents 0x%x\n", p.revents);
  printf("SO_ERROR %d\n", option(c, SOL_SOCKET, SO_ERROR));
  printf("SO_ERROR %d\n", option(c, SOL_SOCKET, SO_ERROR));
  TRY(connect(c, &server.any, size_of(&server)));
  close(c);
}

static void tcp_errors(void) {
  printf("== TCP errors ==\n");
  int c = socket(AF_INET, SOCK_STREAM, 0);
  char buf[8];
  TRY(send(c, "x", 1, MSG_NOSIGNAL));
  TRY(recv(c, buf, sizeof buf, 0));
  TRY(shutdown(c, SHUT_RD));
  TRY(shutdown(c, 7));
  TRY(accept(c, NULL, NULL));
  address target = ipv4("127.0.0.1", free_port(AF_INET, SOCK_STREAM));
  TRY(connect(c, &target.any, sizeof target.v4 - 1));
  address v6 = ipv6("::1", 1);
  TRY(connect(c, &v6.any, sizeof v6.v6));
  TRY(sendto(c, "x", 1, MSG_NOSIGNAL, &target.any, sizeof target.v4));
  close(c);
  c = socket(AF_INET6, SOCK_STREAM, 0);
  TRY(connect(c, &target.any, sizeof target.v4));
  close(c);
  int l = socket(AF_INET, SOCK_STREAM, 0);
  TRY(listen(l, 1));
  show_local("listening without bind", l);
  TRY(recv(l, buf, sizeof buf, 0));
  TRY(shutdown(l, SHUT_RDWR));
  TRY(accept(l, NULL, NULL));
  close(l);
}

// ---- dual stack ----

static void dual_stack(void) {
  printf("== dual stack ==\n");
  int l = socket(AF_INET6, SOCK_STREAM, 0);
  address any = ipv6("::", 0);
  TRY(bind(l, &any.any, sizeof any.v6));
  TRY(listen(l, 4));
  unsigned port = port_of(&(address){.storage = local_name(l).storage});
  address v4 = ipv4("127.0.0.1", port);
  int c = socket(AF_INET, SOCK_STREAM, 0);
  TRY(connect(c, &v4.any, sizeof v4.v4));
  address peer;
  socklen_t n = sizeof peer;
  int s;
  TRY(s = accept(l, &peer.any, &n));
  show("accepted from an IPv4 client", &peer, n);
  show_local("accepted socket", s);
  show_local("IPv4 client", c);
  TRY(send(c, "mapped", 6, 0));
  char buf[16] = {0};
  TRY(recv(s, buf, sizeof buf - 1, 0));
  printf("[%s]\n", buf);
  close(s);
  close(c);
  // An IPv6 socket connecting to a v4-mapped address reaches an IPv4 listener.
  int l4 = socket(AF_INET, SOCK_STREAM, 0);
  address loop = ipv4("127.0.0.1", 0);
  bind(l4, &loop.any, sizeof loop.v4);
  listen(l4, 4);
  address mapped = ipv6("::ffff:127.0.0.1", port_of(&(address){.storage = local_name(l4).storage}));
  c = socket(AF_INET6, SOCK_STREAM, 0);
  TRY(connect(c, &mapped.any, sizeof mapped.v6));
  show_local("IPv6 client of an IPv4 listener", c);
  show_peer("its peer", c);
  n = sizeof peer;
  TRY(s = accept(l4, &peer.any, &n));
  show("accepted from a v4-mapped client", &peer, n);
  close(s);
  close(c);
  close(l4);
  close(l);
  // IPV6_V6ONLY: IPv4 clients are refused.
  l = socket(AF_INET6, SOCK_STREAM, 0);
  int on = 1;
  setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  TRY(bind(l, &any.any, sizeof any.v6));
  TRY(listen(l, 4));
  v4 = ipv4("127.0.0.1", port_of(&(address){.storage = local_name(l).storage}));
  c = socket(AF_INET, SOCK_STREAM, 0);
  TRY(connect(c, &v4.any, sizeof v4.v4));
  close(c);
  c = socket(AF_INET6, SOCK_STREAM, 0);
  TRY(setsockopt(c, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on));
  address as_mapped = ipv6("::ffff:127.0.0.1", port_of(&v4));
  TRY(connect(c, &as_mapped.any, sizeof as_mapped.v6));
  close(c);
  close(l);
}

// ---- UDP ----

static void udp(const char *loopback, int family) {
  printf("== UDP on %s ==\n", loopback);
  int s = socket(family, SOCK_DGRAM, 0);
  address where = family == AF_INET ? ipv4(loopback, 0) : ipv6(loopback, 0);
  TRY(bind(s, &where.any, size_of(&where)));
  address server = local_name(s);
  int c = socket(family, SOCK_DGRAM, 0);
  TRY(sendto(c, "first", 5, 0, &server.any, size_of(&server)));
  show_local("client after sendto", c);
  address client = local_name(c);
  address from;
  socklen_t n = sizeof from;
  char buf[64] = {0};
  TRY(recvfrom(s, buf, sizeof buf - 1, 0, &from.any, &n));
  show("from", &from, n);
  printf("[%s] from the client's port: %d\n", buf, port_of(&from) == port_of(&client));
  TRY(sendto(c, "", 0, 0, &server.any, size_of(&server)));
  n = sizeof from;
  TRY(recvfrom(s, buf, sizeof buf, 0, &from.any, &n));
  TRY(sendto(c, "0123456789", 10, 0, &server.any, size_of(&server)));
  TRY(recv(s, buf, 4, MSG_PEEK));
  TRY(recv(s, buf, 4, MSG_TRUNC));
  TRY(recv(s, buf, sizeof buf, MSG_DONTWAIT));
  // sendmsg and recvmsg with names.
  struct iovec v[2] = {{"two ", 4}, {"parts", 5}};
  struct msghdr m = {.msg_name = &server, .msg_namelen = size_of(&server), .msg_iov = v, .msg_iovlen = 2};
  TRY(sendmsg(c, &m, 0));
  char data[4];
  struct iovec rv = {data, sizeof data};
  address name;
  memset(&name, 0, sizeof name);
  struct msghdr rm = {.msg_name = &name, .msg_namelen = sizeof name, .msg_iov = &rv, .msg_iovlen = 1};
  TRY(recvmsg(s, &rm, 0));
  printf("[%.4s] flags 0x%x namelen %u same port %d\n", data, rm.msg_flags, (unsigned)rm.msg_namelen,
         port_of(&name) == port_of(&client));
  TRY(send(c, "no address", 10, 0));
  // Connected: send without an address, replies only from the peer.
  TRY(connect(c, &server.any, size_of(&server)));
  show_peer("connected client's peer", c);
  TRY(send(c, "connected", 9, 0));
  n = sizeof from;
  TRY(recvfrom(s, buf, sizeof buf, 0, &from.any, &n));
  TRY(sendto(s, "reply", 5, 0, &from.any, n));
  memset(buf, 0, sizeof buf);
  TRY(recv(c, buf, sizeof buf - 1, 0));
  printf("[%s]\n", buf);
  int stranger = socket(family, SOCK_DGRAM, 0);
  TRY(sendto(stranger, "stranger", 8, 0, &client.any, size_of(&client)));
  TRY(recv(c, buf, sizeof buf, MSG_DONTWAIT));
  close(stranger);
  TRY(sendto(c, "override", 8, 0, &server.any, size_of(&server)));
  TRY(recv(s, buf, sizeof buf, MSG_DONTWAIT));
  show_poll("server, nothing queued", s);
  TRY(send(c, "ready", 5, 0));
  show_poll("server, one queued", s);
  TRY(recv(s, buf, sizeof buf, 0));
  // Too large for one datagram.
  static char huge[70000];
  TRY(send(c, huge, family == AF_INET ? 65508 : 65528, 0));
  TRY(send(c, huge, family == AF_INET ? 65507 : 65527, 0));
  TRY(recv(s, huge, sizeof huge, 0));
  // Disconnect with AF_UNSPEC.
  address unspec;
  memset(&unspec, 0, sizeof unspec);
  unspec.any.sa_family = AF_UNSPEC;
  TRY(connect(c, &unspec.any, sizeof unspec.v4));
  show_peer("disconnected", c);
  // A connected socket whose peer has no socket learns it: ECONNREFUSED.
  address nobody = family == AF_INET ? ipv4(loopback, free_port(family, SOCK_DGRAM))
                                     : ipv6(loopback, free_port(family, SOCK_DGRAM));
  TRY(sendto(c, "lost", 4, 0, &nobody.any, size_of(&nobody)));
  TRY(recv(c, buf, sizeof buf, MSG_DONTWAIT));
  TRY(connect(c, &nobody.any, size_of(&nobody)));
  TRY(send(c, "refused", 7, 0));
  show_poll("refused", c);
  TRY(recv(c, buf, sizeof buf, MSG_DONTWAIT));
  TRY(recv(c, buf, sizeof buf, MSG_DONTWAIT));
  TRY(listen(c, 1));
  TRY(accept(c, NULL, NULL));
  TRY(shutdown(c, SHUT_RD));
  show_poll("shut for reading", c);
  close(c);
  int u = socket(family, SOCK_DGRAM, 0);
  TRY(shutdown(u, SHUT_WR));
  TRY(send(u, "x", 1, 0));
  close(u);
  // SO_REUSEADDR: two sockets on one UDP port.
  int r1 = socket(family, SOCK_DGRAM, 0), r2 = socket(family, SOCK_DGRAM, 0);
  int on = 1;
  setsockopt(r1, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  TRY(bind(r1, &where.any, size_of(&where)));
  address r1name = local_name(r1);
  TRY(bind(r2, &r1name.any, size_of(&r1name)));
  setsockopt(r2, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  TRY(bind(r2, &r1name.any, size_of(&r1name)));
  close(r1);
  close(r2);
  close(s);
}

/** UDP between two threads: the reader blocks in recvfrom until the writer sends. */
static int udp_reader_socket;
static void *udp_reader(void *argument) {
  (void)argument;
  static char log[256];
  char buf[32] = {0};
  address from;
  socklen_t n = sizeof from;
  ssize_t r = recvfrom(udp_reader_socket, buf, sizeof buf - 1, 0, &from.any, &n);
  snprintf(log, sizeof log, "reader thread: %zd [%s] family %d\n", r, buf, from.any.sa_family);
  return log;
}

static void udp_threads(void) {
  printf("== UDP between threads ==\n");
  udp_reader_socket = socket(AF_INET6, SOCK_DGRAM, 0);
  address where = ipv6("::", 0);
  bind(udp_reader_socket, &where.any, sizeof where.v6);
  pthread_t thread;
  pthread_create(&thread, NULL, udp_reader, NULL);
  usleep(100000);
  address to = ipv4("127.0.0.1", port_of(&(address){.storage = local_name(udp_reader_socket).storage}));
  int c = socket(AF_INET, SOCK_DGRAM, 0);
  TRY(sendto(c, "over v4", 7, 0, &to.any, sizeof to.v4));
  void *log;
  pthread_join(thread, &log);
  fputs(log, stdout);
  close(c);
  close(udp_reader_socket);
}

static void show_epoll(const char *what, int e) {
  struct epoll_event ev = {0};
  int n = epoll_wait(e, &ev, 1, 0);
  printf("%s: epoll_wait %d events 0x%x data %u\n", what, n, n > 0 ? ev.events : 0, n > 0 ? ev.data.u32 : 0);
}

/** EPOLLET: each new arrival is reported again, even before what came earlier is read. */
static void edge_triggered(void) {
  printf("== epoll edge-triggered ==\n");
  int l = socket(AF_INET, SOCK_STREAM, 0);
  address a = ipv4("127.0.0.1", 0);
  bind(l, &a.any, sizeof a.v4);
  listen(l, 4);
  a = local_name(l);
  int e = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u32 = 1};
  epoll_ctl(e, EPOLL_CTL_ADD, l, &ev);
  int c = socket(AF_INET, SOCK_STREAM, 0);
  connect(c, &a.any, sizeof a.v4);
  show_epoll("listener, one connection", e);
  show_epoll("listener, nothing new", e);
  int c2 = socket(AF_INET, SOCK_STREAM, 0);
  connect(c2, &a.any, sizeof a.v4);
  show_epoll("listener, a second connection", e);
  int s = accept(l, NULL, NULL);
  int s2 = accept(l, NULL, NULL);
  epoll_ctl(e, EPOLL_CTL_DEL, l, NULL);
  ev = (struct epoll_event){.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.u32 = 2};
  epoll_ctl(e, EPOLL_CTL_ADD, c, &ev);
  show_epoll("client, writable", e);
  show_epoll("client, nothing new", e);
  send(s, "a", 1, 0);
  show_epoll("client, data", e);
  show_epoll("client, nothing new", e);
  send(s, "b", 1, 0);
  show_epoll("client, more data unread", e);
  char buf[8];
  printf("recv %zd\n", recv(c, buf, sizeof buf, 0));
  show_epoll("client, read", e);
  shutdown(s, SHUT_WR);
  show_epoll("client, end of data", e);
  show_epoll("client, nothing new", e);
  close(e);
  close(s2);
  close(c2);
  close(s);
  close(c);
  close(l);
  e = epoll_create1(0);
  int u = socket(AF_INET6, SOCK_DGRAM, 0);
  address b = ipv6("::1", 0);
  bind(u, &b.any, sizeof b.v6);
  b = local_name(u);
  ev = (struct epoll_event){.events = EPOLLIN | EPOLLET, .data.u32 = 3};
  epoll_ctl(e, EPOLL_CTL_ADD, u, &ev);
  show_epoll("datagram socket, empty", e);
  sendto(u, "x", 1, 0, &b.any, sizeof b.v6);
  show_epoll("datagram socket, one datagram", e);
  sendto(u, "y", 1, 0, &b.any, sizeof b.v6);
  show_epoll("datagram socket, another", e);
  show_epoll("datagram socket, nothing new", e);
  close(u);
  close(e);
}

/** The line of /proc/net/FILE whose inode is the socket's: its stable columns (ports as '*'). */
static void proc_net_line(const char *file, int fd) {
  struct stat st;
  fstat(fd, &st);
  char path[64], line[512];
  snprintf(path, sizeof path, "/proc/net/%s", file);
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    printf("%s: %s\n", path, strerror(errno));
    return;
  }
  int found = 0;
  while (fgets(line, sizeof line, f)) {
    char local[64], remote[64], state[8], queues[32];
    unsigned long inode;
    if (sscanf(line, "%*s %63s %63s %7s %31s %*s %*s %*s %*s %lu", local, remote, state, queues, &inode) != 5) continue;
    if (inode != st.st_ino) continue;
    char *port = strchr(local, ':');
    if (port) strcpy(port + 1, "*");
    port = strchr(remote, ':');
    if (port && strcmp(port + 1, "0000") != 0) strcpy(port + 1, "*");
    // rx_queue: bytes unread (TCP) or their memory (UDP), connections waiting (listener).
    unsigned long rx = strtoul(strchr(queues, ':') + 1, NULL, 16);
    printf("%s: %s %s %s rx %s\n", file, local, remote, state, rx == 0 ? "0" : rx <= 3 ? "1-3" : "more");
    found = 1;
  }
  if (!found) printf("%s: no line\n", file);
  fclose(f);
}

/** The run's sockets in /proc/net/{tcp,tcp6,udp,udp6}. */
static void proc_net(void) {
  printf("== /proc/net ==\n");
  int l = socket(AF_INET, SOCK_STREAM, 0);
  address a = ipv4("127.0.0.1", 0);
  bind(l, &a.any, sizeof a.v4);
  listen(l, 5);
  proc_net_line("tcp", l);
  a = local_name(l);
  int c = socket(AF_INET, SOCK_STREAM, 0);
  connect(c, &a.any, sizeof a.v4);
  proc_net_line("tcp", l);
  int s = accept(l, NULL, NULL);
  send(c, "abc", 3, 0);
  proc_net_line("tcp", s);
  proc_net_line("tcp", c);
  close(c);
  proc_net_line("tcp", s);
  int bound = socket(AF_INET, SOCK_STREAM, 0);
  address b = ipv4("127.0.0.1", 0);
  bind(bound, &b.any, sizeof b.v4);
  proc_net_line("tcp", bound);
  int u = socket(AF_INET, SOCK_DGRAM, 0);
  bind(u, &b.any, sizeof b.v4);
  b = local_name(u);
  sendto(u, "xy", 2, 0, &b.any, sizeof b.v4);
  proc_net_line("udp", u);
  int u6 = socket(AF_INET6, SOCK_DGRAM, 0);
  address b6 = ipv6("::1", 0);
  bind(u6, &b6.any, sizeof b6.v6);
  proc_net_line("udp6", u6);
  proc_net_line("udp", u6);
  int l6 = socket(AF_INET6, SOCK_STREAM, 0);
  address any6 = ipv6("::", 0);
  bind(l6, &any6.any, sizeof any6.v6);
  listen(l6, 3);
  proc_net_line("tcp6", l6);
  int unbound = socket(AF_INET6, SOCK_DGRAM, 0);
  proc_net_line("udp6", unbound);
  close(unbound);
  close(l6);
  close(u6);
  close(u);
  close(bound);
  close(s);
  close(l);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  signal(SIGPIPE, SIG_IGN);
  creation();
  binding();
  options();
  tcp("127.0.0.1", AF_INET);
  tcp("::1", AF_INET6);
  tcp_errors();
  dual_stack();
  udp("127.0.0.1", AF_INET);
  udp("::1", AF_INET6);
  udp_threads();
  proc_net();
  edge_triggered();
  return 0;
}
