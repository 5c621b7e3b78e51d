import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The CLI as a real child process, as a workflow runs it: for the benchmarks, and for the tests
 * that need exit codes, signals and a kill (test/helpers/cli.ts re-exports it).
 */

const CLI_ENTRY = fileURLToPath(new URL('../cli.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

// tsx by absolute path, so a child whose working directory is a temp folder still finds it.
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface CliProcessResult extends CliResult {
  readonly signal: NodeJS.Signals | null;
}

/** Starts the CLI as a real process; `done` settles when it exits (for signal and kill tests). */
export function startCli(
  argv: readonly string[],
  { cwd = REPO_ROOT, env = {} }: { cwd?: string; env?: Record<string, string | undefined> } = {},
): { child: ChildProcessWithoutNullStreams; done: Promise<CliProcessResult> } {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, CLI_ENTRY, ...argv], {
    cwd,
    env: { ...process.env, GITHUB_ACTIONS: '', CI: '', ...env },
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliProcessResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { child, done };
}
