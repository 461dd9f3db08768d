/* The network functions that need no socket (src/libc/inet): inet_pton/inet_ntop over many
   addresses, malformed inputs and buffer sizes, inet_aton/inet_addr/inet_network and the classful
   helpers, byte order, ether_aton/ether_ntoa, gai_strerror/hstrerror/herror/h_errno, and the
   services and protocols databases of /etc/services and /etc/protocols (plain and _r, with
   small buffers). herror writes to fd 2, made a copy of stdout here. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/ether.h>
#include <netinet/in.h>
#include <pthread.h>
#include <rpc/netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void show_bytes(const unsigned char *b, int n) {
  for (int i = 0; i < n; i++) printf("%02x", b[i]);
}

static const char *pton_inputs[] = {
  "0.0.0.0", "127.0.0.1", "255.255.255.255", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04",
  "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4 ", " 1.2.3.4", "0x1.2.3.4", "", "1.2.3.-4", "10.0.0.1a", "192.168.1.10",
  "::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
  "1:2:3:4:5:6:7::8", "1::2::3", ":::", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "fe80::1", "FE80::ABCD:ef01",
  "12345::", "0000:0000:0000:0000:0000:0000:0000:0001", "00000::1", "::ffff:1.2.3.4", "::1.2.3.4",
  "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "::ffff:1.2.3", "::ffff:1.2.3.256", "1.2.3.4::",
  "::1.2.3.4:5", "2001:db8::", "2001:db8:0:0:1:0:0:1", "2001:0db8:0000:0000:0000:ff00:0042:8329", ":",
  "1:", "g::1", "::ffff:01.2.3.4", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7", "::1:2:3:4:5:6:7:8",
};

static const unsigned char ntop6_inputs[][16] = {
  {0}, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2},
  {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4}, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4},
  {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 1, 2, 3, 4}, {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4},
  {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1}, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
  {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0}, {0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0},
  {0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8}, {0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 7, 0, 8},
  {0, 1, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 8}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
  {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff},
  {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
  {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0}, {0, 0x10, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0xcd},
};

static void pton_all(void) {
  for (size_t i = 0; i < sizeof pton_inputs / sizeof *pton_inputs; i++) {
    unsigned char out[16];
    memset(out, 0xee, sizeof out);
    int r4 = inet_pton(AF_INET, pton_inputs[i], out);
    printf("pton4 \"%s\" -> %d ", pton_inputs[i], r4);
    show_bytes(out, 4);
    memset(out, 0xee, sizeof out);
    int r6 = inet_pton(AF_INET6, pton_inputs[i], out);
    printf(" pton6 -> %d ", r6);
    show_bytes(out, 16);
    char text[64];
    if (r6 == 1 && inet_ntop(AF_INET6, out, text, sizeof text)) printf(" back %s", text);
    printf("\n");
  }
  unsigned char out[16];
  errno = 0;
  int r = inet_pton(AF_UNIX, "1.2.3.4", out);
  printf("pton AF_UNIX -> %d errno %d\n", r, errno);
  errno = 0;
  r = inet_pton(12345, "::", out);
  printf("pton 12345 -> %d errno %d\n", r, errno);
}

static void ntop_all(void) {
  for (size_t i = 0; i < sizeof ntop6_inputs / sizeof *ntop6_inputs; i++) {
    char text[64];
    const char *r = inet_ntop(AF_INET6, ntop6_inputs[i], text, sizeof text);
    printf("ntop6 %zu: %s (%zu)\n", i, r ? r : "(null)", r ? strlen(r) : 0);
    /* Every buffer size around the length: ENOSPC below length + 1, the text at it. */
    size_t need = strlen(text) + 1;
    for (size_t size = need - 2; size <= need; size++) {
      char small[64];
      memset(small, 'Z', sizeof small);
      errno = 0;
      const char *s = inet_ntop(AF_INET6, ntop6_inputs[i], small, (socklen_t)size);
      printf("  size %zu -> %s errno %d tail %c\n", size, s ? s : "(null)", errno, small[size]);
    }
  }
  unsigned int seed = 12345;
  for (int i = 0; i < 300; i++) {
    unsigned char a[16];
    for (int j = 0; j < 16; j++) {
      seed = seed * 1103515245u + 12345u;
      unsigned int v = (seed >> 16) & 0xff;
      /* Mostly zero groups, so that runs of every length appear. */
      a[j] = (seed >> 8) % 3 == 0 ? (unsigned char)v : 0;
    }
    if (i % 7 == 0) a[10] = a[11] = 0xff;
    char text[64], four[16];
    const char *r = inet_ntop(AF_INET6, a, text, sizeof text);
    unsigned char back[16];
    int p = inet_pton(AF_INET6, text, back);
    inet_ntop(AF_INET, a + 12, four, sizeof four);
    printf("rand %d %s %d %d %s\n", i, r ? r : "(null)", p, memcmp(a, back, 16) == 0, four);
  }
  const unsigned char v4[][4] = {{0, 0, 0, 0}, {1, 2, 3, 4}, {255, 255, 255, 255}, {10, 0, 100, 9}, {192, 168, 0, 1}};
  for (size_t i = 0; i < 5; i++) {
    char text[32];
    for (socklen_t size = 0; size <= 17; size++) {
      memset(text, 'Z', sizeof text);
      errno = 0;
      const char *r = inet_ntop(AF_INET, v4[i], text, size);
      printf("ntop4 %zu size %u -> %s errno %d\n", i, size, r ? r : "(null)", errno);
    }
  }
  char text[64];
  errno = 0;
  const char *r = inet_ntop(AF_UNIX, v4[1], text, sizeof text);
  printf("ntop AF_UNIX -> %s errno %d\n", r ? r : "(null)", errno);
}

