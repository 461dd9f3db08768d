// Decoded, bound instructions, cached per address as straight-line blocks.
//
// A block starts at a branch target (or wherever execution resumes) and runs until an instruction
// that may transfer control (registry `endsBlock`), the end of the page, or MAX_BLOCK
// instructions. A relative jmp or call is followed instead: the block goes on at its target (on
// that target's page), the transfer itself bound as its push only, so the run loop makes one
// transition where it made two. Its pages are marked PAGE_CODE in the address space, so a write there reaches
// `invalidatePage`, which drops every block on the page. If the block being executed is dropped,
// its remaining closures are replaced by one that throws RESYNC: the run loop then continues at
// the next instruction with freshly decoded code — self-modifying code is seen immediately, as on
// hardware, at no cost to the normal path.

import { SMALL_INTEGER_MAX } from '../host/small-integers.ts';
import { type AddressSpace, PAGE_EXEC, PAGE_MASK, PAGE_READ, PAGE_SHIFT, PAGE_SIZE } from '../memory/address-space.ts';
import { AccessKind, MemoryFault, SEGV_MAPERR } from '../memory/fault.ts';
import { Code } from '../x86/codes.ts';
import { type Instruction, MEM_BASE_RIP, OperandKind, Segment } from '../x86/instruction.ts';
import { bindTransferWithinBlock } from './control.ts';
import { bindInstruction, decodeAt, decodeInstruction } from './instruction-set.ts';
import type { CompiledBlock } from './jit/block-compiler.ts';
import { bindReader64 } from './operands.ts';
import type { Exec } from './registry.ts';

/** Slots of BlockCache's last-found table (a power of two). */
const RECENT_SLOTS = 4096;
/** Longest block, in instructions (bounds the work lost when a block is invalidated). */
const MAX_BLOCK = 64;
const MAX_INSTRUCTION_LENGTH = 15;

export class Block {
  /** False once the block's code was overwritten or unmapped. */
  valid = true;
  /** The block that ran after this one last time (a one-entry chain that skips the map lookup). */
  successor: Block | null = null;
  /** The block that ran after this one before `successor` (a branch's other way). */
  otherSuccessor: Block | null = null;
  /**
   * Whole runs so far, loop iterations inside a compiled block included (./jit/tier-settings.ts).
   * An integer, like `nextCheck` and `length`: V8 keeps such fields as tagged small integers in the
   * Block itself, where a field that ever held a fraction or Infinity becomes a pointer to a
   * separate heap number — an extra load at each of the run loop's 80 M transitions (strings).
   */
  runs = 0;
  /** The tier of `compiled` (./jit/tier-settings.ts `Tier`: 0 interpreter, 1 closures, 2 inline). */
  tier = 0;
  /** The run count at which Cpu.run considers the next tier (0: at the first run; Infinity: never). */
  nextCheck = 0;
  /** The block as one generated function (./jit/block-compiler.ts), once it is hot. */
  compiled: CompiledBlock | null = null;
  /** Number of instructions (`execs.length`, without loading the array in the run loop). */
  readonly length: number;
  /** `instructions` once asked for. */
  private decoded: readonly Instruction[] | null = null;

  constructor(
    /** Address of the first instruction. */
    readonly start: number,
    /** Address after the last instruction. */
    readonly end: number,
    /** One bound closure per instruction. */
    readonly execs: Exec[],
    /** Address of each instruction, plus `end` as the last element. */
    readonly addresses: number[],
    /** Guest memory the instructions are decoded from; null for a host entry (no instructions). */
    private readonly code: Uint8Array | null = null,
  ) {
    this.length = execs.length;
  }

  /**
   * The decoded instructions (the code generator's input), decoded again from guest memory when
   * first asked for: the builder keeps only the bound closures, and few blocks get hot
   * (./instruction-set.ts decodeAt says why). The code is as it was when the block was built: a
   * write to it invalidates the block, and only valid blocks are compiled.
   */
  get instructions(): readonly Instruction[] {
    if (this.decoded !== null) return this.decoded;
    const list: Instruction[] = [];
    const code = this.code;
    if (code !== null) for (let k = 0; k < this.length; k++) list.push(decodeInstruction(code, this.addresses[k]!));
    this.decoded = list;
    return list;
  }
}

