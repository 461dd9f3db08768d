// A client of a server outside the run (tests/kernel/host-network.test.ts starts it in Node):
// TCP over the host's loopback, blocking and non-blocking connects, poll on the host socket,
// half-close, the server's close, and connections refused by the host; then UDP to a host
// process's socket (sendto/recvfrom, connect/send/recv) and to a port nobody holds. Usage:
// inet-host PORT CLOSED-PORT UDP-PORT [v6]. Ports change from run to run: only comparisons are
// printed.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TRY(expr)                                                                                  \
  do {                                                                                             \
    errno = 0;                                                                                     \
    long r_ = (long)(expr);                                                                        \
    printf("%-56s -> %ld%s%s\n", #expr, r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(errno) : "");     \
  } while (0)

static struct sockaddr_storage server;
static socklen_t server_length;
static int family;

static void set_address(const char *text, unsigned port) {
  memset(&server, 0, sizeof server);
  if (family == AF_INET6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&server;
    a->sin6_family = AF_INET6;
    a->sin6_port = htons((unsigned short)port);
    inet_pton(AF_INET6, text, &a->sin6_addr);
    server_length = sizeof *a;
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)&server;
    a->sin_family = AF_INET;
    a->sin_port = htons((unsigned short)port);
    inet_pton(AF_INET, text, &a->sin_addr);
    server_length = sizeof *a;
  }
}

static void show_names(int fd, unsigned port) {
  struct sockaddr_storage a;
  socklen_t n = sizeof a;
  char text[INET6_ADDRSTRLEN] = "?";
  getsockname(fd, (struct sockaddr *)&a, &n);
  unsigned local = ntohs(a.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&a)->sin6_port : ((struct sockaddr_in *)&a)->sin_port);
  inet_ntop(a.ss_family, a.ss_family == AF_INET6 ? (void *)&((struct sockaddr_in6 *)&a)->sin6_addr : (void *)&((struct sockaddr_in *)&a)->sin_addr, text, sizeof text);
  printf("local: family %d length %u address %s port %s\n", a.ss_family, (unsigned)n, text, local ? "non-zero" : "0");
  n = sizeof a;
  TRY(getpeername(fd, (struct sockaddr *)&a, &n));
  unsigned remote = ntohs(a.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&a)->sin6_port : ((struct sockaddr_in *)&a)->sin_port);
  printf("peer: family %d length %u, the server's port: %d\n", a.ss_family, (unsigned)n, remote == port);
}

