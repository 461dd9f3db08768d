// argp (glibc's argp_parse, argp_help, argp_state_help, argp_error, argp_failure, argp_usage and
// their variables): help and usage output with glibc's default ARGP_HELP_FMT, wrapping, groups,
// clusters, aliases, doc options, a help filter, parsing of many argument vectors, the errors, and
// what --help/--usage/--version/-? print and exit with (in children).
#define _GNU_SOURCE
#include <argp.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

const char *argp_program_version = "argp-test 1.2";
const char *argp_program_bug_address = "<bugs@example.org>";

static const struct argp_option main_options[] = {
    {"verbose", 'v', 0, 0, "Produce verbose output", 0},
    {"quiet", 'q', 0, 0, "Don't produce any output", 0},
    {"silent", 's', 0, OPTION_ALIAS, 0, 0},
    {"output", 'o', "FILE", 0, "Output to FILE instead of standard output, which is a rather long "
                               "description that has to be wrapped over several lines by the formatter", 0},
    {"level", 'l', "NUM", OPTION_ARG_OPTIONAL, "Level (default 3)", 0},
    {"secret", 'S', 0, OPTION_HIDDEN, "Never shown", 0},
    {"only-long", 1000, "WHAT", 0, "An option with no short form", 0},
    {"abc", 1001, 0, 0, "Abbreviation test one", 0},
    {"abd", 1002, 0, 0, "Abbreviation test two", 0},
    {0, 0, 0, 0, "Fancy options:", 7},
    {"zeta", 'z', 0, 0, "Zeta", 0},
    {"alpha", 'a', "A", 0, "Alpha with an argument", 0},
    {"Beta", 'B', 0, 0, "Upper-case beta", 0},
    {"beta", 'b', 0, 0, "Lower-case beta", 0},
    {"a-very-long-option-name-that-pushes-the-doc", 'x', "SOMETHING-LONG", 0, "Documentation starts on the next line", 0},
    {0, 0, 0, 0, "Documentation items:", -3},
    {"PATTERN", 0, 0, OPTION_DOC, "A doc option describing PATTERN", 0},
    {"-n", 0, 0, OPTION_DOC | OPTION_NO_USAGE, "A doc option that looks like an option", 0},
    {0}};

static const struct argp_option child_options[] = {
    {"child-flag", 'c', 0, 0, "A child's flag", 0},
    {"child-value", 'C', "VAL", 0, "A child's value", 0},
    {0}};

struct arguments {
  int verbose, quiet, count;
  const char *output, *level, *args[8];
  int nargs;
  int fail_at;
};

static error_t child_parser(int key, char *arg, struct argp_state *state) {
  switch (key) {
  case 'c': printf("  child: -c\n"); break;
  case 'C': printf("  child: -C %s\n", arg); break;
  case ARGP_KEY_INIT: printf("  child: init input=%s\n", state->input ? "set" : "null"); break;
  case ARGP_KEY_FINI: printf("  child: fini\n"); break;
  default: return ARGP_ERR_UNKNOWN;
  }
  return 0;
}

static struct argp child_argp = {child_options, child_parser, 0, "Child documentation.", 0, 0, 0};
static struct argp_child children[] = {{&child_argp, 0, "Child options:", 2}, {0}};

static const char *key_name(int key) {
  static char buf[32];
  switch (key) {
  case ARGP_KEY_ARG: return "ARG";
  case ARGP_KEY_ARGS: return "ARGS";
  case ARGP_KEY_END: return "END";
  case ARGP_KEY_NO_ARGS: return "NO_ARGS";
  case ARGP_KEY_INIT: return "INIT";
  case ARGP_KEY_SUCCESS: return "SUCCESS";
  case ARGP_KEY_ERROR: return "ERROR";
  case ARGP_KEY_FINI: return "FINI";
  }
  if (key > 32 && key < 127) snprintf(buf, sizeof buf, "'%c'", key);
  else snprintf(buf, sizeof buf, "%d", key);
  return buf;
}

