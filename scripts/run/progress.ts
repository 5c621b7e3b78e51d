import type { Job } from '../schema/job.ts';

/** What the run tells the person watching it; the CLI picks a terminal or a CI flavour. */
export interface RunProgress {
  started(total: number): void;
  attempt(job: Job, retryInMs: number | null): void;
  finished(): void;
}

const TICK_MS = 1000;

/** A live status line on a terminal: done/total, failures, elapsed. */
export function terminalProgress(write: (text: string) => void, clock: () => number = Date.now): RunProgress {
  let total = 0;
  let done = 0;
  let failed = 0;
  let startedAt = 0;
  let timer: NodeJS.Timeout | undefined;
  const render = () => {
    const elapsed = Math.round((clock() - startedAt) / 1000);
    write(`\r\x1b[2K  scanning ${done}/${total}${failed > 0 ? ` · ${failed} failed` : ''} · ${elapsed}s elapsed`);
  };
  return {
    started(count) {
      total = count;
      startedAt = clock();
      render();
      timer = setInterval(render, TICK_MS);
      timer.unref();
    },
    attempt(job, retryInMs) {
      if (retryInMs !== null) return;
      done += 1;
      if (job.status !== 'completed') failed += 1;
      render();
    },
    finished() {
      clearInterval(timer);
      if (total > 0) write('\r\x1b[2K');
    },
  };
}

/** One line per attempt, for logs (CI, pipes). */
export function lineProgress(write: (text: string) => void): RunProgress {
  let total = 0;
  let done = 0;
  return {
    started(count) {
      total = count;
      write(`Scanning ${count} monitor${count === 1 ? '' : 's'}\n`);
    },
    attempt(job, retryInMs) {
      if (retryInMs === null) done += 1;
      const seconds = (job.durationMs / 1000).toFixed(1);
      const head = `[${done}/${total}] ${job.status === 'completed' ? '✓' : '✗'} ${job.monitor}`;
      const detail = job.error ? `${job.status}: ${job.error.kind} — ${job.error.message}` : job.status;
      const retry = retryInMs === null ? '' : ` (attempt ${job.attempt}, retrying in ${(retryInMs / 1000).toFixed(1)}s)`;
      write(`${head}  ${detail} in ${seconds}s${retry}\n`);
    },
    finished() {},
  };
}

export const silentProgress: RunProgress = { started() {}, attempt() {}, finished() {} };
