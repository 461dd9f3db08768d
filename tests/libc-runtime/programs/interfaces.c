// net/if.h's if_nametoindex, if_indextoname, if_nameindex, if_freenameindex and the in6addr_any /
// in6addr_loopback objects (read through copy relocations in this non-PIE build). Only the
// loopback interface is named: other interfaces differ from machine to machine.
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  char text[INET6_ADDRSTRLEN];
  printf("in6addr_any %s\n", inet_ntop(AF_INET6, &in6addr_any, text, sizeof text));
  printf("in6addr_loopback %s\n", inet_ntop(AF_INET6, &in6addr_loopback, text, sizeof text));
  struct in6_addr copy = in6addr_loopback;
  printf("IN6_IS_ADDR_LOOPBACK %d\n", IN6_IS_ADDR_LOOPBACK(&copy));
  unsigned lo = if_nametoindex("lo");
  printf("if_nametoindex(lo) %u\n", lo);
  char name[IF_NAMESIZE] = "";
  char *r = if_indextoname(lo, name);
  printf("if_indextoname(%u) %s [%s]\n", lo, r == name ? "buffer" : "other", name);
  errno = 0;
  unsigned index = if_nametoindex("no-such-if");
  printf("if_nametoindex(no-such-if) %u errno %s\n", index, strerror(errno));
  errno = 0;
  index = if_nametoindex("a-name-longer-than-ifnamsiz");
  printf("if_nametoindex(long) %u errno %s\n", index, strerror(errno));
  errno = 0;
  r = if_indextoname(987654, name);
  printf("if_indextoname(987654) %s errno %s\n", r ? r : "NULL", strerror(errno));
  struct if_nameindex *list = if_nameindex();
  int count = 0, found_lo = 0, increasing = 1;
  unsigned previous = 0;
  for (struct if_nameindex *i = list; i && i->if_index != 0; i++) {
    count++;
    if (strcmp(i->if_name, "lo") == 0 && i->if_index == lo) found_lo = 1;
    if (i->if_index <= previous) increasing = 0;
    if (if_nametoindex(i->if_name) != i->if_index) printf("mismatch for %s\n", i->if_name);
    previous = i->if_index;
  }
  printf("if_nameindex: some %d, lo listed %d, increasing %d\n", count > 0, found_lo, increasing);
  if_freenameindex(list);
  return 0;
}
