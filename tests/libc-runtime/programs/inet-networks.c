/* The networks database of /etc/networks (src/libc/inet/network-database.ts): getnetbyname,
   getnetbyaddr, getnetent and their _r forms, with h_errno. Apart from programs/inet.c because
   /etc/networks belongs to no Debian package (the installer writes it), so a machine may lack it or
   hold other networks: this program is outside the default test sample. */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

static void show_netent(const char *what, struct netent *n) {
  if (!n) {
    printf("%s: NULL\n", what);
    return;
  }
  printf("%s: %s type %d net %08x", what, n->n_name, n->n_addrtype, (unsigned)n->n_net);
  for (char **a = n->n_aliases; *a; a++) printf(" [%s]", *a);
  printf("\n");
}

static void networks(void) {
  if (access("/etc/networks", R_OK) != 0) {
    printf("no /etc/networks\n");
    return;
  }
  static const char *names[] = {"default", "loopback", "LOOPBACK", "Link-Local", "nonexistent", "", "127.0.0.0"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    char what[80];
    snprintf(what, sizeof what, "getnetbyname %s", names[i]);
    h_errno = 77;
    errno = 99;
    show_netent(what, getnetbyname(names[i]));
    printf("  errno %d h_errno %d\n", errno, h_errno);
  }
  static const uint32_t nets[] = {0, 0x7f000000, 127, 0xa9fe0000, 0xffffffff};
  static const int types[] = {AF_INET, AF_UNSPEC, AF_INET6};
  for (size_t i = 0; i < sizeof nets / sizeof *nets; i++)
    for (size_t t = 0; t < 3; t++) {
      char what[80];
      snprintf(what, sizeof what, "getnetbyaddr %08x/%d", (unsigned)nets[i], types[t]);
      h_errno = 77;
      show_netent(what, getnetbyaddr(nets[i], types[t]));
      printf("  h_errno %d\n", h_errno);
    }
  char big[512];
  for (size_t size = 0; size <= 100; size += 3) {
    struct netent ne, *result = (struct netent *)1;
    int herr = 77;
    errno = 99;
    int r = getnetbyname_r("link-local", &ne, big + size % 8, size, &result, &herr);
    printf("getnetbyname_r size %zu -> %d errno %d h %d %s\n", size, r, errno, herr, result ? "set" : "NULL");
    herr = 77;
    r = getnetbyaddr_r(0x7f000000, AF_INET, &ne, big, size, &result, &herr);
    printf("getnetbyaddr_r size %zu -> %d errno %d h %d ", size, r, errno, herr);
    show_netent("", result);
  }
  struct netent *n;
  h_errno = 55;
  while ((n = getnetent()) != NULL) show_netent("getnetent", n);
  printf("getnetent end h_errno %d\n", h_errno);
  setnetent(0);
  show_netent("getnetent after setnetent", getnetent());
  endnetent();
  for (int i = 0; i < 6; i++) {
    struct netent ne, *result;
    int herr = 77;
    errno = 0;
    h_errno = 66;
    int r = getnetent_r(&ne, big, i < 2 ? 24 : 200, &result, &herr);
    printf("getnetent_r %d -> %d errno %d h %d h_errno %d ", i, r, errno, herr, h_errno);
    show_netent("", result);
  }
  endnetent();
}

int main(void) {
  networks();
  return 0;
}
