// One line for an error that ends a command: `miros: <what>: <reason>`.
// Errors that carry their own context (ElfError names file, structure and offset) say it themselves;
// host errors (ENOENT...) name the path; anything else is a Miros bug, said as such, without a
// JavaScript stack trace unless MIROS_DEBUG asks for one.

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const errno = error as NodeJS.ErrnoException;
    if (typeof errno.code === 'string' && typeof errno.path === 'string') {
      return `miros: ${errno.path}: ${hostErrorText(errno.code, errno.message)}`;
    }
    if ('userFacing' in error && (error as { userFacing: unknown }).userFacing === true)
      return `miros: ${error.message}`;
    const detail = process.env.MIROS_DEBUG?.split(',').includes('stack') ? `\n${error.stack}` : '';
    return `miros: internal error: ${error.message}${detail}`;
  }
  return `miros: internal error: ${String(error)}`;
}

const hostErrorTexts: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
  EMFILE: 'Too many open files',
};

function hostErrorText(code: string, message: string): string {
  return hostErrorTexts[code] ?? message;
}

/** A write to a closed stdout (`miros readelf … | head`): the command ends quietly with status 0. */
export function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}
