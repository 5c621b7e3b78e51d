import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA_FILES, jsonSchemaText } from '../../scripts/schema/json-schema.ts';
import { README_BLOCKS } from '../../scripts/tools/readme-blocks.ts';
import { generatedBlock } from '../../scripts/shared/generated-block.ts';
import { REPO_ROOT } from '../helpers/paths.ts';

const STALE = 'is stale: run `npm run generate` and commit the result';

describe('generated files', () => {
  it.each(Object.entries(JSON_SCHEMA_FILES))('monitors/%s matches the zod schema', async (name, schema) => {
    const committed = await readFile(join(REPO_ROOT, 'monitors', name), 'utf8');
    expect(committed, `monitors/${name} ${STALE}`).toBe(jsonSchemaText(schema));
  });

  it.each(Object.entries(README_BLOCKS))('the README block %s matches the code', async (name, content) => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme.includes(generatedBlock(name, content())), `the README block ${name} ${STALE}`).toBe(true);
  });

  it('every example monitor points editors at its JSON Schema', async () => {
    const monitors = join(REPO_ROOT, 'monitors');
    for (const organization of await readdir(monitors, { withFileTypes: true })) {
      if (!organization.isDirectory()) continue;
      for (const file of await readdir(join(monitors, organization.name))) {
        const text = await readFile(join(monitors, organization.name, file), 'utf8');
        const schema = file === '_defaults.yaml' ? 'defaults.schema.json' : 'monitor.schema.json';
        expect(text.split('\n')[0], `${organization.name}/${file}`).toBe(`# yaml-language-server: $schema=../${schema}`);
      }
    }
  });
});
