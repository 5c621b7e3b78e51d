import type { CDPSession, Page } from 'playwright';
import type { Deadline } from '../deadline.ts';
import { ScanFailure } from '../failure.ts';
import type { NetworkLog } from './network.ts';
import type { RendererWatch } from './renderers.ts';

/**
 * What can end a page visit at any moment: its renderer crashing (or being stopped for its
 * memory), and its document breaking a network limit. Every step of a visit races it through
 * `step`, so a step that would wait on a dead renderer fails at once with the real reason.
 */
export class PageTrouble {
  readonly #failure: Promise<never>;
  #crashed = false;

  private constructor(page: Page, network: NetworkLog, renderers: RendererWatch, targetId: string) {
    const crash = new Promise<never>((_, reject) => {
      page.once('crash', () => {
        this.#crashed = true;
        void renderers.crashOf(targetId).then((why) => reject(new ScanFailure('renderer_crashed', why)));
      });
    });
    this.#failure = Promise.race([crash, network.hostile]);
    this.#failure.catch(() => undefined);
  }

  static async watch(page: Page, cdp: CDPSession, network: NetworkLog, renderers: RendererWatch, deadline: Deadline): Promise<PageTrouble> {
    const { targetInfo } = await deadline.race(cdp.send('Target.getTargetInfo'));
    return new PageTrouble(page, network, renderers, targetInfo.targetId);
  }

  /** True once the page's renderer has gone (the failure may still be on its way). */
  get crashed(): boolean {
    return this.#crashed;
  }

  /** Rejects when the renderer crashes or the document breaks a limit; never resolves. */
  get failure(): Promise<never> {
    return this.#failure;
  }

  /** `work`, unless the deadline, a crash or a broken limit comes first. */
  step<T>(deadline: Deadline, work: Promise<T>): Promise<T> {
    work.catch(() => undefined);
    return deadline.race(Promise.race([work, this.#failure]));
  }

  /**
   * The failure to report for `error`: the crash's own when the renderer went (the error is
   * then only its echo, "Target crashed"), else `error` itself.
   */
  async explain(error: unknown): Promise<unknown> {
    if (!this.#crashed) return error;
    try {
      await this.#failure;
    } catch (crash) {
      return crash;
    }
    return error;
  }
}
