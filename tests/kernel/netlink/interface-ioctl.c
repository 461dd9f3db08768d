// The interface ioctls on AF_INET, AF_INET6 and AF_UNIX sockets, and glibc's functions over
// them (if_nametoindex, if_indextoname). tests/kernel/netlink.test.ts runs it natively without
// CAP_NET_ADMIN, under Miros and with --system-ldso.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *in(const struct sockaddr *a) {
  static char text[INET_ADDRSTRLEN];
  return inet_ntop(AF_INET, &((const struct sockaddr_in *)a)->sin_addr, text, sizeof text);
}

static void ask(int fd, const char *name) {
  struct ifreq r;
#define GET(request, show)                                                                         \
  do {                                                                                             \
    memset(&r, 0, sizeof r);                                                                       \
    snprintf(r.ifr_name, sizeof r.ifr_name, "%s", name);                                           \
    if (ioctl(fd, request, &r) < 0) printf("  " #request ": %s\n", strerror(errno));               \
    else show;                                                                                     \
  } while (0)
  printf("%s:\n", name);
  GET(SIOCGIFINDEX, printf("  index %d\n", r.ifr_ifindex));
  GET(SIOCGIFFLAGS, printf("  flags 0x%x\n", (unsigned short)r.ifr_flags));
  GET(SIOCGIFMTU, printf("  mtu %d\n", r.ifr_mtu));
  GET(SIOCGIFTXQLEN, printf("  qlen %d\n", r.ifr_qlen));
  GET(SIOCGIFMETRIC, printf("  metric %d\n", r.ifr_metric));
  GET(SIOCGIFHWADDR, printf("  hardware type %d %02x:%02x:%02x:%02x:%02x:%02x\n", r.ifr_hwaddr.sa_family,
                            (unsigned char)r.ifr_hwaddr.sa_data[0], (unsigned char)r.ifr_hwaddr.sa_data[1],
                            (unsigned char)r.ifr_hwaddr.sa_data[2], (unsigned char)r.ifr_hwaddr.sa_data[3],
                            (unsigned char)r.ifr_hwaddr.sa_data[4], (unsigned char)r.ifr_hwaddr.sa_data[5]));
  GET(SIOCGIFADDR, printf("  address %s family %d\n", in(&r.ifr_addr), r.ifr_addr.sa_family));
  GET(SIOCGIFNETMASK, printf("  netmask %s\n", in(&r.ifr_netmask)));
  GET(SIOCGIFBRDADDR, printf("  broadcast %s\n", in(&r.ifr_broadaddr)));
  GET(SIOCGIFDSTADDR, printf("  destination %s\n", in(&r.ifr_dstaddr)));
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  int families[] = {AF_INET, AF_INET6, AF_UNIX};
  for (int k = 0; k < 3; k++) {
    int fd = socket(families[k], SOCK_DGRAM, 0);
    printf("== family %d ==\n", families[k]);
    struct ifconf conf = {0};
    int result = ioctl(fd, SIOCGIFCONF, &conf);
    printf("SIOCGIFCONF (no buffer): %d, length %d\n", result, conf.ifc_len);
    struct ifreq list[16];
    conf.ifc_len = sizeof list;
    conf.ifc_req = list;
    result = ioctl(fd, SIOCGIFCONF, &conf);
    printf("SIOCGIFCONF: %d, length %d\n", result, conf.ifc_len);
    for (int i = 0; i < conf.ifc_len / (int)sizeof(struct ifreq); i++)
      printf("  %s %s\n", list[i].ifr_name, in(&list[i].ifr_addr));
    conf.ifc_len = sizeof list[0] + 10;
    result = ioctl(fd, SIOCGIFCONF, &conf);
    printf("SIOCGIFCONF (room for one): %d, length %d\n", result, conf.ifc_len);
    conf.ifc_len = 10;
    result = ioctl(fd, SIOCGIFCONF, &conf);
    printf("SIOCGIFCONF (room for none): %d, length %d\n", result, conf.ifc_len);
    for (unsigned index = 1; index <= 8; index++) {
      struct ifreq r;
      memset(&r, 0, sizeof r);
      r.ifr_ifindex = (int)index;
      if (ioctl(fd, SIOCGIFNAME, &r) < 0) {
        printf("SIOCGIFNAME %u: %s\n", index, strerror(errno));
        break;
      }
      ask(fd, r.ifr_name);
    }
    ask(fd, "nosuch0");
    struct ifreq r;
    memset(&r, 0, sizeof r);
    snprintf(r.ifr_name, sizeof r.ifr_name, "lo");
    r.ifr_flags = 0x9;
    errno = 0;
    result = ioctl(fd, SIOCSIFFLAGS, &r);
    printf("SIOCSIFFLAGS: %d %s\n", result, result < 0 ? strerror(errno) : "");
    int queued = -1;
    result = ioctl(fd, FIONREAD, &queued);
    printf("FIONREAD: %d %d %s\n", result, queued, result < 0 ? strerror(errno) : "");
    result = ioctl(fd, 0x89ff, &r);
    printf("other: %d %s\n", result, result < 0 ? strerror(errno) : "");
    close(fd);
  }
  printf("== glibc ==\n");
  printf("if_nametoindex(lo) %u, (nosuch0) %u\n", if_nametoindex("lo"), if_nametoindex("nosuch0"));
  char name[IF_NAMESIZE];
  printf("if_indextoname(1) %s\n", if_indextoname(1, name) ? name : strerror(errno));
  printf("if_indextoname(999) %s\n", if_indextoname(999, name) ? name : strerror(errno));
  return 0;
}
