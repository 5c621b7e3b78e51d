import { ConfigError, EXIT, TechscanError, type ExitCode } from '../errors.ts';
import { formatProblem } from '../monitors/problem.ts';
import { didYouMean } from '../monitors/suggest.ts';
import { commandHelp, parseInput, type AnyCommand } from './command.ts';
import { COMMANDS } from './commands.ts';
import { line, type Io } from './io.ts';

const HELP_FLAGS = new Set(['--help', '-h', 'help']);

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function main(argv: readonly string[], io: Io, commands: readonly AnyCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || HELP_FLAGS.has(name)) {
    io[name === undefined ? 'err' : 'out'](generalHelp(commands));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(
      line(
        `techscan: unknown command "${name}"${didYouMean(
          name,
          commands.map((entry) => entry.name),
        )}; see --help`,
      ),
    );
    return EXIT.usage;
  }
  try {
    const input = parseInput(command, rest);
    if (input.flag('help')) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    return await command.execute(input, io);
  } catch (error) {
    return reportError(command.name, error, io);
  }
}

/** The one place errors become messages: typed errors get one line, anything else is a bug. */
export function reportError(commandName: string, error: unknown, io: Io): ExitCode {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) io.err(line(formatProblem(problem)));
  }
  if (error instanceof TechscanError) {
    io.err(line(`techscan ${commandName}: ${error.message}`));
    return error.exitCode;
  }
  io.err(line(`techscan ${commandName}: internal error — this is a bug in techscan, please report it:`));
  io.err(line(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  return EXIT.internal;
}

function generalHelp(commands: readonly AnyCommand[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: npm run techscan -- <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary.split('. ')[0]?.replace(/\.$/, '')}`),
    '',
    'Commands that read configs or results take --monitors <dir> and --data <dir>; `<command> --help` for its options.',
    '',
  ].join('\n');
}
