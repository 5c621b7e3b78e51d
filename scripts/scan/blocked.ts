/**
 * Bot challenges and access-denied interstitials, recognised so they are reported as `blocked`
 * and never mistaken for the site (GitHub's runner IPs get them often). Each rule names the
 * product and the evidence it needs; all evidence of a rule must hold. Pure.
 */

export interface PageEvidence {
  readonly status: number;
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly title: string | null;
  /** The document's HTML (its start is enough). */
  readonly html: string;
}

interface Rule {
  readonly by: string;
  readonly what: string;
  readonly matches: (page: PageEvidence) => boolean;
}

const header = (page: PageEvidence, name: string, pattern: RegExp = /./) => (page.headers[name] ?? []).some((value) => pattern.test(value));
const title = (page: PageEvidence, pattern: RegExp) => pattern.test(page.title ?? '');
const html = (page: PageEvidence, pattern: RegExp) => pattern.test(page.html.slice(0, 200_000));
const denied = (page: PageEvidence) => page.status === 401 || page.status === 403 || page.status === 429 || page.status === 503;

const RULES: readonly Rule[] = [
  { by: 'Cloudflare', what: 'bot challenge', matches: (page) => header(page, 'cf-mitigated', /challenge/i) },
  {
    by: 'Cloudflare',
    what: 'bot challenge',
    matches: (page) =>
      denied(page) &&
      (title(page, /^Just a moment\.\.\.$|^Attention Required! \| Cloudflare$/i) ||
        html(page, /\/cdn-cgi\/challenge-platform\/|cf-browser-verification|cf_chl_opt/)),
  },
  {
    by: 'Cloudflare',
    what: 'access denied',
    matches: (page) => denied(page) && header(page, 'server', /^cloudflare/i) && title(page, /Access denied|Error 10\d\d/i),
  },
  {
    by: 'Akamai',
    what: 'access denied',
    matches: (page) => denied(page) && title(page, /^Access Denied$/i) && html(page, /Reference&#32;#|Reference #[\d.a-f]+/i),
  },
  { by: 'Imperva', what: 'bot challenge', matches: (page) => html(page, /Incapsula incident ID|_Incapsula_Resource/i) && page.html.length < 20_000 },
  { by: 'Imperva', what: 'bot challenge', matches: (page) => title(page, /^Pardon Our Interruption/i) },
  {
    by: 'DataDome',
    what: 'captcha',
    matches: (page) => denied(page) && (header(page, 'x-datadome') || html(page, /captcha-delivery\.com|geo\.captcha-delivery/i)),
  },
  { by: 'PerimeterX', what: 'captcha', matches: (page) => denied(page) && html(page, /px-captcha|_pxCaptcha|perimeterx/i) },
  { by: 'AWS WAF', what: 'challenge', matches: (page) => header(page, 'x-amzn-waf-action') || (denied(page) && html(page, /awswaf|aws-waf-token/i)) },
  { by: 'Sucuri', what: 'access denied', matches: (page) => denied(page) && (header(page, 'x-sucuri-block') || title(page, /Sucuri WebSite Firewall/i)) },
  {
    by: 'Vercel',
    what: 'security checkpoint',
    matches: (page) => header(page, 'x-vercel-mitigated', /challenge|deny/i) || title(page, /^Vercel Security Checkpoint/i),
  },
  { by: 'a captcha wall', what: 'captcha', matches: (page) => denied(page) && html(page, /g-recaptcha|h-captcha|cf-turnstile/i) && page.html.length < 50_000 },
  {
    by: 'the server',
    what: 'access denied',
    matches: (page) => denied(page) && title(page, /^(?:403 )?(?:Access Denied|Forbidden|Request Blocked|Access to this page has been denied\.?)$/i),
  },
];

/** A description of the interstitial ("Cloudflare bot challenge"), or null when the page is the site. */
export function recogniseBlock(page: PageEvidence): string | null {
  const rule = RULES.find((candidate) => candidate.matches(page));
  return rule ? `${rule.by} ${rule.what}` : null;
}
