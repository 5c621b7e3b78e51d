import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { onTestFinished } from 'vitest';

/**
 * A real SMTP server on 127.0.0.1 for the digest tests: it accepts (or, when told, refuses) each
 * message, keeps the raw text and parses it with mailparser so tests read what actually arrived.
 */

export interface ReceivedMail {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly raw: string;
  readonly mail: ParsedMail;
}

export interface SmtpServerOptions {
  /** Require this login (AUTH PLAIN/LOGIN over the plain connection). */
  readonly credentials?: { readonly user: string; readonly password: string };
  /** Listen on this port (0: any free port). */
  readonly port?: number;
  /** Called with each message before the server answers; throw to refuse it with a 451. */
  readonly onMessage?: (received: ReceivedMail) => void | Promise<void>;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** The environment that points techscan at this server. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: options.credentials ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.credentials,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.credentials?.user && auth.password === options.credentials?.password;
      callback(ok ? null : new Error('Invalid username or password'), ok ? { user: auth.username } : undefined);
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        void simpleParser(raw)
          .then(async (mail) => {
            const message = { envelope, raw, mail };
            await options.onMessage?.(message);
            received.push(message);
            callback();
          })
          .catch((error: unknown) => {
            const refusal = Object.assign(new Error(error instanceof Error ? error.message : String(error)), { responseCode: 451 });
            callback(refusal);
          });
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : 0);
    });
  });
  let closed = false;
  const close = () =>
    closed
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          closed = true;
          server.close(() => resolve());
        });
  onTestFinished(close);
  const auth: Record<string, string> = options.credentials ? { SMTP_USER: options.credentials.user, SMTP_PASSWORD: options.credentials.password } : {};
  return {
    port,
    received,
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), MAIL_FROM: 'TechScan <techscan@acme.example>', ...auth },
    close,
  };
}

/** A port nothing listens on (it was free a moment ago): SMTP there is "down". */
export async function freePort(): Promise<number> {
  const probe = await startSmtpServer();
  await probe.close();
  return probe.port;
}
