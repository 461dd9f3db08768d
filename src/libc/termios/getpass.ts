// getpass as glibc 2.36's (misc/getpass.c): the prompt and the reading on /dev/tty ("w+ce"), or
// stderr and stdin when there is no terminal to open; echo and signals (ECHO|ISIG) off through
// tcsetattr(TCSAFLUSH) when the input is a terminal, then restored; the line read with getline
// into libc's own buffer (kept from call to call), its newline removed, and a newline written in
// place of the one that was not echoed.
import type { HostGenerator } from '../abi/host-region.ts';
import type { FunctionTable } from '../exports/binding-types.ts';
import { loadPointer, storeBytes } from '../runtime/guest-access.ts';
import type { LibcProcess } from '../runtime/libc-process.ts';
import { copyForChild, ProcessState } from '../runtime/process-states.ts';
import { fclose, fopen } from '../stdio/file-functions.ts';
import { getdelim } from '../stdio/stdio-input-functions.ts';
import { tcgetattr, tcsetattr } from './termios-functions.ts';

const TERMIOS_SIZE = 60;
const C_LFLAG = 12;
const ISIG = 0o1;
const ECHO = 0o10;
/** TCSAFLUSH (TCSASOFT is 0 on Linux). */
const TCSAFLUSH = 2;

/** getpass's statics: the line buffer and its size (getline's), and the constant strings. */
interface GetpassState {
  cells: number;
  path: number;
  mode: number;
}

const states = new ProcessState<GetpassState>('termios/getpass states', copyForChild, (libc) => ({
  cells: libc.data.allocate(16, 8),
  path: placeString(libc, '/dev/tty'),
  mode: placeString(libc, 'w+ce'),
}));

function placeString(libc: LibcProcess, text: string): number {
  const address = libc.data.allocate(text.length + 1, 1);
  storeBytes(libc.memory, address, Buffer.from(text, 'latin1'), true);
  return address;
}

function* getpass(libc: LibcProcess, prompt: number): HostGenerator {
  const state = states.of(libc);
  const memory = libc.memory;
  const streams = libc.streams;
  let input = fopen(libc, state.path, state.mode);
  let output: number;
  const opened = input !== 0;
  if (!opened) {
    input = streams.current('stdin', streams.stdin);
    output = streams.current('stderr', streams.stderr);
  } else output = input;
  const saved = libc.heap.allocate(2 * TERMIOS_SIZE);
  const changed = saved + TERMIOS_SIZE;
  const fd = streams.fileno(input);
  let ttyChanged = false;
  if (tcgetattr(libc, fd, changed) === 0) {
    memory.bytes.copyWithin(saved, changed, changed + TERMIOS_SIZE);
    const flags = memory.view.getUint32(changed + C_LFLAG, true);
    memory.view.setUint32(changed + C_LFLAG, flags & ~(ECHO | ISIG), true);
    ttyChanged = tcsetattr(libc, fd, TCSAFLUSH, changed) === 0;
  }
  // "%s" of the prompt: "(null)" for NULL, as glibc's printf.
  const text = prompt === 0 ? Buffer.from('(null)') : memory.bytes.slice(prompt, memory.bytes.indexOf(0, prompt));
  if (text.length > 0) yield* streams.write(output, text, 0, text.length);
  yield* streams.flush(output);
  const read = yield* getdelim(libc, state.cells, state.cells + 8, 0x0a, input);
  const buffer = loadPointer(memory, state.cells);
  if (buffer !== 0) {
    if (read < 0) memory.bytes[buffer] = 0;
    else if (memory.bytes[buffer + read - 1] === 0x0a) {
      memory.bytes[buffer + read - 1] = 0;
      if (ttyChanged) yield* streams.write(output, Uint8Array.of(0x0a), 0, 1);
    }
  }
  if (ttyChanged) tcsetattr(libc, fd, TCSAFLUSH, saved);
  libc.heap.release(saved, 'free');
  if (opened) yield* fclose(libc, input);
  return buffer;
}

export const GETPASS_FUNCTIONS: FunctionTable = {
  getpass: (f, libc) => getpass(libc, f.ptr(0)),
};
