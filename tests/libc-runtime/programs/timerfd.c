// The static guest program's timerfd scenarios (tests/programs/src/timerfd.c), here linked
// dynamically against glibc and run on Miros libc: one source for both oracles.
#include "../../programs/src/timerfd.c"
