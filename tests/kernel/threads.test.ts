// Threads: clone/clone3 flag validation and the new thread's state, futex semantics between
// threads (EAGAIN, ETIMEDOUT, wake counts, requeue, bitsets, WAKE_OP), thread exit
// (clear_child_tid wake, robust lists), per-thread signals; and, end to end, deterministic
// scheduling and the deadlock message (tests/kernel/fixtures/thread-schedule.c).
//
// The expected values are Linux's, from kernel/fork.c (copy_process, clone3_args_valid) and
// kernel/futex/*.c (futex_wake counts after waking, so a count of 0 still wakes one; requeue
// returns woken + moved; handle_futex_death sets FUTEX_OWNER_DIED and keeps FUTEX_WAITERS).

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Cpu } from '../../src/cpu/cpu.ts';
import { ProcessExit, ThreadExit } from '../../src/kernel/exit.ts';
import { MemoryFileSystem } from '../../src/kernel/fs/memory-fs.ts';
import { DeadlockError } from '../../src/kernel/scheduler.ts';
import type { Thread } from '../../src/kernel/thread.ts';
import { E, SCRATCH, TestGuest } from './harness.ts';

const ETIMEDOUT = -110;
const E2BIG = -7;
const ESRCH = -3;

const FUTEX_WAIT = 0 | 128;
const FUTEX_WAKE = 1 | 128;
const FUTEX_REQUEUE = 3 | 128;
const FUTEX_CMP_REQUEUE = 4 | 128;
const FUTEX_WAKE_OP = 5 | 128;
const FUTEX_WAIT_BITSET = 9 | 128;
const FUTEX_WAKE_BITSET = 10 | 128;
const FUTEX_CLOCK_REALTIME = 256;

const CLONE_VM = 0x100;
const CLONE_FS = 0x200;
const CLONE_FILES = 0x400;
const CLONE_SIGHAND = 0x800;
const CLONE_THREAD = 0x10000;
const CLONE_SYSVSEM = 0x40000;
const CLONE_SETTLS = 0x80000;
const CLONE_PARENT_SETTID = 0x100000;
const CLONE_CHILD_CLEARTID = 0x200000;
/** glibc 2.36's pthread_create flags. */
const PTHREAD_FLAGS =
  CLONE_VM |
  CLONE_FS |
  CLONE_FILES |
  CLONE_SIGHAND |
  CLONE_THREAD |
  CLONE_SYSVSEM |
  CLONE_SETTLS |
  CLONE_PARENT_SETTID |
  CLONE_CHILD_CLEARTID;

function guest(warnings: string[] = []): TestGuest {
  return new TestGuest(new MemoryFileSystem(), warnings, (memory, host) => new Cpu(memory, host));
}

/** Clones a thread with pthread_create's flags; returns it. */
function spawn(g: TestGuest, tls = 0x1234000): Thread {
  const ptid = g.alloc(8);
  const ctid = g.alloc(8);
  const tid = g.call('clone', PTHREAD_FLAGS, SCRATCH + 0x80000, ptid, ctid, tls);
  expect(tid).toBeGreaterThan(0);
  const thread = g.process.threads.find((t) => t.tid === tid);
  if (!thread) throw new Error('clone made no thread');
  return thread;
}

function word(g: TestGuest, value: number): number {
  const address = g.alloc(8);
  g.process.memory.view.setUint32(address, value >>> 0, true);
  return address;
}

