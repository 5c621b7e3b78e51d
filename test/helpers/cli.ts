import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { main } from '../../scripts/cli/main.ts';
import type { Io } from '../../scripts/cli/io.ts';
import { CLI_ENTRY, REPO_ROOT } from './paths.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process, capturing its output (fast; what most tests use). */
export async function runCli(
  argv: readonly string[],
  { cwd = REPO_ROOT, env = {} }: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    env,
    cwd,
    interactive: false,
    onInterrupt: () => () => {},
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
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

/** Runs the CLI as a real process, as `npm run techscan` would (for exit codes, signals, env). */
export async function spawnCli(
  argv: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  const { code, stdout, stderr } = await startCli(argv, options).done;
  return { code, stdout, stderr };
}
