import { describe, expect, it } from 'vitest';
import { findChromium, SYSTEM_CHROMIUM } from '../../scripts/scan/browser/launch.ts';

describe('finding Chromium', () => {
  const only =
    (...paths: string[]) =>
    (path: string) =>
      paths.includes(path);

  it('prefers $CHROMIUM_PATH over the system Chromium when Playwright has none', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/chromium/chrome' }, only('/opt/chromium/chrome', SYSTEM_CHROMIUM))).toEqual({
      path: '/opt/chromium/chrome',
      source: 'CHROMIUM_PATH',
    });
  });

  it('falls back to /usr/bin/chromium', () => {
    expect(findChromium({ CHROMIUM_PATH: '/nowhere/chrome' }, only(SYSTEM_CHROMIUM))).toEqual({ path: SYSTEM_CHROMIUM, source: 'system' });
  });

  it('finds nothing when nothing exists', () => {
    expect(findChromium({}, only())).toBeNull();
  });
});
