import type { SiteModel } from './model.ts';

/** What the compare picker knows of each monitor (compare/monitors.json). */
export interface CompareIndexEntry {
  readonly id: string;
  readonly name: string;
  readonly organization: string;
  readonly self: boolean;
}
export interface CompareIndex {
  readonly monitors: readonly CompareIndexEntry[];
}

export function compareIndex(model: SiteModel): CompareIndex {
  return { monitors: model.monitors.map((monitor) => ({ id: monitor.id, name: monitor.name, organization: monitor.organization, self: monitor.self })) };
}

/**
 * The entries of a fetched compare/monitors.json, checked field by field; null when it is not
 * one. A plain guard rather than a schema library keeps the compare page's script small.
 */
export function readCompareIndex(value: unknown): CompareIndexEntry[] | null {
  const monitors: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, 'monitors') : undefined;
  if (!Array.isArray(monitors)) return null;
  const entries: CompareIndexEntry[] = [];
  for (const item of monitors) {
    if (typeof item !== 'object' || item === null) return null;
    const [id, name, organization, self]: unknown[] = ['id', 'name', 'organization', 'self'].map((key) => Reflect.get(item, key));
    if (typeof id !== 'string' || typeof name !== 'string' || typeof organization !== 'string' || typeof self !== 'boolean') return null;
    entries.push({ id, name, organization, self });
  }
  return entries;
}
