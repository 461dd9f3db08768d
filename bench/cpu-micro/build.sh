#!/bin/sh
# Builds the CPU micro-benchmarks (static, no libc). The binaries are committed.
set -e
cd "$(dirname "$0")"
for src in *.c; do
  gcc -O2 -static -nostdlib -fno-pie -no-pie -fno-stack-protector -fcf-protection=none \
    -fno-tree-loop-distribute-patterns -o "${src%.c}" "$src" -lgcc
done
