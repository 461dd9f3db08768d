// The static guest program's signalfd scenarios (tests/programs/src/signalfd.c), here linked
// dynamically against glibc and run on Miros libc: one source for both oracles.
#include "../../programs/src/signalfd.c"
