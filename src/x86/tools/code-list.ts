// The instruction identities the opcode table defines, and the text of src/x86/codes.ts.
// Used by generate-codes.mjs and by the test that keeps codes.ts in step with the table.

import { parseRow } from '../form.ts';
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