describe('clone', () => {
  it("makes a thread with pthread_create's flags: tid, registers, TLS, tid words", () => {
    const g = guest();
    const main = g.process.mainThread;
    main.cpu.setRegister(3, 0x1111); // rbx: copied
    main.blocked.set(0x5, 0);
    const ptid = g.alloc(8);
    const ctid = g.alloc(8);
    const tid = g.call('clone', PTHREAD_FLAGS, SCRATCH + 0x80000, ptid, ctid, 0x7000);
    expect(tid).toBe(g.process.pid + 1);
    const child = g.process.threads[1]!;
    expect(child.tid).toBe(tid);
    expect(child.cpu.getRegister(0)).toBe(0); // rax: the child returns 0
    expect(child.cpu.getRegister(4)).toBe(SCRATCH + 0x80000); // rsp
    expect(child.cpu.getRegister(3)).toBe(0x1111);
    expect(child.cpu.fsBase).toBe(0x7000);
    expect(child.blocked.lo).toBe(0x5);
    expect(g.u32(ptid)).toBe(tid);
    expect(child.clearChildTid).toBe(ctid);
    expect(g.callAs(child, 'gettid')).toBe(tid);
    expect(g.callAs(child, 'getpid')).toBe(g.process.pid);
    // musl adds CLONE_DETACHED (ignored, as by Linux).
    expect(g.call('clone', PTHREAD_FLAGS | 0x400000, SCRATCH + 0x40000, ptid, ctid, 0)).toBe(tid + 1);
  });

  it('rejects what Linux rejects, and says what Miros does not support', () => {
    const warnings: string[] = [];
    const g = guest(warnings);
    expect(g.call('clone', CLONE_VM | CLONE_THREAD, 0, 0, 0, 0)).toBe(E.EINVAL); // THREAD needs SIGHAND
    expect(g.call('clone', CLONE_SIGHAND, 0, 0, 0, 0)).toBe(E.EINVAL); // SIGHAND needs VM
    expect(g.call('clone', CLONE_FS | 0x20000, 0, 0, 0, 0)).toBe(E.EINVAL); // FS with NEWNS
    expect(warnings).toEqual([]);
    // fork-style: a new process (SIGCHLD as exit signal, no CLONE_VM) needs a System to run in
    // (tests/programs/src/fork.c runs fork under bin/miros); this bare process has none: ENOSYS.
    expect(g.call('clone', 17, 0, 0, 0, 0)).toBe(E.ENOSYS);
    expect(warnings.at(-1)).toMatch(/^miros: fork: this process was built without a System/);
    expect(g.call('fork')).toBe(E.ENOSYS);
    // A process sharing its parent's descriptor table: valid on Linux, not here.
    expect(g.call('clone', CLONE_FILES | 17, 0, 0, 0, 0)).toBe(E.EINVAL);
    expect(warnings.at(-1)).toMatch(/^miros: clone: a new process with CLONE_FILES is not supported/);
    // No children: wait4 and waitid say ECHILD.
    expect(g.call('wait4', -1, 0, 0, 0)).toBe(E.ECHILD);
    expect(g.call('waitid', 0, 0, 0, 4, 0)).toBe(E.ECHILD);
    expect(g.call('waitid', 0, 0, 0, 0, 0)).toBe(E.EINVAL); // no WEXITED/WSTOPPED/WCONTINUED
    // A thread with its own descriptor table and cwd: valid on Linux, not here.
    expect(g.call('clone', CLONE_VM | CLONE_SIGHAND | CLONE_THREAD, SCRATCH, 0, 0, 0)).toBe(E.EINVAL);
    expect(warnings.at(-1)).toMatch(/clone: a clone without CLONE_FS\|CLONE_FILES is not supported/);
    expect(g.call('clone', PTHREAD_FLAGS | 0x4000, SCRATCH, 0, 0, 0)).toBe(E.EINVAL); // CLONE_VFORK
    expect(warnings.at(-1)).toMatch(/with CLONE_VFORK/);
    expect(g.process.threads.length).toBe(1);
  });

  it('clone3: struct clone_args checks, stack + size, tls, parent tid', () => {
    const warnings: string[] = [];
    const g = guest(warnings);
    const args = g.alloc(128);
    const ptid = g.alloc(8);
    const set = (fields: Record<number, number>) => {
      for (let i = 0; i < 16; i++) g.setU64(args + i * 8, fields[i] ?? 0);
    };
    const flags = PTHREAD_FLAGS;
    set({ 0: flags, 3: ptid, 5: SCRATCH + 0x10000, 6: 0x8000, 7: 0x9000 });
    expect(g.call('clone3', args, 32)).toBe(E.EINVAL); // smaller than version 0
    expect(g.call('clone3', args, 8192)).toBe(E2BIG);
    g.setU64(args + 96, 1);
    expect(g.call('clone3', args, 104)).toBe(E2BIG); // unknown field not zero
    set({ 0: flags, 3: ptid, 5: SCRATCH + 0x10000, 6: 0, 7: 0x9000 });
    expect(g.call('clone3', args, 88)).toBe(E.EINVAL); // a stack without a size
    set({ 0: flags | 17, 3: ptid, 5: SCRATCH + 0x10000, 6: 0x8000 });
    expect(g.call('clone3', args, 88)).toBe(E.EINVAL); // CSIGNAL bits in flags
    set({ 0: flags, 4: 65, 5: SCRATCH + 0x10000, 6: 0x8000 });
    expect(g.call('clone3', args, 88)).toBe(E.EINVAL); // exit_signal beyond NSIG
    expect(warnings).toEqual([]);
    set({ 0: flags, 3: ptid, 5: SCRATCH + 0x10000, 6: 0x8000, 7: 0x9000 });
    const tid = g.call('clone3', args, 88);
    expect(tid).toBeGreaterThan(0);
    const child = g.process.threads.find((t) => t.tid === tid)!;
    expect(child.cpu.getRegister(4)).toBe(SCRATCH + 0x18000); // stack + stack_size
    expect(child.cpu.fsBase).toBe(0x9000);
    expect(g.u32(ptid)).toBe(tid);
  });
});

