// getopt, getopt_long and getopt_long_only through Miros libc over built argument vectors:
// permutation of non-options, "--", "+" and "-" ordering, ":" leading optstring, optional
// arguments, missing arguments, unknown options, long-option abbreviations and ambiguity, flag
// pointers, "-W foo", and optind resets. Diagnostics go to stderr (as glibc prints them).
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int verbose_flag;

static const struct option longopts[] = {
    {"verbose", no_argument, &verbose_flag, 1},
    {"brief", no_argument, &verbose_flag, 0},
    {"add", no_argument, 0, 'a'},
    {"append", no_argument, 0, 'p'},
    {"delete", required_argument, 0, 'd'},
    {"create", required_argument, 0, 'c'},
    {"file", optional_argument, 0, 'f'},
    {"color", optional_argument, 0, 'C'},
    {"colour", optional_argument, 0, 'C'},
    {0, 0, 0, 0},
};

static void run(const char *title, int mode, const char *optstring, int argc, const char **in) {
  char *argv[32];
  for (int i = 0; i < argc; i++) argv[i] = (char *)in[i];
  argv[argc] = NULL;
  optind = 0;
  printf("== %s [%s]\n", title, optstring);
  for (;;) {
    int index = -1;
    int c = mode == 0   ? getopt(argc, argv, optstring)
            : mode == 1 ? getopt_long(argc, argv, optstring, longopts, &index)
                        : getopt_long_only(argc, argv, optstring, longopts, &index);
    if (c == -1) break;
    printf("  c=%d(%c) optind=%d optopt=%d index=%d optarg=%s flag=%d\n", c, c > 32 && c < 127 ? c : '.', optind,
           optopt, index, optarg ? optarg : "(null)", verbose_flag);
  }
  printf("  end optind=%d argv:", optind);
  for (int i = 0; i < argc; i++) printf(" %s", argv[i]);
  printf("\n");
}

#define RUN(title, mode, opts, ...)                                                            \
  do {                                                                                         \
    const char *v[] = {"prog", __VA_ARGS__};                                                   \
    run(title, mode, opts, (int)(sizeof v / sizeof v[0]), v);                                  \
  } while (0)

int main(void) {
  RUN("basic", 0, "ab:c::", "-a", "-b", "x", "-cval", "-c", "file");
  RUN("grouped", 0, "ab:c", "-acb", "arg", "-abarg2", "rest");
  RUN("permute", 0, "ab:", "one", "-a", "two", "-b", "B", "three", "--", "-a", "four");
  RUN("require order +", 0, "+ab", "-a", "x", "-b");
  RUN("return in order -", 0, "-ab", "x", "-a", "y", "-b");
  RUN("unknown and missing", 0, "ab:", "-x", "-a", "-b");
  RUN("colon silent", 0, ":ab:", "-x", "-b");
  RUN("dash alone", 0, "a", "-", "-a");
  RUN("long", 1, "apd:c:f::", "--verbose", "--add", "--delete=foo", "--create", "bar", "--file", "--file=f", "x");
  RUN("long abbrev", 1, "ad:", "--app", "--del", "v", "--verb", "--ad");
  RUN("long ambiguous", 1, "a", "--a", "--colo", "--co=red", "--b");
  RUN("long errors", 1, ":a", "--nope", "--add=1", "--delete", "--verbose=x");
  RUN("long only", 2, "ad:", "-verbose", "-a", "-del", "z", "-app", "-x");
  RUN("W semicolon", 1, "aW;", "-W", "add", "-Wdelete=q", "-a");
  RUN("no args", 0, "a");
  optind = 1;
  opterr = 0;
  const char *quiet[] = {"prog", "-q", "-a"};
  char *qv[4] = {(char *)quiet[0], (char *)quiet[1], (char *)quiet[2], NULL};
  int c;
  while ((c = getopt(3, qv, "a")) != -1) printf("opterr=0 c=%c optopt=%c optind=%d\n", c, optopt, optind);
  return 0;
}
