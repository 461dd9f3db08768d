// dirname (libgen.h): in place, trailing slashes, the "//" exception, static "." for NULL, "" and
// paths without a slash.
#include <libgen.h>
#include <stdio.h>
#include <string.h>
int main(void) {
  const char *cases[] = {"/usr/lib", "/usr/lib/", "/usr/lib//", "usr", "usr/", "/", "//", "///", ".", "..", "", "a/b/c", "a//b", "//a", "//a/", "///a//b//", "/a", "a/", "./a", "../..", "/..//x", "a///", "//usr//lib//", "///x", "////x", "//x//y", "x//", "///x/", 0};
  for (int i = 0; cases[i]; i++) {
    char buf[64]; strcpy(buf, cases[i]);
    char *r = dirname(buf);
    printf("dirname(\"%s\") = \"%s\" in-place:%s\n", cases[i], r, (r >= buf && r < buf + 64) ? "yes" : "no");
  }
  printf("dirname(NULL) = \"%s\"\n", dirname(NULL));
  return 0;
}
