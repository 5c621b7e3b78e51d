/**
 * Writes the files derived from the code: the JSON Schemas in monitors/, and the generated
 * blocks of README.md (configuration reference, severity table). Run after changing
 * scripts/schema/monitor.ts or scripts/changes/severity.ts.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { README_BLOCKS } from './readme-blocks.ts';
import { JSON_SCHEMA_FILES, jsonSchemaText } from './schema/json-schema.ts';
import { withGeneratedBlock } from './shared/generated-block.ts';

const root = join(import.meta.dirname, '..');
for (const [name, schema] of Object.entries(JSON_SCHEMA_FILES)) {
  await writeFile(join(root, 'monitors', name), jsonSchemaText(schema));
}
const readmePath = join(root, 'README.md');
let readme = await readFile(readmePath, 'utf8');
for (const [name, content] of Object.entries(README_BLOCKS)) readme = withGeneratedBlock(readme, name, content());
await writeFile(readmePath, readme);
console.log(`wrote monitors/*.schema.json and README.md blocks: ${Object.keys(README_BLOCKS).join(', ')}`);