static const char *aton_inputs[] = {
  "1.2.3.4", "1.2.3", "1.2", "1", "0x7f.1", "0x7f000001", "017700000001", "0", "4294967295", "4294967296",
  "1.16777215", "1.16777216", "1.2.65535", "1.2.65536", "256.1.1.1", "1.2.3.256", "1.2.3.4 trailing",
  "1.2.3.4\tx", "1.2.3.4x", "1.2.3.4.", "1.2.3.4.5", "", " 1.2.3.4", "0x", "0xg", "08", "09.1.1.1", "1..2",
  "1.2.3.", "0xffffffff", "0x100000000", "99999999999999999999999", "255.255.255.255", "127.1", "10.0.0.010",
  "0x0A.0x0b.0X0c.0xD", "1.2.3.4\n", "-1", "+1", "1.-2",
};

static void aton_all(void) {
  for (size_t i = 0; i < sizeof aton_inputs / sizeof *aton_inputs; i++) {
    struct in_addr a;
    memset(&a, 0xee, sizeof a);
    errno = 1234;
    int r = inet_aton(aton_inputs[i], &a);
    int e = errno;
    in_addr_t addr = inet_addr(aton_inputs[i]);
    in_addr_t net = inet_network(aton_inputs[i]);
    printf("aton \"%s\" -> %d errno %d ", aton_inputs[i], r, e);
    show_bytes((unsigned char *)&a, 4);
    printf(" addr %08x network %08x\n", (unsigned)addr, (unsigned)net);
  }
  printf("aton NULL out -> %d\n", inet_aton("1.2.3.4", NULL));
  static const char *network_inputs[] = {"x10", "X1.2", "0x", "010.8", "09", "1.2.3.4.5", "1.2.3.4 ", "1.2.3.4 x",
                                         "0x100", "255.255.255.255", "0xff.0xfff", "10", "10.1", "10.1.2"};
  for (size_t i = 0; i < sizeof network_inputs / sizeof *network_inputs; i++)
    printf("network \"%s\" -> %08x\n", network_inputs[i], (unsigned)inet_network(network_inputs[i]));
}

