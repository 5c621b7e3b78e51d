import { z } from 'zod';
import { CHANGE_TYPES } from './change-types.ts';
import { monitorFileSchema, settingsFileSchema } from './monitor.ts';

/**
 * The configuration reference, walked from the JSON Schema of the zod schemas so it documents
 * exactly what validation accepts: rows for the site's "Add a monitor" page, and the generated
 * block in README.md.
 */

type JsonSchemaNode = z.core.JSONSchema.JSONSchema;

export interface ReferenceRow {
  /** Dotted path, e.g. `scan.ignore.selectors`. */
  readonly key: string;
  /** e.g. `light | standard | deep`, `list of string`, `change type`. */
  readonly type: string;
  /** JSON of the default; null when there is none (or the key is a section). */
  readonly defaultValue: string | null;
  readonly required: boolean;
  readonly description: string;
  /** Nesting level: 0 for top-level keys. */
  readonly depth: number;
}

export function referenceRows(schema: z.ZodType): ReferenceRow[] {
  return rows(z.toJSONSchema(schema, { io: 'input', target: 'draft-07' }), '', 0);
}

/** The README's configuration reference, as Markdown tables. */
export function configReference(): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const section = (title: string, schema: z.ZodType) =>
    [
      `#### ${title}`,
      '',
      '| key | type | default | description |',
      '|---|---|---|---|',
      ...referenceRows(schema)
        .map((row) =>
          [
            `\`${row.key}\``,
            cell(row.type),
            row.required ? '**required**' : row.defaultValue === null ? '' : `\`${row.defaultValue}\``,
            cell(row.description),
          ].join(' | '),
        )
        .map((line) => `| ${line} |`),
      '',
    ].join('\n');
  return [
    section('Monitor: `monitors/<organization>/<slug>.yaml` (and `_defaults.yaml`)', monitorFileSchema),
    `Change types: ${CHANGE_TYPES.map((type) => `\`${type}\``).join(', ')}.`,
    '',
    section('Settings: `monitors/_settings.yaml`', settingsFileSchema),
  ].join('\n');
}

function rows(node: JsonSchemaNode, prefix: string, depth: number): ReferenceRow[] {
  return Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
    if (typeof child === 'boolean') return [];
    const path = prefix ? `${prefix}.${key}` : key;
    const row: ReferenceRow = {
      key: path,
      type: typeOf(child),
      defaultValue: child.default === undefined || child.properties ? null : JSON.stringify(child.default),
      required: (node.required?.includes(key) ?? false) && child.default === undefined,
      description: child.description ?? '',
      depth,
    };
    return child.properties ? [row, ...rows(child, path, depth + 1)] : [row];
  });
}

function typeOf(node: JsonSchemaNode): string {
  if (node.enum && node.enum.length === CHANGE_TYPES.length && CHANGE_TYPES.every((type) => node.enum?.includes(type))) return 'change type';
  if (node.enum) return node.enum.map(String).join(' | ');
  if (node.anyOf) return node.anyOf.map(typeOf).join(' | ');
  if (node.type === 'array') return `list of ${isSchema(node.items) ? typeOf(node.items) : 'values'}`;
  if (node.type === 'object' && isSchema(node.propertyNames)) {
    return `map of ${typeOf(node.propertyNames)} → ${isSchema(node.additionalProperties) ? typeOf(node.additionalProperties) : 'value'}`;
  }
  if (node.format) return node.format;
  return Array.isArray(node.type) ? node.type.join(' | ') : (node.type ?? 'value');
}

function isSchema(value: unknown): value is JsonSchemaNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
