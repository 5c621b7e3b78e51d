import { spawn } from 'node:child_process';
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
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Runs the CLI as a real process, as `npm run techscan` would (for exit codes, signals, env). */
export function spawnCli(
  argv: readonly string[],
  { cwd = REPO_ROOT, env = {} }: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...argv], {
      cwd,
      env: { ...process.env, GITHUB_ACTIONS: '', CI: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
