// gethostbyname, gethostbyname2, gethostbyaddr and the _r forms over numeric names and
// /etc/hosts (localhost, which every machine has for 127.0.0.1): the struct hostent, h_errno,
// the _r results (0 with a NULL result when not found, ERANGE for a small buffer). No name asked
// for reaches DNS (natively it would).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static void show(const char *call, struct hostent *h) {
  int error = h_errno;
  h_errno = -9;
  if (h == NULL) {
    printf("%s = NULL h_errno %d (%s)\n", call, error, hstrerror(error));
    return;
  }
  printf("(h_errno %d) ", error);
  printf("%s: name [%s] type %d length %d aliases", call, h->h_name, h->h_addrtype, h->h_length);
  for (char **a = h->h_aliases; *a; a++) printf(" [%s]", *a);
  printf(" addresses");
  for (char **a = h->h_addr_list; *a; a++) {
    char text[64];
    inet_ntop(h->h_addrtype, *a, text, sizeof text);
    printf(" %s", text);
  }
  printf("\n");
}

static void by_name_r(const char *name, size_t size) {
  struct hostent entry, *result = (struct hostent *)1;
  char buffer[2048];
  int error = -7;
  int code = gethostbyname_r(name, &entry, buffer, size, &result, &error);
  printf("gethostbyname_r(%s, %zu) = %d h_errno %d result %s\n", name, size, code, error,
         result == NULL ? "NULL" : result == &entry ? "entry" : "other");
  if (code == 0 && result) show("  ", result);
}

int main(void) {
  h_errno = -9;
  show("gethostbyname(localhost)", gethostbyname("localhost"));
  show("gethostbyname(LocalHost)", gethostbyname("LocalHost"));
  show("gethostbyname(127.0.0.1)", gethostbyname("127.0.0.1"));
  show("gethostbyname(10.1)", gethostbyname("10.1"));
  show("gethostbyname(1.2.3.4.5)", gethostbyname("1.2.3.4.5"));
  show("gethostbyname(300.1.1.1)", gethostbyname("300.1.1.1"));
  show("gethostbyname(::1)", gethostbyname("::1"));
  show("gethostbyname2(::1, AF_INET6)", gethostbyname2("::1", AF_INET6));
  show("gethostbyname2(fe80::2:3, AF_INET6)", gethostbyname2("fe80::2:3", AF_INET6));
  show("gethostbyname2(1.2.3.4, AF_INET6)", gethostbyname2("1.2.3.4", AF_INET6));
  show("gethostbyname2(localhost, AF_INET)", gethostbyname2("localhost", AF_INET));
  struct in_addr loopback = {htonl(0x7f000001)};
  show("gethostbyaddr(127.0.0.1)", gethostbyaddr(&loopback, sizeof loopback, AF_INET));
  struct in6_addr any = IN6ADDR_ANY_INIT;
  show("gethostbyaddr(::)", gethostbyaddr(&any, sizeof any, AF_INET6));
  by_name_r("localhost", sizeof(char[2048]));
  by_name_r("127.0.0.1", 2048);
  by_name_r("localhost", 8);
  by_name_r("300.1.1.1", 2048);
  {
    struct hostent entry, *result = NULL;
    char buffer[512];
    int error = -7;
    int code = gethostbyaddr_r(&loopback, sizeof loopback, AF_INET, &entry, buffer, sizeof buffer, &result, &error);
    printf("gethostbyaddr_r = %d h_errno %d\n", code, error);
    if (result) show("  ", result);
    error = -7;
    code = gethostbyname2_r("::1", AF_INET6, &entry, buffer, sizeof buffer, &result, &error);
    printf("gethostbyname2_r = %d h_errno %d\n", code, error);
    if (result) show("  ", result);
  }
  struct hostent *first = gethostbyname("localhost");
  struct hostent *second = gethostbyname("127.0.0.1");
  printf("same static struct: %d, now [%s]\n", first == second, first->h_name);
  return 0;
}
