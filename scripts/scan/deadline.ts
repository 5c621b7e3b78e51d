import { ScanFailure } from './failure.ts';

/**
 * The one time bound of a scan: every step races it, so a site that stalls anywhere (DNS,
 * body, a busy renderer) ends the scan with `timeout` at the configured time. The caller's
 * abort signal ends it the same way with `aborted`.
 */
export class Deadline {
  readonly #end: number;
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #onAbort: () => void;

  constructor(
    readonly timeoutMs: number,
    private readonly parent?: AbortSignal,
    private readonly now: () => number = Date.now,
  ) {
    this.#end = now() + timeoutMs;
    this.#timer = setTimeout(() => this.#controller.abort(this.#timeout()), timeoutMs);
    this.#timer.unref();
    this.#onAbort = () => this.#controller.abort(new ScanFailure('aborted', 'the scan was interrupted'));
    if (parent?.aborted) this.#onAbort();
    else parent?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Aborted when the time is up or the caller aborted; its reason is a ScanFailure. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  remainingMs(): number {
    return Math.max(0, this.#end - this.now());
  }

  /** Throws the ScanFailure if the scan must stop now. */
  check(): void {
    if (this.#controller.signal.aborted) throw this.failure();
  }

  failure(): ScanFailure {
    const reason: unknown = this.#controller.signal.reason;
    return reason instanceof ScanFailure ? reason : this.#timeout();
  }

  /** Resolves with `work`, or rejects with the ScanFailure when the deadline or abort comes first. */
  race<T>(work: Promise<T>): Promise<T> {
    this.check();
    return new Promise<T>((resolve, reject) => {
      const stop = () => reject(this.failure());
      this.#controller.signal.addEventListener('abort', stop, { once: true });
      work.then(
        (value) => {
          this.#controller.signal.removeEventListener('abort', stop);
          resolve(value);
        },
        (error: unknown) => {
          this.#controller.signal.removeEventListener('abort', stop);
          reject(error);
        },
      );
    });
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.parent?.removeEventListener('abort', this.#onAbort);
  }

  #timeout(): ScanFailure {
    return new ScanFailure('timeout', `the scan did not finish within ${Math.round(this.timeoutMs / 1000)} s`);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
