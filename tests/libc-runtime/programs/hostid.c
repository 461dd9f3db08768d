// gethostid (src/libc/inet/host-identifier.ts): without /etc/hostid, the host's IPv4 address with
// its halves swapped; checked against gethostbyname of the host name, so the program does not
// depend on the machine's name or address.
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>

int main(void) {
  char name[256];
  gethostname(name, sizeof name);
  long id = gethostid();
  FILE *f = fopen("/etc/hostid", "r");
  printf("has /etc/hostid: %d\n", f != NULL);
  if (f) fclose(f);
  struct hostent *h = gethostbyname(name);
  if (!h) {
    printf("host name not resolvable: id %ld\n", id);
    return 0;
  }
  unsigned int in;
  memcpy(&in, h->h_addr_list[0], 4);
  long expected = (int)(in << 16 | in >> 16);
  printf("gethostid matches the swapped address: %d, fits 32 bits signed: %d\n", id == expected, id == (int)id);
  return 0;
}
