// The static guest program's scenarios (tests/programs/src/inotify.c), here linked dynamically against glibc
// and run on Miros libc: one source for both oracles.
#include "../../programs/src/inotify.c"
