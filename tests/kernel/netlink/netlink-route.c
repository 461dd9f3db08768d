// NETLINK_ROUTE's dumps (RTM_GETLINK, RTM_GETADDR) and what glibc builds on them: getifaddrs,
// getaddrinfo with AI_ADDRCONFIG, if_nameindex. tests/kernel/netlink.test.ts runs it natively,
// under Miros (Miros libc: its own getifaddrs, the kernel's dumps read here directly) and with
// --system-ldso (glibc's functions over Miros's netlink). Counters and times are not printed.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int seq = 100;

static void hex(const unsigned char *p, int n) {
  for (int i = 0; i < n; i++) printf("%s%02x", i ? ":" : "", p[i]);
}

static void show_link(struct nlmsghdr *h) {
  struct ifinfomsg *info = NLMSG_DATA(h);
  printf("link %d type %u flags 0x%x:", info->ifi_index, info->ifi_type, info->ifi_flags);
  int left = (int)IFLA_PAYLOAD(h);
  for (struct rtattr *a = IFLA_RTA(info); RTA_OK(a, left); a = RTA_NEXT(a, left)) {
    unsigned char *d = RTA_DATA(a);
    int n = (int)RTA_PAYLOAD(a);
    switch (a->rta_type) {
      case IFLA_IFNAME: printf(" name %s", (char *)d); break;
      case IFLA_MTU: printf(" mtu %u", *(unsigned *)d); break;
      case IFLA_TXQLEN: printf(" qlen %u", *(unsigned *)d); break;
      case IFLA_OPERSTATE: printf(" oper %u", *d); break;
      case IFLA_LINKMODE: printf(" mode %u", *d); break;
      case IFLA_CARRIER: printf(" carrier %u", *d); break;
      case IFLA_ADDRESS: printf(" address "); hex(d, n); break;
      case IFLA_BROADCAST: printf(" broadcast "); hex(d, n); break;
      case IFLA_STATS: printf(" stats %d bytes", n); break;
      case IFLA_STATS64: printf(" stats64 %d bytes", n); break;
    }
  }
  printf("\n");
}

static void show_address(struct nlmsghdr *h) {
  struct ifaddrmsg *m = NLMSG_DATA(h);
  printf("address family %u prefix %u flags 0x%x scope %u index %u:", m->ifa_family, m->ifa_prefixlen, m->ifa_flags,
         m->ifa_scope, m->ifa_index);
  int left = (int)IFA_PAYLOAD(h);
  char text[INET6_ADDRSTRLEN];
  for (struct rtattr *a = IFA_RTA(m); RTA_OK(a, left); a = RTA_NEXT(a, left)) {
    void *d = RTA_DATA(a);
    switch (a->rta_type) {
      case IFA_ADDRESS: printf(" address %s", inet_ntop(m->ifa_family, d, text, sizeof text)); break;
      case IFA_LOCAL: printf(" local %s", inet_ntop(m->ifa_family, d, text, sizeof text)); break;
      case IFA_BROADCAST: printf(" broadcast %s", inet_ntop(m->ifa_family, d, text, sizeof text)); break;
      case IFA_LABEL: printf(" label %s", (char *)d); break;
      case IFA_FLAGS: printf(" all-flags 0x%x", *(unsigned *)d); break;
      case IFA_CACHEINFO: {
        struct ifa_cacheinfo *c = d;
        printf(" preferred %u valid %u", c->ifa_prefered, c->ifa_valid);
        break;
      }
    }
  }
  printf("\n");
}

