// The static guest program's eventfd scenarios (tests/programs/src/eventfd.c), here linked
// dynamically against glibc and run on Miros libc: one source for both oracles.
#include "../../programs/src/eventfd.c"
