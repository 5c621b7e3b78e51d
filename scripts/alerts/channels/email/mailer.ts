import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { sha256 } from '../../../shared/hash.ts';
import { writeFileAtomic } from '../../../store/files.ts';
import type { Sender } from './sender.ts';
import { smtpConfig, type SmtpConfig } from './smtp-config.ts';

/**
 * The mail edge: nodemailer over SMTP, or `.eml` files in an outbox folder when no SMTP server
 * is configured. `send` resolves only once the server accepted the message (or the file is
 * written), which is what lets the caller mark alerts sent.
 */

export interface OutgoingMessage {
  readonly from: Sender;
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly messageId: string;
  readonly date: Date;
}

export interface SendResult {
  /** The .eml file for the outbox; null for SMTP. */
  readonly location: string | null;
  readonly response: string;
}

export interface Mailer {
  readonly transport: 'smtp' | 'outbox';
  /** `$MAIL_FROM` when set. */
  readonly mailFrom: string | null;
  readonly outboxDir: string | null;
  /** Where mail goes, for messages: `SMTP smtp.example.com:587` or the outbox folder. Never a password. */
  readonly description: string;
  send(message: OutgoingMessage): Promise<SendResult>;
  close(): void;
}

type Env = Readonly<Record<string, string | undefined>>;

const TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 } as const;
const HEADERS = {
  // RFC 3834: an automatic message; tells auto-responders (out-of-office) not to answer it.
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
};
const X_MAILER = 'TechScan Monitor';
const OUTBOX_ID_LENGTH = 12;

export function createMailer(env: Env, outboxDir: string): Mailer {
  const mailFrom = env.MAIL_FROM?.trim() || null;
  const config = smtpConfig(env);
  return config === null ? outboxMailer(outboxDir, mailFrom) : smtpMailer(config, mailFrom);
}

function mailOptions(message: OutgoingMessage) {
  return {
    from: { name: message.from.name, address: message.from.address },
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    date: message.date,
    headers: HEADERS,
    xMailer: X_MAILER,
    // The message is built from our strings only: never let content pull in a file or a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

function smtpMailer(config: SmtpConfig, mailFrom: string | null): Mailer {
  const transporter =
    'url' in config
      ? nodemailer.createTransport({ url: config.url, ...TIMEOUTS })
      : nodemailer.createTransport({
          host: config.host,
          port: config.port,
          secure: config.secure,
          ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
          ...TIMEOUTS,
        });
  return {
    transport: 'smtp',
    mailFrom,
    outboxDir: null,
    description: config.description,
    async send(message) {
      const info = await transporter.sendMail(mailOptions(message));
      if (info.rejected.length > 0) throw new Error(`${config.description} rejected ${info.rejected.join(', ')}: ${info.response}`);
      return { location: null, response: info.response };
    },
    close: () => transporter.close(),
  };
}

function outboxMailer(outboxDir: string, mailFrom: string | null): Mailer {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    transport: 'outbox',
    mailFrom,
    outboxDir,
    description: `outbox ${outboxDir}`,
    async send(message) {
      const info = await composer.sendMail(mailOptions(message));
      if (!Buffer.isBuffer(info.message)) throw new Error('the mail composer returned a stream, not a buffer');
      const file = join(outboxDir, outboxFileName(message));
      // Named after the Message-ID: writing the same digest again replaces its file.
      await writeFileAtomic(file, info.message);
      return { location: file, response: 'written to the outbox' };
    },
    close: () => composer.close(),
  };
}

/** `digest-3f9a0c1d2e4b-ops@example.com.eml`: one file per Message-ID, named for people browsing the folder. */
export function outboxFileName(message: Pick<OutgoingMessage, 'to' | 'messageId'>): string {
  const id = /^<digest\.([0-9a-f]+)@/.exec(message.messageId)?.[1]?.slice(0, OUTBOX_ID_LENGTH) ?? sha256(message.messageId).slice(0, OUTBOX_ID_LENGTH);
  const recipient = message.to.toLowerCase().replace(/[^a-z0-9@._-]+/g, '_');
  return `digest-${id}-${recipient}.eml`;
}