/** Reads until `want` bytes or end of file, waiting in poll first. */
static void read_reply(int fd, size_t want) {
  char reply[128];
  size_t got = 0;
  ssize_t r = 1;
  while (got < want && r > 0) {
    struct pollfd p = {fd, POLLIN, 0};
    poll(&p, 1, 10000);
    r = recv(fd, reply + got, sizeof reply - 1 - got, 0);
    if (r > 0) got += (size_t)r;
  }
  reply[got] = 0;
  printf("reply [%s]%s%s\n", reply, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  if (argc < 4) return 2;
  unsigned port = (unsigned)atoi(argv[1]), closed = (unsigned)atoi(argv[2]), udp = (unsigned)atoi(argv[3]);
  family = argc > 4 ? AF_INET6 : AF_INET;
  const char *loopback = family == AF_INET6 ? "::1" : "127.0.0.1";
  set_address(loopback, port);

  printf("== blocking connect ==\n");
  int c = socket(family, SOCK_STREAM, 0);
  TRY(connect(c, (struct sockaddr *)&server, server_length));
  show_names(c, port);
  TRY(send(c, "hello", 5, 0));
  read_reply(c, 5);
  TRY(write(c, "again", 5));
  read_reply(c, 5);
  TRY(shutdown(c, SHUT_WR));
  read_reply(c, 100);
  TRY(recv(c, (char[8]){0}, 8, 0));
  close(c);

  printf("== non-blocking connect ==\n");
  c = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
  TRY(connect(c, (struct sockaddr *)&server, server_length));
  struct pollfd p = {c, POLLOUT, 0};
  TRY(poll(&p, 1, 10000));
  int error = -1;
  socklen_t n = sizeof error;
  getsockopt(c, SOL_SOCKET, SO_ERROR, &error, &n);
  printf("revents 0x%x SO_ERROR %d\n", p.revents, error);
  TRY(connect(c, (struct sockaddr *)&server, server_length));
  TRY(connect(c, (struct sockaddr *)&server, server_length));
  TRY(recv(c, (char[8]){0}, 8, 0));
  TRY(send(c, "close", 5, 0));
  read_reply(c, 100);
  close(c);

  printf("== refused ==\n");
  set_address(loopback, closed);
  c = socket(family, SOCK_STREAM, 0);
  TRY(connect(c, (struct sockaddr *)&server, server_length));
  close(c);
  c = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
  TRY(connect(c, (struct sockaddr *)&server, server_length));
  p = (struct pollfd){c, POLLOUT, 0};
  TRY(poll(&p, 1, 10000));
  getsockopt(c, SOL_SOCKET, SO_ERROR, &error, &n);
  printf("revents 0x%x SO_ERROR %d\n", p.revents, error);
  TRY(connect(c, (struct sockaddr *)&server, server_length));
  close(c);

  printf("== a large reply ==\n");
  set_address(loopback, port);
  c = socket(family, SOCK_STREAM, 0);
  TRY(connect(c, (struct sockaddr *)&server, server_length));
  TRY(send(c, "big", 3, 0));
  {
    static unsigned char part[65536];
    unsigned long total = 0, sum = 0;
    ssize_t r;
    while ((r = recv(c, part, sizeof part, 0)) > 0) {
      for (ssize_t k = 0; k < r; k++) sum = sum * 31 + part[k];
      total += (unsigned long)r;
    }
    printf("%lu bytes, checksum %lu, last recv %zd\n", total, sum, r);
  }
  close(c);

  printf("== ports the host holds ==\n");
  set_address(loopback, port);
  int b = socket(family, SOCK_STREAM, 0);
  TRY(bind(b, (struct sockaddr *)&server, server_length));
  int on = 1;
  setsockopt(b, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  TRY(bind(b, (struct sockaddr *)&server, server_length));
  close(b);
  set_address(loopback, udp);
  b = socket(family, SOCK_DGRAM, 0);
  TRY(bind(b, (struct sockaddr *)&server, server_length));
  close(b);

  printf("== UDP ==\n");
  set_address(loopback, udp);
  int u = socket(family, SOCK_DGRAM, 0);
  TRY(sendto(u, "ping", 4, 0, (struct sockaddr *)&server, server_length));
  char reply[64] = {0};
  struct sockaddr_storage from;
  socklen_t from_length = sizeof from;
  p = (struct pollfd){u, POLLIN, 0};
  TRY(poll(&p, 1, 10000));
  TRY(recvfrom(u, reply, sizeof reply - 1, 0, (struct sockaddr *)&from, &from_length));
  unsigned from_port = ntohs(from.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&from)->sin6_port
                                                        : ((struct sockaddr_in *)&from)->sin_port);
  printf("[%s] from family %d length %u, the server's port: %d\n", reply, from.ss_family, (unsigned)from_length,
         from_port == udp);
  TRY(connect(u, (struct sockaddr *)&server, server_length));
  TRY(send(u, "again", 5, 0));
  memset(reply, 0, sizeof reply);
  TRY(poll(&p, 1, 10000));
  TRY(recv(u, reply, sizeof reply - 1, 0));
  printf("[%s]\n", reply);
  close(u);
  // Nobody holds the closed port: a connected socket hears of it.
  set_address(loopback, closed);
  u = socket(family, SOCK_DGRAM, 0);
  TRY(connect(u, (struct sockaddr *)&server, server_length));
  TRY(send(u, "lost", 4, 0));
  usleep(100000);
  TRY(recv(u, reply, sizeof reply, MSG_DONTWAIT));
  close(u);
  return 0;
}
