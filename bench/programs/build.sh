#!/usr/bin/env bash
# Builds the benchmark programs: static glibc, -O2, x86-64 baseline (what Miros's CPU implements),
# and dynamically linked builds of the libc-heavy ones (NAME-dynamic: under Miros their libc calls
# go to Miros libc, natively and under qemu to the system's glibc).
# The binaries are committed so `npm run bench` needs no compiler; rerun this after editing src/.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p bin
for source in src/*.c; do
  name=$(basename "$source" .c)
  gcc -std=gnu11 -O2 -Wall -fno-ident -static "$source" -o "bin/$name" -lm
  echo "built bin/$name ($(stat -c %s "bin/$name") bytes): $(./bin/"$name" | head -1)"
done
for name in strings sort; do
  gcc -std=gnu11 -O2 -Wall -fno-ident "src/$name.c" -o "bin/$name-dynamic" -lm
  echo "built bin/$name-dynamic ($(stat -c %s "bin/$name-dynamic") bytes): $(./bin/"$name"-dynamic | head -1)"
done