static void classful_all(void) {
  const unsigned int addrs[] = {0x01020304, 0x7fffffff, 0x80000000, 0x8a0b0c0d, 0xbfffffff, 0xc0a80101,
                                0xdfffffff, 0xe0000001, 0xffffffff, 0};
  for (size_t i = 0; i < sizeof addrs / sizeof *addrs; i++) {
    struct in_addr a = {htonl(addrs[i])};
    printf("classful %08x net %08x lna %08x ntoa %s\n", addrs[i], (unsigned)inet_netof(a), (unsigned)inet_lnaof(a),
           inet_ntoa(a));
  }
  const unsigned int nets[] = {0, 10, 127, 128, 172 * 256 + 16, 65535, 65536, 0xc0a801, 0xffffff, 0x1000000, 0xfffffff0};
  const unsigned int hosts[] = {0, 1, 0x123456, 0xffffffff, 0xabcdef01};
  for (size_t i = 0; i < sizeof nets / sizeof *nets; i++)
    for (size_t j = 0; j < sizeof hosts / sizeof *hosts; j++) {
      struct in_addr a = inet_makeaddr(nets[i], hosts[j]);
      printf("makeaddr %x %x -> %08x\n", nets[i], hosts[j], (unsigned)ntohl(a.s_addr));
    }
  /* inet_ntoa's buffer is reused. */
  struct in_addr x = {htonl(0x01020304)}, y = {htonl(0x05060708)};
  char *p = inet_ntoa(x);
  char *q = inet_ntoa(y);
  printf("ntoa same buffer %d %s\n", p == q, p);
}

/* Through pointers, so the calls reach the exported functions, not the inline byte swaps. */
static uint32_t (*volatile p_htonl)(uint32_t) = htonl;
static uint32_t (*volatile p_ntohl)(uint32_t) = ntohl;
static uint16_t (*volatile p_htons)(uint16_t) = htons;
static uint16_t (*volatile p_ntohs)(uint16_t) = ntohs;

static void byte_order(void) {
  const uint32_t values[] = {0, 1, 0x12345678, 0xffffffff, 0x80000000, 0xdeadbeef};
  for (size_t i = 0; i < 6; i++)
    printf("order %08x htonl %08x ntohl %08x htons %04x ntohs %04x\n", values[i], p_htonl(values[i]),
           p_ntohl(values[i]), p_htons((uint16_t)values[i]), p_ntohs((uint16_t)(values[i] >> 8)));
}

static void ether_all(void) {
  static const char *inputs[] = {"00:11:22:33:44:55", "0:1:2:3:4:5", "aA:Bb:cC:dD:eE:fF", "ff:ff:ff:ff:ff:ff",
                                 "00:11:22:33:44", "00:11:22:33:44:55:66", "00:11:22:33:44:55 tail",
                                 "00-11-22-33-44-55", "001:1:2:3:4:5", "g0:1:2:3:4:5", "", "1:2:3:4:5:6\n",
                                 "12:34:56:78:9a:bc", "1:2:3:4:5:", "1:2:3:4:5:67x"};
  for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
    struct ether_addr e;
    memset(&e, 0xee, sizeof e);
    struct ether_addr *r = ether_aton_r(inputs[i], &e);
    printf("ether_aton_r \"%s\" -> %s ", inputs[i], r ? "ok" : "NULL");
    show_bytes(e.ether_addr_octet, 6);
    struct ether_addr *s = ether_aton(inputs[i]);
    printf(" aton %s", s ? "ok" : "NULL");
    if (s) printf(" %s", ether_ntoa(s));
    char buf[32];
    printf(" ntoa_r %s\n", ether_ntoa_r(&e, buf));
  }
}

