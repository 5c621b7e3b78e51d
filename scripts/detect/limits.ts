/**
 * How much of each signal the matcher reads. Regexes are bounded (no unbounded quantifiers),
 * and capping their input bounds the work a hostile page can cause. The scanner may cap at
 * collection with the same numbers; the matcher applies them regardless.
 */
export const SIGNAL_LIMITS = {
  /** The HTML: its head and tail are kept, as the reference driver kept the first and last rows. */
  htmlChars: 2_000_000,
  /** Visible text and CSS rules. */
  documentChars: 1_000_000,
  /** Each script body. */
  scriptChars: 1_000_000,
  /** All script bodies together (the first ones are read). */
  scriptsTotalChars: 3_000_000,
  /** Script bodies read. */
  scripts: 200,
  /** Entries of a list (script URLs, XHR hostnames) or values of one header, meta, cookie or DNS name. */
  listItems: 500,
  /**
   * All script URLs together, and all XHR hostnames: typical pages have under 10 000
   * characters; a pattern's worst case grows with this times the quantifier bound.
   */
  listTotalChars: 64_000,
  /** Each short value: URLs, header, meta, cookie, DNS and js values, DOM attributes and properties. */
  valueChars: 8_192,
  /** robots.txt, as much as the reference driver read. */
  robotsChars: 100_000,
  /** Nodes read per selector (the reference collected at most 50 per technology). */
  domNodes: 50,
  /** Each DOM node's text. */
  domTextChars: 100_000,
} as const;
