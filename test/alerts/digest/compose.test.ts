import { describe, expect, it } from 'vitest';
import { composeDigest, type ComposeContext } from '../../../scripts/alerts/digest/compose.ts';
import { alert, contentChanged, headerRemoved, monitor, technologyAdded, versionChange } from '../fixtures.ts';

const context: ComposeContext = {
  monitors: [monitor('acme/cartly', { name: 'Cartly' }), monitor('acme/shopwave', { name: 'Shopwave' }), monitor('globex/paynest', { name: 'Paynest' })],
  siteBaseUrl: 'https://intel.example/techscan/',
  timezone: 'Europe/Berlin',
  messageIdDomain: 'acme.example',
};
const period = { start: '2026-11-27T07:00:00.000Z', end: '2026-11-28T07:00:00.000Z' };

const react = alert(versionChange('React', '18.2.0', '19.0.0', { severity: 'medium' }));
const hsts = alert(headerRemoved('Strict-Transport-Security', { monitor: 'globex/paynest' }));
const hotjar = alert(technologyAdded('Hotjar', { monitor: 'acme/shopwave' }));

describe('composeDigest', () => {
  it('says what matters in the subject', () => {
    expect(composeDigest([react, hsts, hotjar], period, context).subject).toBe('3 changes at 3 competitors — 1 high');
    expect(composeDigest([react], period, context).subject).toBe('1 change at Cartly — 1 medium');
    expect(composeDigest([hotjar], period, context).subject).toBe('1 change at Shopwave');
  });

  it('groups by organization and monitor, most severe first, in both parts', () => {
    const digest = composeDigest([react, hotjar, hsts], period, context);
    const order = (text: string) => ['Paynest', 'Cartly', 'Shopwave'].map((name) => text.indexOf(name));
    // globex has the high change, so it comes first; within acme, Cartly (medium) before Shopwave (low).
    for (const part of [digest.text, digest.html]) {
      const [paynest = -1, cartly = -1, shopwave = -1] = order(part);
      expect(paynest).toBeGreaterThan(-1);
      expect(paynest).toBeLessThan(cartly);
      expect(cartly).toBeLessThan(shopwave);
    }
    expect(digest.text).toContain('GLOBEX\n\n  Paynest (https://paynest.example/)\n    [HIGH] Strict-Transport-Security header removed');
    expect(digest.text).toContain('27 Nov 2026, 08:00 – 28 Nov 2026, 08:00 (Europe/Berlin)');
  });

  it('orders organizations of equal severity by name', () => {
    const vue = alert(versionChange('Vue.js', '3.4.21', '3.5.13', { monitor: 'globex/paynest', severity: 'medium' }));
    const { text } = composeDigest([vue, react], period, context);
    expect(text.indexOf('ACME')).toBeLessThan(text.indexOf('GLOBEX'));
  });

  it('links every change and monitor to the published site', () => {
    const digest = composeDigest([react, hsts], period, context);
    const reactLink = `https://intel.example/techscan/monitors/acme/cartly/#change-${react.change.id}`;
    expect(digest.text).toContain(reactLink);
    expect(digest.html).toContain(`href="${reactLink}"`);
    expect(digest.html).toContain('href="https://intel.example/techscan/monitors/globex/paynest/"');
    expect(digest.html).toContain('href="https://intel.example/techscan/changes/"');
    const offline = composeDigest([react], period, { ...context, siteBaseUrl: null });
    expect(offline.html).not.toContain('href=');
    expect(offline.text).not.toContain('http://');
  });

  it('uses inline styles only: no style blocks, scripts or external resources', () => {
    const { html } = composeDigest([react, hsts, hotjar], period, context);
    expect(html).not.toMatch(/<style|<script|<link|<img|class=/i);
    expect(html).toMatch(/^<!DOCTYPE html>/);
  });

  it('escapes scanned text in HTML and keeps it on one line everywhere', () => {
    const hostile = alert(contentChanged('Welcome <b>back</b>', '<script>alert("x")</script>\r\nBcc: victim@example.com', { monitor: 'acme/cartly' }));
    const digest = composeDigest([hostile], period, context);
    expect(digest.html).not.toContain('<script>');
    expect(digest.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Bcc: victim@example.com');
    expect(digest.html).toContain('Welcome &lt;b&gt;back&lt;/b&gt;');
    expect(digest.text).toContain('After: “<script>alert("x")</script> Bcc: victim@example.com”');
  });

  it('cannot carry a header break from a monitor name into the subject', () => {
    // validate refuses such a name; the digest must stay safe without relying on that.
    const sneaky = { ...context, monitors: [{ ...monitor('acme/cartly'), name: 'Cartly\r\nBcc: victim@example.com' }] };
    const { subject } = composeDigest([react], period, sneaky);
    expect(subject).toBe('1 change at Cartly Bcc: victim@example.com — 1 medium');
    expect(subject).not.toMatch(/[\r\n]/);
  });

  it('derives a deterministic Message-ID from the recipient, period and alerts', () => {
    const first = composeDigest([react, hsts], period, context);
    const again = composeDigest([hsts, react], period, { ...context, siteBaseUrl: 'https://elsewhere.example/' });
    expect(first.messageId).toMatch(/^<digest\.[0-9a-f]{32}@acme\.example>$/);
    expect(again.messageId).toBe(first.messageId);
    expect(composeDigest([react], period, context).messageId).not.toBe(first.messageId);
    expect(composeDigest([react, hsts], { ...period, end: '2026-11-29T07:00:00.000Z' }, context).messageId).not.toBe(first.messageId);
    expect(composeDigest([react], period, { ...context, messageIdDomain: 'bad domain>' }).messageId).toMatch(/@techscan\.invalid>$/);
  });

  it('shows an alert of a monitor that was removed under its id', () => {
    const orphan = alert(versionChange('React', '18.2.0', '19.0.0', { monitor: 'initech/gone' }));
    expect(composeDigest([orphan], period, context).subject).toBe('1 change at initech/gone — 1 medium');
  });

  it('refuses to mix recipients in one digest', () => {
    const other = alert(react.change, { recipient: 'cto@acme.example' });
    expect(() => composeDigest([react, other], period, context)).toThrow(/one recipient/);
  });
});
