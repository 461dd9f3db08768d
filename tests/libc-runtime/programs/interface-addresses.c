// getifaddrs/freeifaddrs checked against if_nameindex and against the list's own structure (the
// interfaces of the machine differ, the relations do not): one AF_PACKET entry per interface,
// in index order, before every AF_INET entry, the AF_INET entries before the AF_INET6 ones; each
// name known to if_nameindex; the loopback's addresses and flags; netmasks contiguous; link
// statistics present on AF_PACKET entries only.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static int contiguous(const unsigned char *mask, int len) {
  int seen_zero = 0;
  for (int i = 0; i < len * 8; i++) {
    int bit = (mask[i / 8] >> (7 - i % 8)) & 1;
    if (bit && seen_zero) return 0;
    if (!bit) seen_zero = 1;
  }
  return 1;
}

int main(void) {
  struct ifaddrs *list;
  if (getifaddrs(&list) != 0) {
    perror("getifaddrs");
    return 1;
  }
  struct if_nameindex *names = if_nameindex();
  int interfaces = 0;
  while (names[interfaces].if_index != 0) interfaces++;
  int packets = 0, inet = 0, inet6 = 0, order_ok = 1, names_ok = 1, index_order_ok = 1, masks_ok = 1;
  int data_ok = 1, phase = 0, last_index = 0, lo_packet = 0, lo_inet = 0, lo_inet6 = 0, null_addr = 0;
  for (struct ifaddrs *a = list; a != NULL; a = a->ifa_next) {
    if (a->ifa_addr == NULL) {
      null_addr++;
      continue;
    }
    int family = a->ifa_addr->sa_family;
    int known = 0;
    for (int i = 0; i < interfaces; i++)
      if (strcmp(names[i].if_name, a->ifa_name) == 0 || strncmp(names[i].if_name, a->ifa_name, strlen(names[i].if_name)) == 0)
        known = 1;
    names_ok &= known;
    int rank = family == AF_PACKET ? 0 : family == AF_INET ? 1 : 2;
    if (rank < phase) order_ok = 0;
    phase = rank;
    int loopback = (a->ifa_flags & IFF_LOOPBACK) != 0;
    if (family == AF_PACKET) {
      struct sockaddr_ll *ll = (struct sockaddr_ll *)a->ifa_addr;
      packets++;
      if (ll->sll_ifindex <= last_index) index_order_ok = 0;
      last_index = ll->sll_ifindex;
      if ((int)if_nametoindex(a->ifa_name) != ll->sll_ifindex) names_ok = 0;
      if (a->ifa_data == NULL || a->ifa_netmask != NULL || a->ifa_broadaddr == NULL ||
          a->ifa_broadaddr->sa_family != AF_PACKET)
        data_ok = 0;
      if (loopback) lo_packet = ll->sll_hatype == 772 && ll->sll_halen == 6 && (a->ifa_flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING);
    } else if (family == AF_INET) {
      inet++;
      struct sockaddr_in *mask = (struct sockaddr_in *)a->ifa_netmask;
      masks_ok &= mask != NULL && mask->sin_family == AF_INET && contiguous((unsigned char *)&mask->sin_addr, 4);
      if (a->ifa_data != NULL) data_ok = 0;
      struct sockaddr_in *in = (struct sockaddr_in *)a->ifa_addr;
      if (loopback && in->sin_addr.s_addr == htonl(INADDR_LOOPBACK))
        // Without IFA_BROADCAST, glibc gives IFA_ADDRESS (the address itself here) as ifa_broadaddr.
        lo_inet = mask->sin_addr.s_addr == htonl(0xff000000) && a->ifa_broadaddr != NULL &&
                  ((struct sockaddr_in *)a->ifa_broadaddr)->sin_addr.s_addr == in->sin_addr.s_addr;
    } else if (family == AF_INET6) {
      inet6++;
      struct sockaddr_in6 *mask = (struct sockaddr_in6 *)a->ifa_netmask;
      masks_ok &= mask != NULL && mask->sin6_family == AF_INET6 && contiguous(mask->sin6_addr.s6_addr, 16);
      if (a->ifa_data != NULL) data_ok = 0;
      struct sockaddr_in6 *in = (struct sockaddr_in6 *)a->ifa_addr;
      if (loopback && IN6_IS_ADDR_LOOPBACK(&in->sin6_addr)) lo_inet6 = 1;
      if (IN6_IS_ADDR_LINKLOCAL(&in->sin6_addr) && in->sin6_scope_id != if_nametoindex(a->ifa_name)) masks_ok = 0;
    } else {
      order_ok = 0;
    }
  }
  printf("AF_PACKET entries: one per interface: %s\n", packets == interfaces ? "yes" : "no");
  printf("in index order: %s; names known to if_nameindex: %s\n", index_order_ok ? "yes" : "no", names_ok ? "yes" : "no");
  printf("AF_PACKET, then AF_INET, then AF_INET6: %s\n", order_ok ? "yes" : "no");
  printf("at least one AF_INET: %s; entries without an address: %d\n", inet > 0 ? "yes" : "no", null_addr);
  printf("netmasks contiguous, link-local scopes: %s; statistics only on AF_PACKET: %s\n", masks_ok ? "yes" : "no",
         data_ok ? "yes" : "no");
  printf("loopback: AF_PACKET %d, 127.0.0.1/8 %d, ::1 %d\n", lo_packet, lo_inet, lo_inet6);
  freeifaddrs(list);
  if_freenameindex(names);
  return 0;
}
