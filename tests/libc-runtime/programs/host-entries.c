// sethostent/gethostent/endhostent (src/libc/inet/host-lookups.ts): /etc/hosts enumerated line by
// line, rewound by sethostent and endhostent; h_errno at the end. The program compares what it
// enumerates with its own reading of /etc/hosts, so it does not depend on the machine's file.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

static int count_lines(void) {
  FILE *f = fopen("/etc/hosts", "r");
  if (!f) return -1;
  char line[512];
  int n = 0;
  while (fgets(line, sizeof line, f)) {
    char address[256], name[256];
    char *hash = strchr(line, '#');
    if (hash) *hash = 0;
    if (sscanf(line, "%255s %255s", address, name) != 2) continue;
    unsigned char buf[16];
    if (inet_pton(AF_INET, address, buf) == 1 || inet_pton(AF_INET6, address, buf) == 1) n++;
  }
  fclose(f);
  return n;
}

static int enumerate(int *families_ok) {
  int n = 0;
  struct hostent *h;
  *families_ok = 1;
  while ((h = gethostent()) != NULL) {
    if (!((h->h_addrtype == AF_INET && h->h_length == 4) || (h->h_addrtype == AF_INET6 && h->h_length == 16)))
      *families_ok = 0;
    if (h->h_addr_list[0] == NULL || h->h_addr_list[1] != NULL || h->h_name == NULL) *families_ok = 0;
    n++;
  }
  return n;
}

int main(void) {
  int lines = count_lines();
  int ok;
  sethostent(0);
  int first = enumerate(&ok);
  printf("entries match lines: %d, shapes ok %d, h_errno at end %d\n", first == lines, ok, h_errno);
  struct hostent *again = gethostent();
  printf("after the end: %s\n", again ? "an entry" : "NULL");
  sethostent(1);
  int second = enumerate(&ok);
  printf("sethostent rewinds: %d\n", second == first);
  endhostent();
  struct hostent *h = gethostent();
  printf("endhostent rewinds: %d\n", h != NULL || lines == 0);
  endhostent();
  return 0;
}
