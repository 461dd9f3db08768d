// Link errors are values with context: which object, which relocation (offset and type), which
// symbol and which version was wanted. They end the program before it starts, as glibc's ld.so
// does, with its exit status (127, or 1 for a missing version) and one line on stderr:
//
//   miros: prog: libfoo.so.1: not found (needed by prog)
//   miros: prog: ./libbar.so: undefined symbol: baz, version BAR_2 (R_X86_64_GLOB_DAT at 0x3fd8)
//
// LinkError is a LoadError (the kernel's "cannot start this program" error), so `miros run`
// reports it exactly like any other start-up failure.
import { relocationTypeName } from '../elf/index.ts';
import { LoadError } from '../kernel/loader/elf-loader.ts';

/**
 * The exit status glibc's ld.so gives: 127 when it cannot load or link a program, except for a
 * missing symbol version, which it reports through its version check and exits with 1.
 */
export function linkErrorStatus(kind: LinkErrorKind): number {
  return kind === 'version-not-found' ? 1 : 127;
}

export type LinkErrorKind =
  | 'not-found'
  | 'bad-object'
  | 'version-not-found'
  | 'undefined-symbol'
  | 'bad-relocation'
  | 'tls'
  | 'memory';

export interface RelocationContext {
  /** r_offset as written in the object (before adding the load base). */
  offset: number;
  type: number;
}

export interface LinkErrorDetails {
  kind: LinkErrorKind;
  /** The program being started (as the user named it). */
  program: string;
  /** The object at fault (its path or name). */
  object: string;
  /** What went wrong, in words (the text after the object name). */
  reason: string;
  relocation?: RelocationContext;
  symbol?: string;
  version?: string;
}

export class LinkError extends LoadError {
  override name = 'LinkError';
  readonly details: LinkErrorDetails;

  constructor(details: LinkErrorDetails) {
    const where = details.relocation
      ? ` (${relocationTypeName(details.relocation.type)} at 0x${details.relocation.offset.toString(16)})`
      : '';
    super(details.program, `${details.object}: ${details.reason}${where}`, linkErrorStatus(details.kind));
    this.details = details;
  }

  get kind(): LinkErrorKind {
    return this.details.kind;
  }
}

/** `libfoo.so.1: not found (needed by prog)`. */
export function libraryNotFound(program: string, library: string, neededBy: string): LinkError {
  return new LinkError({ kind: 'not-found', program, object: library, reason: `not found (needed by ${neededBy})` });
}

/** `prog: ./libbar.so: undefined symbol: baz, version BAR_2 (R_X86_64_GLOB_DAT at 0x3fd8)`. */
export function undefinedSymbol(
  program: string,
  object: string,
  symbol: string,
  version: string | undefined,
  relocation: RelocationContext | undefined,
): LinkError {
  return new LinkError({
    kind: 'undefined-symbol',
    program,
    object,
    reason: `undefined symbol: ${symbol}${version ? `, version ${version}` : ''}`,
    symbol,
    ...(version !== undefined ? { version } : {}),
    ...(relocation ? { relocation } : {}),
  });
}

/** `/lib/libfoo.so.1: version 'FOO_2' not found (required by prog)`, glibc's wording. */
export function versionNotFound(program: string, provider: string, version: string, requiredBy: string): LinkError {
  return new LinkError({
    kind: 'version-not-found',
    program,
    object: provider,
    reason: `version '${version}' not found (required by ${requiredBy})`,
    version,
  });
}