describe('futex between threads', () => {
  it('WAIT: EAGAIN when the word differs; blocks, and WAKE completes it with 0', () => {
    const g = guest();
    const t = spawn(g);
    const f = word(g, 5);
    expect(g.callAs(t, 'futex', f, FUTEX_WAIT, 4, 0)).toBe(E.EAGAIN);
    expect(g.callAs(t, 'futex', f + 1, FUTEX_WAIT, 5, 0)).toBe(E.EINVAL); // unaligned
    expect(g.callAs(t, 'futex', f, FUTEX_WAIT, 5, 0)).toBe('switched');
    expect(g.process.futexes.count(f)).toBe(1);
    expect(g.call('futex', f, FUTEX_WAKE, 1)).toBe(1);
    expect(g.process.futexes.count(f)).toBe(0);
    expect(g.callAs(t, 'futex', f, FUTEX_WAIT, 5, 0)).toBe(0); // resumed
    expect(g.call('futex', f, FUTEX_WAKE, 1)).toBe(0); // nobody left
  });

  it('WAKE counts: at most n, oldest first; n = 0 still wakes one (as Linux)', () => {
    const g = guest();
    const threads = [spawn(g), spawn(g), spawn(g), spawn(g)];
    const f = word(g, 0);
    for (const t of threads) expect(g.callAs(t, 'futex', f, FUTEX_WAIT, 0, 0)).toBe('switched');
    expect(g.call('futex', f, FUTEX_WAKE, 2)).toBe(2);
    expect(threads.map((t) => t.wakeResult)).toEqual([0, 0, undefined, undefined]);
    expect(g.call('futex', f, FUTEX_WAKE, 0)).toBe(1);
    expect(threads[2]!.wakeResult).toBe(0);
    expect(g.call('futex', f, FUTEX_WAKE, 0x7fffffff)).toBe(1);
  });

  it('ETIMEDOUT: a relative timeout passes while the thread is switched out; it leaves the queue', () => {
    const g = guest();
    const t = spawn(g);
    const f = word(g, 0);
    const timeout = g.alloc(16);
    g.setU64(timeout, 0);
    g.setU64(timeout + 8, 2_000_000); // 2 ms
    expect(g.callAs(t, 'futex', f, FUTEX_WAIT, 0, timeout)).toBe('switched');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    expect(g.callAs(t, 'futex', f, FUTEX_WAIT, 0, timeout)).toBe(ETIMEDOUT);
    expect(g.process.futexes.count(f)).toBe(0);
  });

  it('timeouts with one thread: relative waits on the host, absolute in the past, clock flags', () => {
    const g = guest();
    const f = word(g, 0);
    const timeout = g.alloc(16);
    g.setU64(timeout, 0);
    g.setU64(timeout + 8, 1_000_000);
    expect(g.call('futex', f, FUTEX_WAIT, 0, timeout)).toBe(ETIMEDOUT);
    // WAIT_BITSET's timeout is absolute: time 1 s on CLOCK_MONOTONIC / the epoch has passed.
    g.setU64(timeout, 1);
    g.setU64(timeout + 8, 0);
    expect(g.call('futex', f, FUTEX_WAIT_BITSET, 0, timeout, 0, 0xffffffff)).toBe(ETIMEDOUT);
    expect(g.call('futex', f, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, timeout, 0, 1)).toBe(ETIMEDOUT);
    // FUTEX_CLOCK_REALTIME only goes with the absolute waits.
    expect(g.call('futex', f, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, timeout)).toBe(E.ENOSYS);
    g.setU64(timeout + 8, 1e9);
    expect(g.call('futex', f, FUTEX_WAIT, 0, timeout)).toBe(E.EINVAL); // tv_nsec out of range
    // No timeout and no other thread: nothing can ever wake it.
    expect(() => g.call('futex', f, FUTEX_WAIT, 0, 0)).toThrow(DeadlockError);
  });

  it('REQUEUE and CMP_REQUEUE: wake some, move some; the result counts both', () => {
    const g = guest();
    const threads = [spawn(g), spawn(g), spawn(g), spawn(g)];
    const a = word(g, 7);
    const b = word(g, 0);
    for (const t of threads) expect(g.callAs(t, 'futex', a, FUTEX_WAIT, 7, 0)).toBe('switched');
    expect(g.call('futex', a, FUTEX_CMP_REQUEUE, 1, 2, b, 8)).toBe(E.EAGAIN); // word is 7
    expect(g.call('futex', a, FUTEX_CMP_REQUEUE, -1, 2, b, 7)).toBe(E.EINVAL);
    expect(g.call('futex', a, FUTEX_CMP_REQUEUE, 1, 2, b, 7)).toBe(3);
    expect(g.process.futexes.count(a)).toBe(1);
    expect(g.process.futexes.count(b)).toBe(2);
    expect(threads[0]!.wakeResult).toBe(0);
    expect(threads[1]!.futexAddress).toBe(b);
    expect(g.call('futex', a, FUTEX_REQUEUE, 0, 5, b)).toBe(1); // the last one moves
    expect(g.process.futexes.count(b)).toBe(3);
    expect(g.call('futex', b, FUTEX_WAKE, 10)).toBe(3);
    // A requeued waiter completes with 0 like a woken one.
    expect(g.callAs(threads[3]!, 'futex', a, FUTEX_WAIT, 7, 0)).toBe(0);
  });

  it('WAIT_BITSET / WAKE_BITSET wake only matching masks; a zero mask is EINVAL', () => {
    const g = guest();
    const [t1, t2] = [spawn(g), spawn(g)];
    const f = word(g, 0);
    expect(g.callAs(t1, 'futex', f, FUTEX_WAIT_BITSET, 0, 0, 0, 0)).toBe(E.EINVAL);
    expect(g.callAs(t1, 'futex', f, FUTEX_WAIT_BITSET, 0, 0, 0, 0b01)).toBe('switched');
    expect(g.callAs(t2, 'futex', f, FUTEX_WAIT_BITSET, 0, 0, 0, 0b10)).toBe('switched');
    expect(g.call('futex', f, FUTEX_WAKE_BITSET, 10, 0, 0, 0)).toBe(E.EINVAL);
    expect(g.call('futex', f, FUTEX_WAKE_BITSET, 10, 0, 0, 0b100)).toBe(0);
    expect(g.call('futex', f, FUTEX_WAKE_BITSET, 10, 0, 0, 0b10)).toBe(1);
    expect(t2.wakeResult).toBe(0);
    expect(t1.wakeResult).toBeUndefined();
    expect(g.call('futex', f, FUTEX_WAKE, 10)).toBe(1); // plain WAKE matches any mask
  });

  it('WAKE_OP: the operation on the second word, then wakes by the comparison of its old value', () => {
    const g = guest();
    const [t1, t2, t3, t4] = [spawn(g), spawn(g), spawn(g), spawn(g)];
    const a = word(g, 0);
    const b = word(g, 1);
    for (const t of [t1, t2]) expect(g.callAs(t, 'futex', a, FUTEX_WAIT, 0, 0)).toBe('switched');
    for (const t of [t3, t4]) expect(g.callAs(t, 'futex', b, FUTEX_WAIT, 1, 0)).toBe('switched');
    // FUTEX_OP(ADD, 2, CMP_EQ, 1): b 1 → 3; old 1 == 1, so one waiter on each word wakes.
    const addEq = (1 << 28) | (0 << 24) | (2 << 12) | 1;
    expect(g.call('futex', a, FUTEX_WAKE_OP, 1, 1, b, addEq)).toBe(2);
    expect(g.u32(b)).toBe(3);
    // FUTEX_OP(SET, 0, CMP_GT, 5): old 3 > 5 is false: only the first word's waiter.
    const setGt = (0 << 28) | (4 << 24) | (0 << 12) | 5;
    expect(g.call('futex', a, FUTEX_WAKE_OP, 1, 1, b, setGt)).toBe(1);
    expect(g.u32(b)).toBe(0);
    // OPARG_SHIFT with OR: b |= 1 << 4.
    const orShift = (1 << 31) | (2 << 28) | (0 << 24) | (4 << 12);
    expect(g.call('futex', a, FUTEX_WAKE_OP, 1, 1, b, orShift)).toBe(1); // old 0 == 0: t4
    expect(g.u32(b)).toBe(16);
    expect([t1, t2, t3, t4].map((t) => t.wakeResult)).toEqual([0, 0, 0, 0]);
    expect(g.call('futex', a, FUTEX_WAKE_OP, 1, 1, b, (7 << 28) >>> 0)).toBe(E.ENOSYS); // no op 7
  });
});

