// The resolver API without a network: dn_comp/dn_expand/dn_skipname round trips through a
// compression table, malformed names (pointer loops, pointers past the message, label types
// 0x40/0x80, truncated labels, small buffers), ns_name_* conversions with escapes, res_*ok,
// res_mkquery bytes (the random id masked), ns_initparse/ns_parserr over a built message,
// res_ninit's fields compared with the program's own reading of /etc/resolv.conf, and
// res_query of a name that cannot be encoded (fails before any packet is sent).
// Linked with -lresolv: ns_initparse and ns_parserr live in libresolv.so.2.
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <stdio.h>
#include <string.h>

static void hex(const char *what, const unsigned char *p, int n) {
  printf("%s (%d):", what, n);
  for (int i = 0; i < n; i++) printf(" %02x", p[i]);
  printf("\n");
}

static void expand_at(const unsigned char *msg, int len, int offset, int size) {
  char name[NS_MAXDNAME];
  memset(name, 'X', sizeof name);
  errno = 0;
  int n = dn_expand(msg, msg + len, msg + offset, name, size);
  int skip = dn_skipname(msg + offset, msg + len);
  if (n < 0)
    printf("dn_expand @%d size %d: %d errno %d, dn_skipname %d\n", offset, size, n, errno, skip);
  else
    printf("dn_expand @%d size %d: %d \"%s\", dn_skipname %d\n", offset, size, n, name, skip);
}

static void compression(void) {
  unsigned char msg[512];
  unsigned char *dnptrs[6], **last = dnptrs + 6;
  memset(msg, 0, sizeof msg);
  dnptrs[0] = msg;
  dnptrs[1] = NULL;
  const char *names[] = {"www.example.com", "mail.Example.COM.", "example.com", "ftp.www.example.com",
                         "other.org", "a.b.c.d.other.org", ".", "x.y", "z.x.y", "last.example.com"};
  int at = 12;
  int offsets[10];
  for (int i = 0; i < 10; i++) {
    offsets[i] = at;
    errno = 0;
    int n = dn_comp(names[i], msg + at, sizeof msg - at, dnptrs, last);
    int count = 0;
    while (dnptrs[count + 1] != NULL) count++;
    printf("dn_comp \"%s\" -> %d (errno %d), table %d:", names[i], n, n < 0 ? errno : 0, count);
    for (int k = 1; k <= count; k++) printf(" %d", (int)(dnptrs[k] - msg));
    printf("\n");
    if (n > 0) at += n;
  }
  hex("message", msg, at);
  for (int i = 0; i < 10; i++) expand_at(msg, at, offsets[i], NS_MAXDNAME);
  // Too small for the text: EMSGSIZE.
  expand_at(msg, at, offsets[3], 8);
  // Without a table (dnptrs NULL) and with a table that cannot grow (lastdnptr NULL).
  unsigned char out[64];
  int n = dn_comp("plain.example.com", out, sizeof out, NULL, NULL);
  hex("dn_comp without table", out, n);
  dnptrs[0] = msg;
  n = dn_comp("www.example.com", out, sizeof out, dnptrs, NULL);
  printf("dn_comp with a full table -> %d\n", n);
  errno = 0;
  n = dn_comp("www.example.com", out, 5, NULL, NULL);
  printf("dn_comp into 5 bytes -> %d errno %d\n", n, errno);
  errno = 0;
  n = dn_comp("a..b", out, sizeof out, NULL, NULL);
  printf("dn_comp \"a..b\" -> %d errno %d\n", n, errno);
  char label64[80];
  memset(label64, 'a', 64);
  strcpy(label64 + 64, ".com");
  errno = 0;
  n = dn_comp(label64, out, sizeof out, NULL, NULL);
  printf("dn_comp 64-byte label -> %d errno %d\n", n, errno);
}

