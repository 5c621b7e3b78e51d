/**
 * The demo's competitors: local copies of four kinds of site (test/fixtures/sites/), each
 * with a version that changes the way real sites change. What each version changes is
 * written in its own versions/<version>/site.json, next to the files it changes.
 */

export interface Competitor {
  /** Folder under test/fixtures/sites/. */
  readonly site: string;
  /** Its monitor file: monitors/<DEMO_ORGANIZATION>/<slug>.yaml. */
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** The version it switches to between the two cycles. */
  readonly changesTo: string;
}

export const DEMO_ORGANIZATION = 'demo';
/** A reserved domain (RFC 2606): the digest can never reach anyone. */
export const DEMO_RECIPIENT = 'you@example.com';

export const COMPETITORS: readonly Competitor[] = [
  {
    site: 'wordpress-style',
    slug: 'northwind',
    name: 'Northwind Analytics',
    description: 'Dashboards for small teams; a WordPress marketing site and blog.',
    tags: ['analytics', 'wordpress'],
    changesTo: 'v2',
  },
  {
    site: 'react-spa',
    slug: 'lumen-outdoor',
    name: 'Lumen Outdoor',
    description: 'Outdoor gear shop; a single-page app rendered with React.',
    tags: ['ecommerce'],
    changesTo: 'v2',
  },
  {
    site: 'bootstrap-saas',
    slug: 'brightdesk',
    name: 'Brightdesk',
    description: 'Help desk software; a Bootstrap marketing site on Apache.',
    tags: ['saas'],
    changesTo: 'v2',
  },
  {
    site: 'laravel-app',
    slug: 'kestrel-pay',
    name: 'Kestrel Pay',
    description: 'International payouts; a Laravel app behind nginx.',
    tags: ['fintech'],
    changesTo: 'v2',
  },
];

export function monitorId(competitor: Competitor): string {
  return `${DEMO_ORGANIZATION}/${competitor.slug}`;
}