static error_t main_parser(int key, char *arg, struct argp_state *state) {
  struct arguments *a = state->input;
  printf("  %s arg=%s next=%d arg_num=%u\n", key_name(key), arg ? arg : "(null)", state->next, state->arg_num);
  switch (key) {
  case ARGP_KEY_INIT:
    state->err_stream = stdout;
    state->out_stream = stdout;
    state->child_inputs[0] = a;
    break;
  case 'v': a->verbose++; break;
  case 'q': a->quiet = 1; break;
  case 'o': a->output = arg; break;
  case 'l': a->level = arg ? arg : "default"; break;
  case 'z': case 'a': case 'b': case 'B': case 'x': case 'S': case 1000: case 1001: case 1002: break;
  case ARGP_KEY_ARG:
    if (a->fail_at && (int)state->arg_num == a->fail_at) argp_error(state, "argument %s is bad (%d)", arg, 42);
    if (a->nargs >= 3) return ARGP_ERR_UNKNOWN;
    a->args[a->nargs++] = arg;
    break;
  case ARGP_KEY_END:
    if (a->fail_at < 0) argp_failure(state, 0, ENOENT, "cannot open %s", "missing.txt");
    break;
  case ARGP_KEY_NO_ARGS:
  case ARGP_KEY_SUCCESS:
  case ARGP_KEY_ERROR:
  case ARGP_KEY_FINI:
    break;
  default: return ARGP_ERR_UNKNOWN;
  }
  return 0;
}

static struct argp main_argp = {main_options, main_parser, "FILE...\nDIR -r", "A test program for argp.\vText after the options, long enough to be wrapped at the right margin of seventy-nine columns by argp's formatter.", children, 0, 0};

static void parse(unsigned flags, int fail_at, ...) {
  char *argv[16];
  int argc = 0;
  va_list ap;
  va_start(ap, fail_at);
  argv[argc++] = "/usr/bin/argp-test";
  for (char *s; (s = va_arg(ap, char *)) != NULL;) argv[argc++] = s;
  va_end(ap);
  argv[argc] = NULL;
  struct arguments a = {0};
  a.fail_at = fail_at;
  printf("parse flags=%#x:", flags);
  for (int i = 1; i < argc; i++) printf(" %s", argv[i]);
  printf("\n");
  int end = -1;
  error_t err = argp_parse(&main_argp, argc, argv, flags | ARGP_NO_EXIT, fail_at == 99 ? NULL : &end, &a);
  printf("  -> %d end=%d verbose=%d quiet=%d output=%s level=%s args=%d", err, end, a.verbose, a.quiet,
         a.output ? a.output : "-", a.level ? a.level : "-", a.nargs);
  for (int i = 0; i < a.nargs; i++) printf(" [%s]", a.args[i]);
  printf(" argv:");
  for (int i = 1; i < argc; i++) printf(" %s", argv[i]);
  printf("\n");
}

static void in_child(const char *what, char **argv, int argc) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(1, 2);
    argp_parse(&main_argp, argc, argv, 0, 0, &(struct arguments){0});
    printf("returned\n");
    exit(3);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("%s: exit %d\n", what, WEXITSTATUS(status));
}

static char *filter(int key, const char *text, void *input) {
  char *out;
  switch (key) {
  case 'f': asprintf(&out, "[filtered] %s", text); return out;
  case 'g': return NULL;
  case ARGP_KEY_HELP_PRE_DOC: asprintf(&out, "PRE(%s)", text ? text : "null"); return out;
  case ARGP_KEY_HELP_POST_DOC: return text ? strdup("POST") : NULL;
  case ARGP_KEY_HELP_EXTRA: return strdup("Extra text from the filter.");
  case ARGP_KEY_HELP_ARGS_DOC: return (char *)text;
  }
  return (char *)text;
}

static const struct argp_option filtered_options[] = {
    {"foo", 'f', "F", 0, "Foo option", 0},
    {"goo", 'g', 0, 0, "Goo option is dropped", 0},
    {"hoo", 'h', 0, 0, "Hoo option", 0},
    {0}};
