// A server in the run for clients outside it (tests/kernel/host-network.test.ts connects from
// Node): listens on the loopback address, says its port on stderr, and serves two connections —
// a line echoed in upper case, then the client's end of data; then a client that sends and ends
// at once; then a UDP datagram, answered from the port it came to. Usage: inet-host-server [v6].
// Only comparisons of ports are printed on stdout.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static unsigned port_of(const struct sockaddr_storage *a) {
  return ntohs(a->ss_family == AF_INET6 ? ((const struct sockaddr_in6 *)a)->sin6_port
                                        : ((const struct sockaddr_in *)a)->sin_port);
}

static const char *text_of(const struct sockaddr_storage *a, char *text, size_t size) {
  inet_ntop(a->ss_family,
            a->ss_family == AF_INET6 ? (const void *)&((const struct sockaddr_in6 *)a)->sin6_addr
                                     : (const void *)&((const struct sockaddr_in *)a)->sin_addr,
            text, (socklen_t)size);
  return text;
}

/** Reads until `stop` is seen or end of data; returns the bytes. */
static size_t read_until(int fd, char *buffer, size_t size, char stop) {
  size_t got = 0;
  for (;;) {
    ssize_t r = recv(fd, buffer + got, size - 1 - got, 0);
    if (r <= 0) {
      printf("recv -> %zd%s%s\n", r, r < 0 ? " " : "", r < 0 ? strerror(errno) : "");
      break;
    }
    got += (size_t)r;
    if (stop && memchr(buffer, stop, got)) break;
  }
  buffer[got] = 0;
  return got;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int family = argc > 1 ? AF_INET6 : AF_INET;
  int l = socket(family, SOCK_STREAM, 0);
  struct sockaddr_storage a;
  memset(&a, 0, sizeof a);
  socklen_t n;
  if (family == AF_INET6) {
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&a;
    v6->sin6_family = AF_INET6;
    v6->sin6_addr = in6addr_loopback;
    n = sizeof *v6;
  } else {
    struct sockaddr_in *v4 = (struct sockaddr_in *)&a;
    v4->sin_family = AF_INET;
    v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    n = sizeof *v4;
  }
  if (bind(l, (struct sockaddr *)&a, n) < 0 || listen(l, 4) < 0) return 1;
  n = sizeof a;
  getsockname(l, (struct sockaddr *)&a, &n);
  unsigned port = port_of(&a);
  int u = socket(family, SOCK_DGRAM, 0);
  struct sockaddr_storage ua = a;
  if (family == AF_INET6) ((struct sockaddr_in6 *)&ua)->sin6_port = 0;
  else ((struct sockaddr_in *)&ua)->sin_port = 0;
  if (bind(u, (struct sockaddr *)&ua, n) < 0) return 1;
  socklen_t un = sizeof ua;
  getsockname(u, (struct sockaddr *)&ua, &un);
  fprintf(stderr, "port %u udp %u\n", port, port_of(&ua));
  char text[INET6_ADDRSTRLEN], buffer[256];
  for (int i = 0; i < 2; i++) {
    struct sockaddr_storage peer;
    n = sizeof peer;
    int fd = accept(l, (struct sockaddr *)&peer, &n);
    if (fd < 0) {
      printf("accept: %s\n", strerror(errno));
      return 1;
    }
    printf("connection %d from family %d length %u address %s port %s\n", i, peer.ss_family, (unsigned)n,
           text_of(&peer, text, sizeof text), port_of(&peer) ? "non-zero" : "0");
    struct sockaddr_storage mine;
    n = sizeof mine;
    getsockname(fd, (struct sockaddr *)&mine, &n);
    printf("accepted socket: address %s, the listening port: %d\n", text_of(&mine, text, sizeof text),
           port_of(&mine) == port);
    if (i == 0) {
      size_t got = read_until(fd, buffer, sizeof buffer, '\n');
      printf("request %zu bytes [%.*s]\n", got, (int)(got ? got - 1 : 0), buffer);
      for (size_t k = 0; k < got; k++)
        if (buffer[k] >= 'a' && buffer[k] <= 'z') buffer[k] = (char)(buffer[k] - 32);
      printf("send -> %zd\n", send(fd, buffer, got, 0));
      got = read_until(fd, buffer, sizeof buffer, 0);
      printf("then %zu bytes until the client's end\n", got);
      printf("send -> %zd\n", send(fd, "bye\n", 4, 0));
    } else {
      struct pollfd p = {fd, POLLIN | POLLRDHUP, 0};
      // The client has sent and ended: both are there to see.
      while (poll(&p, 1, 10000) == 1 && !(p.revents & POLLRDHUP)) usleep(10000);
      printf("poll revents 0x%x\n", p.revents);
      size_t got = read_until(fd, buffer, sizeof buffer, 0);
      printf("request %zu bytes [%s]\n", got, buffer);
      printf("shutdown -> %d\n", shutdown(fd, SHUT_WR));
    }
    close(fd);
  }
  close(l);
  struct sockaddr_storage from;
  socklen_t from_length = sizeof from;
  ssize_t got = recvfrom(u, buffer, sizeof buffer - 1, 0, (struct sockaddr *)&from, &from_length);
  buffer[got < 0 ? 0 : got] = 0;
  printf("datagram %zd [%s] from family %d length %u address %s\n", got, buffer, from.ss_family,
         (unsigned)from_length, text_of(&from, text, sizeof text));
  printf("sendto -> %zd\n", sendto(u, "PONG", 4, 0, (struct sockaddr *)&from, from_length));
  close(u);
  return 0;
}