// BlockCache.build's working arrays (see there), at most MAX_BLOCK (+ 1) long.
const scratchExecs: Exec[] = [];
let scratchAddresses: number[] = [];
/** The pages of the block being built (a block continued through jumps may span several). */
const scratchPages: number[] = [];

/** Thrown by the closures of an invalidated running block (a signal to the run loop, not an error). */
export const RESYNC = Symbol('resync');

const resync: Exec = () => {
  throw RESYNC;
};

/**
 * Thrown by a `jmp [rip+slot]` the block was decoded through when the slot no longer holds the
 * target it held then (see `BlockCache.guardedJump`): the jump is complete, rip is its real target,
 * and the run loop drops the block and goes on from there (a signal, not an error).
 */
export const REDIRECT = Symbol('redirect');

export class BlockCache {
  private readonly byAddress = new Map<number, Block>();
  private readonly byPage = new Map<number, Block[]>();
  /**
   * The block whose closures the run loop's interpreter is executing, if any (set only there: a
   * compiled function checks its blocks' `valid` instead, and a block left here from before it
   * ran is invalid when `invalidatePage` reaches it, so swapping its closures changes nothing).
   */
  running: Block | null = null;
  /**
   * Host entry points (Miros libc's, src/libc/abi/host-region.ts): an address for which this
   * returns a closure runs that TypeScript function instead of guest bytes. Consulted only when a
   * block is built, so the run loop pays nothing; the block is that one closure, which performs
   * the call and sets rip itself (the return, or a call into guest code).
   */
  hostEntries: ((address: number) => Exec | undefined) | null = null;

  constructor(private readonly memory: AddressSpace) {
    memory.onCodeWrite = (page) => this.invalidatePage(page);
  }

  /**
   * The blocks found last, by the low bits of their start address: the run loop comes here when
   * neither of a block's two remembered successors matches (a ret to one of many callers: 5.6 M of
   * the strings benchmark's 96 M block transitions), and an array slot is cheaper than the Map.
   */
  private readonly recent: (Block | undefined)[] = new Array<Block | undefined>(RECENT_SLOTS).fill(undefined);

  /** The block starting at `rip`, decoding and binding it if needed. */
  get(rip: number): Block {
    const slot = rip & (RECENT_SLOTS - 1);
    const recent = this.recent[slot];
    if (recent !== undefined && recent.start === rip && recent.valid) return recent;
    const block = this.byAddress.get(rip) ?? this.build(rip);
    this.recent[slot] = block;
    return block;
  }

  /** The cached block starting at `rip`, without decoding one (the code generator's regions). */
  peek(rip: number): Block | undefined {
    return this.byAddress.get(rip);
  }

  /** The cached blocks (diagnostics: ./jit/profile.ts). */
  blocks(): IterableIterator<Block> {
    return this.byAddress.values();
  }

  /** Number of cached blocks (diagnostics). */
  get size(): number {
    return this.byAddress.size;
  }

  /** Drops every block with code on `page`. */
  invalidatePage(page: number): void {
    const list = this.byPage.get(page);
    if (list === undefined) return;
    this.byPage.delete(page);
    for (const block of list) {
      if (!block.valid) continue;
      block.valid = false;
      if (this.byAddress.get(block.start) === block) this.byAddress.delete(block.start);
      if (block === this.running) block.execs.fill(resync);
    }
  }

  /**
   * Drops one block (the next lookup of its address decodes it again): a block whose guarded jump
   * found its slot changed (REDIRECT).
   */
  drop(block: Block): void {
    if (!block.valid) return;
    block.valid = false;
    if (this.byAddress.get(block.start) === block) this.byAddress.delete(block.start);
  }

  /** Drops everything (execve, tests). */
  clear(): void {
    for (const page of [...this.byPage.keys()]) this.invalidatePage(page);
  }

