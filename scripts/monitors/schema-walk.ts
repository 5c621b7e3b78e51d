import { z } from 'zod';
import type { ConfigPath } from './problem.ts';

/** The schema that validates the value at `path`, looking through optional/default wrappers. */
export function schemaAt(schema: z.core.$ZodType, path: ConfigPath): z.core.$ZodType | undefined {
  let current: z.core.$ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject && typeof segment === 'string') {
      const shape: Record<string, z.core.$ZodType> = current.shape;
      current = segment in shape ? unwrap(shape[segment]) : undefined;
    } else if (current instanceof z.ZodArray && typeof segment === 'number') {
      current = unwrap(current.element);
    } else if (current instanceof z.ZodRecord) {
      current = unwrap(current.valueType);
    } else {
      return undefined;
    }
  }
  return current;
}

/** The keys an object at `path` accepts (for "did you mean"). */
export function keysAt(schema: z.core.$ZodType, path: ConfigPath): string[] {
  const target = schemaAt(schema, path);
  if (target instanceof z.ZodObject) return Object.keys(target.shape);
  if (target instanceof z.ZodRecord && target.keyType instanceof z.ZodEnum) return target.keyType.options.map(String);
  return [];
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault || current instanceof z.ZodPrefault) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      current = current.in;
    } else {
      return current;
    }
  }
}
