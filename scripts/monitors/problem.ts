/** One thing wrong with a config file, located precisely enough for an editor or a PR annotation. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Where in the document, e.g. `alerts.recipients[1]`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
  /** Which check found it: `yaml`, `schema`, or a rule name from rules.ts. */
  readonly rule: string;
}

export type ConfigPath = readonly (string | number)[];

export function formatPath(path: ConfigPath): string {
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
}

export function formatProblem(problem: Problem): string {
  const where = `${problem.file}:${problem.line}:${problem.col}`;
  return problem.path ? `${where}: ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}

export function compareProblems(a: Problem, b: Problem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message);
}
