// The static guest program's scenarios (tests/programs/src/flock.c), here linked dynamically against glibc and run
// on Miros libc: one source for both oracles.
#include "../../programs/src/flock.c"
