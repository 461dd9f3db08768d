#define _GNU_SOURCE
/* DNS client of tests/libc-runtime/dns.test.ts: the resolver (res_query, res_search,
   res_querydomain, res_send) and the host lookups through the "dns" source of nsswitch
   (getaddrinfo, gethostbyname*, gethostbyaddr, getnameinfo) against the test's Node server at
   127.0.0.1:argv[1]. The program points _res at it after res_init, as glibc honours; the test
   sets LOCALDOMAIN and RES_OPTIONS. Prints replies without their random ids. */
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void print_reply(const char *what, int n, const unsigned char *answer) {
  if (n < 0) {
    printf("%s: -1 h_errno %d errno %d\n", what, h_errno, errno);
    return;
  }
  printf("%s: %d bytes, errno %d:", what, n, errno);
  for (int i = 2; i < n; i++) printf("%02x", answer[i]);
  printf("\n");
}

static void query(const char *name, int type) {
  unsigned char answer[4096];
  /* glibc clears errno once a reply arrives, and leaves it otherwise. */
  errno = EIO;
  int n = res_query(name, C_IN, type, answer, sizeof answer);
  char what[300];
  snprintf(what, sizeof what, "res_query %s type %d", name, type);
  print_reply(what, n, answer);
}

static void print_hostent(const char *what, struct hostent *h) {
  if (h == NULL) {
    printf("%s: NULL h_errno %d\n", what, h_errno);
    return;
  }
  printf("%s: h_errno %d name %s family %d length %d", what, h_errno, h->h_name, h->h_addrtype, h->h_length);
  for (char **a = h->h_aliases; *a; a++) printf(" alias %s", *a);
  for (char **a = h->h_addr_list; *a; a++) {
    char text[INET6_ADDRSTRLEN];
    inet_ntop(h->h_addrtype, *a, text, sizeof text);
    printf(" %s", text);
  }
  printf("\n");
}

static void lookup(const char *name, int family, int flags) {
  struct addrinfo hints = {0}, *list;
  hints.ai_family = family;
  hints.ai_flags = flags;
  hints.ai_socktype = SOCK_STREAM;
  int code = getaddrinfo(name, "80", &hints, &list);
  printf("getaddrinfo %s family %d flags %d:", name, family, flags);
  if (code != 0) {
    printf(" %d (%s)\n", code, gai_strerror(code));
    return;
  }
  for (struct addrinfo *ai = list; ai; ai = ai->ai_next) {
    char host[NI_MAXHOST];
    getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, NULL, 0, NI_NUMERICHOST);
    printf(" [%d %s%s%s]", ai->ai_family, host, ai->ai_canonname ? " canon " : "", ai->ai_canonname ? ai->ai_canonname : "");
  }
  printf("\n");
  freeaddrinfo(list);
}

static void reverse(const char *text, int flags) {
  struct sockaddr_storage ss = {0};
  socklen_t length;
  if (strchr(text, ':')) {
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
    s6->sin6_family = AF_INET6;
    inet_pton(AF_INET6, text, &s6->sin6_addr);
    length = sizeof *s6;
  } else {
    struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
    s4->sin_family = AF_INET;
    inet_pton(AF_INET, text, &s4->sin_addr);
    length = sizeof *s4;
  }
  char host[NI_MAXHOST];
  int code = getnameinfo((struct sockaddr *)&ss, length, host, sizeof host, NULL, 0, flags);
  if (code != 0) printf("getnameinfo %s flags %d: %d (%s)\n", text, flags, code, gai_strerror(code));
  else printf("getnameinfo %s flags %d: %s\n", text, flags, host);
}

/* With no server listening: every query fails as with no reachable server. */
static void unreachable(void) {
  query("a.test", T_A);
  unsigned char answer[512];
  int n = res_search("short", C_IN, T_A, answer, sizeof answer);
  print_reply("res_search short", n, answer);
  lookup("a.test", AF_INET, 0);
  lookup("a.test", AF_UNSPEC, AI_CANONNAME);
  print_hostent("gethostbyname a.test", gethostbyname("a.test"));
  reverse("192.0.2.1", 0);
  reverse("192.0.2.1", NI_NAMEREQD);
}

