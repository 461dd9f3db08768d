// Test harness: a guest process without a program, whose system calls are made by setting the
// registers and calling the dispatcher exactly as the CPU does on SYSCALL.

import type { Cpu } from '../../src/cpu/cpu.ts';
import type { CpuHost } from '../../src/cpu/host.ts';
import { SWITCH_THREAD } from '../../src/kernel/blocking.ts';
import { createDevFs } from '../../src/kernel/fs/dev-fs.ts';
import type { FileSystem } from '../../src/kernel/fs/file-system.ts';
import { MemoryFileSystem } from '../../src/kernel/fs/memory-fs.ts';
import { createProcFs } from '../../src/kernel/fs/proc-fs.ts';
import { Vfs } from '../../src/kernel/fs/vfs.ts';
import { Process } from '../../src/kernel/process.ts';
import { syscallTable } from '../../src/kernel/syscalls/table.ts';
import type { Thread } from '../../src/kernel/thread.ts';
import type { AddressSpace } from '../../src/memory/address-space.ts';

/** Where tests keep their scratch buffers in guest memory. */
export const SCRATCH = 0x10000000;
export const SCRATCH_SIZE = 0x100000;

const numbers = new Map(syscallTable.map((d) => [d.name, d.nr]));

/** A register file standing in for the CPU: the tests make system calls, they run no code. */
function registerFile(): Cpu {
  const cpu = {
    gpr: new Int32Array(32),
    rip: 0,
    fsBase: 0,
    gsBase: 0,
    rflags: 0x202,
    instructionCount: 0,
    run(): void {
      throw new Error('kernel unit tests run no guest code');
    },
  };
  return cpu as unknown as Cpu;
}

export class TestGuest {
  readonly process: Process;
  private next = SCRATCH;

  /**
   * `createCpu` makes thread CPUs (the register-file stand-in by default; tests that clone
   * threads pass a real Cpu, whose full state a new thread copies).
   */
  constructor(
    rootFs: FileSystem = new MemoryFileSystem(),
    warnings: string[] = [],
    createCpu: (memory: AddressSpace, host: CpuHost) => Cpu = registerFile,
  ) {
    const vfs = new Vfs(rootFs);
    vfs.mount('/dev', createDevFs());
    vfs.mount('/dev/shm', new MemoryFileSystem());
    this.process = new Process({
      createCpu,
      vfs,
      cwd: vfs.root,
      executable: { hostPath: '/bin/true', nsPath: '/bin/test', location: vfs.root },
      warn: (line) => warnings.push(line),
      random: (target, offset, length) => target.fill(0x5a, offset, offset + length),
    });
    vfs.mount('/proc', createProcFs(this.process));
    this.process.memory.map(SCRATCH, SCRATCH_SIZE, 3, { name: '[scratch]' });
    // Descriptors 0, 1 and 2 are open, as in any process started normally.
    for (let fd = 0; fd < 3; fd++) this.call('openat', -100, this.string('/dev/null'), 2);
  }

  /** Makes system call `name` with up to six arguments; returns rax as a signed number. */
  call(name: string, ...args: (number | bigint)[]): number {
    return this.callAs(this.process.mainThread, name, ...args) as number;
  }

  /**
   * Makes system call `name` as `thread`; 'switched' when the call blocked and the thread would
   * be switched out (the scheduler's SWITCH_THREAD). Calling again as that thread resumes it.
   */
  callAs(thread: Thread, name: string, ...args: (number | bigint)[]): number | 'switched' {
    const nr = numbers.get(name);
    if (nr === undefined) throw new Error(`no system call ${name}`);
    const cpu = thread.cpu;
    this.process.current = thread;
    const g = cpu.gpr;
    const registers = [7, 6, 2, 10, 8, 9];
    g[0] = nr;
    g[1] = 0;
    registers.forEach((r, i) => {
      const v = BigInt.asUintN(64, BigInt(args[i] ?? 0));
      g[2 * r] = Number(v & 0xffffffffn) | 0;
      g[2 * r + 1] = Number(v >> 32n) | 0;
    });
    try {
      this.process.dispatcher.syscall(cpu);
    } catch (error) {
      if (error === SWITCH_THREAD) return 'switched';
      throw error;
    }
    return Number(BigInt.asIntN(64, (BigInt(g[1]! >>> 0) << 32n) | BigInt(g[0]! >>> 0)));
  }

  /** Scratch space for `size` bytes (8-aligned). */
  alloc(size: number): number {
    const address = this.next;
    this.next += (size + 7) & ~7;
    return address;
  }

  /** A NUL-terminated string in guest memory. */
  string(text: string): number {
    const bytes = Buffer.from(`${text}\0`, 'utf8');
    const address = this.alloc(bytes.length);
    this.process.memory.bytes.set(bytes, address);
    return address;
  }

  bytes(address: number, length: number): Uint8Array {
    return this.process.memory.bytes.slice(address, address + length);
  }

  text(address: number, length: number): string {
    return Buffer.from(this.bytes(address, length)).toString('latin1');
  }

  u32(address: number): number {
    return this.process.memory.view.getUint32(address, true);
  }

  i32(address: number): number {
    return this.process.memory.view.getInt32(address, true);
  }

  u64(address: number): number {
    return this.u32(address) + this.u32(address + 4) * 2 ** 32;
  }

  setU64(address: number, value: number): void {
    this.process.memory.view.setUint32(address, value >>> 0, true);
    this.process.memory.view.setUint32(address + 4, Math.floor(value / 2 ** 32), true);
  }
}

export const E = {
  EPERM: -1,
  ENOENT: -2,
  ESRCH: -3,
  EINTR: -4,
  EBADF: -9,
  ECHILD: -10,
  EAGAIN: -11,
  ENOMEM: -12,
  EACCES: -13,
  EFAULT: -14,
  EBUSY: -16,
  EEXIST: -17,
  EXDEV: -18,
  ENOTDIR: -20,
  EISDIR: -21,
  EINVAL: -22,
  EMFILE: -24,
  ENOTTY: -25,
  ENOSPC: -28,
  ESPIPE: -29,
  EPIPE: -32,
  ERANGE: -34,
  ENAMETOOLONG: -36,
  ENOSYS: -38,
  ENOTEMPTY: -39,
  ELOOP: -40,
  EOPNOTSUPP: -95,
} as const;
