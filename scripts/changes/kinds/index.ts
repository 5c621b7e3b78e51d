import { availability } from './availability.ts';
import { certificates } from './certificate.ts';
import { content } from './content.ts';
import { infrastructure } from './infrastructure.ts';
import { performance } from './performance.ts';
import { redirects } from './redirect.ts';
import { security } from './security.ts';
import { technologies } from './technology.ts';
import { z } from 'zod';
import { changeBase, type ChangeFamily, type ChangeKind, type ChangeRecord, type KindView } from './kind.ts';

/**
 * The registry of change kinds: every family, each with its kinds and its detector. The change
 * record schema, the list of change types, the severity table, the digest, the site, webhooks
 * and GitHub issues are all read from here. Adding a change type is one module in this folder
 * and one line below. The order is the order changes are listed in (most telling first).
 */
export const CHANGE_FAMILIES = [technologies, performance, security, infrastructure, certificates, redirects, content, availability] as const;

type RegisteredKind = (typeof CHANGE_FAMILIES)[number]['kinds'][number];

export const CHANGE_KINDS: readonly RegisteredKind[] = CHANGE_FAMILIES.flatMap((family): readonly RegisteredKind[] => family.kinds);

/**
 * A registry of change kinds as every surface reads it: the product's (REGISTERED_KINDS), or one
 * extended with families of its own (a test's), passed to detection, the digest, the site's
 * change details, webhooks and issues in its place.
 */
export interface KindLookup {
  readonly families: readonly ChangeFamily<readonly ChangeKind[]>[];
  /** Every change type, in the families' order. */
  readonly types: readonly string[];
  kindOf(type: string): ChangeKind;
  /** What a change's kind says about it: subject, topic, details, severity. */
  viewOf(change: { readonly type: string; readonly data: unknown }): KindView;
  /** A change record validated by its kind's schema. */
  parse(record: unknown): ChangeRecord;
}

const anyChange = z.looseObject({ ...changeBase, type: z.string(), data: z.unknown() });

export function kindLookup(families: readonly ChangeFamily<readonly ChangeKind[]>[]): KindLookup {
  const kinds = families.flatMap((family) => family.kinds);
  const byType: ReadonlyMap<string, ChangeKind> = new Map(kinds.map((kind) => [kind.type, kind]));
  const kindOf = (type: string): ChangeKind => {
    const kind = byType.get(type);
    if (!kind) throw new Error(`no change kind is registered for type "${type}"`);
    return kind;
  };
  return {
    families,
    types: kinds.map((kind) => kind.type),
    kindOf,
    viewOf: (change) => kindOf(change.type).view(change.data),
    parse(record) {
      const common = anyChange.parse(record);
      kindOf(common.type).record.parse(record);
      return common;
    },
  };
}

/** The registered kinds: what detection, the digest, the site, webhooks and issues read unless given another lookup. */
export const REGISTERED_KINDS: KindLookup = kindLookup(CHANGE_FAMILIES);

export function kindOf(type: string): ChangeKind {
  return REGISTERED_KINDS.kindOf(type);
}

export function viewOf(change: { readonly type: string; readonly data: unknown }): KindView {
  return REGISTERED_KINDS.viewOf(change);
}

/** A list known to have at least one element, as zod's unions and enums want it. */
export function nonEmpty<T>(items: readonly T[]): readonly [T, ...T[]] {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error('expected at least one element');
  return [first, ...rest];
}
