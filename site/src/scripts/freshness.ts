/**
 * A static page cannot refresh its data itself, so it polls the tiny build.json beside it
 * and offers a reload once a newer build (newer data) is published.
 */
const POLL_MS = 30_000;

const meta = document.querySelector<HTMLMetaElement>('meta[name="techscan:build"]');
const banner = document.getElementById('reload-banner');

function buildIdOf(value: unknown): string | null {
  if (value === null || typeof value !== 'object') return null;
  const id: unknown = Reflect.get(value, 'buildId');
  return typeof id === 'string' ? id : null;
}

if (meta?.dataset.poll && banner) {
  const url = meta.dataset.poll;
  const current = meta.content;
  const timer = window.setInterval(async () => {
    let response: Response;
    try {
      response = await fetch(url, { cache: 'no-store' });
    } catch {
      // Offline or mid-deploy: the next tick tries again; nothing on the page depends on it.
      return;
    }
    if (!response.ok) return;
    const latest = buildIdOf(await response.json());
    if (latest && latest !== current) {
      banner.hidden = false;
      window.clearInterval(timer);
    }
  }, POLL_MS);
  banner.querySelector('button')?.addEventListener('click', () => window.location.reload());
}