static void ether_lines(void) {
  static const char *lines[] = {"8:0:20:1:2:3 host", "08:00:20:01:02:03\thost.example # comment", "0:1:2:3:4:5",
                                "0:1:2:3:4:5 ", "0:1:2:3:4:5 #name", "0:1:2:3:4:5\tname#x", "aa:bb:cc:dd:ee:ff  n1 n2",
                                "0:1:2:3:4 name", "0:1:2:3:4:5:6 name", "zz:1:2:3:4:5 name", "0:1:2:3:4:5name",
                                "0:1:2:3:4:56name", "", "   0:1:2:3:4:5 name", "0:1:2:3:4:5\n", "0:1:2:3:4:5\nname"};
  for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
    struct ether_addr e;
    char host[64];
    memset(&e, 0xee, sizeof e);
    memset(host, 'Z', sizeof host);
    host[63] = 0;
    int r = ether_line(lines[i], &e, host);
    printf("ether_line %zu -> %d ", i, r);
    show_bytes(e.ether_addr_octet, 6);
    printf(" host \"%.20s\"\n", host);
  }
}

static void nsap_all(void) {
  static const char *inputs[] = {"", "47.0005.80ff.ff00", "0x47", "ab/cd+ef.01", "abc", "a", "12 34", "gg",
                                 "0123456789abcdefABCDEF", "..++//", "47.0005.80FF.FF00.0000.0001.0203.0405.0607.08",
                                 "\xc1\xc1"};
  static const int maxima[] = {0, 1, 3, 8, 64, -1};
  for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
    for (size_t m = 0; m < sizeof maxima / sizeof *maxima; m++) {
      unsigned char out[64];
      memset(out, 0xee, sizeof out);
      unsigned r = inet_nsap_addr(inputs[i], out, maxima[m]);
      printf("nsap_addr \"%s\" max %d -> %u ", inputs[i], maxima[m], r);
      show_bytes(out, 12);
      char text[256];
      printf(" ntoa %s\n", inet_nsap_ntoa((int)r, out, text));
    }
  unsigned char bytes[300];
  for (int i = 0; i < 300; i++) bytes[i] = (unsigned char)(i * 7);
  const int lengths[] = {-5, 0, 1, 2, 3, 4, 5, 10, 254, 255, 256, 300};
  for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++) {
    char *a = inet_nsap_ntoa(lengths[i], bytes, NULL);
    char *b = inet_nsap_ntoa(1, bytes + 1, NULL);
    printf("nsap_ntoa %d -> %zu %.40s same buffer %d\n", lengths[i], strlen(a), a, a == b);
  }
}

static void errors_all(void) {
  const int codes[] = {0, EAI_BADFLAGS, EAI_NONAME, EAI_AGAIN, EAI_FAIL, EAI_FAMILY, EAI_SOCKTYPE, EAI_SERVICE,
                       EAI_MEMORY, EAI_SYSTEM, EAI_OVERFLOW, EAI_NODATA, EAI_ADDRFAMILY, EAI_INPROGRESS,
                       EAI_CANCELED, EAI_NOTCANCELED, EAI_ALLDONE, EAI_INTR, EAI_IDN_ENCODE, -13, 1, -99, 12345};
  for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) printf("gai %d: %s\n", codes[i], gai_strerror(codes[i]));
  for (int code = -2; code <= 6; code++) printf("hstrerror %d: %s\n", code, hstrerror(code));
  for (int code = -1; code <= 5; code++) {
    h_errno = code;
    fflush(stdout);
    errno = 77;
    herror(code % 2 ? "prefix" : NULL);
    herror("");
    printf("errno after herror %d, h_errno %d\n", errno, h_errno);
  }
}

static int *main_h_errno;
static char *main_ntoa;

static void *thread_h_errno(void *arg) {
  (void)arg;
  printf("thread h_errno %d\n", h_errno);
  struct in_addr a = {htonl(0x0a000001)};
  char *mine = inet_ntoa(a);
  printf("thread inet_ntoa %s, main's buffer %d, main's text %s\n", mine, mine == main_ntoa, main_ntoa);
  h_errno = TRY_AGAIN;
  printf("thread h_errno set %d, main's location %d\n", h_errno, __h_errno_location() == main_h_errno);
  return NULL;
}

