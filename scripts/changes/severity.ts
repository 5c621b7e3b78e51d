import type { Severity } from '../schema/common.ts';
import { CHANGE_KINDS, REGISTERED_KINDS, type KindLookup } from './kinds/index.ts';

/**
 * How much a change matters: the first severity rule of its kind that holds decides (the rules
 * live with each kind in scripts/changes/kinds/). A monitor's `changes.severity` (or its
 * organization's `_defaults.yaml`) overrides the result per type.
 */

export type SeverityOverrides = Readonly<Partial<Record<string, Severity>>>;

export function severityOf(
  change: { readonly type: string; readonly data: unknown },
  overrides: SeverityOverrides = {},
  kinds: KindLookup = REGISTERED_KINDS,
): Severity {
  return overrides[change.type] ?? kinds.viewOf(change).severity;
}

export interface SeverityRow {
  readonly type: string;
  readonly when: string;
  readonly severity: Severity;
  readonly unconditional: boolean;
}

/** Every kind's rules in registry order, as the README's table shows them. */
export const SEVERITY_TABLE: readonly SeverityRow[] = CHANGE_KINDS.flatMap((kind) => kind.rules.map((rule) => ({ type: kind.type, ...rule })));

/** The table as Markdown, for the README. */
export function severityTableMarkdown(table: readonly SeverityRow[] = SEVERITY_TABLE): string {
  return [
    '| change | when | severity |',
    '|---|---|---|',
    ...table.map((row, index) => `| ${table[index - 1]?.type === row.type ? '' : `\`${row.type}\``} | ${row.when} | ${row.severity} |`),
  ].join('\n');
}
