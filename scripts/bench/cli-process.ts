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

/** How much lower a yielding CLI runs (nice values go from 0, normal, to 19, lowest). */
const YIELDING_NICENESS = 10;

export interface CliProcessResult extends CliResult {
  readonly signal: NodeJS.Signals | null;
}

/** Starts the CLI as a real process; `done` settles when it exits (for signal and kill tests). */
export function startCli(
  argv: readonly string[],
  { cwd = REPO_ROOT, env = {}, yieldCpu = false }: { cwd?: string; env?: Record<string, string | undefined>; yieldCpu?: boolean } = {},
): { child: ChildProcessWithoutNullStreams; done: Promise<CliProcessResult> } {
  const command = [process.execPath, '--import', TSX_LOADER, CLI_ENTRY, ...argv];
  // `yieldCpu`: the CLI and every process and thread it starts run at a lower priority (POSIX
  // `nice`), so servers in this process answer as a remote site's machine would, not when the
  // scanner leaves them a core.
  const [file = process.execPath, ...args] = yieldCpu ? ['nice', '-n', String(YIELDING_NICENESS), ...command] : command;
  const child = spawn(file, args, {
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
