import { EnvironmentError } from '../../../errors.ts';

/**
 * SMTP settings from the environment (secrets in Actions): `SMTP_URL`, or `SMTP_HOST` with
 * `SMTP_PORT`, `SMTP_SECURE`, `SMTP_USER` and `SMTP_PASSWORD`. Empty values count as unset,
 * because Actions passes a missing secret as an empty string. None set → the outbox.
 */

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_SMTP_PORT = 587;
const IMPLICIT_TLS_PORT = 465;
const MAX_PORT = 65_535;

export type SmtpConfig =
  | { readonly url: string; readonly description: string }
  | {
      readonly host: string;
      readonly port: number;
      readonly secure: boolean;
      readonly auth: { readonly user: string; readonly pass: string } | null;
      readonly description: string;
    };

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw ? raw : undefined;
}

/** Null when no SMTP server is configured. Never puts a password in `description` or an error. */
export function smtpConfig(env: Env): SmtpConfig | null {
  const url = value(env, 'SMTP_URL');
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new EnvironmentError('SMTP_URL is not a URL (e.g. smtps://user:password@smtp.example.com:465)');
    }
    if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
      throw new EnvironmentError(`SMTP_URL must start with smtp:// or smtps://, not ${parsed.protocol}//`);
    }
    return { url, description: `SMTP ${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}` };
  }
  const host = value(env, 'SMTP_HOST');
  const port = value(env, 'SMTP_PORT');
  const user = value(env, 'SMTP_USER');
  const pass = value(env, 'SMTP_PASSWORD');
  if (!host) {
    if (port || user || pass) throw new EnvironmentError('SMTP_PORT, SMTP_USER or SMTP_PASSWORD is set but SMTP_HOST is not');
    return null;
  }
  const portNumber = port === undefined ? DEFAULT_SMTP_PORT : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > MAX_PORT) {
    throw new EnvironmentError(`SMTP_PORT: "${port ?? ''}" is not a port number`);
  }
  if ((user === undefined) !== (pass === undefined)) {
    throw new EnvironmentError('set both SMTP_USER and SMTP_PASSWORD, or neither');
  }
  return {
    host,
    port: portNumber,
    secure: secureFlag(value(env, 'SMTP_SECURE'), portNumber),
    auth: user !== undefined && pass !== undefined ? { user, pass } : null,
    description: `SMTP ${host}:${portNumber}`,
  };
}

/** Implicit TLS on 465 unless SMTP_SECURE says otherwise; other ports upgrade with STARTTLS when offered. */
function secureFlag(raw: string | undefined, port: number): boolean {
  if (raw === undefined) return port === IMPLICIT_TLS_PORT;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new EnvironmentError(`SMTP_SECURE: "${raw}" is not true or false`);
}
