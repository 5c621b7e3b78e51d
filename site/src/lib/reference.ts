import { z } from 'zod';
import { CHANGE_TYPES } from '../../../scripts/schema/change-types.ts';

/**
 * The configuration reference as table rows, walked from the JSON Schema of the shared zod
 * schema, so the page documents exactly what validation accepts.
 */

export interface ReferenceRow {
  readonly key: string;
  readonly type: string;
  readonly defaultValue: string | null;
  readonly required: boolean;
  readonly description: string;
  readonly depth: number;
}

type Node = z.core.JSONSchema.JSONSchema;

export function referenceRows(schema: z.ZodType): ReferenceRow[] {
  return rows(z.toJSONSchema(schema, { io: 'input', target: 'draft-07' }), '', 0);
}

function rows(node: Node, prefix: string, depth: number): ReferenceRow[] {
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

function typeOf(node: Node): string {
  if (node.enum && node.enum.length === CHANGE_TYPES.length && CHANGE_TYPES.every((type) => node.enum?.includes(type))) return 'change type';
  if (node.enum) return node.enum.map(String).join(' | ');
  if (node.anyOf) return node.anyOf.map((option) => (typeof option === 'boolean' ? 'value' : typeOf(option))).join(' | ');
  if (node.type === 'array') return `list of ${isNode(node.items) ? typeOf(node.items) : 'values'}`;
  if (node.type === 'object' && isNode(node.propertyNames)) {
    return `map of ${typeOf(node.propertyNames)} → ${isNode(node.additionalProperties) ? typeOf(node.additionalProperties) : 'value'}`;
  }
  if (node.format) return node.format;
  return Array.isArray(node.type) ? node.type.join(' | ') : (node.type ?? 'value');
}

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
