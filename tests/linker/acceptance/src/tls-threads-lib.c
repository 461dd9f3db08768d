// libtlsthreads.so: TLS of every access model a shared library uses — initial exec (built into the
// library with tls_model), general dynamic, local dynamic (static variables), and TLS descriptors
// when built with -mtls-dialect=gnu2 (libtlsthreads-desc.so) — and a constructor that receives
// argc, argv and envp as glibc passes them to DT_INIT_ARRAY.
#include <stdio.h>
#include <string.h>

__thread long lib_general = 1000;
__thread long lib_initial __attribute__((tls_model("initial-exec"))) = 2000;
static __thread long lib_local_a = 3000;
static __thread char lib_local_b[32] = "local-dynamic";

__attribute__((constructor)) static void with_arguments(int argc, char **argv, char **envp) {
  printf("%s constructor: argc %d, argv[1] %s, envp[0] %s\n", LIBRARY, argc, argc > 1 ? argv[1] : "(none)",
         envp[0] ? envp[0] : "(none)");
}

// Adds `amount` to each variable in this thread; returns their sum and the local string's length.
long LIBRARY_FUNCTION(long amount) {
  lib_general += amount;
  lib_initial += amount;
  lib_local_a += amount;
  lib_local_b[0] = (char)('A' + amount % 26);
  return lib_general + lib_initial + lib_local_a + (long)strlen(lib_local_b);
}

long *LIBRARY_ADDRESS(void) { return &lib_general; }
