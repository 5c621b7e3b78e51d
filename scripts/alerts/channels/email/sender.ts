import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';
import { EnvironmentError } from '../../../errors.ts';
import { oneLine } from '../../../shared/wording.ts';

/** The From of every digest: `$MAIL_FROM`, else `mail.from` in monitors/_settings.yaml. */
export interface Sender {
  readonly name: string;
  readonly address: string;
}

export const DEFAULT_SENDER_NAME = 'TechScan Monitor';
/** Enough for the outbox, where nothing is delivered; SMTP needs a real sender. */
export const OUTBOX_SENDER: Sender = { name: DEFAULT_SENDER_NAME, address: 'techscan@localhost' };
const NAME_MAX = 80;
const email = z.email();

/** Parses `Name <address>` or a bare address; null when it is not exactly one valid mailbox. */
export function parseSender(text: string): Sender | null {
  if (/[\r\n]/.test(text)) return null;
  const [first, ...rest] = addressparser(text);
  if (!first || rest.length > 0 || first.group !== undefined) return null;
  if (!email.safeParse(first.address).success) return null;
  return { name: oneLine(first.name, NAME_MAX) || DEFAULT_SENDER_NAME, address: first.address };
}

/**
 * The sender to use: the configured one when there is one (it must parse), else a placeholder
 * for the outbox. SMTP without a sender is a configuration error: servers reject or rewrite it.
 */
export function resolveSender(configured: { env: string | null; settings: string | undefined }, transport: 'smtp' | 'outbox'): Sender {
  const [source, text] = configured.env
    ? ['MAIL_FROM', configured.env]
    : configured.settings
      ? ['mail.from in monitors/_settings.yaml', configured.settings]
      : [null, null];
  if (source === null || text === null) {
    if (transport === 'outbox') return OUTBOX_SENDER;
    throw new EnvironmentError('SMTP is configured but no sender: set MAIL_FROM (e.g. "TechScan <techscan@example.com>")');
  }
  const sender = parseSender(text);
  if (!sender) throw new EnvironmentError(`${source}: ${JSON.stringify(text)} is not one email address (e.g. "TechScan <techscan@example.com>")`);
  return sender;
}

export function senderDomain(sender: Sender): string {
  return sender.address.slice(sender.address.lastIndexOf('@') + 1);
}
