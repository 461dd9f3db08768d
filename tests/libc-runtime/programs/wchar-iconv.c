// iconv under Miros libc: UTF-8, ASCII, ISO-8859-1, WCHAR_T, UCS-4, UTF-32 with its byte-order
// mark; EILSEQ, EINVAL (incomplete input), E2BIG (full output), unknown names.
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

static void convert(const char *to, const char *from, const char *in, size_t inlen, size_t room) {
  errno = 0;
  iconv_t cd = iconv_open(to, from);
  printf("%s <- %s:", to, from);
  if (cd == (iconv_t) -1) {
    printf(" open failed errno=%d\n", errno);
    return;
  }
  char out[64];
  char *ip = (char *) in, *op = out;
  size_t il = inlen, ol = room;
  errno = 0;
  size_t r = iconv(cd, &ip, &il, &op, &ol);
  printf(" r=%zd errno=%d used=%td left=%zu out=", (ssize_t) r, r == (size_t) -1 ? errno : 0, ip - in, il);
  for (char *p = out; p < op; p++) printf("%02x", (unsigned char) *p);
  ssize_t reset = (ssize_t) iconv(cd, NULL, NULL, NULL, NULL);
  printf(" reset=%zd", reset);
  printf(" close=%d\n", iconv_close(cd));
}

int main(void) {
  const char utf8[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
  convert("WCHAR_T", "UTF-8", utf8, sizeof utf8 - 1, 64);
  convert("UCS-4", "UTF-8", utf8, sizeof utf8 - 1, 64);
  convert("UTF-32", "UTF-8", utf8, 3, 64);
  convert("utf-32le", "utf8", utf8, 3, 64);
  convert("ISO-8859-1", "UTF-8", utf8, sizeof utf8 - 1, 64);
  convert("ASCII", "UTF-8", utf8, sizeof utf8 - 1, 64);
  convert("ANSI_X3.4-1968", "ISO-8859-1", "ok\xe9", 3, 64);
  convert("UTF-8", "ISO-8859-1", "caf\xe9", 4, 64);
  convert("UTF-8", "UTF-8", "\xc3\xa9\xe2\x82", 4, 64);
  convert("UTF-8", "UTF-8", "ab\xff", 3, 64);
  convert("UTF-8", "UTF-8", "abcdef", 6, 3);
  const char be[] = {0, 0, (char) 0xfe, (char) 0xff, 0, 0, 0, 0x41, 0, 0, 0x20, (char) 0xac};
  convert("UTF-8", "UTF-32", be, sizeof be, 64);
  const char le[] = {(char) 0xff, (char) 0xfe, 0, 0, 0x42, 0, 0, 0};
  convert("UTF-8", "UTF-32", le, sizeof le, 64);
  convert("KLINGON", "UTF-8", "x", 1, 64);
  return 0;
}
