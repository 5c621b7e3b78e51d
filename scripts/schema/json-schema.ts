import { z } from 'zod';
import { defaultsFileSchema, monitorFileSchema, settingsFileSchema } from './monitor.ts';

/**
 * JSON Schemas for editors (yaml-language-server), generated from the zod schemas so the two
 * never disagree. `npm run generate` writes them; a test fails when the committed ones are stale.
 */
export const JSON_SCHEMA_FILES = {
  'monitor.schema.json': monitorFileSchema,
  'defaults.schema.json': defaultsFileSchema,
  'settings.schema.json': settingsFileSchema,
} as const;

export function jsonSchemaText(schema: z.ZodType): string {
  return `${JSON.stringify(z.toJSONSchema(schema, { io: 'input', target: 'draft-07' }), null, 2)}\n`;
}
