// Miros libc as the linker sees it (src/linker/libc-provider.ts): the export table, and a
// LibcProcess per process. Importing this module installs it as the linker's libc.
import { type LibcProvider, setLibcProvider } from '../linker/libc-provider.ts';
import { MirosExportTable } from './exports/export-table.ts';
import { LibcProcess } from './runtime/libc-process.ts';

export const mirosLibc: LibcProvider = {
  exports: new MirosExportTable(),
  instantiate: (context) => new LibcProcess(context),
};

setLibcProvider(mirosLibc);