  private build(start: number): Block {
    const memory = this.memory;
    const flags = memory.pageFlags;
    if (start >>> 0 !== start) throw new MemoryFault(start, SEGV_MAPERR, AccessKind.Execute);
    // A small integer from here on: rip arrives as a heap number when it was computed from a 64-bit
    // value (a return address popped as high * 2^32 + low), and in unoptimised code each
    // `address += length` on one is a fresh 16-byte heap number (issue 4: each fresh page a fault).
    if (start <= SMALL_INTEGER_MAX) start |= 0;
    let startPage = start >>> PAGE_SHIFT;
    let pageEnd = (startPage + 1) * PAGE_SIZE;
    checkExecutable(memory, start);
    const hostEntry = this.hostEntries === null ? undefined : this.hostEntries(start);
    if (hostEntry !== undefined)
      return this.remember(new Block(start, start + 1, [hostEntry], [start, start + 1]), [startPage], 1);
    // The block's arrays are gathered in the shared scratch arrays and copied out at their final
    // length (below), rather than grown by push: a new array's first growth gives it 17 slots,
    // where an average block has a handful of instructions.
    const execs = scratchExecs;
    const addresses = scratchAddresses;
    let count = 0;
    const pages = scratchPages;
    pages[0] = startPage;
    let pageCount = 1;
    let address = start;
    let highAddress = false;
    while (true) {
      // Bytes available to the decoder: up to 15, but not into a page that is not executable.
      let limit = address + MAX_INSTRUCTION_LENGTH;
      if (limit > pageEnd && (pageEnd >= 2 ** 32 || (flags[pageEnd >>> PAGE_SHIFT]! & PAGE_EXEC) === 0)) {
        limit = pageEnd;
      }
      const decoded = decodeAt(memory.bytes, address, limit);
      const inst = decoded.instruction;
      const truncated = decoded.truncated && limit === pageEnd;
      if (address > 0x7fffffff) highAddress = true;
      addresses[count] = address;
      const last = truncated || count + 1 >= MAX_BLOCK;
      // A direct jmp or call continues the block at its target: one run-loop transition fewer
      // (on the strings benchmark 20 M of 96 M block runs ended in jmp or call). Found before
      // binding, so that such a transfer is bound once, as its part within the block.
      const target = !last && decoded.endsBlock ? this.continuation(inst, addresses, count + 1) : null;
      // An instruction cut short by a non-executable next page faults on that page, when reached.
      execs[count] = truncated
        ? this.fetchFault(address, pageEnd)
        : target === null
          ? bindInstruction(inst)
          : inst.operands[0]!.kind === OperandKind.Memory
            ? guardedJump(inst, target)
            : bindTransferWithinBlock(inst);
      count++;
      const next = address + inst.length;
      if (next - 1 >= pageEnd && !hasPage(pages, pageCount, startPage + 1)) pages[pageCount++] = startPage + 1;
      address = next;
      if (last) break;
      if (decoded.endsBlock) {
        if (target === null) break;
        address = target;
        startPage = target >>> PAGE_SHIFT;
        pageEnd = (startPage + 1) * PAGE_SIZE;
        if (!hasPage(pages, pageCount, startPage)) pages[pageCount++] = startPage;
        continue;
      }
      if (address >= pageEnd) break;
    }
    if (address > 0x7fffffff) highAddress = true;
    addresses[count] = address;
    const block = new Block(start, address, execs.slice(0, count), addresses.slice(0, count + 1), memory.bytes);
    // A copy has its source's elements kind: once an address beyond a small integer (2^31) went
    // in, the scratch holds doubles, and the next blocks' small addresses would be copied as
    // doubles too, unlike the integer arrays the run loop (Cpu.run) reads for most blocks.
    if (highAddress) scratchAddresses = [];
    // Drop the references to this block's closures.
    execs.fill(resync, 0, count);
    return this.remember(block, pages, pageCount);
  }

  /**
   * Where a block ending in `inst` may go on decoding: the target of a relative jmp or call, or the
   * target a `jmp [rip+slot]` reads now (`slotTarget`), when it is executable, not a host entry and
   * not already in the block (a jump back stays the block's end, so a loop remains a self-loop for
   * the code generator); null otherwise.
   */
  private continuation(inst: Instruction, addresses: readonly number[], count: number): number | null {
    if (inst.code !== Code.JMP && inst.code !== Code.CALL) return null;
    const kind = inst.operands[0]!.kind;
    const target =
      kind === OperandKind.RelativeBranch
        ? inst.branchTarget
        : kind === OperandKind.Memory
          ? this.slotTarget(inst)
          : null;
    if (target === null) return null;
    if (target >>> 0 !== target) return null;
    this.memory.materialize(target, 1);
    if ((this.memory.pageFlags[target >>> PAGE_SHIFT]! & PAGE_EXEC) === 0) return null;
    for (let i = 0; i < count; i++) if (addresses[i] === target) return null;
    if (this.hostEntries?.(target) !== undefined) return null;
    return target;
  }

