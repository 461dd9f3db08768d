// strerror_l (glibc 2.36's string/strerror_l.c): strerror with the messages of a given locale.
// glibc's strerror is this function with the thread's locale, and Miros's locales (C, POSIX,
// C.UTF-8) have no message catalogues, so the text is strerror's: the static message of a known
// errno, "Unknown error N" in the same reused buffer otherwise. errno is left as it was.
import type { FunctionTable } from '../exports/binding-types.ts';
import { strerrorAddress } from './string-functions.ts';

export const STRERROR_LOCALE_FUNCTIONS: FunctionTable = {
  strerror_l: (f, libc) => {
    const errno = libc.errno;
    const text = strerrorAddress(libc, f.int(0));
    libc.errno = errno;
    return text;
  },
};
