import { parseItem, Token } from 'structured-headers';

/**
 * A header value read as an RFC 8941 structured-field item, as the HTML standard reads
 * Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy (and the Observatory with it,
 * src/analyzer/utils.js `parseStructuredFieldToken`): its bare item when that is a token, else
 * null (not a structured field, or a quoted string). Parameters such as report-to are ignored.
 */
export function structuredToken(value: string): string | null {
  try {
    const [item] = parseItem(value);
    return item instanceof Token ? item.toString() : null;
  } catch {
    // structured-headers throws on any value that is not a valid item: that is "invalid".
    return null;
  }
}
