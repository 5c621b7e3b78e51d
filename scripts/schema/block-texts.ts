import { z } from 'zod';
import { schemaVersion } from './common.ts';

/**
 * `data/monitors/<org>/<slug>/content.json`: the wording of the content blocks a monitor's
 * recent scans name, by block hash (scan records carry only the hashes). Overwritten after each
 * scan; change records copy the excerpts they need, so nothing is lost when a wording leaves it.
 */
export const blockTextsSchema = z.object({
  schemaVersion,
  texts: z.record(z.string(), z.string()).describe('block hash → the block as the page showed it (bounded)'),
});
