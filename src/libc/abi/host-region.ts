// The host-call bridge: the "[miros-libc]" mapping whose addresses are Miros libc's entry points.
//
// Each exported function gets a 16-byte slot in an executable mapping (filled with int3, so a
// jump into the middle of a slot traps). The CPU asks the region, when it builds a block at an
// address in it (BlockCache.hostEntries), for a closure: that closure reads the arguments, runs
// the TypeScript function, writes the result and returns to the caller as `ret` would. The
// decision is made once per address at block-build time; the instruction loop never checks.
//
// Calls back into guest code (main, atexit handlers, qsort comparators…) never nest a host loop.
// Such functions are generators that yield GuestCall requests: the bridge pops the caller's return
// address, sets up the call (arguments in registers, return address = the region's resume slot)
// and lets the CPU run it. When the guest function returns to the resume slot, the generator gets
// rax and continues; when it finishes, its result goes to rax and execution returns to the
// original caller. Between the two, the CPU is just running guest code, so a scheduler can switch
// threads there.
import { type Cpu, Gpr } from '../../cpu/cpu.ts';
import type { Exec } from '../../cpu/registry.ts';
import type { GuestCall } from '../../linker/guest-code/guest-steps.ts';
import type { LinkerMemory } from '../../linker/memory/linker-memory.ts';
import { PROT_EXEC, PROT_READ } from '../../linker/memory/linker-memory.ts';
import { PAGE_SIZE } from '../../memory/address-space.ts';
import { CallFrame, INTEGER_ARGUMENT_REGISTERS } from './call-frame.ts';

export const LIBC_MAPPING_NAME = '[miros-libc]';
/** Bytes per entry point. */
export const ENTRY_SIZE = 16;
const INT3 = 0xcc;
const TWO_32 = 4294967296;

/**
 * A blocking step a generator yields (mutexes, joins, condition variables…): the thread waits,
 * switched out, while other guest threads run — the host loop never blocks on it. `begin` tries
 * to finish at once (returns the result) or parks the thread (returns undefined); the bridge then
 * sends the CPU to the region's wait slot, whose block calls `poll` each time the scheduler runs
 * the thread: it returns the result, or throws the kernel's SWITCH_THREAD to stay parked, or
 * returns undefined after sending the CPU elsewhere (a signal handler, which returns to the wait
 * slot). Implementations: src/libc/pthread/waiting.ts.
 */
export interface WaitStep {
  kind: 'wait';
  begin(cpu: Cpu): number | undefined;
  poll(cpu: Cpu): number | undefined;
}

/** What a host generator yields: a call into guest code, or a wait. */
export type HostStep = GuestCall | WaitStep;

/**
 * Thrown out of a host generator that made a longjmp (pthread cancellation unwinding from a wait
 * into a pthread_cleanup_push buffer): the registers are the jump's and its target is pushed on
 * the guest stack. The host call is over; a `ret` takes the thread to the target.
 */
export const GENERATOR_JUMPED = Symbol('host generator jumped');

/** A generator a host function returns to call guest code or wait: yields steps, receives rax or the wait's result. */
export type HostGenerator = Generator<HostStep, number | undefined, number>;

/**
 * A Miros libc function. It returns rax as a number (64-bit, negative in two's complement), or
 * undefined when it set its result itself (doubles) or returns nothing, or a generator.
 */
export type HostFunction = (frame: CallFrame) => number | undefined | HostGenerator;

/**
 * A guest call whose generator can go on in the child of a fork made while the call runs:
 * generators cannot be copied, so `afterFork` makes the child's equivalent of the rest of the
 * generator for the child's libc, given the call's result (__libc_start_main's call of main:
 * the child's exit sequence).
 */
export interface ForkableCall extends GuestCall {
  afterFork(child: object, result: number): HostGenerator;
}

/** A generator waiting for a guest call to return, and where its own caller continues. */
interface PendingCall {
  generator: HostGenerator;
  /** The guest call it waits for, if any (a fork copies the pending calls through it). */
  request?: GuestCall | ForkableCall;
  returnAddress: number;
  /** rsp when the guest function was entered (after the resume address was pushed). */
  stackAtCall: number;
  /** The wait the generator is parked in, if any. */
  waiting: WaitStep | undefined;
}

export class HostRegion {
  readonly start: number;
  readonly end: number;
  private readonly functions: (HostFunction | undefined)[];
  private readonly names: (string | undefined)[];
  private readonly execs: (Exec | undefined)[];
  private next = 0;
  private readonly frames = new WeakMap<Cpu, CallFrame>();
  private readonly pending = new WeakMap<Cpu, PendingCall[]>();
  /** The slot guest functions called from a generator return to. */
  readonly resumeAddress: number;
  /** The slot a thread parked in a WaitStep runs (and stays on while it is switched out). */
  readonly waitAddress: number;

