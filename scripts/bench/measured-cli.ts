import { startCli, type CliProcessResult } from './cli-process.ts';
import { startMemorySampler, type MemoryPeak } from './memory.ts';

/**
 * One real `techscan` process as the run benchmarks start it (offline: only loopback resolves),
 * timed and with the peak memory of it and its Chromium processes.
 */

export interface MeasuredRun {
  readonly result: CliProcessResult;
  /** Wall-clock start and end of the process (epoch ms), to compare with the records' times. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly wallMs: number;
  readonly peak: MemoryPeak;
}

export async function runCliMeasured(argv: readonly string[], cwd: string): Promise<MeasuredRun> {
  const startedAt = Date.now();
  const started = performance.now();
  const { child, done } = startCli(argv, { cwd, env: { TECHSCAN_OFFLINE: '1' } });
  const memory = child.pid === undefined ? null : startMemorySampler(child.pid);
  // Ctrl-C: let the run close its browser and exit, so this process can still clean up.
  const stop = () => child.kill('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const result = await done;
    return { result, startedAt, endedAt: Date.now(), wallMs: performance.now() - started, peak: memory?.stop() ?? { total: 0, root: 0 } };
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    memory?.stop();
  }
}