static void malformed(void) {
  // A pointer to itself, a loop of two pointers, a pointer past the end, a forward pointer,
  // label types 0x40 and 0x80, a label longer than the message, a missing second pointer byte.
  unsigned char self[] = {0, 0, 0xc0, 2};
  expand_at(self, sizeof self, 2, NS_MAXDNAME);
  unsigned char loop[] = {1, 'a', 0xc0, 4, 1, 'b', 0xc0, 0};
  expand_at(loop, sizeof loop, 0, NS_MAXDNAME);
  unsigned char past[] = {3, 'a', 'b', 'c', 0xc0, 40};
  expand_at(past, sizeof past, 0, NS_MAXDNAME);
  unsigned char forward[] = {0xc0, 2, 3, 'f', 'o', 'o', 0};
  expand_at(forward, sizeof forward, 0, NS_MAXDNAME);
  unsigned char ext40[] = {0x41, 'a', 0};
  expand_at(ext40, sizeof ext40, 0, NS_MAXDNAME);
  unsigned char ext80[] = {0x81, 'a', 0};
  expand_at(ext80, sizeof ext80, 0, NS_MAXDNAME);
  unsigned char longlabel[] = {9, 'a', 'b', 0};
  expand_at(longlabel, sizeof longlabel, 0, NS_MAXDNAME);
  unsigned char half[] = {1, 'a', 0xc0};
  expand_at(half, sizeof half, 0, NS_MAXDNAME);
  unsigned char noend[] = {1, 'a', 1, 'b'};
  expand_at(noend, sizeof noend, 0, NS_MAXDNAME);
  // Escapes: special characters and bytes outside printable ASCII.
  unsigned char odd[] = {5, 'a', '.', 'b', ' ', 0xff, 3, '$', '@', '\\', 0};
  expand_at(odd, sizeof odd, 0, NS_MAXDNAME);
  // A source outside the message.
  expand_at(odd, 0, 0, NS_MAXDNAME);
}

static void conversions(void) {
  const char *texts[] = {"example.com", "example.com.", ".", "", "a\\.b.c", "\\065\\066.x", "\\256.x",
                         "\\06", "trailing\\", "a..b", ".a", "UPPER.Case."};
  for (int i = 0; i < 12; i++) {
    unsigned char wire[NS_MAXCDNAME];
    char text[NS_MAXDNAME];
    errno = 0;
    int r = ns_name_pton(texts[i], wire, sizeof wire);
    if (r < 0) {
      printf("ns_name_pton \"%s\" -> %d errno %d\n", texts[i], r, errno);
      continue;
    }
    const unsigned char *p = wire;
    int skip = ns_name_skip(&p, wire + sizeof wire);
    int t = ns_name_ntop(wire, text, sizeof text);
    printf("ns_name_pton \"%s\" -> %d, skip %d (%d bytes), ntop %d \"%s\"\n", texts[i], r, skip, (int)(p - wire), t, text);
  }
  unsigned char wire[NS_MAXCDNAME];
  char small[6];
  ns_name_pton("abc.def", wire, sizeof wire);
  errno = 0;
  int small_result = ns_name_ntop(wire, small, sizeof small);
  printf("ns_name_ntop into 6 bytes -> %d errno %d\n", small_result, errno);
  errno = 0;
  small_result = ns_name_pton("abcdef.x", wire, 4);
  printf("ns_name_pton into 4 bytes -> %d errno %d\n", small_result, errno);
  // ns_name_compress/ns_name_uncompress and ns_name_pack/unpack through one message.
  unsigned char msg[128];
  const unsigned char *dnptrs[4] = {msg, NULL}, **last = dnptrs + 4;
  int a = ns_name_compress("host.zone.test", msg, sizeof msg, dnptrs, last);
  int b = ns_name_compress("mx.zone.test", msg + a, sizeof msg - a, dnptrs, last);
  hex("ns_name_compress", msg, a + b);
  unsigned char unpacked[NS_MAXCDNAME];
  int u = ns_name_unpack(msg, msg + a + b, msg + a, unpacked, sizeof unpacked);
  hex("ns_name_unpack", unpacked, u < 0 ? 0 : u + 9);
  char text[NS_MAXDNAME];
  int c = ns_name_uncompress(msg, msg + a + b, msg + a, text, sizeof text);
  printf("ns_name_uncompress -> %d \"%s\"\n", c, text);
  unsigned char packed[64];
  int pk = ns_name_pack(unpacked, packed, sizeof packed, NULL, NULL);
  hex("ns_name_pack", packed, pk);
  unsigned char buf[4];
  ns_put16(0xbeef, buf);
  ns_put32(0x01020304, buf);
  printf("ns_put32/ns_get16/ns_get32: %x %x\n", ns_get16(buf), (unsigned)ns_get32(buf));
}

static void checks(void) {
  const char *names[] = {"example.com", "-bad.com", "good-.com", "under_score.x", "a b", "*.wild.com",
                         "*wild.com", "user.name.example.com", "us\\.er.example.com", "single", ".",
                         "", "tab\t.x", "utf\xc3\xa9.x", "a..b", "x.*.y"};
  for (int i = 0; i < 16; i++)
    printf("%-24s hnok %d ownok %d mailok %d dnok %d\n", names[i], res_hnok(names[i]), res_ownok(names[i]),
           res_mailok(names[i]), res_dnok(names[i]));
}

