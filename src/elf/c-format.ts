// printf's `%#x`: hex with a 0x prefix, except that zero prints as plain "0". GNU tools name
// unknown types this way ("LOOS+0x3"), and Miros prints the same names.
export function alternateHex(value: number): string {
  return value === 0 ? '0' : `0x${value.toString(16)}`;
}
