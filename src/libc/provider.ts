// Miros libc as the linker sees it (src/linker/libc-provider.ts): the export table, and a
// LibcProcess per process. `installMirosLibc` makes it the linker's libc (the CLI's run and ldd).
import { type LibcProvider, setLibcProvider } from '../linker/libc-provider.ts';
import { MirosExportTable } from './exports/export-table.ts';
import { LibcProcess } from './runtime/libc-process.ts';

export const mirosLibc: LibcProvider = {
  exports: new MirosExportTable(),
  instantiate: (context) => new LibcProcess(context),
};

/** Makes Miros libc the libc family every later link binds to. */
export function installMirosLibc(): void {
  setLibcProvider(mirosLibc);
}
