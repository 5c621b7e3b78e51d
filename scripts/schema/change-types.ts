import { z } from 'zod';
import { CHANGE_KINDS, nonEmpty } from '../changes/kinds/index.ts';

/** Every change type, in the registry's order (scripts/changes/kinds/index.ts). */
export const CHANGE_TYPES = nonEmpty(CHANGE_KINDS.map((kind) => kind.type));

export const changeType = z.enum(CHANGE_TYPES);
export type ChangeType = z.infer<typeof changeType>;
