import type { Infrastructure } from '../schema/scan.ts';

/**
 * Who serves the page, read from response headers. A table of header signatures, each naming
 * a CDN or a hosting platform; the first match of each kind wins. Pure.
 */

interface Signature {
  readonly name: string;
  readonly kind: 'cdn' | 'hosting';
  /** Header (lowercase) → pattern its value must match; an empty pattern means "present". */
  readonly header: string;
  readonly pattern?: RegExp;
}

const SIGNATURES: readonly Signature[] = [
  { name: 'Cloudflare', kind: 'cdn', header: 'cf-ray' },
  { name: 'Cloudflare', kind: 'cdn', header: 'server', pattern: /^cloudflare/i },
  { name: 'Amazon CloudFront', kind: 'cdn', header: 'x-amz-cf-id' },
  { name: 'Amazon CloudFront', kind: 'cdn', header: 'via', pattern: /cloudfront/i },
  { name: 'Fastly', kind: 'cdn', header: 'x-fastly-request-id' },
  { name: 'Fastly', kind: 'cdn', header: 'x-served-by', pattern: /^cache-/i },
  { name: 'Akamai', kind: 'cdn', header: 'akamai-grn' },
  { name: 'Akamai', kind: 'cdn', header: 'server', pattern: /AkamaiGHost|AkamaiNetStorage/i },
  { name: 'Akamai', kind: 'cdn', header: 'x-akamai-transformed' },
  { name: 'Azure Front Door', kind: 'cdn', header: 'x-azure-ref' },
  { name: 'Google Cloud CDN', kind: 'cdn', header: 'via', pattern: /\bgoogle\b/i },
  { name: 'Bunny CDN', kind: 'cdn', header: 'server', pattern: /^BunnyCDN/i },
  { name: 'KeyCDN', kind: 'cdn', header: 'server', pattern: /^keycdn/i },
  { name: 'Sucuri', kind: 'cdn', header: 'x-sucuri-id' },
  { name: 'Imperva', kind: 'cdn', header: 'x-iinfo' },
  { name: 'StackPath', kind: 'cdn', header: 'x-hw' },
  { name: 'Vercel', kind: 'hosting', header: 'x-vercel-id' },
  { name: 'Vercel', kind: 'hosting', header: 'server', pattern: /^Vercel/i },
  { name: 'Netlify', kind: 'hosting', header: 'x-nf-request-id' },
  { name: 'Netlify', kind: 'hosting', header: 'server', pattern: /^Netlify/i },
  { name: 'GitHub Pages', kind: 'hosting', header: 'x-github-request-id' },
  { name: 'Heroku', kind: 'hosting', header: 'via', pattern: /vegur/i },
  { name: 'Fly.io', kind: 'hosting', header: 'fly-request-id' },
  { name: 'Render', kind: 'hosting', header: 'x-render-origin-server' },
  { name: 'Google Cloud', kind: 'hosting', header: 'server', pattern: /^Google Frontend/i },
  { name: 'Amazon S3', kind: 'hosting', header: 'server', pattern: /^AmazonS3/i },
  { name: 'WP Engine', kind: 'hosting', header: 'x-powered-by', pattern: /WP Engine/i },
  { name: 'Kinsta', kind: 'hosting', header: 'x-kinsta-cache' },
  { name: 'Pantheon', kind: 'hosting', header: 'x-pantheon-styx-hostname' },
  { name: 'Shopify', kind: 'hosting', header: 'x-shopid' },
  { name: 'Squarespace', kind: 'hosting', header: 'server', pattern: /^Squarespace/i },
  { name: 'Wix', kind: 'hosting', header: 'x-wix-request-id' },
];

export interface InfrastructureInput {
  readonly headers: Readonly<Record<string, readonly string[]>>;
  readonly ip: string | null;
  readonly httpVersion: string | null;
  readonly tls: Infrastructure['tls'];
  readonly redirects: Infrastructure['redirects'];
}

export function infrastructureSummary(input: InfrastructureInput): Infrastructure {
  return {
    server: input.headers.server?.[0]?.slice(0, 200) ?? null,
    cdn: identify(input.headers, 'cdn'),
    hosting: identify(input.headers, 'hosting'),
    ip: input.ip,
    httpVersion: input.httpVersion,
    tls: input.tls,
    redirects: [...input.redirects],
  };
}

function identify(headers: InfrastructureInput['headers'], kind: Signature['kind']): string | null {
  const match = SIGNATURES.find(
    (signature) => signature.kind === kind && (headers[signature.header] ?? []).some((value) => signature.pattern?.test(value) ?? true),
  );
  return match?.name ?? null;
}
