// The instruction identities the opcode table defines, and the text of src/x86/codes.ts.
// Used by generate-codes.mjs and by the test that keeps codes.ts in step with the table.
// Also the text of src/x86/row-slot-keys.ts, the decoder's precomputed grouping of rows by opcode.

import { parseEncodingColumn, parseRow } from '../form.ts';
import { opcodeRows } from '../opcode-table/index.ts';

/** Code names in table order, 'Invalid' first, each once. */
export function codeListFromTable(): string[] {
  const names = ['Invalid'];
  const seen = new Set(names);
  opcodeRows.forEach((row, i) => {
    const name = parseRow(row, i).codeName;
    if (!seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
  });
  return names;
}

export function renderCodesFile(): string {
  const names = codeListFromTable();
  const members = names.map((name, i) => `  ${name} = ${i},`).join('\n');
  const list = names.map((name) => `  '${name}',`).join('\n');
  return `// GENERATED from the opcode table (src/x86/opcode-table/) by src/x86/tools/generate-codes.mjs:
// do not edit. One member per instruction identity (\`Instruction.code\`); distinct operations that
// share a mnemonic have distinct codes (string MOVS vs SSE MOVSD_XMM).

export const enum Code {
${members}
}

/** Code names by value. */
export const codeNames: readonly string[] = [
${list}
];

/** The readable name of a code (\`Code.ADD\` → 'ADD'). */
export function codeName(code: number): string {
  return codeNames[code] ?? \`Code(\${code})\`;
}
`;
}

/** Flag added to a row's slot key when the row covers eight opcodes (`hh+r`). */
export const EIGHT_OPCODES = 0x10000;

/** Per table row: its slot key `table * 256 + opcode`, plus EIGHT_OPCODES for `+r` rows. */
export function rowSlotKeysFromTable(): number[] {
  return opcodeRows.map((row) => {
    const column = parseEncodingColumn(row);
    return column.table * 256 + column.opcode + (column.opcodeCount === 8 ? EIGHT_OPCODES : 0);
  });
}

export function renderRowSlotKeysFile(): string {
  // One string literal (not an array literal): the formatter leaves it as generated, and it parses fast.
  return `// GENERATED from the opcode table (src/x86/opcode-table/) by src/x86/tools/generate-codes.mjs:
// do not edit. Per table row, in table order: the decoder slot it belongs to (\`table * 256 + opcode\`),
// plus 65536 for a \`hh+r\` row (eight opcodes), space-separated. It lets the decoder find one
// opcode's rows without parsing the whole table at start-up (src/x86/decode-index.ts).

export const rowSlotKeysText =
  '${rowSlotKeysFromTable().join(' ')}';
`;
}