static void queries(void) {
  unsigned char buf[512];
  int n = res_mkquery(QUERY, "www.example.com", C_IN, T_AAAA, NULL, 0, NULL, buf, sizeof buf);
  printf("res_mkquery -> %d, id nonzero or zero: ok\n", n);
  if (n >= 2) hex("query (id masked)", buf + 2, n - 2);
  printf("_res.id is the query's id: %d\n", memcmp(&_res.id, buf, 2) == 0);
  n = res_mkquery(QUERY, "www.example.com", C_IN, T_A, NULL, 0, NULL, buf, 20);
  printf("res_mkquery into 20 bytes -> %d\n", n);
  n = res_mkquery(QUERY, "www.example.com", 70000, T_A, NULL, 0, NULL, buf, sizeof buf);
  printf("res_mkquery class 70000 -> %d\n", n);
  n = res_mkquery(NS_NOTIFY_OP, "zone.test", C_IN, T_SOA, (const unsigned char *)"ns.zone.test", 0, NULL, buf,
                  sizeof buf);
  printf("res_mkquery NOTIFY -> %d\n", n);
  if (n >= 2) hex("notify (id masked)", buf + 2, n - 2);
  n = res_mkquery(5, "x.test", C_IN, T_A, NULL, 0, NULL, buf, sizeof buf);
  printf("res_mkquery opcode 5 -> %d\n", n);
  struct __res_state state;
  memset(&state, 0, sizeof state);
  res_ninit(&state);
  state.options &= ~RES_RECURSE;
  n = res_nmkquery(&state, QUERY, "Mixed.Case.Test.", C_CHAOS, T_TXT, NULL, 0, NULL, buf, sizeof buf);
  hex("res_nmkquery without RES_RECURSE (id masked)", buf + 2, n - 2);
  printf("state.id is the query's id: %d\n", memcmp(&state.id, buf, 2) == 0);
  // Parse a response: question, two answers (one compressed), one additional.
  unsigned char msg[256];
  int len = res_mkquery(QUERY, "host.test", C_IN, T_A, NULL, 0, NULL, msg, sizeof msg);
  msg[2] |= 0x80;
  msg[7] = 2;
  msg[11] = 1;
  unsigned char answers[] = {0xc0, 12, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 192, 0, 2, 1,
                             0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60,   0, 4, 192, 0, 2, 2,
                             2, 'n', 's', 0xc0, 12, 0, 16, 0, 1, 0, 0, 0, 5, 0, 3, 2, 'h', 'i'};
  memcpy(msg + len, answers, sizeof answers);
  len += sizeof answers;
  ns_msg handle;
  int r = ns_initparse(msg, len, &handle);
  printf("ns_initparse -> %d: qd %d an %d ns %d ar %d, flags %04x\n", r, ns_msg_count(handle, ns_s_qd),
         ns_msg_count(handle, ns_s_an), ns_msg_count(handle, ns_s_ns), ns_msg_count(handle, ns_s_ar),
         ns_msg_getflag(handle, ns_f_qr));
  ns_sect sections[] = {ns_s_qd, ns_s_an, ns_s_an, ns_s_ar, ns_s_an};
  int numbers[] = {0, 0, 1, 0, 5};
  for (int i = 0; i < 5; i++) {
    ns_rr rr;
    errno = 0;
    r = ns_parserr(&handle, sections[i], numbers[i], &rr);
    if (r < 0) {
      printf("ns_parserr %d/%d -> %d errno %d\n", sections[i], numbers[i], r, errno);
      continue;
    }
    printf("ns_parserr %d/%d -> %d: %s type %d class %d ttl %u rdlength %d", sections[i], numbers[i], r,
           ns_rr_name(rr), ns_rr_type(rr), ns_rr_class(rr), ns_rr_ttl(rr), ns_rr_rdlen(rr));
    if (ns_rr_rdlen(rr) > 0) printf(" rdata@%d", (int)(ns_rr_rdata(rr) - msg));
    printf("\n");
  }
  errno = 0;
  r = ns_initparse(msg, len - 1, &handle);
  printf("ns_initparse of a truncated message -> %d errno %d\n", r, errno);
  printf("ns_skiprr answers -> %d\n", ns_skiprr(msg + 27, msg + len, ns_s_an, 2));
  // A name that cannot become a query fails before anything is sent: h_errno NO_RECOVERY.
  char longname[100];
  memset(longname, 'q', 70);
  strcpy(longname + 70, ".test");
  h_errno = 0;
  n = res_query(longname, C_IN, T_A, buf, sizeof buf);
  printf("res_query of a 70-byte label -> %d h_errno %d\n", n, h_errno);
  n = res_nquery(&state, longname, C_IN, T_A, buf, sizeof buf);
  printf("res_nquery of a 70-byte label -> %d h_errno %d state.res_h_errno %d\n", n, h_errno, state.res_h_errno);
  res_nclose(&state);
}

