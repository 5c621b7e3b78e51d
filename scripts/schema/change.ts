import { z } from 'zod';
import { CHANGE_KINDS, nonEmpty } from '../changes/kinds/index.ts';

/**
 * A detected change: the fields every change carries
 * (scripts/changes/kinds/kind.ts `changeBase`) and the data of its type, each type defined by
 * its kind. The id hashes the monitor, type, subject and the scan it was found in, so
 * re-running detection never duplicates a record.
 */
export const changeSchema = z.discriminatedUnion('type', nonEmpty(CHANGE_KINDS.map((kind) => kind.record)));
export type Change = z.infer<typeof changeSchema>;
export type ChangeOf<T extends Change['type']> = Extract<Change, { type: T }>;
