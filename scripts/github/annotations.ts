import * as core from '@actions/core';
import type { Problem } from '../monitors/problem.ts';

/** True inside a GitHub Actions job, where annotations show up on the pull request's diff. */
export function inGithubActions(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

export function annotateProblems(problems: readonly Problem[]): void {
  for (const problem of problems) {
    core.error(problem.path ? `${problem.path}: ${problem.message}` : problem.message, {
      title: `techscan validate (${problem.rule})`,
      file: problem.file,
      startLine: problem.line,
      startColumn: problem.col,
    });
  }
}
