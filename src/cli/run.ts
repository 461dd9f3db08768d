// `miros run [options] <program> [args...]`: runs a static x86-64 Linux program with the user's
// stdin, stdout, stderr, environment and working directory, and exits as it does.
//
// Exit status: the program's; 128+N when signal N ends it (as a shell reports). When Miros
// cannot start it: 127 when the program does not exist, 126 when it cannot be executed (not an
// ELF file, damaged, 32-bit, another machine, dynamically linked for now) — the shell's codes —
// with one line `miros: <program>: <reason>`.

import { crashReport, wantsCrashReport } from '../debug/crash-report.ts';
import { hostMilliseconds } from '../host/clock.ts';
import { delayOptimisation } from '../host/optimisation-budget.ts';
import { writeAllSync } from '../host/write-all.ts';
import { LoadError } from '../kernel/loader/elf-loader.ts';
import { type ExecOptions, execProgram, startProcess } from '../kernel/start.ts';
import { System } from '../kernel/system.ts';
import { SyscallTracer } from '../kernel/trace.ts';
import type { Command, CommandIO } from './command.ts';
import { type ParsedArgs, UsageError } from './options.ts';

function list(value: string | boolean | string[] | undefined): string[] {
  if (Array.isArray(value)) return value;
  return typeof value === 'string' ? [value] : [];
}

/** The guest environment: the user's (or none), minus --unset-env, plus --env, in order. */
function environment(args: ParsedArgs): string[] {
  const entries = new Map<string, string>();
  if (args.options.get('clearEnv') !== true) {
    for (const [name, value] of Object.entries(process.env)) if (value !== undefined) entries.set(name, value);
  }
  for (const name of list(args.options.get('unsetEnv'))) entries.delete(name);
  for (const assignment of list(args.options.get('env'))) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env expects NAME=VALUE, got '${assignment}'`);
    const name = assignment.slice(0, eq);
    entries.delete(name);
    entries.set(name, assignment.slice(eq + 1));
  }
  return [...entries].map(([name, value]) => `${name}=${value}`);
}

export const runCommand: Command = {
  name: 'run',
  usage: 'Usage: miros run [options] <program> [arguments...]',
  stopAtFirstPositional: true,
  options: [
    { key: 'argv0', long: 'argv0', takesValue: true, valueName: 'NAME', help: "Pass NAME as the program's argv[0]" },
    {
      key: 'env',
      long: 'env',
      takesValue: true,
      repeatable: true,
      valueName: 'NAME=VALUE',
      help: 'Set an environment variable (repeatable)',
    },
    {
      key: 'unsetEnv',
      long: 'unset-env',
      takesValue: true,
      repeatable: true,
      valueName: 'NAME',
      help: 'Remove an environment variable (repeatable)',
    },
    { key: 'clearEnv', long: 'clear-env', help: 'Start from an empty environment' },
    { key: 'root', long: 'root', takesValue: true, valueName: 'DIR', help: "Confine the program's file system to DIR" },
    { key: 'trace', long: 'trace', takesValue: true, valueName: 'WHAT', help: 'Trace to stderr: syscalls' },
    {
      key: 'systemLdso', // [linker]
      long: 'system-ldso',
      help: "Run a dynamically linked program with its own PT_INTERP (the system's ld.so and libc) as guest code",
    },
    {
      key: 'stats',
      long: 'stats',
      help: 'At exit, print `miros: stats: instructions=N seconds=T mips=M` to stderr',
    },
  ],

  async run(args: ParsedArgs, io: CommandIO): Promise<number> {
    const [program, ...rest] = args.positionals;
    if (program === undefined) throw new UsageError('missing program to run');
    const trace = args.options.get('trace');
    if (trace !== undefined && trace !== 'syscalls')
      throw new UsageError(`--trace: unknown trace '${trace}' (known: syscalls)`);
    const argv0 = args.options.get('argv0');
    const root = args.options.get('root');
    const debugWords = (process.env.MIROS_DEBUG ?? '').split(',').filter((w) => w !== '');
    const stderrLine = (line: string) => writeAllSync(2, `${line}\n`);
    const tracer = trace === 'syscalls' ? new SyscallTracer(stderrLine) : undefined;

    // Short guests are most runs' start-up: V8 optimises Miros later until the guest runs long.
    delayOptimisation();
    const started = hostMilliseconds();
    // What every program of the run shares (the first and those it execs).
    const shared: ExecOptions = {
      ...(tracer ? { tracer } : {}),
      debug: new Set(debugWords),
      systemLdso: args.options.get('systemLdso') === true, // [linker]
      dynamicLinking: async () => (await import('./dynamic-linking.ts')).mirosDynamicLinking(),
      warn: stderrLine,
    };
    let guest: Awaited<ReturnType<typeof startProcess>>;
    try {
      guest = await startProcess({
        program,
        argv: [typeof argv0 === 'string' ? argv0 : program, ...rest],
        env: environment(args),
        ...(typeof root === 'string' ? { root } : {}),
        ...shared,
      });
    } catch (error) {
      if (error instanceof LoadError) {
        io.stderr(`miros: ${error.message}\n`);
        return error.exitStatus;
      }
      throw error;
    }
    // Every process of the run (the first, its children from fork, the programs they exec) runs
    // in one System; the run ends as the first process does (src/kernel/system.ts).
    const system = new System(guest, {
      exec: (old, request) => execProgram(old, request, shared),
      warn: stderrLine,
      onProcessEnd: (child, childExit) => {
        tracer?.traceExit(childExit.status, childExit.signal, child.pid);
        if (wantsCrashReport(childExit)) io.stderr(crashReport(child, childExit));
      },
    });
    const result = await system.run();
    const exit = result.exit;
    guest = result.process;
    const seconds = (hostMilliseconds() - started) / 1000;
    if (tracer) {
      if (exit.signal !== undefined && exit.cause) {
        tracer.traceSignal(exit.signal, exit.cause.code, exit.cause.faultAddress);
      }
      tracer.traceExit(exit.status, exit.signal);
    }
    if (wantsCrashReport(exit)) io.stderr(crashReport(guest, exit));
    if (args.options.get('stats') === true) {
      const instructions = system.instructionCount;
      const mips = seconds > 0 ? instructions / seconds / 1e6 : 0;
      io.stderr(`miros: stats: instructions=${instructions} seconds=${seconds.toFixed(3)} mips=${mips.toFixed(2)}\n`);
    }
    if (process.env.MIROS_JIT_PROFILE === '1') {
      const { profileReport } = await import('../cpu/jit/profile.ts');
      io.stderr(profileReport(guest.mainThread.cpu.blocks));
    }
    return exit.shellStatus;
  },
};
