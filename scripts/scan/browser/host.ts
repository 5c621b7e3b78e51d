import type { Browser } from 'playwright';
import { sleep } from '../deadline.ts';
import { LIMITS } from '../limits.ts';
import { RendererWatch } from './renderers.ts';

/**
 * The one browser a scanner's concurrent scans share: launched on first use, watched
 * (renderers.ts), and replaced when it disconnects or when a scan retires it after a renderer
 * crashed. A retired browser takes no new scans and closes once the scans still in it finish.
 * A browser that does not close in time is killed, and closing the host waits for every
 * browser it ever launched: one left behind with a page's script spinning in its renderers
 * would outlive the scanner's process and slow everything after it.
 */

export interface LiveBrowser {
  readonly browser: Browser;
  readonly renderers: RendererWatch;
}

export interface BrowserLease {
  readonly live: LiveBrowser;
  /** The scan is done with the browser. */
  release(): void;
  /** Done, and the browser must not take another scan (it saw a renderer crash). */
  retire(): void;
}

interface Slot {
  readonly launching: Promise<LiveBrowser>;
  users: number;
  retired: boolean;
}

export class BrowserHost {
  #current: Slot | null = null;
  readonly #slots = new Set<Slot>();
  /** Retired browsers still closing. */
  readonly #closing = new Set<Promise<void>>();

  constructor(private readonly launch: () => Promise<Browser>) {}

  /**
   * A lease on the current browser, launching one if needed. A launch that fails rejects here
   * and is tried again by the next scan.
   */
  async acquire(): Promise<BrowserLease> {
    const slot = this.#slot();
    slot.users += 1;
    let live: LiveBrowser;
    try {
      live = await slot.launching;
    } catch (error) {
      this.#done(slot, false);
      throw error;
    }
    let returned = false;
    const end = (retire: boolean) => {
      if (returned) return;
      returned = true;
      this.#done(slot, retire);
    };
    return { live, release: () => end(false), retire: () => end(true) };
  }

  /** Closes every browser, in use or not. */
  async close(): Promise<void> {
    const slots = [...this.#slots];
    this.#slots.clear();
    this.#current = null;
    await Promise.all([...slots.map((slot) => shut(slot)), ...this.#closing]);
  }

  #slot(): Slot {
    if (this.#current && !this.#current.retired) return this.#current;
    const launching = this.launch().then(async (browser) => ({ browser, renderers: await RendererWatch.start(browser) }));
    const slot: Slot = { launching, users: 0, retired: false };
    // A browser that crashes, or never starts, is replaced for the next scan.
    const forget = () => {
      slot.retired = true;
      if (this.#current === slot) this.#current = null;
      if (slot.users === 0) this.#drop(slot);
    };
    launching.then((live) => live.browser.on('disconnected', forget), forget);
    this.#slots.add(slot);
    this.#current = slot;
    return slot;
  }

  #done(slot: Slot, retire: boolean): void {
    slot.users -= 1;
    if (retire) {
      slot.retired = true;
      if (this.#current === slot) this.#current = null;
    }
    if (slot.retired && slot.users === 0) this.#drop(slot);
  }

  #drop(slot: Slot): void {
    if (!this.#slots.delete(slot)) return;
    const closing = shut(slot).finally(() => this.#closing.delete(closing));
    this.#closing.add(closing);
  }
}

async function shut(slot: Slot): Promise<void> {
  const live = await slot.launching.catch(() => null);
  if (!live) return;
  const pid = live.renderers.browserPid;
  live.renderers.close();
  const stop = new AbortController();
  const closed = await Promise.race([
    live.browser.close().then(
      () => true,
      () => false,
    ),
    sleep(LIMITS.browserAnswerTimeoutMs, stop.signal).then(() => false),
  ]);
  stop.abort();
  if (!closed && pid !== null) killIfAlive(pid);
}

/** SIGKILL, for a process that may have ended meanwhile. */
function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
  }
}
