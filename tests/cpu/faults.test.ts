// Faults and self-modifying code: the trap names the right signal, si_code, si_addr and rip, and
// leaves the registers as they were before the faulting instruction; writes into cached code are
// seen by the very next instruction.
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../src/cpu/cpu.ts';
import { AddressSpace } from '../../src/memory/address-space.ts';
import { trapOf } from './harness.ts';

const CODE = 0x400000;
const DATA = 0x600000;

function machine(code: number[]): Cpu {
  const memory = new AddressSpace();
  memory.map(CODE, 0x2000, 7);
  memory.map(DATA, 0x1000, 1);
  memory.writeBytes(CODE, Uint8Array.from(code));
  const cpu = new Cpu(memory, {
    syscall(c) {
      c.gpr[0] = 0;
    },
  });
  cpu.rip = CODE;
  cpu.setRegister(4, DATA + 0x800);
  return cpu;
}

describe('CPU faults', () => {
  it('reports a write to a read-only page as SIGSEGV/SEGV_ACCERR at the address, rip at the store', () => {
    // mov eax, 7; mov [0x600010], eax
    const cpu = machine([0xb8, 7, 0, 0, 0, 0x89, 0x04, 0x25, 0x10, 0x00, 0x60, 0x00]);
    const trap = trapOf(cpu);
    expect([trap.signal, trap.code, trap.faultAddress, trap.rip]).toEqual([11, 2, 0x600010, CODE + 5]);
    expect(cpu.rip).toBe(CODE + 5);
    expect(cpu.gpr[0]).toBe(7);
    expect(cpu.instructionCount).toBe(1);
  });

  it('reports a read of unmapped memory as SEGV_MAPERR', () => {
    // mov rax, [rbx] with rbx = 0x1234
    const cpu = machine([0x48, 0x8b, 0x03]);
    cpu.setRegister(3, 0x1234);
    const trap = trapOf(cpu);
    expect([trap.signal, trap.code, trap.faultAddress, trap.rip]).toEqual([11, 1, 0x1234, CODE]);
  });

  it('faults on a non-canonical address with #GP (SIGSEGV, SI_KERNEL, address 0)', () => {
    const cpu = machine([0x48, 0x8b, 0x03]);
    cpu.gpr[6] = 0;
    cpu.gpr[7] = 0x00800000; // rbx = 0x0080000000000000
    const trap = trapOf(cpu);
    expect([trap.signal, trap.code, trap.faultAddress]).toEqual([11, 0x80, 0]);
  });

  it('raises SIGFPE/FPE_INTDIV for division by zero without changing registers', () => {
    // xor ecx, ecx; mov eax, 5; div ecx
    const cpu = machine([0x31, 0xc9, 0xb8, 5, 0, 0, 0, 0xf7, 0xf1]);
    const trap = trapOf(cpu);
    expect([trap.signal, trap.code, trap.faultAddress, trap.rip]).toEqual([8, 1, CODE + 7, CODE + 7]);
    expect(cpu.gpr[0]).toBe(5);
  });

  it('raises SIGFPE for a quotient overflow (idiv of INT64_MIN by -1)', () => {
    // mov rax, 1<<63 (movabs); cqo; mov rcx, -1; idiv rcx
    const cpu = machine([
      0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x48, 0x99, 0x48, 0xc7, 0xc1, 0xff, 0xff, 0xff, 0xff, 0x48, 0xf7, 0xf9,
    ]);
    expect(trapOf(cpu).signal).toBe(8);
  });

  it('raises SIGILL for ud2 and for opcodes invalid in 64-bit mode', () => {
    expect(trapOf(machine([0x0f, 0x0b])).signal).toBe(4);
    for (const op of [0x27, 0x2f, 0x37, 0x3f, 0x60, 0x61, 0xd4, 0xd5, 0xd6, 0x06, 0x07, 0xce]) {
      const trap = trapOf(machine([op, 0, 0, 0]));
      expect([op, trap.signal, trap.rip]).toEqual([op, 4, CODE]);
    }
  });

  it('reports int3 as SIGTRAP after the instruction and hlt as SIGSEGV', () => {
    const int3 = trapOf(machine([0x90, 0xcc]));
    expect([int3.signal, int3.rip]).toEqual([5, CODE + 2]);
    const hlt = trapOf(machine([0xf4]));
    expect([hlt.signal, hlt.code, hlt.rip]).toEqual([11, 0x80, CODE]);
  });

  it('faults when executing a non-executable page, naming rip as the address', () => {
    // jmp to DATA
    const cpu = machine([0xe9, ...le32(DATA - (CODE + 5))]);
    const trap = trapOf(cpu);
    expect([trap.signal, trap.code, trap.faultAddress, trap.rip]).toEqual([11, 2, DATA, DATA]);
  });

  it('sees a store into the running block immediately (self-modifying code)', () => {
    // mov byte [rip+1], 0x42   ; patches the next instruction's immediate
    // mov eax, 0x00000001      ; becomes mov eax, 0x42
    // jmp $
    const cpu = machine([0xc6, 0x05, 0x01, 0x00, 0x00, 0x00, 0x42, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xeb, 0xfe]);
    cpu.run(3);
    expect(cpu.gpr[0]).toBe(0x42);
    expect(cpu.instructionCount).toBe(3);
  });

  it('sees code rewritten between runs of a cached block', () => {
    // mov eax, 1; jmp back to start (loop)
    const cpu = machine([0xb8, 1, 0, 0, 0, 0xeb, 0xf9]);
    cpu.run(4);
    expect(cpu.gpr[0]).toBe(1);
    cpu.memory.writeBytes(CODE + 1, Uint8Array.from([9]));
    cpu.run(2);
    expect(cpu.gpr[0]).toBe(9);
  });

  it('stops after exactly `budget` instructions, mid-block', () => {
    const cpu = machine([0xff, 0xc0, 0xff, 0xc0, 0xff, 0xc0, 0xff, 0xc0, 0xeb, 0xf6]);
    cpu.run(3);
    expect([cpu.gpr[0], cpu.rip, cpu.instructionCount]).toEqual([3, CODE + 6, 3]);
    cpu.run(7);
    expect([cpu.gpr[0], cpu.instructionCount]).toEqual([8, 10]);
  });

  it('sets rcx and r11 on syscall and calls the host with rip past the instruction', () => {
    const cpu = machine([0xb8, 39, 0, 0, 0, 0x0f, 0x05, 0xf4]);
    cpu.run(2);
    expect(cpu.getRegister(1)).toBe(CODE + 7);
    expect(cpu.getRegister(11) & 0x202).toBe(0x202);
    expect(cpu.rip).toBe(CODE + 7);
  });
});

function le32(v: number): number[] {
  return [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];
}
