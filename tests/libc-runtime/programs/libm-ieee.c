/* The IEEE 754 / TS 18661 math.h functions through the PLT (bits, errno, flags, NaN payloads,
   pointer and long double arguments), plus the fenv.h mode and exception-enable functions: the
   generator tests/libc/generators/libm-ieee.c with SAMPLE defined (every 37th pair, every 7th
   value of fromfp and scalb). */
#define SAMPLE
#include "../../libc/generators/libm-ieee.c"
