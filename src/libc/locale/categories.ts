// The locale categories as glibc numbers them (<bits/locale.h>): LC_ALL is 6, in the middle, and
// newlocale's masks are 1 << category. nl_langinfo items carry the category in their high half.

export const LC_CTYPE = 0;
export const LC_NUMERIC = 1;
export const LC_TIME = 2;
export const LC_COLLATE = 3;
export const LC_MONETARY = 4;
export const LC_MESSAGES = 5;
export const LC_ALL = 6;
/** One past the last category (glibc's __LC_LAST). */
export const CATEGORY_LIMIT = 13;

/** The category names, indexed by number (LC_ALL included, as in glibc's composite names). */
export const CATEGORY_NAMES: readonly string[] = [
  'LC_CTYPE',
  'LC_NUMERIC',
  'LC_TIME',
  'LC_COLLATE',
  'LC_MONETARY',
  'LC_MESSAGES',
  'LC_ALL',
  'LC_PAPER',
  'LC_NAME',
  'LC_ADDRESS',
  'LC_TELEPHONE',
  'LC_MEASUREMENT',
  'LC_IDENTIFICATION',
];

/** The categories a locale is made of, in composite-name order (every number but LC_ALL). */
export const CATEGORIES: readonly number[] = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12];

/** newlocale's LC_ALL_MASK: a bit per category. */
export const ALL_CATEGORIES_MASK = 0x1fbf;