/* With the test's own /etc/resolv.conf (a private mount namespace): servers, search list and
   options from the file alone. */
static void configured(void) {
  res_init();
  printf("nscount %d retrans %d retry %d ndots %d rotate %d\n", _res.nscount, _res.retrans, _res.retry, _res.ndots,
         (_res.options & RES_ROTATE) != 0);
  for (int i = 0; _res.dnsrch[i]; i++) printf("search %s\n", _res.dnsrch[i]);
  query("a.test", T_A);
  query("big.test", T_A);
  unsigned char answer[4096];
  int n = res_search("a.test", C_IN, T_A, answer, sizeof answer);
  print_reply("res_search a.test", n, answer);
  n = res_search("short", C_IN, T_A, answer, sizeof answer);
  print_reply("res_search short", n, answer);
  n = res_search("nx", C_IN, T_A, answer, sizeof answer);
  print_reply("res_search nx", n, answer);
  lookup("short", AF_INET, AI_CANONNAME);
  lookup("alias.test", AF_UNSPEC, AI_CANONNAME);
  lookup("six.test", AF_INET6, 0);
  print_hostent("gethostbyname alias.test", gethostbyname("alias.test"));
  reverse("192.0.2.1", 0);
  reverse("2001:db8::6", 0);
  /* The test names the host "a" (unshare -u): gethostid looks it up through the search list. */
  printf("gethostid %08lx\n", (unsigned long)gethostid() & 0xffffffffUL);
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (strcmp(argv[1], "conf") == 0) {
    configured();
    return 0;
  }
  if (argc > 2) {
    res_init();
    _res.nscount = 1;
    _res.nsaddr_list[0].sin_family = AF_INET;
    _res.nsaddr_list[0].sin_port = htons(atoi(argv[1]));
    _res.nsaddr_list[0].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    unreachable();
    return 0;
  }
  res_init();
  _res.nscount = 1;
  _res.nsaddr_list[0].sin_family = AF_INET;
  _res.nsaddr_list[0].sin_port = htons(atoi(argv[1]));
  _res.nsaddr_list[0].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  printf("retrans %d retry %d ndots %d search %s\n", _res.retrans, _res.retry, _res.ndots,
         _res.dnsrch[0] ? _res.dnsrch[0] : "(none)");

  query("a.test", T_A);
  query("A.Test.", T_A);
  query("six.test", T_AAAA);
  query("alias.test", T_A);
  query("nx.test", T_A);
  query("fail.test", T_A);
  query("nodata.test", T_A);
  query("big.test", T_A);
  query("slow.test", T_A);
  query("wrongid.test", T_A);
  query("source.test", T_A);
  query("1.2.0.192.in-addr.arpa", T_PTR);

  unsigned char answer[4096];
  int n = res_search("short", C_IN, T_A, answer, sizeof answer);
  print_reply("res_search short", n, answer);
  n = res_search("nx", C_IN, T_A, answer, sizeof answer);
  print_reply("res_search nx", n, answer);
  n = res_querydomain("a", "test", C_IN, T_A, answer, sizeof answer);
  print_reply("res_querydomain a test", n, answer);
  unsigned char message[512];
  int length = res_mkquery(QUERY, "both.test", C_IN, T_AAAA, NULL, 0, NULL, message, sizeof message);
  n = res_send(message, length, answer, sizeof answer);
  print_reply("res_send both.test AAAA", n, answer);
  printf("reply id matches: %d\n", n > 2 && memcmp(message, answer, 2) == 0);
  /* A reply larger than the buffer: TCP's answer is cut and marked truncated. */
  n = res_query("big.test", C_IN, T_A, answer, 100);
  printf("res_query big.test into 100 bytes: %d tc %d\n", n, n > 0 ? (answer[2] & 2) != 0 : -1);

  lookup("a.test", AF_INET, 0);
  lookup("a.test", AF_UNSPEC, AI_CANONNAME);
  lookup("six.test", AF_INET6, AI_CANONNAME);
  lookup("both.test", AF_INET6, 0);
  lookup("alias.test", AF_INET, AI_CANONNAME);
  lookup("short", AF_INET, AI_CANONNAME);
  lookup("big.test", AF_INET, 0);
  lookup("nx.test", AF_INET, 0);
  lookup("fail.test", AF_INET, 0);
  lookup("nodata.test", AF_INET, 0);
  lookup("localhost", AF_INET, 0);
  lookup("alias.test", AF_UNSPEC, AI_CANONNAME);
  /* Several addresses of both families: glibc's RFC 3484 order, which depends on this machine's
     own addresses (the same for both runs). */
  lookup("both.test", AF_UNSPEC, 0);
  lookup("many.test", AF_UNSPEC, 0);
  lookup("many.test", AF_INET, 0);
  lookup("many.test", AF_INET6, 0);
  lookup("many.test", AF_INET6, AI_V4MAPPED | AI_ALL);

  lookup("nx.test", AF_UNSPEC, 0);
  lookup("fail.test", AF_UNSPEC, 0);
  lookup("nodata.test", AF_UNSPEC, 0);
  lookup("fail.test", AF_INET, AI_CANONNAME);
  lookup("nx.test", AF_INET, AI_CANONNAME);
  lookup("nodata.test", AF_INET6, 0);
  lookup("a.test", AF_INET6, 0);
  lookup("a.test", AF_INET6, AI_V4MAPPED);
  lookup("six.test", AF_INET, 0);

  print_hostent("gethostbyname short", gethostbyname("short"));
  print_hostent("gethostbyname2 both.test", gethostbyname2("both.test", AF_INET6));
  print_hostent("gethostbyname2 a.test AF_INET6", gethostbyname2("a.test", AF_INET6));
  print_hostent("gethostbyname a.test", gethostbyname("a.test"));
  print_hostent("gethostbyname alias.test", gethostbyname("alias.test"));
  print_hostent("gethostbyname nx.test", gethostbyname("nx.test"));
  print_hostent("gethostbyname fail.test", gethostbyname("fail.test"));
  print_hostent("gethostbyname nodata.test", gethostbyname("nodata.test"));
  print_hostent("gethostbyname2 six.test", gethostbyname2("six.test", AF_INET6));
  struct in_addr v4;
  inet_pton(AF_INET, "192.0.2.1", &v4);
  print_hostent("gethostbyaddr 192.0.2.1", gethostbyaddr(&v4, 4, AF_INET));
  inet_pton(AF_INET, "192.0.2.9", &v4);
  print_hostent("gethostbyaddr 192.0.2.9", gethostbyaddr(&v4, 4, AF_INET));
  struct in6_addr v6;
  inet_pton(AF_INET6, "2001:db8::6", &v6);
  print_hostent("gethostbyaddr 2001:db8::6", gethostbyaddr(&v6, 16, AF_INET6));
  struct hostent result, *found;
  char buffer[2048];
  int error;
  int code = gethostbyname_r("both.test", &result, buffer, sizeof buffer, &found, &error);
  printf("gethostbyname_r both.test: %d error %d\n", code, found ? 0 : error);
  if (found) print_hostent("  ", found);

  reverse("192.0.2.1", 0);
  reverse("2001:db8::6", 0);
  reverse("192.0.2.9", 0);
  reverse("192.0.2.9", NI_NAMEREQD);

  n = res_search("a", C_IN, T_A, answer, sizeof answer);
  print_reply("res_search a", n, answer);
  /* HOSTALIASES (the test's host-aliases): names without dots it lists. */
  n = res_search("myalias", C_IN, T_A, answer, sizeof answer);
  print_reply("res_search myalias", n, answer);
  n = res_search("OTHER", C_IN, T_A, answer, sizeof answer);
  print_reply("res_search OTHER", n, answer);
  n = res_search("after", C_IN, T_AAAA, answer, sizeof answer);
  print_reply("res_search after", n, answer);
  lookup("myalias", AF_INET, AI_CANONNAME);
  print_hostent("gethostbyname other", gethostbyname("other"));
  n = res_search("a.test.", C_IN, T_A, answer, sizeof answer);
  print_reply("res_search a.test.", n, answer);
  n = res_search("fail", C_IN, T_A, answer, sizeof answer);
  print_reply("res_search fail", n, answer);
  n = res_search("nodata", C_IN, T_A, answer, sizeof answer);
  print_reply("res_search nodata", n, answer);

  /* The queries as sent (query.test answers with them): EDNS0's OPT record and its size by
     the answer buffer, DNSSEC's DO bit, trust-ad's AD bit. */
  unsigned long saved = _res.options;
  int sizes[] = {4096, 700, 100};
  for (int i = 0; i < 3; i++) {
    _res.options = saved | RES_USE_EDNS0;
    n = res_query("query.test", C_IN, T_TXT, answer, sizes[i]);
    printf("edns0 into %d: ", sizes[i]);
    print_reply("", n, answer);
  }
  _res.options = saved | RES_USE_DNSSEC | RES_TRUSTAD;
  n = res_query("query.test", C_IN, T_TXT, answer, sizeof answer);
  print_reply("dnssec trust-ad", n, answer);
  _res.options = saved;
  n = res_query("query.test", C_IN, T_TXT, answer, sizeof answer);
  print_reply("plain", n, answer);
  /* no-aaaa: AAAA queries go out as A queries and come back as no data. */
  _res.options = saved | RES_NOAAAA;
  query("six.test", T_AAAA);
  query("both.test", T_AAAA);
  query("nx.test", T_AAAA);
  query("a.test", T_A);
  lookup("both.test", AF_UNSPEC, 0);
  lookup("six.test", AF_INET6, 0);
  print_hostent("gethostbyname2 both.test no-aaaa", gethostbyname2("both.test", AF_INET6));
  _res.options = saved;

  /* A state of the program's own (res_ninit) and the res_n* forms over it. */
  struct __res_state own;
  memset(&own, 0, sizeof own);
  res_ninit(&own);
  own.nscount = 1;
  own.nsaddr_list[0] = _res.nsaddr_list[0];
  own.retry = 1;
  n = res_nquery(&own, "six.test", C_IN, T_AAAA, answer, sizeof answer);
  print_reply("res_nquery six.test", n, answer);
  n = res_nsearch(&own, "short", C_IN, T_A, answer, sizeof answer);
  print_reply("res_nsearch short", n, answer);
  n = res_nquerydomain(&own, "alias", "test", C_IN, T_A, answer, sizeof answer);
  print_reply("res_nquerydomain alias test", n, answer);
  n = res_nquery(&own, "fail.test", C_IN, T_A, answer, sizeof answer);
  printf("res_nquery fail.test: %d state h_errno %d\n", n, own.res_h_errno);
  length = res_nmkquery(&own, QUERY, "1.2.0.192.in-addr.arpa", C_IN, T_PTR, NULL, 0, NULL, message, sizeof message);
  n = res_nsend(&own, message, length, answer, sizeof answer);
  print_reply("res_nsend PTR", n, answer);
  res_nclose(&own);

  /* Two servers: the first refuses (a closed port), then the first never answers (a socket
     that does not read): the second answers each time. */
  int silent = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in bound = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t bound_length = sizeof bound;
  bind(silent, (struct sockaddr *)&bound, sizeof bound);
  getsockname(silent, (struct sockaddr *)&bound, &bound_length);
  int closed = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in gone = bound;
  gone.sin_port = 0;
  socklen_t gone_length = sizeof gone;
  bind(closed, (struct sockaddr *)&gone, sizeof gone);
  getsockname(closed, (struct sockaddr *)&gone, &gone_length);
  close(closed);
  _res.nscount = 2;
  _res.nsaddr_list[1] = _res.nsaddr_list[0];
  _res.nsaddr_list[0] = gone;
  query("a.test", T_A);
  lookup("six.test", AF_INET6, 0);
  _res.nsaddr_list[0] = bound;
  query("a.test", T_A);
  print_hostent("gethostbyname alias.test", gethostbyname("alias.test"));
  return 0;
}