  /**
   * The target a `jmp qword [rip+disp]` would take now, read from its slot, or null when it is not
   * that form or the slot is not readable. Why: a static glibc program calls strlen, memcpy & co.
   * through such stubs (`jmp *GOT`, the slot filled by IRELATIVE relocations at start-up): 3.8 M of
   * the strings benchmark's 79 M run-loop transitions were these jumps. The slot is data on a
   * writable page (shared with .data there), so it is not watched like code: the jump is bound as
   * a guard that compares the slot with this value at every run (`guardedJump`).
   */
  private slotTarget(inst: Instruction): number | null {
    if (inst.code !== Code.JMP || inst.memBase !== MEM_BASE_RIP || inst.addressSize !== 8) return null;
    if (inst.segment === Segment.FS || inst.segment === Segment.GS || inst.operands[0]!.size !== 8) return null;
    const slot = inst.address + inst.length + (inst.memDisp >>> 0) + inst.memDispHigh * 4294967296;
    if (slot >>> 0 !== slot || (slot & PAGE_MASK) > PAGE_SIZE - 8) return null;
    this.memory.materialize(slot, 8);
    if ((this.memory.pageFlags[slot >>> PAGE_SHIFT]! & PAGE_READ) === 0) return null;
    const view = this.memory.view;
    if (view.getUint32(slot + 4, true) !== 0) return null;
    return view.getUint32(slot, true);
  }

  /** Caches `block` under its start address and on the pages its code is on (the first `pageCount` of `pages`). */
  private remember(block: Block, pages: readonly number[], pageCount: number): Block {
    const memory = this.memory;
    this.byAddress.set(block.start, block);
    // An indexed loop: for-of makes an iterator and a result object per page in the unoptimised
    // start-up code (issue 4).
    for (let i = 0; i < pageCount; i++) {
      const page = pages[i]!;
      memory.markCode(page);
      let list = this.byPage.get(page);
      if (list === undefined) {
        list = [];
        this.byPage.set(page, list);
      }
      list.push(block);
    }
    return block;
  }

  /**
   * The closure for an instruction whose bytes run into a page that was not executable when it
   * was decoded: faults on that page, or (if it became executable since) re-decodes from there.
   */
  private fetchFault(address: number, pageEnd: number): Exec {
    return (cpu) => {
      checkExecutable(this.memory, pageEnd);
      cpu.rip = address;
      this.invalidatePage((pageEnd >>> PAGE_SHIFT) - 1);
    };
  }
}

/**
 * A `jmp [slot]` the block continues through (its target, `expected`, is the block's next
 * instruction): reads the slot as the jump does (faulting as it would), and when it still holds
 * `expected` leaves rip alone like a continued direct jump (../control.ts bindTransferWithinBlock);
 * otherwise the jump goes where the slot says: rip is set and REDIRECT ends the block there.
 */
function guardedJump(inst: Instruction, expected: number): Exec {
  const read = bindReader64(inst, 0);
  return (cpu) => {
    const lo = read(cpu);
    const to = cpu.hi * 4294967296 + (lo >>> 0);
    if (to === expected) return;
    cpu.rip = to;
    throw REDIRECT;
  };
}

function hasPage(pages: readonly number[], count: number, page: number): boolean {
  for (let i = 0; i < count; i++) if (pages[i] === page) return true;
  return false;
}

function checkExecutable(memory: AddressSpace, address: number): void {
  // The slow path copies in a lazily mapped page (AddressSpace.mapLazily) or throws the fault.
  if ((memory.pageFlags[address >>> PAGE_SHIFT]! & PAGE_EXEC) === 0) memory.fault(address, 1, AccessKind.Execute);
}
