// getaddrinfo/freeaddrinfo/getnameinfo/gai_strerror over the files sources only: numeric
// addresses, /etc/hosts (localhost), /etc/services; AI_PASSIVE, AI_NUMERICHOST, AI_CANONNAME,
// AI_NUMERICSERV, AI_ADDRCONFIG (with IPv4, which every machine has), the order of results by
// socket type, and the EAI_* codes of bad hints. Every name asked for is in /etc/hosts or
// numeric, so no lookup reaches DNS (natively it would).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static const char *code_name(int code) {
  switch (code) {
  case 0: return "0";
  case EAI_BADFLAGS: return "EAI_BADFLAGS";
  case EAI_NONAME: return "EAI_NONAME";
  case EAI_AGAIN: return "EAI_AGAIN";
  case EAI_FAIL: return "EAI_FAIL";
  case EAI_FAMILY: return "EAI_FAMILY";
  case EAI_SOCKTYPE: return "EAI_SOCKTYPE";
  case EAI_SERVICE: return "EAI_SERVICE";
  case EAI_MEMORY: return "EAI_MEMORY";
  case EAI_SYSTEM: return "EAI_SYSTEM";
  case EAI_OVERFLOW: return "EAI_OVERFLOW";
  case EAI_NODATA: return "EAI_NODATA";
  case EAI_ADDRFAMILY: return "EAI_ADDRFAMILY";
  default: return "other";
  }
}

static void lookup(const char *name, const char *service, int flags, int family, int socktype, int protocol) {
  struct addrinfo hints;
  memset(&hints, 0, sizeof hints);
  hints.ai_flags = flags;
  hints.ai_family = family;
  hints.ai_socktype = socktype;
  hints.ai_protocol = protocol;
  struct addrinfo *result = NULL;
  int code = getaddrinfo(name, service, &hints, &result);
  printf("getaddrinfo(%s, %s, flags 0x%x family %d socktype %d protocol %d) = %s", name ? name : "NULL",
         service ? service : "NULL", flags, family, socktype, protocol, code_name(code));
  if (code != 0) {
    printf(" [%s]\n", gai_strerror(code));
    return;
  }
  printf("\n");
  for (struct addrinfo *a = result; a != NULL; a = a->ai_next) {
    char text[INET6_ADDRSTRLEN] = "?";
    int port = -1;
    if (a->ai_family == AF_INET) {
      struct sockaddr_in *in = (struct sockaddr_in *)a->ai_addr;
      inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
      port = ntohs(in->sin_port);
    } else if (a->ai_family == AF_INET6) {
      struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)a->ai_addr;
      inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
      port = ntohs(in6->sin6_port);
      printf("  flowinfo %u scope %u\n", in6->sin6_flowinfo, in6->sin6_scope_id);
    }
    printf("  flags 0x%x family %d socktype %d protocol %d addrlen %u %s port %d canonname %s\n", a->ai_flags,
           a->ai_family, a->ai_socktype, a->ai_protocol, (unsigned)a->ai_addrlen, text, port,
           a->ai_canonname ? a->ai_canonname : "NULL");
  }
  freeaddrinfo(result);
}

static void reverse(const char *address, int port, int flags, size_t host_size, size_t serv_size, socklen_t length) {
  struct sockaddr_storage storage;
  memset(&storage, 0, sizeof storage);
  socklen_t natural = sizeof(struct sockaddr_in);
  if (strchr(address, ':')) {
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&storage;
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons((unsigned short)port);
    inet_pton(AF_INET6, address, &in6->sin6_addr);
    natural = sizeof *in6;
  } else {
    struct sockaddr_in *in = (struct sockaddr_in *)&storage;
    in->sin_family = AF_INET;
    in->sin_port = htons((unsigned short)port);
    inet_pton(AF_INET, address, &in->sin_addr);
  }
  char host[64] = "(untouched)", serv[32] = "(untouched)";
  int code = getnameinfo((struct sockaddr *)&storage, length ? length : natural, host_size ? host : NULL, host_size,
                         serv_size ? serv : NULL, serv_size, flags);
  printf("getnameinfo(%s, %d, flags 0x%x, host %zu, serv %zu) = %s host [%s] serv [%s]\n", address, port, flags,
         host_size, serv_size, code_name(code), host, serv);
}