describe('thread exit and signals', () => {
  it('exit clears and wakes clear_child_tid (pthread_join); the last thread ends the process', () => {
    const g = guest();
    const t = spawn(g);
    const ctid = t.clearChildTid;
    g.process.memory.view.setUint32(ctid, t.tid, true);
    expect(g.call('futex', ctid, FUTEX_WAIT, t.tid, 0)).toBe('switched');
    expect(() => g.callAs(t, 'exit', 3)).toThrow(ThreadExit);
    expect(g.u32(ctid)).toBe(0);
    expect(g.process.mainThread.wakeResult).toBe(0);
    expect(g.process.threads).toEqual([g.process.mainThread]);
    expect(t.alive).toBe(false);
    // The woken wait completes with 0 when the main thread runs its call again.
    expect(g.call('futex', ctid, FUTEX_WAIT, t.tid, 0)).toBe(0);
    let exit: unknown;
    try {
      g.call('exit', 7);
    } catch (error) {
      exit = error;
    }
    expect(exit).toBeInstanceOf(ProcessExit);
    expect((exit as ProcessExit).status).toBe(7);
  });

  it('a dying thread marks the robust futexes it holds FUTEX_OWNER_DIED and wakes a waiter', () => {
    const g = guest();
    const [owner, waiter] = [spawn(g), spawn(g)];
    // robust_list_head { next, futex_offset, list_op_pending } → one entry → back to the head.
    const head = g.alloc(24);
    const entry = g.alloc(32);
    const lockWord = entry + 16;
    g.setU64(head, entry);
    g.setU64(head + 8, 16);
    g.setU64(head + 16, 0);
    g.setU64(entry, head);
    g.process.memory.view.setUint32(lockWord, (owner.tid | 0x80000000) >>> 0, true);
    expect(g.callAs(owner, 'set_robust_list', head, 24)).toBe(0);
    expect(g.callAs(owner, 'set_robust_list', head, 16)).toBe(E.EINVAL);
    expect(g.callAs(waiter, 'futex', lockWord, FUTEX_WAIT, (owner.tid | 0x80000000) >>> 0, 0)).toBe('switched');
    expect(() => g.callAs(owner, 'exit', 0)).toThrow(ThreadExit);
    expect(g.u32(lockWord)).toBe(0xc0000000); // FUTEX_WAITERS | FUTEX_OWNER_DIED
    expect(waiter.wakeResult).toBe(0);
  });

  it('tgkill/tkill signal one thread; masks are per thread; kill picks a thread not blocking it', () => {
    const g = guest();
    const t = spawn(g);
    const pid = g.process.pid;
    expect(g.call('tgkill', pid, t.tid, 10)).toBe(0);
    expect(t.pending.map((p) => p.signal)).toEqual([10]);
    expect(g.process.mainThread.pending).toEqual([]);
    expect(g.call('tkill', t.tid + 100, 10)).toBe(ESRCH);
    expect(g.call('tgkill', pid + 1, t.tid, 10)).toBe(ESRCH);
    // The main thread blocks SIGUSR2 (bit 11); the process-directed signal goes to t.
    const set = g.alloc(8);
    g.setU64(set, 1 << 11);
    expect(g.call('rt_sigprocmask', 0, set, 0, 8)).toBe(0);
    expect(g.process.mainThread.blocked.has(12)).toBe(true);
    expect(t.blocked.has(12)).toBe(false);
    expect(g.call('kill', pid, 12)).toBe(0);
    expect(t.pending.map((p) => p.signal)).toEqual([10, 12]);
  });

  it('sched_yield with other threads gives up the turn and then returns 0', () => {
    const g = guest();
    const t = spawn(g);
    expect(g.callAs(t, 'sched_yield')).toBe('switched');
    expect(g.callAs(t, 'sched_yield')).toBe(0);
  });
});

