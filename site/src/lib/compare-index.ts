import { z } from 'zod';
import type { SiteModel } from './model.ts';

/** What the compare picker knows of each monitor; read back in the browser through the same schema. */
export const compareIndexSchema = z.object({
  monitors: z.array(z.object({ id: z.string(), name: z.string(), organization: z.string(), self: z.boolean(), column: z.string() })),
});
export type CompareIndex = z.infer<typeof compareIndexSchema>;

export function compareIndex(model: SiteModel): CompareIndex {
  return {
    monitors: model.monitors.map((monitor) => ({
      id: monitor.id,
      name: monitor.name,
      organization: monitor.organization,
      self: monitor.self,
      column: `compare/column/${monitor.id}/`,
    })),
  };
}