  /**
   * A region of `capacity` entries in `memory`; or, after a fork, the child's copy of `copyOf`
   * (already mapped there by the fork, at the same addresses) with its entries bound by `bind`.
   */
  constructor(
    memory: LinkerMemory,
    capacity: number,
    copyOf?: { region: HostRegion; bind: (slot: number, name: string) => HostFunction },
  ) {
    if (copyOf !== undefined) {
      const parent = copyOf.region;
      this.start = parent.start;
      this.end = parent.end;
      this.names = [...parent.names];
      this.functions = parent.functions.map((fn, slot) =>
        fn === undefined ? undefined : copyOf.bind(slot, parent.names[slot]!),
      );
      this.execs = new Array(parent.execs.length).fill(undefined);
      this.next = parent.next;
      this.resumeAddress = parent.resumeAddress;
      this.waitAddress = parent.waitAddress;
      return;
    }
    const size = Math.ceil((capacity * ENTRY_SIZE) / PAGE_SIZE) * PAGE_SIZE;
    this.start = memory.reserve(size, PAGE_SIZE);
    this.end = this.start + size;
    memory.map(this.start, size, PROT_READ | PROT_EXEC, { name: LIBC_MAPPING_NAME, offset: 0, device: 0, inode: 0 });
    memory.space.poke(this.start, new Uint8Array(size).fill(INT3));
    const slots = size / ENTRY_SIZE;
    this.functions = new Array(slots).fill(undefined);
    this.names = new Array(slots).fill(undefined);
    this.execs = new Array(slots).fill(undefined);
    this.resumeAddress = this.start + ENTRY_SIZE * this.next++;
    this.names[0] = '<resume>';
    this.waitAddress = this.start + ENTRY_SIZE * this.next++;
    this.names[1] = '<wait>';
  }

  /** Gives `fn` an entry point; returns its address. */
  add(name: string, fn: HostFunction): number {
    if (this.next >= this.functions.length) throw new Error(`the ${LIBC_MAPPING_NAME} region is full`);
    const slot = this.next++;
    this.functions[slot] = fn;
    this.names[slot] = name;
    return this.start + ENTRY_SIZE * slot;
  }

  /**
   * Continues the host calls pending on `parentCpu` (which is inside a fork) on `childCpu` in
   * this region (the child's): the innermost one, the fork itself, as `forkGenerator`, which the
   * child starts by running now; the outer ones through their ForkableCall (see there), or
   * failing loudly when the child gets back to one that has none.
   */
  continueFork(parent: HostRegion, parentCpu: Cpu, childCpu: Cpu, child: object, forkGenerator: HostGenerator): void {
    const stack = parent.pending.get(parentCpu) ?? [];
    const innermost = stack[stack.length - 1];
    if (innermost === undefined) throw new Error(`${LIBC_MAPPING_NAME}: fork outside a host call`);
    this.attach(childCpu);
    const childStack = this.pending.get(childCpu)!;
    for (const call of stack.slice(0, -1)) {
      const generator = forkedContinuation(call.request, child);
      childStack.push({
        generator,
        returnAddress: call.returnAddress,
        stackAtCall: call.stackAtCall,
        waiting: undefined,
      });
    }
    childStack.push({
      generator: forkGenerator,
      returnAddress: innermost.returnAddress,
      stackAtCall: 0,
      waiting: undefined,
    });
    childCpu.rip = this.resumeAddress;
  }

  /** The name of the function whose entry is at `address` (crash reports, symbolizer). */
  nameAt(address: number): string | undefined {
    if (address < this.start || address >= this.end) return undefined;
    return this.names[Math.floor((address - this.start) / ENTRY_SIZE)];
  }

  /** Makes `cpu` run this region's functions (installs the block-build hook). */
  attach(cpu: Cpu): void {
    this.frames.set(cpu, new CallFrame(cpu.memory));
    this.pending.set(cpu, []);
    cpu.blocks.hostEntries = (address) => this.entryAt(address);
  }

  /** The closure for a block at `address`, or undefined when it is no entry point. */
  private entryAt(address: number): Exec | undefined {
    if (address < this.start || address >= this.end) return undefined;
    const offset = address - this.start;
    if (offset % ENTRY_SIZE !== 0) return undefined;
    const slot = offset / ENTRY_SIZE;
    const cached = this.execs[slot];
    if (cached !== undefined) return cached;
    let exec: Exec | undefined;
    if (slot === 0) exec = (cpu) => this.resume(cpu);
    else if (slot === 1) exec = (cpu) => this.pollWait(cpu);
    else {
      const fn = this.functions[slot];
      if (fn !== undefined) exec = (cpu) => this.call(cpu, fn);
    }
    this.execs[slot] = exec;
    return exec;
  }

  private call(cpu: Cpu, fn: HostFunction): void {
    const frame = this.frames.get(cpu)!;
    frame.cpu = cpu;
    const result = fn(frame);
    if (typeof result === 'object') {
      this.startGenerator(cpu, result);
      return;
    }
    if (result !== undefined) cpu.setRegister(Gpr.RAX, result);
    returnToCaller(cpu);
  }

