import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { UsageError, type ExitCode } from '../errors.ts';
import type { Io } from './io.ts';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  readonly multiple?: boolean;
  readonly short?: string;
  /** Shown in help after the option name, e.g. `<dir>`. */
  readonly placeholder?: string;
}

export interface Command<Args> {
  readonly name: string;
  readonly summary: string;
  /** What follows the command name in the usage line, e.g. `[files...]`. */
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Turns the parsed command line into the command's typed arguments; throws UsageError. */
  parse(input: ParsedInput, io: Io): Args;
  run(args: Args, io: Io): Promise<ExitCode>;
}

/** A command with its argument type erased, for the registry. */
export interface AnyCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  execute(input: ParsedInput, io: Io): Promise<ExitCode>;
}

export function defineCommand<Args>(command: Command<Args>): AnyCommand {
  return {
    name: command.name,
    summary: command.summary,
    usage: command.usage,
    options: command.options,
    execute: (input, io) => command.run(command.parse(input, io), io),
  };
}

export const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', description: 'Show this help' };

export const DIR_OPTIONS = {
  monitors: { type: 'string', placeholder: '<dir>', description: 'Monitor configs (default: monitors/)' },
  data: { type: 'string', placeholder: '<dir>', description: 'Results store (default: data/)' },
} as const satisfies Record<string, OptionSpec>;

/** The one opt-in to reach loopback, private, link-local and metadata addresses (scan and run). */
export const ALLOW_PRIVATE_NETWORKS_OPTION: OptionSpec = {
  type: 'boolean',
  description: 'Let scans reach loopback, private, link-local and cloud metadata addresses (intranet sites); refused by default',
};

export const JSON_OPTION: OptionSpec = { type: 'boolean', description: 'Print JSON on stdout instead of a table' };
export const NOW_OPTION: OptionSpec = {
  type: 'string',
  placeholder: '<iso>',
  description: 'Decide as if it were this time (default: the clock)',
};

type RawValue = string | boolean | (string | boolean)[] | undefined;

/** The command line after parseArgs, with typed accessors that never guess. */
export class ParsedInput {
  constructor(
    private readonly values: Readonly<Record<string, RawValue>>,
    readonly positionals: readonly string[],
  ) {}

  string(name: string): string | undefined {
    const value = this.values[name];
    return typeof value === 'string' ? value : undefined;
  }

  flag(name: string): boolean {
    return this.values[name] === true;
  }

  list(name: string): string[] {
    const value = this.values[name];
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
    return typeof value === 'string' ? [value] : [];
  }

  integer(name: string, { min, max }: { min: number; max: number }): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new UsageError(`--${name}: "${raw}" is not a whole number from ${min} to ${max}`);
    }
    return value;
  }

  /** `--now`: an ISO 8601 time; the clock when absent. */
  time(name: string, clock: () => Date = () => new Date()): Date {
    const raw = this.string(name);
    if (raw === undefined) return clock();
    const value = new Date(raw);
    if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(value.getTime())) {
      throw new UsageError(`--${name}: "${raw}" is not an ISO 8601 time (e.g. 2026-11-28T09:00:00Z)`);
    }
    return value;
  }

  /** `--monitors` and `--data`, resolved against the working directory. */
  dirs(cwd: string): { monitorsDir: string; dataDir: string } {
    return {
      monitorsDir: resolve(cwd, this.string('monitors') ?? 'monitors'),
      dataDir: resolve(cwd, this.string('data') ?? 'data'),
    };
  }
}

export function parseInput(command: AnyCommand, argv: readonly string[]): ParsedInput {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries({ ...command.options, help: HELP_OPTION })) {
    options[name] = {
      type: spec.type,
      ...(spec.multiple ? { multiple: true } : {}),
      ...(spec.short ? { short: spec.short } : {}),
    };
  }
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return new ParsedInput(values, positionals);
  } catch (error) {
    if (error instanceof TypeError) {
      throw new UsageError(`${error.message.replace(/\. To specify a positional.*$/s, '')} (see --help)`);
    }
    throw error;
  }
}

export function commandHelp(command: AnyCommand): string {
  const entries = Object.entries({ ...command.options, help: HELP_OPTION });
  const labels = entries.map(([name, spec]) =>
    [spec.short ? `-${spec.short}, ` : '    ', `--${name}`, spec.placeholder ? ` ${spec.placeholder}` : ''].join(''),
  );
  const width = Math.max(...labels.map((label) => label.length));
  const lines = entries.map(([, spec], index) => `  ${(labels[index] ?? '').padEnd(width)}  ${spec.description}`);
  return [
    `Usage: npm run techscan -- ${command.name}${command.usage ? ` ${command.usage}` : ''} [options]`,
    '',
    command.summary,
    '',
    'Options:',
    ...lines,
    '',
  ].join('\n');
}
