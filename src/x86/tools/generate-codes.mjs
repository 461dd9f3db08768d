// Regenerates src/x86/codes.ts from the opcode table: one `Code` member per instruction identity,
// numbered in table order (Invalid = 0); and src/x86/slot-table.ts, the compiled decoder slots for
// the decoder's lazy start-up. Run after changing the table:
//   node src/x86/tools/generate-codes.mjs
// tests/x86/codes.test.ts fails when a committed file is stale.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const bundled = await build({
  entryPoints: [`${here}code-list.ts`],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
});
// Import the bundle from a temporary file (errors then name a readable file and line).
const dir = mkdtempSync(join(tmpdir(), 'miros-codes-'));
const bundlePath = join(dir, 'code-list.mjs');
writeFileSync(bundlePath, bundled.outputFiles[0].text);
let module;
try {
  module = await import(pathToFileURL(bundlePath).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
writeFileSync(`${here}../codes.ts`, module.renderCodesFile());
console.log(`src/x86/codes.ts: ${module.codeListFromTable().length} codes`);
writeFileSync(`${here}../slot-table.ts`, module.renderSlotTableFile());
console.log(`src/x86/slot-table.ts: ${module.slotTableSize()}`);
