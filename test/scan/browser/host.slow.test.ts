import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BrowserHost } from '../../../scripts/scan/browser/host.ts';
import { findChromium, launchChromium } from '../../../scripts/scan/browser/launch.ts';

/** Whether a process is still there (signal 0 only asks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function chromiumHost(): BrowserHost {
  const location = findChromium(process.env, existsSync);
  if (!location) throw new Error('no Chromium to launch');
  return new BrowserHost(() => launchChromium(location));
}

describe('BrowserHost (real Chromium)', () => {
  it('closing waits for a retired browser to be gone, its page still spinning', { timeout: 60_000 }, async () => {
    const host = chromiumHost();
    const lease = await host.acquire();
    const pid = lease.live.renderers.browserPid;
    expect(pid).toEqual(expect.any(Number));
    const page = await lease.live.browser.newPage();
    void page.evaluate('for (;;) {}').catch(() => undefined);
    lease.retire();
    await host.close();
    expect(lease.live.browser.isConnected()).toBe(false);
    expect(pid !== null && alive(pid)).toBe(false);
  });

  it('gives the next lease a fresh browser after one was retired', { timeout: 60_000 }, async () => {
    const host = chromiumHost();
    const first = await host.acquire();
    first.retire();
    const second = await host.acquire();
    expect(second.live.browser).not.toBe(first.live.browser);
    second.release();
    await host.close();
    expect(second.live.browser.isConnected()).toBe(false);
  });
});