const MIROS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'miros');
const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'thread-schedule');

function runFixture(...args: string[]) {
  const r = spawnSync(MIROS, ['run', '--stats', FIXTURE, ...args], { encoding: 'latin1', timeout: 120_000 });
  const instructions = /miros: stats: instructions=(\d+)/.exec(r.stderr ?? '')?.[1];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, instructions };
}

describe.skipIf(!existsSync(join(dirname(MIROS), '..', 'dist', 'miros.mjs')))('scheduling, end to end', () => {
  it('is deterministic: a racy counter and the instruction count are the same on two runs', () => {
    const first = runFixture('race', '50000');
    const second = runFixture('race', '50000');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^counter \d+\n$/);
    expect(second.stdout).toBe(first.stdout);
    expect(first.instructions).toBeDefined();
    expect(second.instructions).toBe(first.instructions);
  }, 240_000);

  it('sched_yield alternates two threads; tgkill runs the handler on the target thread', () => {
    expect(runFixture('yield').stdout).toBe('ababababab\n');
    expect(runFixture('tkill').stdout).toBe('handler ran on the target thread: yes; main is another thread: yes\n');
  }, 240_000);

  it('a deadlock ends with a miros: message and status 1, not a hang', () => {
    const all = runFixture('deadlock');
    expect(all.status).toBe(1);
    expect(all.stderr).toMatch(
      /^miros: .*thread-schedule: deadlock: every thread waits forever: thread \d+ in futex\(0x[0-9a-f]+\); thread \d+ in futex\(0x[0-9a-f]+\)\n/,
    );
    const self = runFixture('selflock');
    expect(self.status).toBe(1);
    expect(self.stderr).toMatch(/deadlock: futex waits on futex 0x[0-9a-f]+ that no other thread can wake/);
  }, 240_000);

  it('a fault in a second thread: the crash report shows that thread, not main', () => {
    const crash = runFixture('segv');
    expect(crash.status).toBe(128 + 11); // as the native run: SIGSEGV
    expect(crash.stderr).toMatch(/^ {2}thread: {6}thread \d+ \(of 2 threads\)$/m);
    expect(crash.stderr).toMatch(/^ {2}address: {5}0x18 \(write at 0x18: not mapped\)$/m);
    // The worker's registers: it faulted in crash_in_thread with rdi = the bad pointer (main is in join).
    expect(crash.stderr).toMatch(/^ {2}rip: {9}0x[0-9a-f]+ <crash_in_thread>$/m);
    expect(crash.stderr).toMatch(/ rdi 0x0000000000000018 /);
  }, 240_000);
});
