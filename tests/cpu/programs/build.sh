#!/bin/sh
# Builds the CPU test programs (static, no libc) and records their native output.
# The binaries and .expected files are committed; run this when a source changes.
set -e
cd "$(dirname "$0")"
for src in *.c; do
  name=${src%.c}
  gcc -O2 -static -nostdlib -fno-pie -no-pie -fno-stack-protector -fcf-protection=none -fno-tree-loop-distribute-patterns -o "$name" "$src" -lgcc
  status=0
  ./"$name" > "$name.expected" || status=$?
  echo "exit $status" >> "$name.expected"
done
