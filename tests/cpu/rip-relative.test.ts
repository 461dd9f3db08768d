// RIP-relative operands with negative displacements: the decoder gives the displacement as a signed
// low half plus its sign extension; the target must be next-rip + disp modulo 2^64 (found in glibc's
// __libc_start_main: `lea rdi,[rip-0x1972]` for call_fini, which once came out as 0xffffffff00401650).
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../src/cpu/cpu.ts';
import { AddressSpace } from '../../src/memory/address-space.ts';

const CODE = 0x402000;

function run(code: number[], count: number): Cpu {
  const memory = new AddressSpace();
  memory.map(0x400000, 0x4000, 7);
  memory.writeBytes(CODE, Uint8Array.from(code));
  // A recognisable quadword at 0x401000 for the load.
  memory.writeBytes(0x401000, Uint8Array.from([0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11]));
  const cpu = new Cpu(memory, { syscall() {} });
  cpu.rip = CODE;
  cpu.run(count);
  return cpu;
}

describe('RIP-relative addressing', () => {
  it('lea with a negative displacement stays in the low 4 GiB', () => {
    // lea rdi, [rip - 0x1007]  (7 bytes: next rip = CODE + 7, target = 0x401000)
    const cpu = run([0x48, 0x8d, 0x3d, 0xf9, 0xef, 0xff, 0xff], 1);
    expect(cpu.getRegister(7)).toBe(0x401000);
  });

  it('a load through a negative RIP displacement reads the right address', () => {
    // mov rax, [rip - 0x1007]
    const cpu = run([0x48, 0x8b, 0x05, 0xf9, 0xef, 0xff, 0xff], 1);
    expect([cpu.gpr[0]! >>> 0, cpu.gpr[1]! >>> 0]).toEqual([0x55667788, 0x11223344]);
  });
});
