// iced-x86 (the npm package, a dev dependency) as an independent decoder oracle for the tests.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: iced-x86 ships CommonJS with loose typings.
export const iced: any = require('iced-x86');

export interface IcedDecoded {
  length: number;
  invalid: boolean;
  /** iced's encoding kind name: Legacy, VEX, EVEX, XOP, D3NOW, MVEX. */
  encoding: string;
  mnemonic: string;
}

/** Decodes one instruction at `offset` of `code` with iced (64-bit mode). */
export function icedDecodeAll(code: Uint8Array, address: number): IcedDecoded[] {
  const decoder = new iced.Decoder(64, code, iced.DecoderOptions.None);
  decoder.ip = BigInt(address);
  const out: IcedDecoded[] = [];
  const instruction = new iced.Instruction();
  const encodingNames: Record<number, string> = {};
  for (const [name, value] of Object.entries(iced.EncodingKind))
    if (typeof value === 'number') encodingNames[value] = name;
  while (decoder.canDecode) {
    decoder.decodeOut(instruction);
    out.push({
      length: instruction.length,
      invalid: instruction.isInvalid,
      encoding: encodingNames[instruction.encoding] ?? '?',
      mnemonic: '',
    });
  }
  instruction.free();
  decoder.free();
  return out;
}