static void h_errno_threads(void) {
  h_errno = NO_RECOVERY;
  main_h_errno = __h_errno_location();
  struct in_addr a = {htonl(0xc0000201)};
  main_ntoa = inet_ntoa(a);
  pthread_t t;
  pthread_create(&t, NULL, thread_h_errno, NULL);
  pthread_join(t, NULL);
  printf("main h_errno %d\n", h_errno);
}

static void show_servent(const char *what, struct servent *s) {
  if (!s) {
    printf("%s: NULL\n", what);
    return;
  }
  printf("%s: %s %d/%s", what, s->s_name, ntohs((uint16_t)s->s_port), s->s_proto);
  for (char **a = s->s_aliases; *a; a++) printf(" [%s]", *a);
  printf("\n");
}

static void show_protoent(const char *what, struct protoent *p) {
  if (!p) {
    printf("%s: NULL\n", what);
    return;
  }
  printf("%s: %s %d", what, p->p_name, p->p_proto);
  for (char **a = p->p_aliases; *a; a++) printf(" [%s]", *a);
  printf("\n");
}

static void services(void) {
  if (access("/etc/services", R_OK) != 0) {
    printf("no /etc/services\n");
    return;
  }
  static const char *names[][2] = {{"http", "tcp"}, {"http", NULL}, {"www", "tcp"}, {"domain", "udp"},
                                   {"ssh", NULL}, {"smtp", "udp"}, {"nonexistent", NULL}, {"ntp", "udp"},
                                   {"kerberos", NULL}, {"https", "udp"}, {"", NULL}, {"tcp", NULL},
                                   {"syslog", "udp"}, {"imaps", "tcp"}, {"x11", NULL}, {"postgresql", "tcp"}};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    char what[80];
    snprintf(what, sizeof what, "getservbyname %s/%s", names[i][0], names[i][1] ? names[i][1] : "NULL");
    errno = 99;
    struct servent *s = getservbyname(names[i][0], names[i][1]);
    show_servent(what, s);
    printf("  errno %d\n", errno);
  }
  static const int ports[] = {7, 21, 22, 25, 53, 80, 88, 123, 443, 514, 6000, 5432, 1, 65535, 0};
  for (size_t i = 0; i < sizeof ports / sizeof *ports; i++) {
    char what[80];
    snprintf(what, sizeof what, "getservbyport %d/tcp", ports[i]);
    show_servent(what, getservbyport(htons((uint16_t)ports[i]), "tcp"));
    snprintf(what, sizeof what, "getservbyport %d/NULL", ports[i]);
    show_servent(what, getservbyport(htons((uint16_t)ports[i]), NULL));
    snprintf(what, sizeof what, "getservbyport %d/udp", ports[i]);
    show_servent(what, getservbyport(htons((uint16_t)ports[i]), "udp"));
  }
  /* The _r form over buffer sizes: ERANGE until the file's lines fit. */
  static const size_t sizes[] = {0, 1, 2, 3, 8, 16, 24, 32, 40, 48, 56, 64, 80, 100, 128, 200, 256, 1024};
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    char buffer[1024];
    struct servent se, *result = (struct servent *)1;
    errno = 99;
    int r = getservbyname_r("ssh", "tcp", &se, buffer, sizes[i], &result);
    printf("getservbyname_r ssh size %zu -> %d errno %d result %s", sizes[i], r, errno, result ? "set" : "NULL");
    if (result) show_servent("", result);
    else printf("\n");
    result = (struct servent *)1;
    r = getservbyport_r(htons(443), NULL, &se, buffer, sizes[i], &result);
    printf("getservbyport_r 443 size %zu -> %d errno %d result %s", sizes[i], r, errno, result ? "set" : "NULL");
    if (result) show_servent("", result);
    else printf("\n");
  }
  /* The whole file through getservent, then again after setservent, and _r with a small buffer. */
  int count = 0;
  struct servent *s;
  while ((s = getservent()) != NULL) {
    if (count < 20 || count % 25 == 0) show_servent("getservent", s);
    count++;
  }
  printf("getservent count %d errno %d\n", count, errno);
  show_servent("getservent after end", getservent());
  setservent(0);
  show_servent("getservent after setservent", getservent());
  show_servent("getservent next", getservent());
  endservent();
  char buffer[64];
  struct servent se, *result;
  for (int i = 0; i < 6; i++) {
    errno = 0;
    int r = getservent_r(&se, buffer, i < 3 ? 20 : sizeof buffer, &result);
    printf("getservent_r %d -> %d errno %d ", i, r, errno);
    show_servent("", result);
  }
  endservent();
  char big[4096];
  count = 0;
  int r;
  while ((r = getservent_r(&se, big, sizeof big, &result)) == 0) count++;
  printf("getservent_r count %d last %d\n", count, r);
  endservent();
  /* Every size around the boundaries, at two alignments: the line must fit with two bytes to
     spare, and the alias pointers after it, aligned. */
  for (size_t size = 60; size <= 140; size++)
    for (int misalign = 0; misalign < 2; misalign++) {
      result = NULL;
      r = getservbyname_r("ssh", "tcp", &se, big + 5 * misalign, size, &result);
      int r2 = getservbyport_r(htons(6000), "tcp", &se, big + 3 * misalign, size, &result);
      printf("size %zu+%d -> %d %d\n", size, misalign, r, r2);
    }
  /* The enumeration with a buffer that varies: ERANGE keeps the position. */
  for (int i = 0; i < 400; i++) {
    size_t size = 70 + (size_t)(i * 37 % 90);
    r = getservent_r(&se, big + (i % 8), size, &result);
    printf("getservent_r size %zu -> %d ", size, r);
    show_servent("", result);
    if (r == ENOENT) break;
  }
  endservent();
}

