import * as core from '@actions/core';
import { ConfigError, TechscanError, type ExitCode } from '../errors.ts';
import { annotateProblems, inGithubActions } from '../github/annotations.ts';
import { errorMessage } from '../shared/wording.ts';
import { processIo, type Io } from './io.ts';
import { reportError } from './main.ts';

/**
 * Entry points that are not `techscan` commands (scripts/tools/: developer tools and the
 * Actions steps) run through here, so they share the CLI's one error handler: a typed error
 * is one line and its exit code, anything else a bug with its stack, and nothing exits 0
 * after a failure (the entry sets `process.exitCode` to what this returns). In GitHub Actions the failure is also an error annotation on the run (and
 * a config's problems annotations on their files), as a failed step should be.
 */
export async function runTool(name: string, body: (io: Io) => Promise<ExitCode>, io: Io = processIo()): Promise<ExitCode> {
  let code: ExitCode;
  try {
    code = await body(io);
  } catch (error) {
    code = reportError(name, error, io);
    if (inGithubActions(io.env)) annotateFailure(name, error);
  }
  return code;
}

function annotateFailure(name: string, error: unknown): void {
  if (error instanceof ConfigError) annotateProblems(error.problems);
  const kind = error instanceof TechscanError ? '' : 'internal error: ';
  core.error(`${name}: ${kind}${errorMessage(error)}`);
}
