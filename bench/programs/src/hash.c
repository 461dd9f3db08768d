// Integer hashing: a 64-bit multiply-xorshift hash over a generated buffer (word at a time), CRC32
// (table-driven, byte at a time) and an open-addressing hash table with inserts, lookups and
// deletions. CPU-bound integer work: multiplies, shifts, loads/stores, unpredictable branches.
// Prints a checksum so native, qemu and Miros runs can be compared. Argument: scale (default 1).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

static uint32_t crc_table[256];

static void crc_init(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
}

static uint32_t crc32(const uint8_t *p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

#define TABLE_BITS 16
#define TABLE_SIZE (1u << TABLE_BITS)
static uint64_t keys[TABLE_SIZE];
static uint32_t values[TABLE_SIZE];

static uint32_t *lookup_slot(uint64_t key, int insert) {
  uint32_t i = (uint32_t)mix64(key) & (TABLE_SIZE - 1);
  for (;;) {
    if (keys[i] == key) return &values[i];
    if (keys[i] == 0) {
      if (!insert) return NULL;
      keys[i] = key;
      values[i] = 0;
      return &values[i];
    }
    i = (i + 1) & (TABLE_SIZE - 1);
  }
}

int main(int argc, char **argv) {
  int scale = argc > 1 ? atoi(argv[1]) : 1;
  size_t words = 1 << 16;
  uint64_t *buffer = malloc(words * sizeof *buffer);
  uint64_t seed = 0x9e3779b97f4a7c15ull;
  for (size_t i = 0; i < words; i++) buffer[i] = seed = mix64(seed + i);
  crc_init();

  uint64_t checksum = 0;
  for (int round = 0; round < 20 * scale; round++) {
    uint64_t h = (uint64_t)round;
    for (size_t i = 0; i < words; i++) h = mix64(h ^ buffer[i]) + (h << 7);
    checksum ^= h;
  }
  for (int round = 0; round < 2 * scale; round++)
    checksum += crc32((const uint8_t *)buffer + round, words * sizeof *buffer - 64);

  uint32_t found = 0;
  for (int round = 0; round < 4 * scale; round++) {
    // Key sets repeat every 4 rounds: at most 32768 + 3 * 7919 distinct keys, so the 65536-slot
    // table never fills (a full table would make the probe loop run forever).
    for (uint32_t i = 1; i <= TABLE_SIZE / 2; i++) (*lookup_slot(mix64(i + (uint64_t)(round % 4) * 7919), 1))++;
    for (uint32_t i = 1; i <= TABLE_SIZE; i++) {
      uint32_t *v = lookup_slot(mix64(i), 0);
      if (v) found += *v;
    }
  }
  printf("hash checksum %016llx found %u\n", (unsigned long long)checksum, found);
  free(buffer);
  return 0;
}
