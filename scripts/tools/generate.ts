import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../cli/tool.ts';
import { line } from '../cli/io.ts';
import { EXIT } from '../errors.ts';
import { JSON_SCHEMA_FILES, jsonSchemaText } from '../schema/json-schema.ts';
import { withGeneratedBlock } from '../shared/generated-block.ts';
import { README_BLOCKS } from './readme-blocks.ts';

/**
 * `npm run generate`: writes the files derived from the code, the JSON Schemas in monitors/
 * and the generated blocks of README.md (configuration reference, severity table). Run after
 * changing scripts/schema/monitor.ts or a change kind's severity rules.
 */

const ROOT = join(import.meta.dirname, '..', '..');

process.exitCode = await runTool('generate', async (io) => {
  for (const [name, schema] of Object.entries(JSON_SCHEMA_FILES)) {
    await writeFile(join(ROOT, 'monitors', name), jsonSchemaText(schema));
  }
  const readmePath = join(ROOT, 'README.md');
  let readme = await readFile(readmePath, 'utf8');
  for (const [name, content] of Object.entries(README_BLOCKS)) readme = withGeneratedBlock(readme, name, content());
  await writeFile(readmePath, readme);
  io.out(line(`wrote monitors/*.schema.json and README.md blocks: ${Object.keys(README_BLOCKS).join(', ')}`));
  return EXIT.ok;
});
