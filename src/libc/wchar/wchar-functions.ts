// Everything this folder exports, for the libc export table.
import type { FunctionTable } from '../exports/binding-types.ts';
import { WIDE_PRINTF_FUNCTIONS } from '../stdio/wide-printf-functions.ts';
import { WIDE_SCANF_FUNCTIONS } from '../stdio/wide-scanf-functions.ts';
import { MULTIBYTE_FUNCTIONS } from './multibyte-functions.ts';
import { WIDE_CTYPE_FUNCTIONS } from './wide-ctype-functions.ts';
import { WIDE_STDIO_FUNCTIONS } from './wide-stdio-functions.ts';
import { WIDE_STRING_FUNCTIONS } from './wide-string-functions.ts';

export const WCHAR_FUNCTIONS: FunctionTable = {
  ...MULTIBYTE_FUNCTIONS,
  ...WIDE_CTYPE_FUNCTIONS,
  ...WIDE_STRING_FUNCTIONS,
  ...WIDE_STDIO_FUNCTIONS,
  ...WIDE_PRINTF_FUNCTIONS,
  ...WIDE_SCANF_FUNCTIONS,
};
