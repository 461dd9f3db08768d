// The libraries of the dl-more fixture, one source built several ways (build.sh's -D flags):
//   KIND_IE        libdlie.so: initial-exec TLS, loadable by dlopen only through surplus static TLS
//   KIND_BIND      libdldeep.so / libdlshallow.so: calls a function the executable also defines
//   KIND_NODELETE  libdlnodelete.so: opened with RTLD_NODELETE, so dlclose leaves it loaded
//   KIND_TLS       libdltls2.so: a TLS variable a thread that existed before the dlopen reads
//   KIND_EXIT      libdlexit-a.so / libdlexit-b.so: load-time libraries whose constructors call
//                  atexit, to show the exit order of handlers and destructors
#include <stdio.h>
#include <stdlib.h>

#ifdef KIND_IE
__thread int ie_variable __attribute__((tls_model("initial-exec"))) = 42;
int ie_next(void) { return ++ie_variable; }
#endif

#ifdef KIND_BIND
const char *bind_who(void) { return "the library's own bind_who"; }
const char *bind_call(void) { return bind_who(); }
#endif

#ifdef KIND_NODELETE
int nodelete_counter;
__attribute__((constructor)) static void nodelete_constructor(void) { printf("nodelete: constructor\n"); }
__attribute__((destructor)) static void nodelete_destructor(void) { printf("nodelete: destructor, counter %d\n", nodelete_counter); }
int nodelete_bump(void) { return ++nodelete_counter; }
#endif

#ifdef KIND_TLS
__thread long late_tls = 1234;
__thread char late_zeroes[64];
#endif

#ifdef KIND_EXIT
static void exit_handler(void) { printf("%s: atexit handler (registered by its constructor)\n", NAME); }
__attribute__((constructor)) static void exit_constructor(void) {
  printf("%s: constructor\n", NAME);
  atexit(exit_handler);
}
__attribute__((destructor)) static void exit_destructor(void) { printf("%s: destructor\n", NAME); }
void exit_touch(void) {}
#endif