static void protocols(void) {
  if (access("/etc/protocols", R_OK) != 0) {
    printf("no /etc/protocols\n");
    return;
  }
  static const char *names[] = {"ip", "IP", "tcp", "TCP", "udp", "icmp", "ipv6", "ipv6-icmp", "sctp",
                                "nonexistent", "", "egp", "udplite", "mptcp", "ethernet"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    char what[80];
    snprintf(what, sizeof what, "getprotobyname %s", names[i]);
    errno = 99;
    show_protoent(what, getprotobyname(names[i]));
    printf("  errno %d\n", errno);
  }
  static const int numbers[] = {0, 1, 6, 17, 41, 58, 132, 136, 255, 256, -1, 262, 143, 99};
  for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
    char what[80];
    snprintf(what, sizeof what, "getprotobynumber %d", numbers[i]);
    show_protoent(what, getprotobynumber(numbers[i]));
  }
  static const size_t sizes[] = {0, 1, 2, 3, 8, 16, 24, 32, 40, 48, 56, 64, 80, 100, 128, 1024};
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    char buffer[1024];
    struct protoent pe, *result = (struct protoent *)1;
    errno = 99;
    int r = getprotobyname_r("udp", &pe, buffer, sizes[i], &result);
    printf("getprotobyname_r udp size %zu -> %d errno %d result %s", sizes[i], r, errno, result ? "set" : "NULL");
    if (result) show_protoent("", result);
    else printf("\n");
    result = (struct protoent *)1;
    r = getprotobynumber_r(6, &pe, buffer, sizes[i], &result);
    printf("getprotobynumber_r 6 size %zu -> %d errno %d result %s", sizes[i], r, errno, result ? "set" : "NULL");
    if (result) show_protoent("", result);
    else printf("\n");
  }
  int count = 0;
  struct protoent *p;
  while ((p = getprotoent()) != NULL) {
    show_protoent("getprotoent", p);
    count++;
  }
  printf("getprotoent count %d\n", count);
  setprotoent(1);
  show_protoent("getprotoent after setprotoent", getprotoent());
  endprotoent();
  char buffer[48];
  struct protoent pe, *result;
  for (int i = 0; i < 5; i++) {
    errno = 0;
    int r = getprotoent_r(&pe, buffer, i < 2 ? 30 : sizeof buffer, &result);
    printf("getprotoent_r %d -> %d errno %d ", i, r, errno);
    show_protoent("", result);
  }
  endprotoent();
  char big[1024];
  for (size_t size = 20; size <= 120; size++) {
    int r = getprotobyname_r("ipv6-icmp", &pe, big + size % 8, size, &result);
    int r2 = getprotobynumber_r(255, &pe, big, size, &result);
    printf("proto size %zu -> %d %d\n", size, r, r2);
  }
  for (int i = 0; i < 200; i++) {
    size_t size = 40 + (size_t)(i * 29 % 80);
    int r = getprotoent_r(&pe, big + (i % 8), size, &result);
    printf("getprotoent_r size %zu -> %d ", size, r);
    show_protoent("", result);
    if (r == ENOENT) break;
  }
  endprotoent();
}