  private startGenerator(cpu: Cpu, generator: HostGenerator): void {
    const memory = cpu.memory;
    const sp = cpu.getRegister(Gpr.RSP);
    const returnAddress = (memory.read32(sp + 4) >>> 0) * TWO_32 + (memory.read32(sp) >>> 0);
    cpu.setRegister(Gpr.RSP, sp + 8);
    const call: PendingCall = { generator, returnAddress, stackAtCall: 0, waiting: undefined };
    this.pending.get(cpu)!.push(call);
    this.step(cpu, call, 0);
  }

  /**
   * Starts a new thread's CPU in `generator` (pthread_create: it calls the start routine, then
   * ends the thread; it never returns to a caller). rsp must be set, 16-byte aligned.
   */
  startThread(cpu: Cpu, generator: HostGenerator): void {
    if (!this.pending.has(cpu)) this.attach(cpu);
    const call: PendingCall = { generator, returnAddress: 0, stackAtCall: 0, waiting: undefined };
    this.pending.get(cpu)!.push(call);
    this.step(cpu, call, 0);
  }

  /** The wait slot: polls the innermost parked wait (see WaitStep). */
  private pollWait(cpu: Cpu): void {
    const stack = this.pending.get(cpu)!;
    const call = stack[stack.length - 1];
    const wait = call?.waiting;
    if (call === undefined || wait === undefined)
      throw new Error(`${LIBC_MAPPING_NAME}: a thread reached the wait slot with no wait pending`);
    cpu.rip = this.waitAddress;
    const result = wait.poll(cpu);
    if (result === undefined) return;
    call.waiting = undefined;
    this.step(cpu, call, result);
  }

  private resume(cpu: Cpu): void {
    const stack = this.pending.get(cpu)!;
    const call = stack[stack.length - 1];
    if (call === undefined)
      throw new Error(`${LIBC_MAPPING_NAME}: a guest function returned to the resume slot with no host call waiting`);
    // The resume address was popped by the guest's ret: rsp is back where the generator left it.
    this.step(cpu, call, cpu.getRegister(Gpr.RAX));
  }

  /**
   * Runs the generator until it asks for a guest call (set up here), parks in a wait (the CPU
   * goes to the wait slot) or finishes (return). Waits that finish at once continue the loop.
   */
  private step(cpu: Cpu, call: PendingCall, value: number): void {
    try {
      this.advance(cpu, call, value);
    } catch (error) {
      if (error !== GENERATOR_JUMPED) throw error;
      this.pending.get(cpu)!.pop();
      returnToCaller(cpu);
    }
  }

  private advance(cpu: Cpu, call: PendingCall, value: number): void {
    let next = call.generator.next(value);
    while (!next.done && isWait(next.value)) {
      const result = next.value.begin(cpu);
      if (result === undefined) {
        call.waiting = next.value;
        cpu.rip = this.waitAddress;
        return;
      }
      next = call.generator.next(result);
    }
    if (next.done) {
      this.pending.get(cpu)!.pop();
      if (next.value !== undefined) cpu.setRegister(Gpr.RAX, next.value);
      cpu.rip = call.returnAddress;
      return;
    }
    const request = next.value as GuestCall;
    call.request = request;
    const args = request.args;
    if (args.length > 6) throw new Error(`${LIBC_MAPPING_NAME}: guest call with ${args.length} arguments`);
    for (let i = 0; i < args.length; i++) cpu.setRegister(INTEGER_ARGUMENT_REGISTERS[i]!, args[i]!);
    cpu.setRegister(Gpr.RAX, 0); // al = 0 vector registers, for variadic callees
    const sp = cpu.getRegister(Gpr.RSP) - 8;
    cpu.memory.write32(sp, this.resumeAddress);
    cpu.memory.write32(sp + 4, 0);
    cpu.setRegister(Gpr.RSP, sp);
    call.stackAtCall = sp;
    cpu.rip = request.function;
  }
}

/** The child's generator for a call pending in the parent at a fork (see ForkableCall). */
function forkedContinuation(request: GuestCall | ForkableCall | undefined, child: object): HostGenerator {
  const generator = (function* (): HostGenerator {
    const result: number = yield { function: 0, args: [], what: 'fork' };
    if (request === undefined || !('afterFork' in request))
      throw new Error(
        `Miros libc: fork was called inside ${request?.what ?? 'a host call'}; the child cannot return into it yet`,
      );
    return yield* request.afterFork(child, result);
  })();
  generator.next(0); // to the first yield, where the result of the guest call comes in
  return generator;
}

function isWait(step: HostStep): step is WaitStep {
  return (step as WaitStep).kind === 'wait';
}

/** `ret`: pops the return address into rip. */
function returnToCaller(cpu: Cpu): void {
  const memory = cpu.memory;
  const sp = cpu.getRegister(Gpr.RSP);
  const low = memory.read32(sp) >>> 0;
  const high = memory.read32(sp + 4) >>> 0;
  cpu.setRegister(Gpr.RSP, sp + 8);
  cpu.rip = high === 0 ? low : high * TWO_32 + low;
}

/** A guest call request (the generator yields it). */
export function guestCall(fn: number, args: readonly number[], what: string): GuestCall {
  return { function: fn, args, what };
}
