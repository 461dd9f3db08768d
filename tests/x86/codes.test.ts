// src/x86/codes.ts is generated from the opcode table; it must be in step with it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codeName } from '../../src/x86/codes.ts';
import { allForms, compileAllSlots, formCount, slotAt } from '../../src/x86/decode-index.ts';
import { opcodeRows } from '../../src/x86/opcode-table/index.ts';
import { renderCodesFile, renderSlotTableFile } from '../../src/x86/tools/code-list.ts';

describe('instruction identities (Code)', () => {
  it('codes.ts is up to date with the opcode table (node src/x86/tools/generate-codes.mjs)', () => {
    expect(readFileSync(new URL('../../src/x86/codes.ts', import.meta.url), 'utf8')).toBe(renderCodesFile());
  });

  it('every form has an identity other than Invalid', () => {
    const forms = allForms();
    expect(forms.length).toBeGreaterThan(500);
    expect(forms.filter((form) => form.code <= 0).map((form) => form.source)).toEqual([]);
  });
});

describe('decode index', () => {
  it('slot-table.ts is up to date with the opcode table (node src/x86/tools/generate-codes.mjs)', () => {
    expect(readFileSync(new URL('../../src/x86/slot-table.ts', import.meta.url), 'utf8')).toBe(renderSlotTableFile());
  });

  it('the decoder parses from slot-table.ts exactly the rows of the opcode table', () => {
    expect(formCount).toBe(opcodeRows.length);
    expect(allForms().map((form) => form.source)).toEqual(opcodeRows);
  });

  it("every row's precomputed Code is the one its name has in codes.ts", () => {
    expect(
      allForms()
        .filter((form) => codeName(form.code) !== form.codeName)
        .map((form) => form.source),
    ).toEqual([]);
  });

  it('every opcode slot compiles without ambiguous rows', () => {
    const slots = compileAllSlots();
    expect(slots.filter((slot) => slot !== null).length).toBeGreaterThan(1000);
  });

  it('the decoder reads from slot-table.ts exactly the slots the table compiles to', () => {
    const compiled = compileAllSlots();
    const read = compiled.map((_, key) => slotAt(key));
    expect(read).toEqual(compiled);
  });
});
