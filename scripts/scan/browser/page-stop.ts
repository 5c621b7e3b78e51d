import type { CDPSession, Response } from 'playwright';
import { sleep, type Deadline } from '../deadline.ts';
import { LIMITS } from '../limits.ts';
import type { PageTrouble } from './page-trouble.ts';

/**
 * Bounded reads of what the browser holds, and stopping a page whose scripts hold its
 * renderer. A busy renderer answers nothing that needs its main thread (evaluations, response
 * bodies) until its script yields, which a hostile one never does; the DevTools protocol can
 * still disable its scripts and end the one running, after which the renderer answers again.
 */

/**
 * `work`'s value, or `fallback` if it takes longer than `ms`; a failure of `work` is its own
 * (the scan's end, a crash or a broken limit still win).
 */
export async function within<T>(ms: number, work: Promise<T>, fallback: T, deadline: Deadline, trouble: PageTrouble): Promise<T> {
  const stop = new AbortController();
  try {
    return await trouble.step(deadline, Promise.race([work, sleep(Math.min(ms, deadline.remainingMs()), stop.signal).then(() => fallback)]));
  } finally {
    stop.abort();
  }
}

/** Disables the page's scripts and ends the one running; true when the renderer acknowledged both. */
export async function stopScripts(cdp: CDPSession, deadline: Deadline, trouble: PageTrouble): Promise<boolean> {
  const done = (work: Promise<unknown>) =>
    within(
      LIMITS.stopPageTimeoutMs,
      work.then(
        () => true,
        () => false,
      ),
      false,
      deadline,
      trouble,
    );
  // Disabled first, so no task queued behind the running script starts another.
  const disabled = await done(cdp.send('Emulation.setScriptExecutionDisabled', { value: true }));
  const ended = await done(cdp.send('Runtime.terminateExecution'));
  return disabled && ended;
}

/** The document as the server sent it, or null when the browser cannot give it in time (a body that never ended). */
export function sentDocument(response: Response, deadline: Deadline, trouble: PageTrouble): Promise<string | null> {
  return within<string | null>(
    LIMITS.readTimeoutMs,
    response.text().catch(() => null),
    null,
    deadline,
    trouble,
  );
}
