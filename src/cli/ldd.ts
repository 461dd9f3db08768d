// `miros ldd [--missing] [--sysroot DIR] <program>...`: the libraries Miros would load for each
// program, from where and at which address (glibc's ldd format), and which of them Miros provides
// itself; with --missing, the libc-family symbols the program imports that Miros libc does not
// provide yet. Nothing is run.
//
// Exit status: 0; 1 when a program cannot be read, is not dynamically linked, or (without
// --missing) needs a library that cannot be found — as glibc's ldd.
import * as fs from 'node:fs';
import { ElfError, ElfFile, PT_DYNAMIC, PT_INTERP } from '../elf/index.ts';
// [libc] Installs Miros libc as the linker's libc family (for `miros ldd` and `miros run` alike).
import { installMirosLibc } from '../libc/provider.ts';
import { formatLdd, inspectProgram, type LddReport, missingSymbols } from '../linker/ldd.ts';
import { libcProvider } from '../linker/libc-provider.ts';
import { HostLibraryFiles } from '../linker/library-files.ts';
import type { Command, CommandIO } from './command.ts';
import { type ParsedArgs, UsageError } from './options.ts';
import { describeError } from './report-error.ts';

type Outcome = 'covered' | 'missing-symbols' | 'missing-libraries' | 'static' | 'error';

function readProgram(path: string): { bytes: Uint8Array; device: number; inode: number } {
  const stat = fs.statSync(path);
  if (stat.isDirectory()) throw Object.assign(new Error('Is a directory'), { code: 'EISDIR', path });
  return { bytes: fs.readFileSync(path), device: stat.dev, inode: stat.ino };
}

export const lddCommand: Command = {
  name: 'ldd',
  usage: 'Usage: miros ldd [options] <program>...',
  options: [
    {
      key: 'missing',
      long: 'missing',
      help: 'List the libc-family symbols the program imports that Miros libc does not provide yet',
    },
    {
      key: 'sysroot',
      long: 'sysroot',
      takesValue: true,
      valueName: 'DIR',
      help: 'Look for libraries below DIR instead of / (absolute symbolic links stay inside it)',
    },
    {
      key: 'summary',
      long: 'summary',
      help: 'One line per program: path, outcome (covered, missing-symbols, missing-libraries, static, error), count',
    },
  ],

  run(args: ParsedArgs, io: CommandIO): number {
    const programs = args.positionals;
    if (programs.length === 0) throw new UsageError('missing program');
    const sysroot = args.options.get('sysroot');
    const files = new HostLibraryFiles(typeof sysroot === 'string' ? sysroot : '/');
    const wantMissing = args.options.get('missing') === true;
    const summary = args.options.get('summary') === true;
    installMirosLibc();
    const libc = libcProvider();
    let status = 0;
    for (const program of programs) {
      if (programs.length > 1 && !summary) io.stdout(`${program}:\n`);
      let report: LddReport;
      try {
        const { bytes, device, inode } = readProgram(program);
        const elf = ElfFile.parse(bytes, program);
        if (!elf.segmentOfType(PT_INTERP)) {
          const text = elf.segmentOfType(PT_DYNAMIC) ? 'statically linked' : 'not a dynamic executable';
          if (summary) io.stdout(`${program}\tstatic\t0\n`);
          else io.stdout(`\t${text}\n`);
          status = 1;
          continue;
        }
        report = inspectProgram(
          program,
          bytes,
          { device, inode },
          {
            files,
            libc,
            libraryPath: process.env.LD_LIBRARY_PATH,
            addresses: !wantMissing && !summary,
          },
        );
      } catch (error) {
        if (!(error instanceof ElfError) && (error as NodeJS.ErrnoException).code === undefined) throw error;
        const line = describeError(error);
        if (summary) io.stdout(`${program}\terror\t0\t${line.replace(/^miros: /, '')}\n`);
        else io.stderr(`${line}\n`);
        status = 1;
        continue;
      }
      const notFound = report.entries.filter((e) => e.kind === 'missing');
      if (!wantMissing && !summary) {
        io.stdout(formatLdd(report));
        if (notFound.length > 0) status = 1;
        continue;
      }
      const missing = missingSymbols(report, libc);
      const required = missing.filter((m) => !m.weak);
      if (summary) {
        const outcome: Outcome =
          notFound.length > 0 ? 'missing-libraries' : required.length > 0 ? 'missing-symbols' : 'covered';
        io.stdout(`${program}\t${outcome}\t${notFound.length > 0 ? notFound.length : required.length}\n`);
        continue;
      }
      for (const entry of notFound) io.stdout(`\t${entry.name} => not found\n`);
      for (const symbol of missing) {
        const importers = symbol.importers.filter((i) => i !== program);
        const by = importers.length > 0 ? ` needed by ${importers.join(', ')}` : '';
        io.stdout(`\t${symbol.symbol} (${symbol.library})${symbol.weak ? ' [weak]' : ''}${by}\n`);
      }
    }
    return status;
  },
};
