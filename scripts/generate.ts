/**
 * Writes the files derived from the zod schemas: the JSON Schemas in monitors/ and the
 * configuration reference in README.md. Run after changing scripts/schema/monitor.ts.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JSON_SCHEMA_FILES, jsonSchemaText } from './schema/json-schema.ts';
import { withReference } from './schema/reference.ts';

const root = join(import.meta.dirname, '..');
for (const [name, schema] of Object.entries(JSON_SCHEMA_FILES)) {
  await writeFile(join(root, 'monitors', name), jsonSchemaText(schema));
}
const readmePath = join(root, 'README.md');
await writeFile(readmePath, withReference(await readFile(readmePath, 'utf8')));
console.log('wrote monitors/*.schema.json and the README config reference');