static void show_rpcent(const char *what, struct rpcent *r) {
  if (!r) {
    printf("%s: NULL\n", what);
    return;
  }
  printf("%s: %s %d", what, r->r_name, r->r_number);
  for (char **a = r->r_aliases; *a; a++) printf(" [%s]", *a);
  printf("\n");
}

static void rpc(void) {
  if (access("/etc/rpc", R_OK) != 0) {
    printf("no /etc/rpc\n");
    return;
  }
  static const char *names[] = {"portmapper", "sunrpc", "nfs", "mountd", "nonexistent", "", "rstat_svc", "NFS"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    char what[80];
    snprintf(what, sizeof what, "getrpcbyname %s", names[i]);
    errno = 99;
    show_rpcent(what, getrpcbyname(names[i]));
    printf("  errno %d\n", errno);
  }
  static const int numbers[] = {100000, 100003, 100005, 1, 0, -1, 150001, 100024};
  for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
    char what[80];
    snprintf(what, sizeof what, "getrpcbynumber %d", numbers[i]);
    show_rpcent(what, getrpcbynumber(numbers[i]));
  }
  char big[512];
  for (size_t size = 0; size <= 110; size += 2) {
    struct rpcent re, *result = (struct rpcent *)1;
    errno = 99;
    int r = getrpcbyname_r("nfs", &re, big + size % 8, size, &result);
    int r2 = getrpcbynumber_r(100024, &re, big, size, &result);
    printf("getrpc _r size %zu -> %d %d errno %d ", size, r, r2, errno);
    show_rpcent("", result);
  }
  struct rpcent *e;
  int count = 0;
  while ((e = getrpcent()) != NULL) {
    show_rpcent("getrpcent", e);
    count++;
  }
  printf("getrpcent count %d\n", count);
  setrpcent(0);
  show_rpcent("getrpcent after setrpcent", getrpcent());
  endrpcent();
  for (int i = 0; i < 80; i++) {
    struct rpcent re, *result;
    size_t size = 30 + (size_t)(i * 13 % 50);
    int r = getrpcent_r(&re, big + i % 8, size, &result);
    printf("getrpcent_r size %zu -> %d ", size, r);
    show_rpcent("", result);
    if (r == ENOENT) break;
  }
  endrpcent();
}

int main(void) {
  dup2(1, 2);
  pton_all();
  ntop_all();
  aton_all();
  classful_all();
  byte_order();
  ether_all();
  ether_lines();
  nsap_all();
  errors_all();
  h_errno_threads();
  services();
  protocols();
  rpc();
  return 0;
}
