// Command-line parsing shared by every subcommand, GNU style: bundled short flags (`-lW`),
// `--long`, `--long=value`, `--long value`, `-o value`, `-ovalue`, and `--` to end options.
// An unknown option or a missing value is a UsageError: the CLI prints one line and exits 2.

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface OptionSpec {
  /** Key under which the parsed value is stored. */
  key: string;
  /** Single-letter form, without the dash. */
  short?: string;
  /** Long form, without the dashes. */
  long?: string;
  /** Whether the option takes a value (`--start-address=0x10`). */
  takesValue?: boolean;
  /** Whether the option may be repeated; values are then collected in order. */
  repeatable?: boolean;
  /** Help text; the `--help` listing is generated from it. */
  help: string;
  /** Name of the value in the help text. */
  valueName?: string;
}

export interface ParsedArgs {
  /** Flag options map to true; valued options to their last value (or all values when repeatable). */
  options: Map<string, string | boolean | string[]>;
  positionals: string[];
}

export interface ParseSettings {
  /** Stop at the first positional: the rest are positionals (a guest program and its arguments). */
  stopAtFirstPositional?: boolean;
}

export function parseArgs(
  argv: readonly string[],
  specs: readonly OptionSpec[],
  settings: ParseSettings = {},
): ParsedArgs {
  const options = new Map<string, string | boolean | string[]>();
  const positionals: string[] = [];
  const store = (spec: OptionSpec, value: string | boolean): void => {
    if (spec.repeatable && typeof value === 'string') {
      const previous = options.get(spec.key);
      options.set(spec.key, Array.isArray(previous) ? [...previous, value] : [value]);
    } else {
      options.set(spec.key, value);
    }
  };

  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const spec = specs.find((s) => s.long === name);
      if (!spec) throw new UsageError(`unrecognized option '--${name}'`);
      if (spec.takesValue) {
        let value: string | undefined;
        if (eq >= 0) value = arg.slice(eq + 1);
        else if (i + 1 < argv.length) value = argv[++i];
        if (value === undefined) throw new UsageError(`option '--${name}' requires an argument`);
        store(spec, value);
      } else {
        if (eq >= 0) throw new UsageError(`option '--${name}' doesn't allow an argument`);
        store(spec, true);
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        const spec = specs.find((s) => s.short === letter);
        if (!spec) throw new UsageError(`invalid option -- '${letter}'`);
        if (spec.takesValue) {
          let value: string | undefined = arg.slice(j + 1);
          if (value === '') value = argv[++i];
          if (value === undefined) throw new UsageError(`option requires an argument -- '${letter}'`);
          store(spec, value);
          break;
        }
        store(spec, true);
      }
      continue;
    }
    positionals.push(arg);
    if (settings.stopAtFirstPositional) {
      i++;
      break;
    }
  }
  for (; i < argv.length; i++) positionals.push(argv[i]!);
  return { options, positionals };
}

/** The option list of a `--help` text, one line per option. */
export function formatOptionHelp(specs: readonly OptionSpec[]): string {
  const rows = specs.map((s) => {
    const forms = [
      s.short ? `-${s.short}` : '',
      s.long ? `--${s.long}${s.takesValue ? `=${s.valueName ?? 'VALUE'}` : ''}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    return [forms, s.help] as const;
  });
  const width = Math.max(0, ...rows.map(([forms]) => forms.length));
  return rows.map(([forms, help]) => `  ${forms.padEnd(width)}  ${help}`).join('\n');
}

/** Parses a number the way binutils accepts addresses: decimal, 0x hex, or 0 octal. */
export function parseAddress(text: string, what: string): number {
  const t = text.trim();
  let value: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) value = Number.parseInt(t.slice(2), 16);
  else if (/^0[0-7]+$/.test(t)) value = Number.parseInt(t.slice(1), 8);
  else if (/^[0-9]+$/.test(t)) value = Number.parseInt(t, 10);
  else throw new UsageError(`${what}: '${text}' is not a number`);
  if (!Number.isSafeInteger(value)) throw new UsageError(`${what}: '${text}' is too large`);
  return value;
}
