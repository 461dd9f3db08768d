// The scratch objects a message-printing state (syslog's, err's) keeps beside its data: they are
// bound to their process (its memory, its locale), so a fork child gets new ones while the rest of
// the state is copied (copyReplacing).
import { RegisterVarArgs, VaListArgs } from '../abi/var-args.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { CollectingSink, GuestFormatEnvironment } from './format-environment.ts';

export interface FormatScratch {
  readonly sink: CollectingSink;
  readonly env: GuestFormatEnvironment;
  readonly registerArgs: RegisterVarArgs;
  readonly vaListArgs: VaListArgs;
}

/** New scratch objects for `libc`'s process (a fork child's, in place of its parent's). */
export function formatScratchFor(libc: LibcProcess): FormatScratch {
  return {
    sink: new CollectingSink(),
    env: new GuestFormatEnvironment(libc),
    registerArgs: new RegisterVarArgs(),
    vaListArgs: new VaListArgs(libc.memory),
  };
}
