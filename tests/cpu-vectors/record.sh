#!/bin/sh
# Records the integer/SSE2 CPU conformance vectors on this machine (x86-64 only) into integer.txt.gz.
set -e
cd "$(dirname "$0")"
gcc -O1 -mno-red-zone -fno-pie -no-pie -o /tmp/miros-cpu-vectors generate.c
/tmp/miros-cpu-vectors > /tmp/miros-cpu-vectors.txt
gzip -9n < /tmp/miros-cpu-vectors.txt > integer.txt.gz
grep -c '^V' /tmp/miros-cpu-vectors.txt
