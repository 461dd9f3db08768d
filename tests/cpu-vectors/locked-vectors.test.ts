// CPU conformance for LOCK'd read-modify-write on memory (issue 4): lock add/adc/sub/sbb/and/or/
// xor/inc/dec/neg/not/bts/btr/btc/xadd/cmpxchg and xchg with memory, recorded on this machine's
// CPU by generate.c with templates-locked.h (record.sh); every vector must match, flags included.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTemplates, VectorReplayer } from './replay.ts';

const templates = readTemplates(join(import.meta.dirname, 'locked.txt.gz'));

describe('LOCK read-modify-write vectors (recorded on x86-64 hardware)', () => {
  it(`has the recorded templates (${templates.length})`, () => {
    expect(templates.length).toBe(19);
  });
  const replayer = new VectorReplayer();
  for (const t of templates) {
    it(`${t.name}: ${t.vectors.length} vectors match`, () => {
      expect(t.vectors.length).toBeGreaterThan(50);
      const result = replayer.replay(t);
      expect(result.failures, `${result.failed} failing vectors of ${t.vectors.length}`).toEqual([]);
    });
  }
});
