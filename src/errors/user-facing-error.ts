// Base of errors that are the user's input's fault, not Miros's: their message is the whole
// story (it names the file, structure and offset, or the object, relocation and symbol) and the
// CLI prints it as one line, `miros: <message>`, with exit status 1.

export class UserFacingError extends Error {
  readonly userFacing = true;
}
