import { startCli, type CliResult } from '../../scripts/bench/cli-process.ts';
import { main } from '../../scripts/cli/main.ts';
import type { Io } from '../../scripts/cli/io.ts';
import { REPO_ROOT } from './paths.ts';

export { startCli, type CliResult } from '../../scripts/bench/cli-process.ts';

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

/** Runs the CLI as a real process, as `npm run techscan` would (for exit codes, signals, env). */
export async function spawnCli(argv: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  const { code, stdout, stderr } = await startCli(argv, options).done;
  return { code, stdout, stderr };
}
