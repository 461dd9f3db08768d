#!/bin/sh
# Records the CPU conformance vectors on this machine (x86-64 only): integer/SSE2 families into
# integer.txt.gz (templates.h), SSE3–SSE4.2/CRC32/PCLMULQDQ/AES-NI into sse4.txt.gz (templates-sse4.h).
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
