import { readdir, readFile } from 'node:fs/promises';

/**
 * Peak memory of a process and all its descendants (Chromium's processes), sampled from /proc:
 * proportional set size (PSS), so libraries shared between Chromium's processes count once,
 * not once per process. Shared by the benchmarks.
 */

const SAMPLE_MS = 100;

export interface MemoryPeak {
  /** The root process plus its descendants, at the peak. */
  readonly total: number;
  /** The root process alone, at that moment. */
  readonly root: number;
}

export interface MemorySampler {
  /** Stops sampling (idempotent) and returns the peak seen. */
  stop(): MemoryPeak;
}

/** Samples `rootPid` (this process by default) and its descendants until stopped. */
export function startMemorySampler(rootPid: number = process.pid): MemorySampler {
  let peak: MemoryPeak = { total: 0, root: 0 };
  let sampling = false;
  const sample = async () => {
    if (sampling) return;
    sampling = true;
    try {
      // Off Linux only this process can be measured, by its RSS.
      const root = (await pss(rootPid)) ?? (rootPid === process.pid ? process.memoryUsage.rss() : null);
      if (root === null) return; // The root process has ended.
      const total = root + (await descendantsPss(rootPid));
      if (total > peak.total) peak = { total, root };
    } finally {
      sampling = false;
    }
  };
  const timer = setInterval(() => void sample(), SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

async function pss(pid: number): Promise<number | null> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kilobytes = /^Pss:\s+(\d+) kB/m.exec(rollup)?.[1];
    return kilobytes === undefined ? null : Number(kilobytes) * 1024;
  } catch {
    return null; // Not Linux, or the process ended.
  }
}

async function descendantsPss(root: number): Promise<number> {
  let entries: string[];
  try {
    entries = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return 0; // Not Linux: the root's own figure only.
  }
  const parents = new Map<number, number>();
  await Promise.all(
    entries.map(async (name) => {
      try {
        const stat = await readFile(`/proc/${name}/stat`, 'utf8');
        // Fields after the command name (which may contain spaces) start after the last ')'.
        parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      } catch {
        // The process ended between listing and reading.
      }
    }),
  );
  const descendants = [...parents.keys()].filter((pid) => {
    for (let parent = parents.get(pid); parent !== undefined && parent > 1; parent = parents.get(parent)) if (parent === root) return true;
    return false;
  });
  const sizes = await Promise.all(descendants.map(pss));
  return sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0);
}
