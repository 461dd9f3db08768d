// Records glibc's printf output for every case of tests/libc/printf-cases.txt.
// Usage: node tests/libc/generators/printf-cases.mjs  (needs gcc; writes data/printf-cases.expected)
// Each case becomes one fprintf call to an open_memstream in a generated C program, which prints
// the format bytes, the exact argument values passed (bit patterns), the return value, errno and
// the output bytes, so the vitest replay needs no C parsing and no compiler.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const casesPath = join(here, '..', 'printf-cases.txt');
const outputPath = join(here, '..', 'data', 'printf-cases.expected');

const TYPES = { i: 'int', l: 'long', u: 'unsigned long', d: 'double', L: 'long double', s: 'const char *', p: 'void *', w: 'wint_t', W: 'const wchar_t *' };
const ROUND = { nearest: 'FE_TONEAREST', upward: 'FE_UPWARD', downward: 'FE_DOWNWARD', towardzero: 'FE_TOWARDZERO' };

let locale = 'C';
let round = 'nearest';
let errnoIn = 0;
const body = [];
let index = 0;
for (const raw of readFileSync(casesPath, 'utf8').split('\n')) {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) continue;
  if (line.startsWith('@locale ')) {
    locale = line.slice(8).trim();
    continue;
  }
  if (line.startsWith('@round ')) {
    round = line.slice(7).trim();
    continue;
  }
  if (line.startsWith('@errno ')) {
    errnoIn = Number(line.slice(7));
    continue;
  }
  const parts = line.split(' | ');
  const format = parts[0];
  const args = parts.slice(1).map((a) => {
    const colon = a.indexOf(':');
    return { kind: a.slice(0, colon), expr: a.slice(colon + 1) };
  });
  const decl = [];
  const pass = [];
  const record = [];
  let slot = 0;
  args.forEach((a, i) => {
    if (a.kind === 'n') {
      pass.push(`&slots[${slot}]`);
      record.push(`printf(" n=%d", ${slot});`);
      slot++;
      return;
    }
    decl.push(`${TYPES[a.kind]} a${i} = (${TYPES[a.kind]})(${a.expr});`);
    pass.push(`a${i}`);
    switch (a.kind) {
      case 'i':
      case 'w':
        record.push(`printf(" ${a.kind}=%08x", (unsigned)a${i});`);
        break;
      case 'l':
      case 'u':
        record.push(`printf(" ${a.kind}=%016lx", (unsigned long)a${i});`);
        break;
      case 'p':
        record.push(`printf(" p=%016lx", (unsigned long)a${i});`);
        break;
      case 'd':
        record.push(`{ unsigned long b; memcpy(&b, &a${i}, 8); printf(" d=%016lx", b); }`);
        break;
      case 'L':
        record.push(
          `{ unsigned long m; unsigned short se; memcpy(&m, &a${i}, 8); memcpy(&se, (char *)&a${i} + 8, 2); printf(" L=%04x%016lx", se, m); }`,
        );
        break;
      case 's':
        record.push(`if (a${i}) { printf(" s="); hex((const unsigned char *)a${i}, strlen(a${i})); } else printf(" s=null");`);
        break;
      case 'W':
        record.push(
          `if (a${i}) { printf(" W="); for (const wchar_t *q = a${i}; *q; q++) printf("%08x", (unsigned)*q); } else printf(" W=null");`,
        );
        break;
      default:
        throw new Error(`unknown argument kind ${a.kind} in: ${line}`);
    }
  });
  body.push(`  { /* case ${index}: ${line.replace(/\*\//g, '* /')} */
    static const char fmt[] = ${format};
    setlocale(LC_ALL, "${locale}");
    ${decl.join('\n    ')}
    for (int k = 0; k < 8; k++) slots[k] = 0x1111111111111111LL;
    fesetround(${ROUND[round]});
    FILE *m = open_memstream(&buf, &len);
    errno = ${errnoIn};
    int r = fprintf(m, fmt${pass.map((p) => `, ${p}`).join('')});
    int e = errno;
    fclose(m);
    fesetround(FE_TONEAREST);
    printf("${locale}\\t${round}\\t${errnoIn}\\t");
    hex((const unsigned char *)fmt, sizeof fmt - 1);
    printf("\\t");
    ${record.join('\n    ')}
    printf("\\t%d\\t%d\\t", r, r < 0 ? e : 0);
    hex((const unsigned char *)buf, len);
    printf("\\t");
    for (int k = 0; k < ${slot}; k++) printf("%016llx ", slots[k]);
    printf("\\n");
    free(buf);
  }`);
  index++;
}

const program = `#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
static void hex(const unsigned char *p, size_t n) { for (size_t i = 0; i < n; i++) printf("%02x", p[i]); }
int main(void) {
  char *buf; size_t len; long long slots[8];
  setvbuf(stdout, NULL, _IOFBF, 1 << 16);
${body.join('\n')}
  return 0;
}
`;

const dir = mkdtempSync(join(tmpdir(), 'miros-printf-'));
writeFileSync(join(dir, 'cases.c'), program);
execFileSync('gcc', ['-O0', '-fno-builtin', '-w', '-o', join(dir, 'cases'), join(dir, 'cases.c'), '-lm'], { stdio: 'inherit' });
const output = execFileSync(join(dir, 'cases'), { maxBuffer: 1 << 28 }).toString();
const header =
  '# glibc 2.36 printf results for tests/libc/printf-cases.txt (generated by generators/printf-cases.mjs).\n' +
  '# locale, rounding, errno before, format (hex), arguments, return value, errno after, output (hex), %n slots\n';
writeFileSync(outputPath, header + output);
console.log(`${index} cases -> ${outputPath}`);
