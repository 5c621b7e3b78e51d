import { describe, expect, it } from 'vitest';
import { commitMessage } from '../../scripts/publish/message.ts';
import { runRecord } from './run-record.ts';

describe('commitMessage', () => {
  it.each([
    { name: 'the issue example', run: {}, subject: 'data: 14 scans, 3 changes (1 high)' },
    {
      name: 'failures counted among the scans',
      run: { scanned: 12, failed: 2 },
      subject: 'data: 14 scans (2 failed), 3 changes (1 high)',
    },
    {
      name: 'no high change, no parenthesis',
      run: { changes: { total: 2, high: 0, medium: 2, low: 0 } },
      subject: 'data: 14 scans, 2 changes',
    },
    {
      name: 'singulars',
      run: { scanned: 1, changes: { total: 1, high: 1, medium: 0, low: 0 }, digests: { sent: 1, failed: 0 } },
      subject: 'data: 1 scan, 1 change (1 high), 1 digest sent',
    },
    {
      name: 'a digest-only run',
      run: { due: 0, scanned: 0, changes: { total: 0, high: 0, medium: 0, low: 0 }, digests: { sent: 3, failed: 0 } },
      subject: 'data: 0 scans, no changes, 3 digests sent',
    },
    { name: 'an interrupted run says so', run: { status: 'interrupted' as const }, subject: 'data: 14 scans, 3 changes (1 high) [interrupted]' },
  ])('subject: $name', ({ run, subject }) => {
    expect(commitMessage(runRecord(run)).split('\n')[0]).toBe(subject);
  });

  it('has a body with the run figures after a blank line', () => {
    const lines = commitMessage(runRecord({ scanned: 12, failed: 2 })).split('\n');
    expect(lines[1]).toBe('');
    expect(lines.slice(2)).toEqual([
      'Run run-2026-11-28T12:17:01.000Z (schedule), decided at 2026-11-28T12:17:00.000Z, took 2 min 4 s.',
      'Monitors: 20 configured, 14 due, 6 not due.',
      'Scans: 12 succeeded, 2 failed, 2 retries.',
      'Changes: 1 high, 1 medium, 1 low.',
      'Digests: 0 sent, 0 failed.',
      '',
    ]);
  });
});
