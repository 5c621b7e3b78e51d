/**
 * Organization defaults under a monitor: mappings merge key by key, and any other value in
 * the monitor (lists included) replaces the default.
 */
export function mergeDefaults(defaults: unknown, monitor: unknown): unknown {
  if (!isMapping(defaults) || !isMapping(monitor)) return monitor === undefined ? defaults : monitor;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(monitor)) {
    merged[key] = key in defaults ? mergeDefaults(defaults[key], value) : value;
  }
  return merged;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
