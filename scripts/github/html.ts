/**
 * Job summaries are HTML inside Markdown, and much of what they show comes from scanned sites
 * (titles, error messages): every such string is escaped before it reaches the page.
 */

import { escapeHtml } from '../shared/html.ts';

export { escapeHtml };

/** A link when a URL is known, the escaped text otherwise. */
export function link(text: string, href: string | null): string {
  return href === null ? escapeHtml(text) : `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
}

/** `2026-11-28 12:17 UTC` */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

const MS_PER_SECOND = 1000;
const SECONDS_PER_MINUTE = 60;

export function duration(ms: number): string {
  if (ms < MS_PER_SECOND) return `${ms} ms`;
  const seconds = Math.round(ms / MS_PER_SECOND);
  const minutes = Math.floor(seconds / SECONDS_PER_MINUTE);
  return minutes > 0 ? `${minutes}m ${seconds % SECONDS_PER_MINUTE}s` : `${seconds}s`;
}
