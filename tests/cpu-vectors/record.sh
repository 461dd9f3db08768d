#!/bin/sh
# Records the CPU conformance vectors on this machine (x86-64 only): integer/SSE2 families into
# integer.txt.gz (templates.h), SSE3–SSE4.2/CRC32/PCLMULQDQ/AES-NI into sse4.txt.gz (templates-sse4.h),
# LOCK'd read-modify-write into locked.txt.gz (templates-locked.h). integer.txt.gz was recorded on an
# Intel CPU (family 6 model 0x8f, the model Miros's CPUID reports); recorded on an AMD EPYC (family
# 0x1a) 7,262 of its 41,318 vectors come out different (flags the SDM leaves undefined, and SHLD/SHRD
# of 16-bit operands with counts above 16): record integer.txt.gz on an Intel CPU only. sse4.txt.gz
# and locked.txt.gz come out the same on both.
set -e
cd "$(dirname "$0")"
gcc -O1 -mno-red-zone -fno-pie -no-pie -o /tmp/miros-cpu-vectors generate.c
/tmp/miros-cpu-vectors > /tmp/miros-cpu-vectors.txt
gzip -9n < /tmp/miros-cpu-vectors.txt > integer.txt.gz
grep -c '^V' /tmp/miros-cpu-vectors.txt
gcc -O1 -mno-red-zone -fno-pie -no-pie -DTEMPLATES_FILE='"templates-sse4.h"' -o /tmp/miros-cpu-vectors-sse4 generate.c
/tmp/miros-cpu-vectors-sse4 > /tmp/miros-cpu-vectors-sse4.txt
gzip -9n < /tmp/miros-cpu-vectors-sse4.txt > sse4.txt.gz
grep -c '^V' /tmp/miros-cpu-vectors-sse4.txt
gcc -O1 -mno-red-zone -fno-pie -no-pie -DTEMPLATES_FILE='"templates-locked.h"' -o /tmp/miros-cpu-vectors-locked generate.c
/tmp/miros-cpu-vectors-locked > /tmp/miros-cpu-vectors-locked.txt
gzip -9n < /tmp/miros-cpu-vectors-locked.txt > locked.txt.gz
grep -c '^V' /tmp/miros-cpu-vectors-locked.txt
