// The opcode table: every instruction form Miros decodes, formats and (later) executes, as rows of
// the syntax described in ../form.ts. The single source of truth for the decoder, the formatter,
// the instruction identities (../codes.ts is generated from it) and the CPU's dispatch.

import { amdRows } from './amd.ts';
import { evexRows } from './evex.ts';
import { generalRows } from './general.ts';
import { sseRows } from './sse.ts';
import { vexRows } from './vex.ts';
import { x87Rows } from './x87.ts';

export const opcodeRows: readonly string[] = [
  ...generalRows,
  ...x87Rows,
  ...sseRows,
  ...vexRows,
  ...evexRows,
  ...amdRows,
];
