import { constants } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Browser, CDPSession } from 'playwright';
import { sleep } from '../deadline.ts';
import { LIMITS } from '../limits.ts';

/** What the memory watch's thread (renderer-memory-worker.mjs) is started with. */
interface MemoryWatchSettings {
  readonly browserPid: number;
  readonly maxBytes: number;
  readonly checkMs: number;
}

/**
 * The browser's renderer processes, kept within bounds. V8 bounds a renderer's JavaScript heap
 * itself (RENDERER_HEAP_ARGS); nothing bounds the rest of its memory (array buffers, the DOM,
 * layout, the parser's input), so a thread of its own (renderer-memory-worker.mjs) measures every
 * renderer every few milliseconds and kills one with more private memory than the budget. Either way its page crashes, and the
 * visit asks here why (`crashOf`) to report it. Measuring reads /proc, so it is Linux only;
 * elsewhere the heap cap is the only bound.
 */

/** Launch flags: the JavaScript heap cap every renderer starts with. */
export const RENDERER_HEAP_ARGS: readonly string[] = [`--js-flags=--max-old-space-size=${LIMITS.rendererHeapMb}`];

/** How long a crashed page's renderer may take to be reported by the browser. */
const CRASH_REPORT_WAIT_MS = 1_000;
/** A renderer killed this recently was killed here (the browser reports the signal, not who sent it). */
const RECENT_KILL_MS = 3_000;
const SIGKILL = constants.signals.SIGKILL;

interface Crash {
  readonly status: string;
  readonly errorCode: number;
}

export class RendererWatch {
  readonly #session: CDPSession;
  readonly #crashes = new Map<string, Crash>();
  readonly #waiting = new Map<string, (crash: Crash) => void>();
  #memory: Worker | null = null;
  #killed = 0;
  #lastKill = Number.NEGATIVE_INFINITY;
  #browserPid: number | null = null;

  private constructor(session: CDPSession) {
    this.#session = session;
    session.on('Target.targetCrashed', (event) => {
      const crash = { status: event.status, errorCode: event.errorCode };
      this.#crashes.set(event.targetId, crash);
      this.#waiting.get(event.targetId)?.(crash);
    });
  }

  static async start(browser: Browser): Promise<RendererWatch> {
    const session = await browser.newBrowserCDPSession();
    // Crashes are reported for discovered targets only.
    await session.send('Target.setDiscoverTargets', { discover: true });
    const watch = new RendererWatch(session);
    if (process.platform === 'linux') await watch.#watchMemory();
    return watch;
  }

  /** The browser's own process, once it named it (on Linux); null before or elsewhere. */
  get browserPid(): number | null {
    return this.#browserPid;
  }

  /** Renderers killed for their memory so far. */
  get killed(): number {
    return this.#killed;
  }

  /** Why the renderer of this page (its DevTools target id) ended, in words for the scan's error. */
  async crashOf(targetId: string): Promise<string> {
    const crash =
      this.#crashes.get(targetId) ??
      (await Promise.race([new Promise<Crash>((resolve) => this.#waiting.set(targetId, resolve)), sleep(CRASH_REPORT_WAIT_MS).then(() => null)]));
    this.#waiting.delete(targetId);
    this.#crashes.delete(targetId);
    return describeCrash(crash, Date.now() - this.#lastKill < RECENT_KILL_MS);
  }

  close(): void {
    void this.#memory?.terminate();
    void this.#session.detach().catch(() => undefined);
  }

  async #watchMemory(): Promise<void> {
    const { processInfo } = await this.#session.send('SystemInfo.getProcessInfo');
    const browserPid = processInfo.find((info) => info.type === 'browser')?.id;
    if (browserPid === undefined) {
      process.emitWarning('the browser did not name its own process: only the heap cap bounds its renderers');
      return;
    }
    this.#browserPid = browserPid;
    const settings: MemoryWatchSettings = { browserPid, maxBytes: LIMITS.maxRendererBytes, checkMs: LIMITS.rendererMemoryCheckMs };
    const memory = new Worker(new URL('./renderer-memory-worker.mjs', import.meta.url), { workerData: settings });
    // The watch must not keep a finished scanner's process alive.
    memory.unref();
    memory.on('message', () => {
      this.#killed += 1;
      this.#lastKill = Date.now();
    });
    // Without the watch only the heap cap bounds a renderer: said, not fatal to the scans.
    memory.on('error', (error) => process.emitWarning(`the renderer memory watch stopped: ${error.message}`));
    this.#memory = memory;
  }
}

/**
 * A crash in words. The browser reports how the renderer ended: a signal for `crashed` and
 * `killed`, an exit code otherwise.
 */
export function describeCrash(crash: Crash | null, killedHere: boolean): string {
  const budget = `${Math.round(LIMITS.maxRendererBytes / 1024 / 1024)} MB`;
  if (crash === null) return "the page crashed the browser's renderer";
  const bySignal = crash.status === 'crashed' || crash.status === 'killed';
  if (bySignal && crash.errorCode === SIGKILL) {
    return killedHere
      ? `the page used more than ${budget} of memory, so its renderer was stopped`
      : "the page's renderer was killed (SIGKILL), as the system does when memory runs out";
  }
  const signal = bySignal ? Object.entries(constants.signals).find(([, code]) => code === crash.errorCode)?.[0] : undefined;
  const how = signal ? signal : `${crash.status}, exit code ${crash.errorCode}`;
  const heap = signal === 'SIGTRAP' ? `: a renderer stops this way when the page's JavaScript heap passes its ${LIMITS.rendererHeapMb} MB cap` : '';
  return `the page crashed the browser's renderer (${how})${heap}`;
}