/** Sends a request and reads the answer to its end (NLMSG_DONE or an error). */
static void request(int fd, int type, int flags, int family, int index) {
  struct {
    struct nlmsghdr h;
    struct ifinfomsg body;
  } r;
  memset(&r, 0, sizeof r);
  r.h.nlmsg_len = sizeof r;
  r.h.nlmsg_type = (unsigned short)type;
  r.h.nlmsg_flags = (unsigned short)flags;
  r.h.nlmsg_seq = (unsigned)++seq;
  r.body.ifi_family = (unsigned char)family;
  r.body.ifi_index = index;
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  printf("request type %d flags 0x%x family %d index %d: sendto -> %zd\n", type, flags, family, index,
         sendto(fd, &r, sizeof r, 0, (struct sockaddr *)&kernel, sizeof kernel));
  static char buffer[65536];
  int messages = 0;
  for (;;) {
    ssize_t got = recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (got < 0) {
      printf("recv: %s after %d messages\n", strerror(errno), messages);
      return;
    }
    for (struct nlmsghdr *h = (struct nlmsghdr *)buffer; NLMSG_OK(h, (size_t)got); h = NLMSG_NEXT(h, got)) {
      messages++;
      if (h->nlmsg_seq != (unsigned)seq) printf("seq %u?\n", h->nlmsg_seq);
      if (h->nlmsg_type == NLMSG_DONE) {
        printf("done: flags 0x%x length %u, %d messages\n", h->nlmsg_flags, h->nlmsg_len, messages);
        return;
      }
      if (h->nlmsg_type == NLMSG_ERROR) {
        struct nlmsgerr *e = NLMSG_DATA(h);
        printf("error %d (%s) flags 0x%x length %u\n", e->error, strerror(-e->error), h->nlmsg_flags, h->nlmsg_len);
        return;
      }
      printf("[0x%x] ", h->nlmsg_flags);
      if (h->nlmsg_type == RTM_NEWLINK) show_link(h);
      else if (h->nlmsg_type == RTM_NEWADDR) show_address(h);
      else printf("type %d\n", h->nlmsg_type);
      if (!(h->nlmsg_flags & NLM_F_MULTI)) return;
    }
  }
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("== NETLINK_ROUTE ==\n");
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  printf("socket: %s\n", fd >= 0 ? "ok" : strerror(errno));
  request(fd, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, AF_UNSPEC, 0);
  request(fd, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, AF_UNSPEC, 0);
  request(fd, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, AF_INET6, 0);
  request(fd, RTM_GETLINK, NLM_F_REQUEST, AF_UNSPEC, 1);
  request(fd, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, AF_UNSPEC, 999);
  request(fd, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK, AF_INET, 1);
  close(fd);

  printf("== getifaddrs ==\n");
  struct ifaddrs *list;
  if (getifaddrs(&list) == 0) {
    for (struct ifaddrs *i = list; i; i = i->ifa_next) {
      int family = i->ifa_addr ? i->ifa_addr->sa_family : -1;
      char text[INET6_ADDRSTRLEN] = "-", mask[INET6_ADDRSTRLEN] = "-";
      if (family == AF_INET) {
        inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, text, sizeof text);
        inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_netmask)->sin_addr, mask, sizeof mask);
      } else if (family == AF_INET6) {
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, text, sizeof text);
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)i->ifa_netmask)->sin6_addr, mask, sizeof mask);
      }
      printf("%s family %d flags 0x%x %s/%s data %s\n", i->ifa_name, family, i->ifa_flags, text, mask,
             i->ifa_data ? "yes" : "no");
    }
    freeifaddrs(list);
  }

  printf("== getaddrinfo with AI_ADDRCONFIG ==\n");
  const char *names[] = {"localhost", "127.0.0.1", "::1"};
  for (int k = 0; k < 3; k++) {
    struct addrinfo hints = {.ai_flags = AI_ADDRCONFIG, .ai_socktype = SOCK_STREAM}, *result;
    int e = getaddrinfo(names[k], "80", &hints, &result);
    printf("%s: %s\n", names[k], e ? gai_strerror(e) : "ok");
    if (e == 0) {
      for (struct addrinfo *a = result; a; a = a->ai_next) printf("  family %d\n", a->ai_family);
      freeaddrinfo(result);
    }
  }

  printf("== if_nameindex ==\n");
  struct if_nameindex *names_list = if_nameindex();
  for (struct if_nameindex *p = names_list; p && p->if_index; p++) printf("%u %s\n", p->if_index, p->if_name);
  if_freenameindex(names_list);
  return 0;
}
