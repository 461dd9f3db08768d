// Records glibc's scanf results for every case of tests/libc/scanf-cases.txt.
// Usage: node tests/libc/generators/scanf-cases.mjs  (needs gcc; writes data/scanf-cases.expected)
// Each case runs fscanf on an fmemopen stream of the input; the program records the return value,
// the bytes of every argument buffer (0xaa-filled beforehand), strings allocated for %m, and
// ftell (how much input was consumed, which checks pushback).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cases = readFileSync(join(here, '..', 'scanf-cases.txt'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'));

const body = cases.map((line, index) => {
  const [format, input, kinds = ''] = line.split(' | ').map((s) => s.trim());
  const args = [...kinds].map((k, i) => (k === 'm' ? `&mptr[${i}]` : `buf[${i}]`));
  return `  { /* ${index} */
    static const char fmt[] = ${format};
    static const char in[] = ${input};
    memset(buf, 0xaa, sizeof buf);
    for (int i = 0; i < 8; i++) mptr[i] = NULL;
    FILE *f = fmemopen((void *)in, sizeof in - 1, "r");
    if (sizeof in == 1) { fclose(f); f = fopen("/dev/null", "r"); }
    int r = fscanf(f, fmt${args.map((a) => `, ${a}`).join('')});
    long pos = ftell(f);
    fclose(f);
    hex((const unsigned char *)fmt, sizeof fmt - 1); printf("\\t");
    hex((const unsigned char *)in, sizeof in - 1); printf("\\t${kinds}\\t%d\\t%ld\\t", r, pos);
    for (int i = 0; i < ${kinds.length}; i++) {
      if ("${kinds}"[i] == 'm') { if (mptr[i]) { printf("m"); hex((const unsigned char *)mptr[i], strlen(mptr[i])); } else printf("null"); }
      else hex(buf[i], 64);
      printf(" ");
    }
    printf("\\n");
  }`;
});

const program = `#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static void hex(const unsigned char *p, size_t n) { for (size_t i = 0; i < n; i++) printf("%02x", p[i]); }
int main(void) {
  static unsigned char buf[8][64]; char *mptr[8];
${body.join('\n')}
  return 0;
}
`;
const dir = mkdtempSync(join(tmpdir(), 'miros-scanf-'));
writeFileSync(join(dir, 'cases.c'), program);
execFileSync('gcc', ['-O0', '-w', '-o', join(dir, 'cases'), join(dir, 'cases.c')], { stdio: 'inherit' });
const output = execFileSync(join(dir, 'cases')).toString();
writeFileSync(
  join(here, '..', 'data', 'scanf-cases.expected'),
  '# glibc 2.36 fscanf results for tests/libc/scanf-cases.txt (generators/scanf-cases.mjs).\n' +
    '# format (hex), input (hex), argument kinds, return value, ftell after, buffers (hex) or %m strings\n' +
    output,
);
console.log(`${cases.length} cases`);
