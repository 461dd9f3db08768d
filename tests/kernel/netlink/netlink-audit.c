// NETLINK_AUDIT as a process without CAP_AUDIT_WRITE and CAP_AUDIT_CONTROL sees it (what Miros
// gives its processes): port ids, the EPERM acknowledgements of user and control messages,
// EINVAL for an unknown type, NLM_F_ACK, MSG_PEEK, several messages in one send, names.
// tests/kernel/netlink.test.ts runs it natively under setpriv (those capabilities dropped) and
// under Miros.
#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TRY(expr)                                                                                  \
  do {                                                                                             \
    errno = 0;                                                                                     \
    long r_ = (long)(expr);                                                                        \
    printf("%-60s -> %ld%s%s\n", #expr, r_, r_ < 0 ? " " : "", r_ < 0 ? strerror(errno) : "");     \
  } while (0)

static void show_name(int fd, const char *what) {
  struct sockaddr_nl a;
  memset(&a, 0x55, sizeof a);
  socklen_t n = sizeof a;
  getsockname(fd, (struct sockaddr *)&a, &n);
  printf("%s: family %d length %u pid %s groups %u\n", what, a.nl_family, (unsigned)n,
         a.nl_pid == 0 ? "0" : a.nl_pid == (unsigned)getpid() ? "getpid()" : "other", a.nl_groups);
}

static int put(char *buffer, int type, int flags, int seq, const char *text) {
  struct nlmsghdr *h = (struct nlmsghdr *)buffer;
  size_t length = strlen(text) + 1;
  h->nlmsg_len = (unsigned)NLMSG_LENGTH(length);
  h->nlmsg_type = (unsigned short)type;
  h->nlmsg_flags = (unsigned short)flags;
  h->nlmsg_seq = (unsigned)seq;
  h->nlmsg_pid = 0;
  memcpy(NLMSG_DATA(h), text, length);
  return (int)NLMSG_ALIGN(h->nlmsg_len);
}

static void read_answers(int fd) {
  char buffer[8192];
  struct pollfd p = {fd, POLLIN, 0};
  while (poll(&p, 1, 200) == 1) {
    struct sockaddr_nl from;
    socklen_t n = sizeof from;
    ssize_t got = recvfrom(fd, buffer, sizeof buffer, MSG_DONTWAIT, (struct sockaddr *)&from, &n);
    if (got < 0) break;
    printf("datagram of %zd bytes from family %d pid %u (name length %u)\n", got, from.nl_family, from.nl_pid,
           (unsigned)n);
    for (struct nlmsghdr *h = (struct nlmsghdr *)buffer; NLMSG_OK(h, (size_t)got); h = NLMSG_NEXT(h, got)) {
      printf("  type %d flags 0x%x seq %u pid %s", h->nlmsg_type, h->nlmsg_flags, h->nlmsg_seq,
             h->nlmsg_pid == (unsigned)getpid() ? "getpid()" : "other");
      if (h->nlmsg_type == NLMSG_ERROR) {
        struct nlmsgerr *e = NLMSG_DATA(h);
        printf(" error %d (%s) echoed type %d length %u", e->error, strerror(-e->error), e->msg.nlmsg_type,
               e->msg.nlmsg_len);
      }
      printf(" total %u\n", h->nlmsg_len);
    }
  }
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int fd;
  TRY(fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT));
  show_name(fd, "new");
  int type = 0, protocol = 0;
  socklen_t n = sizeof type;
  getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &n);
  getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &n);
  printf("SO_TYPE %d SO_PROTOCOL %d\n", type, protocol);
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  char buffer[1024];
  int length = put(buffer, 1101 /* AUDIT_USER_ACCT */, NLM_F_REQUEST | NLM_F_ACK, 1, "op=display aging info id=0 exe=\"/usr/bin/chage\" res=success");
  TRY(sendto(fd, buffer, (size_t)length, 0, (struct sockaddr *)&kernel, sizeof kernel));
  show_name(fd, "after a send");
  struct pollfd p = {fd, POLLIN, 0};
  TRY(poll(&p, 1, 500));
  TRY(recv(fd, buffer, sizeof buffer, MSG_PEEK | MSG_DONTWAIT));
  read_answers(fd);
  TRY(recv(fd, buffer, sizeof buffer, MSG_DONTWAIT));
  // Without NLM_F_ACK an error is still acknowledged; several messages in one datagram.
  length = put(buffer, 1112 /* AUDIT_USER_LOGIN */, NLM_F_REQUEST, 2, "op=login");
  length += put(buffer + length, AUDIT_GET, NLM_F_REQUEST | NLM_F_ACK, 3, "");
  length += put(buffer + length, 999, NLM_F_REQUEST, 4, "unknown");
  TRY(send(fd, buffer, (size_t)length, 0));
  read_answers(fd);
  // A short header ends the datagram.
  TRY(send(fd, buffer, 8, 0));
  read_answers(fd);
  struct sockaddr_nl elsewhere = {.nl_family = AF_NETLINK, .nl_pid = 12345};
  TRY(sendto(fd, buffer, 16, 0, (struct sockaddr *)&elsewhere, sizeof elsewhere));
  TRY(sendto(fd, buffer, 16, 0, (struct sockaddr *)&kernel, 4));
  int second;
  TRY(second = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_AUDIT));
  struct sockaddr_nl any = {.nl_family = AF_NETLINK};
  TRY(bind(second, (struct sockaddr *)&any, sizeof any));
  show_name(second, "second, bound to 0");
  struct sockaddr_nl mine = {.nl_family = AF_NETLINK, .nl_pid = (unsigned)getpid()};
  int third = socket(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT);
  TRY(bind(third, (struct sockaddr *)&mine, sizeof mine));
  TRY(socketpair(AF_NETLINK, SOCK_RAW, NETLINK_AUDIT, (int[2]){0, 0}));
  TRY(socket(AF_NETLINK, SOCK_STREAM, NETLINK_AUDIT));
  close(third);
  close(second);
  close(fd);
  return 0;
}