static struct argp filtered_argp = {filtered_options, 0, "ARG", "Pre\vPost", 0, filter, 0};

int main(void) {
  puts("== help STD_HELP");
  argp_help(&main_argp, stdout, ARGP_HELP_STD_HELP, "prog");
  puts("== help LONG|DOC|BUG_ADDR");
  argp_help(&main_argp, stdout, ARGP_HELP_LONG | ARGP_HELP_DOC | ARGP_HELP_BUG_ADDR, "prog");
  puts("== help USAGE");
  argp_help(&main_argp, stdout, ARGP_HELP_USAGE, "a-rather-long-program-name-for-the-usage-line");
  puts("== help SHORT_USAGE|SEE");
  argp_help(&main_argp, stdout, ARGP_HELP_SHORT_USAGE | ARGP_HELP_SEE, "prog");
  puts("== help filtered");
  argp_help(&filtered_argp, stdout, ARGP_HELP_STD_HELP | ARGP_HELP_EXIT_OK, "filt");
  puts("== help NULL stream");
  argp_help(&main_argp, NULL, ARGP_HELP_STD_HELP, "prog");

  parse(0, 0, "-v", "-v", "file1", "-o", "out", "file2", NULL);
  parse(0, 0, "--verbose", "--output=x", "--level", "--level=5", "-l7", "--", "-q", NULL);
  parse(0, 0, "--ab", NULL);
  parse(0, 0, "--abc", "--outp", "y", "--quiet", "a", "b", "c", "d", "e", NULL);
  parse(0, 99, "a", "b", "c", "d", NULL);
  parse(0, 0, "-k", NULL);
  parse(0, 0, "--nope", "x", NULL);
  parse(0, 0, "-o", NULL);
  parse(0, 0, "--quiet=3", NULL);
  parse(0, 0, "-c", "-C", "v1", "--child-flag", "--child-value=v2", NULL);
  parse(0, 2, "one", "two", "three", NULL);
  parse(0, -1, "one", NULL);
  parse(ARGP_IN_ORDER, 0, "a", "-v", "b", NULL);
  parse(ARGP_NO_ARGS, 0, "-v", "a", "-q", NULL);
  parse(ARGP_NO_HELP, 0, "-v", "--help", NULL);
  parse(ARGP_LONG_ONLY, 0, "-verbose", "-output", "z", NULL);
  parse(ARGP_NO_ERRS, 0, "-k", "--nope", NULL);
  parse(ARGP_SILENT, 0, "x", "-k", NULL);
  parse(ARGP_PARSE_ARGV0, 0, "x", NULL);
  parse(0, 0, "--program-name=/some/where/renamed", "--bad", NULL);

  char *help[] = {"/bin/argp-test", "--help", NULL};
  in_child("--help", help, 2);
  char *usage[] = {"argp-test", "--usage", NULL};
  in_child("--usage", usage, 2);
  char *question[] = {"argp-test", "-?", NULL};
  in_child("-?", question, 2);
  char *version[] = {"argp-test", "--version", NULL};
  in_child("--version", version, 2);
  char *bad[] = {"argp-test", "--bogus", NULL};
  in_child("--bogus", bad, 2);
  char *version_short[] = {"argp-test", "-V", NULL};
  in_child("-V", version_short, 2);
  printf("argp_err_exit_status=%d\n", argp_err_exit_status);
  argp_err_exit_status = 9;
  char *bad2[] = {"argp-test", "-k", NULL};
  in_child("-k status 9", bad2, 2);

  puts("== ARGP_HELP_FMT");
  setenv("ARGP_HELP_FMT", "rmargin=50,opt-doc-col=20,no-dup-args-note,header-col=3,bogus,usage-indent=4", 1);
  argp_help(&main_argp, stdout, ARGP_HELP_STD_HELP, "prog");
  setenv("ARGP_HELP_FMT", "dup-args,short-opt-col=4,long-opt-col=10", 1);
  argp_help(&main_argp, stdout, ARGP_HELP_LONG, "prog");
  fflush(stdout);
  return 0;
}
