import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { EXIT } from '../errors.ts';
import { annotateProblems, inGithubActions } from '../github/annotations.ts';
import { loadMonitorConfig } from '../monitors/files.ts';
import { formatProblem, type Problem } from '../monitors/problem.ts';
import { defineCommand, DIR_OPTIONS, JSON_OPTION } from './command.ts';
import { plural } from '../shared/wording.ts';
import { json, line } from './io.ts';

interface ValidateArgs {
  readonly monitorsDir: string;
  readonly files: readonly string[];
  readonly json: boolean;
}

export const validateCommand = defineCommand<ValidateArgs>({
  name: 'validate',
  summary:
    'Check monitor configs: every problem in every file with file:line:col, exit 1 if any. With paths, only those files are reported (duplicates are still checked against all monitors).',
  usage: '[files...]',
  options: { monitors: DIR_OPTIONS.monitors, json: JSON_OPTION },
  parse: (input, io) => ({
    monitorsDir: input.dirs(io.cwd).monitorsDir,
    files: input.positionals.map((file) => resolve(io.cwd, file)),
    json: input.flag('json'),
  }),
  async run(args, io) {
    const config = await loadMonitorConfig(args.monitorsDir, io.cwd);
    const problems = [...selectedProblems(config.problems, args, io.cwd), ...missingFiles(args, io.cwd)];
    if (inGithubActions(io.env)) annotateProblems(problems);

    const monitors = config.monitors.filter((monitor) => isSelected(resolve(io.cwd, monitor.file), args));
    if (args.json) {
      io.out(json({ valid: problems.length === 0, monitors: monitors.map((monitor) => monitor.id), problems }));
    } else {
      for (const problem of problems) io.out(line(formatProblem(problem)));
      io.out(
        line(
          problems.length === 0
            ? `✓ ${plural(monitors.length, 'monitor')} valid`
            : `✗ ${plural(problems.length, 'problem')} in ${plural(new Set(problems.map((problem) => problem.file)).size, 'file')}`,
        ),
      );
    }
    return problems.length === 0 ? EXIT.ok : EXIT.problems;
  },
});

function isSelected(path: string, args: ValidateArgs): boolean {
  return args.files.length === 0 || args.files.includes(path);
}

/** With explicit paths, a file's problems and those of the defaults it merges are reported. */
function selectedProblems(problems: readonly Problem[], args: ValidateArgs, cwd: string): Problem[] {
  if (args.files.length === 0) return [...problems];
  const folders = new Set(args.files.map((file) => resolve(file, '..')));
  return problems.filter((problem) => {
    const path = resolve(cwd, problem.file);
    return isSelected(path, args) || (path.endsWith(`${sep}_defaults.yaml`) && folders.has(resolve(path, '..')));
  });
}

function missingFiles(args: ValidateArgs, cwd: string): Problem[] {
  return args.files.flatMap((file): Problem[] => {
    const shown = relative(cwd, file);
    if (!existsSync(file)) return [{ file: shown, line: 1, col: 1, path: '', message: 'file not found', rule: 'input' }];
    if (!file.startsWith(args.monitorsDir + sep)) {
      return [{ file: shown, line: 1, col: 1, path: '', message: `not inside the monitors folder (${relative(cwd, args.monitorsDir)}/)`, rule: 'input' }];
    }
    return [];
  });
}
