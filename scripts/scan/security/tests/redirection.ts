import type { Evidence } from '../evidence.ts';
import type { ResultId } from '../results.ts';

/**
 * The Observatory's `redirection` test (src/analyzer/tests/redirection.js; test/redirection.test.js):
 * what http:// does, hop by hop.
 *
 * Not judged: `redirection-all-redirects-preloaded`, which needs the HSTS preload list.
 */

export type RedirectionResult = Extract<ResultId, `redirection-${string}`>;

export function redirectionTest(evidence: Evidence): RedirectionResult {
  const route = evidence.httpRoute;
  // Test "checks for no http but does have https".
  if (route === null) return 'redirection-not-needed-no-http';
  if (!route.verified) return 'redirection-invalid-cert';
  const hops = route.hops.map((hop) => new URL(hop.url));
  const [first, second] = hops;
  // Test "checks for redirection missing": the http:// page answers itself.
  if (hops.length === 1 || first === undefined || second === undefined) return 'redirection-missing';
  // Test "checks for redirection not to https".
  if (hops.at(-1)?.protocol !== 'https:') return 'redirection-not-to-https';
  // Test "checks for first redirection to http".
  if (second.protocol === 'http:') return 'redirection-not-to-https-on-initial-redirection';
  // Test "checks for first redirection off host"; a different port is the same host
  // (test "checks for proper redirection to https with port number").
  if (first.protocol === 'http:' && second.protocol === 'https:' && first.hostname !== second.hostname) return 'redirection-off-host-from-http';
  return 'redirection-to-https';
}
