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
