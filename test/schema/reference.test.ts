import { describe, expect, it } from 'vitest';
import { monitorFileSchema } from '../../scripts/schema/monitor.ts';
import { referenceRows } from '../../scripts/schema/reference.ts';

describe('referenceRows', () => {
  it('documents every key of the monitor file with its type, default and description', () => {
    const rows = new Map(referenceRows(monitorFileSchema).map((row) => [row.key, row]));
    expect(rows.get('name')).toMatchObject({ required: true, type: 'string' });
    expect(rows.get('alerts.minSeverity')).toMatchObject({ type: 'low | medium | high', defaultValue: '"medium"', required: false });
    expect(rows.get('alerts.triggers')?.type).toBe('list of change type');
    expect(rows.get('changes.performance.floors.lcpMs')?.depth).toBe(3);
    expect([...rows.values()].every((row) => row.description !== '')).toBe(true);
  });
});
