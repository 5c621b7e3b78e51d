import { describe, expect, it } from 'vitest';
import { outboxFileName } from '../../../../scripts/alerts/channels/email/mailer.ts';
import { OUTBOX_SENDER, parseSender, resolveSender } from '../../../../scripts/alerts/channels/email/sender.ts';
import { smtpConfig } from '../../../../scripts/alerts/channels/email/smtp-config.ts';
import { EnvironmentError } from '../../../../scripts/errors.ts';

describe('SMTP settings from the environment', () => {
  it.each([
    ['nothing set: the outbox', {}, null],
    ['empty values (missing Actions secrets) count as unset', { SMTP_URL: '', SMTP_HOST: ' ' }, null],
    [
      'SMTP_URL',
      { SMTP_URL: 'smtps://bot:p%40ss@smtp.example.com:465' },
      { url: 'smtps://bot:p%40ss@smtp.example.com:465', description: 'SMTP smtp.example.com:465' },
    ],
    [
      'SMTP_URL wins over SMTP_HOST',
      { SMTP_URL: 'smtp://relay.example', SMTP_HOST: 'other.example' },
      { url: 'smtp://relay.example', description: 'SMTP relay.example' },
    ],
    [
      'host with the default port',
      { SMTP_HOST: 'smtp.example.com' },
      { host: 'smtp.example.com', port: 587, secure: false, auth: null, description: 'SMTP smtp.example.com:587' },
    ],
    [
      '465 means implicit TLS',
      { SMTP_HOST: 'smtp.example.com', SMTP_PORT: '465', SMTP_USER: 'bot', SMTP_PASSWORD: 'pw' },
      { host: 'smtp.example.com', port: 465, secure: true, auth: { user: 'bot', pass: 'pw' }, description: 'SMTP smtp.example.com:465' },
    ],
    [
      'SMTP_SECURE overrides',
      { SMTP_HOST: 'smtp.example.com', SMTP_PORT: '2465', SMTP_SECURE: 'true' },
      { host: 'smtp.example.com', port: 2465, secure: true, auth: null, description: 'SMTP smtp.example.com:2465' },
    ],
  ])('%s', (_label, env, expected) => {
    expect(smtpConfig(env)).toEqual(expected);
  });

  it.each([
    [{ SMTP_URL: 'https://smtp.example.com' }, 'SMTP_URL must start with smtp:// or smtps://, not https://'],
    [{ SMTP_URL: 'not a url' }, /SMTP_URL is not a URL/],
    [{ SMTP_HOST: 'smtp.example.com', SMTP_PORT: '99999' }, 'SMTP_PORT: "99999" is not a port number'],
    [{ SMTP_HOST: 'smtp.example.com', SMTP_USER: 'bot' }, 'set both SMTP_USER and SMTP_PASSWORD, or neither'],
    [{ SMTP_USER: 'bot', SMTP_PASSWORD: 'pw' }, 'SMTP_PORT, SMTP_USER or SMTP_PASSWORD is set but SMTP_HOST is not'],
    [{ SMTP_HOST: 'smtp.example.com', SMTP_SECURE: 'maybe' }, 'SMTP_SECURE: "maybe" is not true or false'],
  ])('rejects %j', (env, message) => {
    expect(() => smtpConfig(env)).toThrow(EnvironmentError);
    expect(() => smtpConfig(env)).toThrow(message);
  });

  it('never puts the password in a message', () => {
    const config = smtpConfig({ SMTP_URL: 'smtp://bot:hunter2@smtp.example.com' });
    expect(config?.description).not.toContain('hunter2');
  });
});

describe('the sender', () => {
  it.each([
    ['TechScan <techscan@acme.example>', { name: 'TechScan', address: 'techscan@acme.example' }],
    ['techscan@acme.example', { name: 'TechScan Monitor', address: 'techscan@acme.example' }],
    ['"Acme, Intel" <intel@acme.example>', { name: 'Acme, Intel', address: 'intel@acme.example' }],
    ['techscan@acme.example\r\nBcc: victim@example.com', null],
    ['a@acme.example, b@acme.example', null],
    ['not an address', null],
  ])('parses %j', (text, expected) => {
    expect(parseSender(text)).toEqual(expected);
  });

  it('prefers $MAIL_FROM, then the settings; SMTP without either is an error, the outbox is not', () => {
    expect(resolveSender({ env: 'a@acme.example', settings: 'b@acme.example' }, 'smtp').address).toBe('a@acme.example');
    expect(resolveSender({ env: null, settings: 'b@acme.example' }, 'smtp').address).toBe('b@acme.example');
    expect(resolveSender({ env: null, settings: undefined }, 'outbox')).toEqual(OUTBOX_SENDER);
    expect(() => resolveSender({ env: null, settings: undefined }, 'smtp')).toThrow(/set MAIL_FROM/);
    expect(() => resolveSender({ env: 'nope', settings: undefined }, 'outbox')).toThrow('MAIL_FROM: "nope" is not one email address');
  });
});

describe('outbox file names', () => {
  it('are stable per Message-ID and safe as file names', () => {
    const name = outboxFileName({ to: 'Intel+Alerts@Acme.example', messageId: '<digest.0123456789abcdef0123@acme.example>' });
    expect(name).toBe('digest-0123456789ab-intel_alerts@acme.example.eml');
  });
});