int main(void) {
  printf("== numeric hosts ==\n");
  lookup("127.0.0.1", NULL, 0, AF_UNSPEC, 0, 0);
  lookup("127.0.0.1", "80", 0, AF_UNSPEC, 0, 0);
  lookup("127.0.0.1", "80", 0, AF_INET, SOCK_STREAM, 0);
  lookup("127.0.0.1", "80", 0, AF_UNSPEC, SOCK_DGRAM, 0);
  lookup("127.0.0.1", "80", 0, AF_UNSPEC, 0, IPPROTO_UDP);
  lookup("127.0.0.1", "80", 0, AF_UNSPEC, SOCK_RAW, 0);
  lookup("127.0.0.1", NULL, 0, AF_UNSPEC, SOCK_RAW, 0);
  lookup("127.0.0.1", NULL, 0, AF_UNSPEC, SOCK_RAW, 17);
  lookup("10.1.2.3", "65535", AI_NUMERICHOST | AI_NUMERICSERV, AF_INET, 0, 0);
  lookup("127.1", "7", 0, AF_UNSPEC, SOCK_STREAM, 0);
  lookup("0x7f.1", "7", 0, AF_UNSPEC, SOCK_STREAM, 0);
  lookup("::1", "domain", 0, AF_UNSPEC, SOCK_DGRAM, 0);
  lookup("fe80::1%1", "53", AI_NUMERICHOST, AF_INET6, SOCK_DGRAM, 0);
  lookup("2001:db8::5", NULL, AI_CANONNAME, AF_INET6, SOCK_STREAM, 0);
  lookup("127.0.0.1", "http", AI_CANONNAME, AF_UNSPEC, SOCK_STREAM, 0);
  lookup("127.0.0.1", "0", AI_ADDRCONFIG, AF_INET, SOCK_STREAM, 0);
  lookup("fe80::1%lo", "53", AI_NUMERICHOST, AF_INET6, SOCK_DGRAM, 0);
  lookup("fe80::1%nosuchif", "53", AI_NUMERICHOST, AF_INET6, SOCK_DGRAM, 0);
  lookup("2001:db8::1%7", "53", AI_NUMERICHOST, AF_INET6, SOCK_DGRAM, 0);
  lookup("127.0.0.1", "80", AI_V4MAPPED, AF_INET6, SOCK_STREAM, 0);
  lookup("::ffff:10.0.0.1", "80", 0, AF_INET, SOCK_STREAM, 0);
  lookup("127.0.0.1", "80", 0, AF_UNSPEC, 0, 132);
  lookup("127.0.0.1", "80", 0, AF_UNSPEC, SOCK_SEQPACKET, 0);
  lookup("127.0.0.1", "80", 0, AF_UNSPEC, 6 /* SOCK_DCCP */, 0);
  lookup("127.0.0.1", "80", 0, AF_UNSPEC, 0, 136);
  lookup("127.0.0.1", "80", 0, AF_UNSPEC, 0, 99);
  lookup("127.0.0.1", " 80", 0, AF_INET, SOCK_STREAM, 0);
  lookup("127.0.0.1", "+81", 0, AF_INET, SOCK_STREAM, 0);
  lookup("127.0.0.1", "0x50", 0, AF_INET, SOCK_STREAM, 0);
  lookup("127.0.0.1", "", 0, AF_INET, SOCK_STREAM, 0);
  lookup("127.0.0.1", "*", 0, AF_INET, SOCK_STREAM, 0);
  lookup("*", "80", 0, AF_INET, SOCK_STREAM, 0);
  lookup("127.0.0.1 ", "80", AI_NUMERICHOST, AF_INET, SOCK_STREAM, 0);
  {
    struct addrinfo *result = NULL;
    int code = getaddrinfo("127.0.0.1", "80", NULL, &result);
    printf("no hints: %s, first flags 0x%x family %d socktype %d\n", code_name(code), result ? result->ai_flags : -1,
           result ? result->ai_family : -1, result ? result->ai_socktype : -1);
    if (result) freeaddrinfo(result);
  }
  printf("== /etc/hosts and /etc/services ==\n");
  lookup("localhost", "http", 0, AF_INET, 0, 0);
  lookup("localhost", "domain", AI_CANONNAME, AF_INET, 0, 0);
  lookup("LocalHost", "ssh", AI_CANONNAME, AF_INET, SOCK_STREAM, 0);
  lookup("localhost", "ntp", 0, AF_INET, SOCK_STREAM, 0);
  lookup("localhost", "ntp", 0, AF_INET, SOCK_DGRAM, 0);
  printf("== no host ==\n");
  lookup(NULL, "8080", AI_PASSIVE, AF_INET, SOCK_STREAM, 0);
  lookup(NULL, "8080", 0, AF_INET, SOCK_STREAM, 0);
  lookup(NULL, "8080", AI_PASSIVE, AF_INET6, SOCK_STREAM, 0);
  lookup(NULL, "8080", 0, AF_INET6, 0, 0);
  printf("== errors ==\n");
  lookup(NULL, NULL, 0, AF_UNSPEC, 0, 0);
  lookup("127.0.0.1", NULL, 0x10000, AF_UNSPEC, 0, 0);
  lookup(NULL, "80", AI_CANONNAME, AF_UNSPEC, 0, 0);
  lookup("127.0.0.1", "80", 0, 99, 0, 0);
  lookup("127.0.0.1", "80", 0, AF_UNIX, 0, 0);
  lookup("127.0.0.1", "80", 0, AF_UNSPEC, 99, 0);
  lookup("127.0.0.1", "80", 0, AF_UNSPEC, SOCK_STREAM, IPPROTO_UDP);
  lookup("127.0.0.1", "no-such-service", 0, AF_UNSPEC, 0, 0);
  lookup("127.0.0.1", "http", AI_NUMERICSERV, AF_UNSPEC, 0, 0);
  lookup("localhost", "80", AI_NUMERICHOST, AF_UNSPEC, 0, 0);
  lookup("127.0.0.1", "80", 0, AF_INET6, 0, 0);
  lookup("::1", "80", 0, AF_INET, 0, 0);
  lookup("127.0.0.1", "99999", 0, AF_INET, SOCK_STREAM, 0);
  lookup("127.0.0.1", "-5", 0, AF_INET, SOCK_STREAM, 0);
  lookup("127.0.0.1", "-5", AI_NUMERICSERV, AF_INET, SOCK_STREAM, 0);
  lookup("127.0.0.1", "4294967377", 0, AF_INET, SOCK_STREAM, 0);
  lookup(NULL, "http", AI_NUMERICSERV, AF_INET, SOCK_STREAM, 0);
  for (int code = 1; code <= 16; code++) printf("gai_strerror(-%d) = %s\n", code, gai_strerror(-code));
  printf("== getnameinfo ==\n");
  reverse("127.0.0.1", 80, NI_NUMERICHOST | NI_NUMERICSERV, 64, 32, 0);
  reverse("127.0.0.1", 80, 0, 64, 32, 0);
  reverse("127.0.0.1", 53, NI_DGRAM, 64, 32, 0);
  reverse("127.0.0.1", 22, NI_NOFQDN, 64, 32, 0);
  reverse("127.0.0.1", 65000, NI_NAMEREQD, 64, 32, 0);
  reverse("10.9.8.7", 80, NI_NUMERICHOST, 64, 32, 0);
  reverse("::1", 443, NI_NUMERICHOST, 64, 32, 0);
  reverse("2001:db8::1", 80, NI_NUMERICHOST | NI_NUMERICSERV, 64, 32, 0);
  reverse("127.0.0.1", 80, NI_NUMERICHOST, 64, 0, 0);
  reverse("127.0.0.1", 80, NI_NUMERICSERV, 0, 32, 0);
  reverse("127.0.0.1", 80, 0, 0, 0, 0);
  reverse("127.0.0.1", 80, NI_NUMERICHOST, 4, 32, 0);
  reverse("127.0.0.1", 80, 0, 64, 2, 0);
  reverse("127.0.0.1", 80, NI_NUMERICHOST, 64, 32, 8);
  reverse("::1", 80, NI_NUMERICHOST, 64, 32, sizeof(struct sockaddr_in));
  reverse("127.0.0.1", 80, 0x4000, 64, 32, 0);
  reverse("fe80::1", 80, NI_NUMERICHOST | NI_NUMERICSERV | 0x1000000, 64, 32, 0);
  {
    struct sockaddr_in6 in6;
    memset(&in6, 0, sizeof in6);
    in6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "fe80::1", &in6.sin6_addr);
    char host[64], serv[16];
    for (unsigned scope = 1; scope <= 2; scope++) {
      in6.sin6_scope_id = scope == 1 ? 1 : 123456;
      int code = getnameinfo((struct sockaddr *)&in6, sizeof in6, host, sizeof host, serv, sizeof serv,
                             NI_NUMERICHOST | NI_NUMERICSERV);
      printf("scope %u: %s [%s] [%s]\n", in6.sin6_scope_id, code_name(code), host, serv);
    }
    inet_pton(AF_INET6, "2001:db8::1", &in6.sin6_addr);
    int code = getnameinfo((struct sockaddr *)&in6, sizeof in6, host, sizeof host, NULL, 0, NI_NUMERICHOST);
    printf("global with scope: %s [%s]\n", code_name(code), host);
    code = getnameinfo((struct sockaddr *)&in6, sizeof in6, host, 12, NULL, 0, NI_NUMERICHOST);
    printf("global with scope, 12 bytes: %s\n", code_name(code));
  }
  {
    struct sockaddr_un {
      sa_family_t family;
      char path[108];
    } un = {AF_UNIX, "/run/some.sock"};
    char host[64] = "", serv[64] = "";
    int code = getnameinfo((struct sockaddr *)&un, sizeof un, host, sizeof host, serv, sizeof serv, NI_NUMERICHOST);
    printf("AF_UNIX: %s [%s] [%s]\n", code_name(code), host, serv);
  }
  return 0;
}