/* The name servers of /etc/resolv.conf as this program reads them (IPv4 ones; 127.0.0.1 without any). */
static int own_servers(struct in_addr *out) {
  FILE *f = fopen("/etc/resolv.conf", "r");
  int count = 0, any = 0;
  char line[512];
  while (f != NULL && fgets(line, sizeof line, f) != NULL) {
    char address[256];
    if (sscanf(line, "nameserver %255s", address) == 1 && count < 3) {
      struct in6_addr a6;
      any = 1;
      if (inet_aton(address, &out[count]))
        count++;
      else if (inet_pton(AF_INET6, address, &a6) == 1)
        out[count++].s_addr = 0xffffffff;
    }
  }
  if (f != NULL) fclose(f);
  if (!any) {
    out[0].s_addr = htonl(INADDR_LOOPBACK);
    count = 1;
  }
  return count;
}

static void state_fields(void) {
  struct __res_state state;
  memset(&state, 0x5a, sizeof state);
  int r = res_ninit(&state);
  struct in_addr mine[3];
  int count = own_servers(mine);
  int same = state.nscount == count;
  for (int i = 0; same && i < count; i++) {
    if (mine[i].s_addr == 0xffffffff)
      same = state.nsaddr_list[i].sin_family == 0 && state._u._ext.nsaddrs[i] != NULL &&
             state._u._ext.nsaddrs[i]->sin6_family == AF_INET6 && ntohs(state._u._ext.nsaddrs[i]->sin6_port) == 53;
    else
      same = state.nsaddr_list[i].sin_family == AF_INET && ntohs(state.nsaddr_list[i].sin_port) == 53 &&
             state.nsaddr_list[i].sin_addr.s_addr == mine[i].s_addr && state._u._ext.nsaddrs[i] == NULL;
    same = same && state._u._ext.nssocks[i] == -1;
  }
  printf("res_ninit -> %d, name servers as read from the file: %s\n", r, same ? "yes" : "no");
  printf("RES_INIT|RES_DEFAULT bits %lx, _vcsock %d, _flags %u, pfcode %lu, ext.nscount %d, id %d\n",
         state.options & (RES_INIT | RES_DEFAULT), state._vcsock, state._flags, state.pfcode, state._u._ext.nscount,
         state.id);
  int searches = 0;
  while (state.dnsrch[searches] != NULL) searches++;
  int packed = searches == 0 || state.dnsrch[0] == state.defdname;
  for (int i = 1; i < searches; i++) packed = packed && state.dnsrch[i] == state.dnsrch[i - 1] + strlen(state.dnsrch[i - 1]) + 1;
  printf("search list packed into defdname: %s (%s)\n", packed ? "yes" : "no", searches <= 6 ? "at most 6" : "too many");
  res_nclose(&state);
  res_state global = __res_state();
  printf("__res_state() stable: %d\n", global == __res_state());
  r = res_init();
  printf("res_init -> %d, RES_INIT set %d\n", r, (int)(_res.options & RES_INIT));
  // Options the program set before res_init stay (the preinit path).
  _res.retry = 4;
  _res.options |= RES_ROTATE;
  r = res_init();
  printf("res_init again -> %d, retry %d, rotate %d\n", r, _res.retry, (_res.options & RES_ROTATE) != 0);
}

static void base64(void) {
  const char *data[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
  for (int i = 0; i < 7; i++) {
    char text[32];
    memset(text, 'X', sizeof text);
    int n = b64_ntop((const unsigned char *)data[i], strlen(data[i]), text, sizeof text);
    int tight = b64_ntop((const unsigned char *)data[i], strlen(data[i]), text, n);
    printf("b64_ntop \"%s\" -> %d \"%s\", without room for the NUL %d\n", data[i], n, text, tight);
  }
  const char *texts[] = {"Zm9vYmFy", "Zm9vYg==", "Zm9vYmE=", " Zm9v\nYg = = ", "Zm9vYh==", "Zm9vY===", "Zg=",
                         "Zm9*", "Zm9vYmE", "=", "Zm9vYg==x", "", "  ", "Zm\xc3"};
  for (int i = 0; i < 14; i++) {
    unsigned char out[16];
    memset(out, 0, sizeof out);
    int n = b64_pton(texts[i], out, sizeof out);
    int counted = b64_pton(texts[i], NULL, 0);
    int exact = n > 0 ? b64_pton(texts[i], out, n) : -2;
    printf("b64_pton %d -> %d (%.*s), counting %d, into exactly %d bytes %d\n", i, n, n > 0 ? n : 0, out, counted, n,
           exact);
  }
}

int main(void) {
  base64();
  compression();
  malformed();
  conversions();
  checks();
  state_fields();
  queries();
  return 0;
}
