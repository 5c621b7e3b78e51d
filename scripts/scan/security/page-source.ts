import { Parser } from 'htmlparser2';

/**
 * What the Observatory reads from the document as the server sent it (never the rendered
 * DOM): `<meta http-equiv="Content-Security-Policy">` policies, the `<meta name="referrer">`
 * policy, and every `<script>` start tag. It reads them with htmlparser2's tokenizer, tags and
 * attribute names lowercased and entities decoded, so a script inside `<noscript>` or
 * `<template>` counts too; this does the same (src/utils/html-parser.js,
 * src/retriever/utils.js `parseHttpEquivHeaders`). Pure.
 */

export interface ScriptElement {
  /** The src attribute as written; null without one. */
  readonly src: string | null;
  readonly integrity: string | null;
}

export interface PageSource {
  /** Contents of `<meta http-equiv="content-security-policy">` (any case, trimmed), in order. */
  readonly cspMeta: readonly string[];
  /** The last `<meta name="referrer">` content; null without one. */
  readonly referrerMeta: string | null;
  readonly scripts: readonly ScriptElement[];
}

export function readPageSource(html: string): PageSource {
  const cspMeta: string[] = [];
  let referrerMeta: string | null = null;
  const scripts: ScriptElement[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'script') {
          scripts.push({ src: attributes.src ?? null, integrity: attributes.integrity ?? null });
          return;
        }
        if (name !== 'meta') return;
        const equiv = attributes['http-equiv'];
        const content = attributes.content;
        if (equiv !== undefined && content !== undefined) {
          // An http-equiv meta other than CSP (X-Frame-Options, Referrer-Policy …) is ignored.
          if (content && equiv.toLowerCase().trim() === 'content-security-policy') cspMeta.push(content);
        } else if (attributes.name?.toLowerCase().trim() === 'referrer' && content) {
          referrerMeta = content;
        }
      },
    },
    { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { cspMeta, referrerMeta, scripts };
}
