import { describe, expect, it } from 'vitest';
import { monthlyMinutes, scanJobMinutes, type CostModel } from '../../scripts/github/minutes.ts';

const model: CostModel = {
  workflowRunsPerDay: 24,
  scanRunsPerDay: 4,
  digestRunsPerDay: 1,
  concurrency: 5,
  secondsPerScan: 6,
  setupMinutes: 1.5,
  setupMinutesWithoutBrowser: 1,
  siteMinutes: 1.5,
};

describe('Actions minutes', () => {
  it.each([
    [10, 2],
    [100, 4],
    [1000, 22],
  ])('a scan job over %i monitors bills %i minutes (setup + N·t/c, rounded up)', (monitors, minutes) => {
    expect(scanJobMinutes(model, monitors)).toBe(minutes);
  });

  it('counts every job as whole minutes: plan runs, scan runs with their deploys, the digest run', () => {
    // 30 × (24 plan + 4 × (2 scan + 2 site) + 1 × (1 + 2)) = 30 × 43
    expect(monthlyMinutes(model, 10)).toBe(1290);
    // a workflow that runs only when the 6-hourly monitors fire: 30 × (4 + 16 + 3)
    expect(monthlyMinutes({ ...model, workflowRunsPerDay: 4 }, 10)).toBe(690);
  });
});
