import { contentHash } from '../../../scripts/shared/hash.ts';
import { pushTo } from './collections.ts';
import { slugify } from './slugify.ts';

/**
 * A unique slug per name, stable for a given set of names: collisions and names with no
 * letters get a short hash suffix; `reserved` segments (static routes beside them) are avoided.
 */
export function uniqueSlugs(names: Iterable<string>, reserved: readonly string[] = []): Map<string, string> {
  const sorted = [...new Set(names)].sort();
  const byBase = new Map<string, string[]>();
  for (const name of sorted) {
    pushTo(byBase, slugify(name), name);
  }
  const slugs = new Map<string, string>();
  for (const [base, group] of byBase) {
    const clash = base === '' || group.length > 1 || reserved.includes(base);
    for (const name of group) slugs.set(name, clash ? `${base || 'x'}-${contentHash(name, 6)}` : base);
  }
  return slugs;
}
