// The one error type of the ELF reader. A damaged or unsupported file is the input's fault, not
// Miros's, so ElfError is a UserFacingError: the CLI prints its message as one line and exits 1.
// The message names the file, the structure being read and its file offset, so a user can look
// at the bytes (`xxd -s 0x3a8f0 prog`) without a debugger.
import { UserFacingError } from '../errors/user-facing-error.ts';

export class ElfError extends UserFacingError {
  override name = 'ElfError';

  constructor(
    /** Path (or display name) of the file being read. */
    readonly file: string,
    /** The structure being read: "file header", "section header 12", "RELR table .relr.dyn"… */
    readonly structure: string,
    /** File offset of that structure (or of the offending field). */
    readonly offset: number,
    /** What is wrong with it. */
    readonly reason: string,
  ) {
    super(`${file}: ${structure} at offset 0x${offset.toString(16)}: ${reason}`);
  }
}
