import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  alertsFor,
  createMailer,
  deliverDigests,
  emailChannel,
  openAlertQueue,
  type AlertQueue,
  type DeliveryReport,
} from '../../../../scripts/alerts/index.ts';
import type { Change } from '../../../../scripts/schema/change.ts';
import { tempDir } from '../../../helpers/temp.ts';
import { contentChanged, headerRemoved, monitor, settings, technologyAdded, versionChange } from '../../fixtures.ts';
import { freePort, startSmtpServer } from '../../smtp-server.ts';

const SITE = 'https://intel.example/techscan/';
const CREATED = new Date('2026-11-28T06:00:00.000Z');
/** 08:00 in Berlin on 28 November: the daily digest slot. */
const SLOT = new Date('2026-11-28T07:00:00.000Z');
const AFTER_SLOT = new Date('2026-11-28T07:05:00.000Z');

const monitors = [
  monitor('acme/cartly', { name: 'Cartly', alerts: { recipients: ['intel@acme.example', 'cto@acme.example'] } }),
  monitor('globex/paynest', { name: 'Paynest', alerts: { recipients: ['intel@acme.example'] } }),
];
const digestSettings = settings({ digests: { hour: 8, timezone: 'Europe/Berlin' }, site: { url: SITE } });
const react = versionChange('React', '18.2.0', '19.0.0', { monitor: 'acme/cartly', severity: 'medium', detectedAt: '2026-11-28T05:58:00.000Z' });
const hsts = headerRemoved('Strict-Transport-Security', { monitor: 'globex/paynest', detectedAt: '2026-11-28T05:59:00.000Z' });
const hotjar = technologyAdded('Hotjar', { monitor: 'acme/cartly' });
/** With hsts: two alerts for intel@ only, so one digest. */
const vue = versionChange('Vue.js', '3.4.21', '3.5.13', { monitor: 'globex/paynest', severity: 'medium' });

async function queueWith(changes: readonly Change[] = [react, hsts, hotjar]): Promise<AlertQueue> {
  const queue = openAlertQueue(await tempDir());
  await queue.enqueue(monitors.flatMap((watched) => alertsFor(watched, changes, CREATED)));
  return queue;
}

async function deliver(queue: AlertQueue, env: Record<string, string>, now = AFTER_SLOT, maxAttempts?: number): Promise<DeliveryReport> {
  const mailer = createMailer(env, join(queue.dataDir, 'outbox'));
  try {
    return await deliverDigests(emailChannel({ monitors, settings: digestSettings, mailer, siteBaseUrl: SITE, maxAttempts }), queue, now);
  } finally {
    mailer.close();
  }
}

