// libio's old exported names that programs still import: _IO_putc is putc (libio/putc.c defines
// both), kept here apart from the stdio tables so they stay the same function.
import type { FunctionTable } from '../exports/binding-types.ts';
import { STDIO_OUTPUT_FUNCTIONS } from './stdio-functions.ts';

export const LIBIO_NAME_FUNCTIONS: FunctionTable = {
  _IO_putc: (f, libc) => STDIO_OUTPUT_FUNCTIONS.putc!(f, libc),
};
