import { describe, expect, it } from 'vitest';
import { issueActionFor, webhookPayload } from '../../../scripts/alerts/index.ts';
import { composeDigest } from '../../../scripts/alerts/digest/compose.ts';
import type { DigestAlert } from '../../../scripts/alerts/digest/model.ts';
import { detectChanges, detectChangesWith } from '../../../scripts/changes/index.ts';
import { changeSchema } from '../../../scripts/schema/change.ts';
import { changeDetails, changeLabel } from '../../../site/src/lib/changes.ts';
import { monitor, scan } from '../../helpers/records.ts';
import { WITH_WORD_COUNT } from './word-count.fixture.ts';

/**
 * Adding a change type is its module and a registry line: the kind in ./word-count.fixture.ts is
 * detected, recorded, and worded by the digest, the site, the webhook payload and the GitHub
 * issue with no edit anywhere else.
 */

const SITE = 'https://acme.github.io/techscan/';
const competitor = monitor();
const before = scan({ scannedAt: '2026-11-28T06:00:00.000Z' });
const after = scan({ scannedAt: '2026-11-28T12:00:00.000Z', content: before.content && { ...before.content, wordCount: 900 } });

function detected() {
  const changes = detectChangesWith({ monitor: competitor, history: [before], scan: after, blockTexts: {} }, WITH_WORD_COUNT);
  const change = changes.find((candidate) => candidate.type === 'word_count_changed');
  if (!change) throw new Error(`no word_count_changed among ${changes.map((candidate) => candidate.type).join(', ')}`);
  return change;
}

describe('a change type added by a module of its own', () => {
  it('is detected and recorded with its subject and severity, and the product registry does not know it', () => {
    const change = detected();
    expect(change).toMatchObject({
      monitor: competitor.id,
      subject: 'word count',
      severity: 'medium',
      summary: 'Word count 420 → 900',
      fromScan: before.id,
      toScan: after.id,
    });
    expect(detectChanges({ monitor: competitor, history: [before], scan: after, blockTexts: {} }).map((candidate) => candidate.type)).not.toContain(
      'word_count_changed',
    );
    expect(() => changeSchema.parse(change)).toThrow();
    expect(() => WITH_WORD_COUNT.parse({ ...change, data: { words: 'many' } })).toThrow();
  });

  it('shows in the digest, HTML and text, with its label and details', () => {
    const change = detected();
    const alert: DigestAlert = {
      schemaVersion: 1,
      id: 'alert-1',
      monitor: competitor.id,
      recipient: 'intel@acme.example',
      frequency: 'immediate',
      severity: change.severity,
      createdAt: change.detectedAt,
      status: 'pending',
      attempts: 0,
      lastError: null,
      lastAttemptAt: null,
      sentAt: null,
      messageId: null,
      period: null,
      change,
    };
    const period = { start: change.detectedAt, end: change.detectedAt };
    const digest = composeDigest([alert], period, {
      monitors: [competitor],
      siteBaseUrl: SITE,
      timezone: 'UTC',
      messageIdDomain: 'acme.example',
      kinds: WITH_WORD_COUNT,
    });
    for (const body of [digest.text, digest.html]) {
      expect(body).toContain('Word count changed');
      expect(body).toContain('Word count 420 → 900');
      expect(body).toContain('Words: 420 → 900');
    }
  });

  it('shows on the site with its label and details', () => {
    const change = detected();
    expect(changeLabel(change.type, WITH_WORD_COUNT)).toBe('Word count changed');
    expect(changeDetails(change, WITH_WORD_COUNT)).toEqual([{ label: 'Words', value: '420 → 900' }]);
  });

  it('goes out in a webhook payload and a GitHub issue body', () => {
    const change = detected();
    const identity = { id: competitor.id, name: competitor.name, url: competitor.url };
    const payload = webhookPayload('n-1', change, identity, null, WITH_WORD_COUNT);
    expect(payload.text).toBe('[medium] Competitor X: Word count 420 → 900 (Word count changed)');
    expect(payload.details).toEqual([{ label: 'Words', value: '420 → 900' }]);
    expect(payload.change).toBe(change);

    const action = issueActionFor(change, identity, null, WITH_WORD_COUNT);
    expect(action.kind).toBe('open');
    expect(action.kind === 'open' ? action.body : '').toContain('Word count changed: `Word count 420 → 900`');
  });
});
