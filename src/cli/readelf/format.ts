// The number and name formats GNU readelf prints with, so every listing can match it column for
// column: printf's %16.16lx, %#lx, %5lu…, and readelf's print_symbol (control characters as ^X,
// names cut to a column width with "[...]" unless --wide).

const TWO_64 = 2 ** 64;

/** A 64-bit field's value as unsigned hex (negative numbers are two's complement). */
export function hex(value: number): string {
  return (value < 0 ? value + TWO_64 : value).toString(16);
}

/** Zero-padded hex: printf("%0*lx", width). */
export function hexPad(value: number, width: number): string {
  return hex(value).padStart(width, '0');
}

/** print_vma LONG_HEX: 16 hex digits. */
export function longHex(value: number): string {
  return hexPad(value, 16);
}

/** print_vma FULL_HEX: 0x and 16 hex digits. */
export function fullHex(value: number): string {
  return `0x${hexPad(value, 16)}`;
}

/** print_vma PREFIX_HEX: 0x and the digits needed. */
export function prefixHex(value: number): string {
  return `0x${hex(value)}`;
}

/** printf("%#lx"): like prefixHex, but zero prints as "0". */
export function alternateHex(value: number): string {
  return value === 0 ? '0' : `0x${hex(value)}`;
}

/** printf("%*s", width, text): right-aligned. */
export function right(text: string | number, width: number): string {
  return String(text).padStart(width);
}

/** printf("%-*s", width, text): left-aligned. */
export function left(text: string | number, width: number): string {
  return String(text).padEnd(width);
}

/** print_vma UNSIGNED_5 / DEC_5 for sizes: decimal in 5 columns, hex beyond 99999. */
export function decimal5(value: number): string {
  return value <= 99999 ? right(value, 5) : `0x${hex(value)}`;
}

/**
 * printf("%.1f"): one decimal, with glibc's rounding of exact ties to even (JavaScript's
 * toFixed rounds them up: 0.25 → "0.3" where printf gives "0.2").
 */
export function fixed1(value: number): string {
  const twenty = value * 20;
  if (Number.isInteger(twenty) && Math.abs(twenty) % 2 === 1) {
    let tenths = (twenty - 1) / 2;
    if (tenths % 2 !== 0) tenths += 1;
    return (tenths / 10).toFixed(1);
  }
  return value.toFixed(1);
}

/** What readelf prints for one character of a name: itself, ^X for control characters. */
function printable(code: number): string {
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  if (code === 0x7f) return '<DEL>';
  return String.fromCharCode(code);
}

function hasUnprintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * readelf's print_symbol(width, name): the name with control characters made visible. Unless
 * `wide`, a name longer than |width| is cut to |width| - 5 characters and "[...]". A negative
 * width also pads the result to |width| columns; a zero width prints nothing.
 */
export function printSymbol(width: number, name: string, wide: boolean): string {
  if (width === 0) return '';
  const pad = width < 0;
  const columns = Math.abs(width);
  let budget = wide ? Number.POSITIVE_INFINITY : columns;
  let dots = false;
  if (!wide && name.length > columns) {
    budget = Math.max(columns - 5, 0);
    dots = true;
  }
  let text: string;
  if (!hasUnprintable(name) && name.length <= budget) text = name;
  else {
    text = '';
    for (let i = 0; i < name.length && budget > 0; i++) {
      const piece = printable(name.charCodeAt(i));
      if (piece.length > budget) break;
      text += piece;
      budget -= piece.length;
    }
  }
  if (dots) text += '[...]';
  return pad && text.length < columns ? text.padEnd(columns) : text;
}

/** print_symbol with a column width, padded (`readelf -S` names, -r symbol names). */
export function symbolText(name: string, width: number, wide: boolean, pad: boolean): string {
  return printSymbol(pad ? -width : width, name, wide);
}

/** readelf's printable_section_name: control characters as ^X, other non-ASCII bytes as <XX>. */
export function printableSectionName(name: string): string {
  let text = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20) text += `^${String.fromCharCode(c + 0x40)}`;
    else if (c < 0x7f) text += name[i];
    else {
      for (const byte of Buffer.from(name[i]!, 'utf8')) text += `<${byte.toString(16).toUpperCase().padStart(2, '0')}>`;
    }
  }
  return text;
}

/** English plural as readelf's ngettext picks it. */
export function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