describe('deliverDigests through a real SMTP server', () => {
  it('sends one digest per recipient covering all their monitors, and nothing twice', async () => {
    const smtp = await startSmtpServer({ credentials: { user: 'techscan', password: 's3cret' } });
    const queue = await queueWith();

    const report = await deliver(queue, smtp.env);
    expect(report).toMatchObject({ sent: 2, failed: 0, alertsSent: 3, alertsFailed: 0, alertsGivenUp: 0, transport: 'smtp', outboxDir: null });
    expect(smtp.received.map((item) => item.envelope.to)).toEqual([['cto@acme.example'], ['intel@acme.example']]);

    const [cto, intel] = smtp.received.map((item) => item.mail);
    expect(intel?.subject).toBe('2 changes at 2 competitors — 1 high');
    expect(cto?.subject).toBe('1 change at Cartly — 1 medium');
    expect(intel?.from?.value).toEqual([{ name: 'TechScan', address: 'techscan@acme.example' }]);
    expect(intel?.headers.get('auto-submitted')).toBe('auto-generated');

    // Both parts, grouped by organization then monitor, the high change first.
    const text = intel?.text ?? '';
    expect(text.indexOf('GLOBEX')).toBeLessThan(text.indexOf('ACME'));
    expect(text).toContain('[HIGH] Strict-Transport-Security header removed');
    expect(text).toContain('[MEDIUM] React 18.2.0 → 19.0.0');
    expect(text).not.toContain('Hotjar');
    const html = typeof intel?.html === 'string' ? intel.html : '';
    expect(html).toContain('Paynest');
    expect(html).toContain(`href="${SITE}monitors/acme/cartly/#change-${react.id}"`);
    expect(html).toContain(`href="${SITE}monitors/globex/paynest/#change-${hsts.id}"`);
    expect(text).toContain(`${SITE}monitors/globex/paynest/#change-${hsts.id}`);

    // The Message-ID is the one recorded, derived from the digest content and period.
    expect(intel?.messageId).toMatch(/^<digest\.[0-9a-f]{32}@acme\.example>$/);
    const recorded = await queue.digests();
    expect(recorded.map((digest) => digest.messageId).sort()).toEqual([cto?.messageId, intel?.messageId].sort());
    expect(recorded.find((digest) => digest.recipient === 'intel@acme.example')).toMatchObject({
      periodStart: '2026-11-27T07:00:00.000Z',
      periodEnd: SLOT.toISOString(),
      transport: 'smtp',
      location: null,
    });

    expect(await queue.pending()).toEqual([]);
    expect((await queue.history()).map((alert) => [alert.recipient, alert.status, alert.attempts]).sort()).toEqual([
      ['cto@acme.example', 'sent', 1],
      ['intel@acme.example', 'sent', 1],
      ['intel@acme.example', 'sent', 1],
    ]);
    const again = await deliver(queue, smtp.env, new Date('2026-11-29T07:05:00.000Z'));
    expect(again.sent).toBe(0);
    expect(smtp.received).toHaveLength(2);
  });

  it('sends nothing while the digest period is not yet due', async () => {
    const smtp = await startSmtpServer();
    const queue = await queueWith();
    const before = await queue.pending();
    const report = await deliver(queue, smtp.env, new Date(SLOT.getTime() - 1000));
    expect(report).toMatchObject({ sent: 0, failed: 0, alertsSent: 0 });
    expect(smtp.received).toEqual([]);
    expect(await queue.pending()).toEqual(before);
  });

  it('keeps alerts pending while SMTP is down and sends them exactly once when it is back', async () => {
    const port = await freePort();
    const env = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), MAIL_FROM: 'techscan@acme.example' };
    const queue = await queueWith([hsts]);

    const down = await deliver(queue, env);
    expect(down).toMatchObject({ sent: 0, failed: 1, alertsFailed: 1, alertsGivenUp: 0 });
    expect(down.failures[0]?.error).toMatch(new RegExp(`SMTP 127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    const [waiting] = await queue.pending();
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, sentAt: null });
    expect(waiting?.lastError).toMatch(/ECONNREFUSED/);
    const firstMessageId = waiting?.messageId;
    expect(firstMessageId).toMatch(/^<digest\./);

    // Still down at the next run: one more attempt, the same digest.
    await deliver(queue, env, new Date('2026-11-28T08:05:00.000Z'));
    expect((await queue.pending())[0]).toMatchObject({ attempts: 2, messageId: firstMessageId });

    const smtp = await startSmtpServer({ port });
    const back = await deliver(queue, env, new Date('2026-11-28T09:05:00.000Z'));
    expect(back).toMatchObject({ sent: 1, failed: 0, alertsSent: 1 });
    expect(smtp.received.map((item) => item.mail.messageId)).toEqual([firstMessageId]);
    expect(await queue.pending()).toEqual([]);
    expect((await queue.history())[0]).toMatchObject({ status: 'sent', attempts: 3, lastError: null, messageId: firstMessageId });

    await deliver(queue, env, new Date('2026-11-29T09:05:00.000Z'));
    expect(smtp.received).toHaveLength(1);
  });

  it('gives up at the attempt cap and reports the alerts as failed', async () => {
    const env = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(await freePort()), MAIL_FROM: 'techscan@acme.example' };
    const queue = await queueWith([hsts]);
    expect((await deliver(queue, env, AFTER_SLOT, 2)).alertsGivenUp).toBe(0);
    const capped = await deliver(queue, env, AFTER_SLOT, 2);
    expect(capped).toMatchObject({ failed: 1, alertsFailed: 1, alertsGivenUp: 1 });
    expect(capped.givenUp.map((alert) => [alert.status, alert.attempts])).toEqual([['failed', 2]]);
    expect(await queue.pending()).toEqual([]);
    expect((await queue.history()).map((alert) => alert.status)).toEqual(['failed']);
  });

  it('keeps alerts pending when the server refuses the message', async () => {
    const smtp = await startSmtpServer({
      onMessage: () => {
        throw new Error('mailbox temporarily unavailable');
      },
    });
    const queue = await queueWith([hsts]);
    const report = await deliver(queue, smtp.env);
    expect(report.failed).toBe(1);
    expect((await queue.pending())[0]?.lastError).toMatch(/451.*mailbox temporarily unavailable/);
  });

  it('resends under the same Message-ID when a run died between the accept and the record', async () => {
    const smtp = await startSmtpServer();
    const queue = await queueWith([vue, hsts]);
    const dying: AlertQueue = {
      ...queue,
      recordDigest: () => Promise.reject(new Error('killed')),
    };
    await expect(deliver(dying, smtp.env)).rejects.toThrow('killed');
    expect(smtp.received).toHaveLength(1);
    expect((await queue.pending()).map((alert) => alert.status)).toEqual(['pending', 'pending']);

    const rerun = await deliver(openAlertQueue(queue.dataDir), smtp.env, new Date('2026-11-28T08:05:00.000Z'));
    expect(rerun).toMatchObject({ sent: 1, alertsSent: 2 });
    const [first, second] = smtp.received.map((item) => item.mail);
    expect(second?.messageId).toBe(first?.messageId);
    expect(second?.subject).toBe(first?.subject);
    expect(await queue.pending()).toEqual([]);
  });

  it('does not resend when the digest was recorded but its alerts were not', async () => {
    const smtp = await startSmtpServer();
    const queue = await queueWith([vue, hsts]);
    const dying: AlertQueue = {
      ...queue,
      update: (alerts) => (alerts.some((alert) => alert.status === 'sent') ? Promise.reject(new Error('killed')) : queue.update(alerts)),
    };
    await expect(deliver(dying, smtp.env)).rejects.toThrow('killed');

    const rerun = await deliver(openAlertQueue(queue.dataDir), smtp.env, new Date('2026-11-28T08:05:00.000Z'));
    expect(rerun).toMatchObject({ sent: 0, alertsRecovered: 2 });
    expect(smtp.received).toHaveLength(1);
    expect((await queue.history()).map((alert) => alert.status)).toEqual(['sent', 'sent']);
  });
});

describe('deliverDigests without SMTP', () => {
  it('writes each digest as an .eml file to the outbox and says where', async () => {
    const queue = await queueWith([react, hsts, contentChanged('Old <i>hero</i>', 'New <script>x()</script> hero', { monitor: 'acme/cartly' })]);
    const report = await deliver(queue, {});
    const outbox = join(queue.dataDir, 'outbox');
    expect(report).toMatchObject({ sent: 2, transport: 'outbox', outboxDir: outbox });
    const files = (await readdir(outbox)).sort();
    expect(files).toEqual(report.digests.map((digest) => digest.location).sort());

    const intelFile = files.find((file) => file.endsWith('-intel@acme.example.eml')) ?? '';
    const mail = await simpleParser(await readFile(join(outbox, intelFile)));
    expect(mail.subject).toBe('3 changes at 2 competitors — 1 high');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('intel@acme.example');
    expect(mail.html).toContain('New &lt;script&gt;x()&lt;/script&gt; hero');
    expect(mail.html).not.toContain('<script>');
    expect(mail.messageId).toBe(report.digests.find((digest) => digest.recipient === 'intel@acme.example')?.messageId);
  });
});
