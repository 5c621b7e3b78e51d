import { severityTableMarkdown } from '../changes/index.ts';
import { configReference } from '../schema/reference.ts';

/** README.md's generated blocks by name, each rendered from the code it documents. */
export const README_BLOCKS: Readonly<Record<string, () => string>> = {
  'config-reference': configReference,
  'severity-table': () => severityTableMarkdown(),
};
