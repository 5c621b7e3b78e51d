/** Set-Cookie headers as the Observatory's cookie test reads them. Pure. */

export interface SetCookie {
  readonly name: string;
  readonly secure: boolean;
  readonly httpOnly: boolean;
  /** The SameSite value as written (lowercase), null when absent. */
  readonly sameSite: string | null;
  /** A SameSite attribute with no value or an unknown one. */
  readonly sameSiteInvalid: boolean;
}

const SAME_SITE_VALUES = new Set(['lax', 'strict', 'none']);

export function parseSetCookie(header: string): SetCookie | null {
  const [pair, ...attributes] = header.split(';');
  const name = pair?.split('=')[0]?.trim() ?? '';
  if (!name) return null;
  let secure = false;
  let httpOnly = false;
  let sameSite: string | null = null;
  let sameSiteInvalid = false;
  for (const attribute of attributes) {
    const [rawKey, ...rest] = attribute.split('=');
    const key = rawKey?.trim().toLowerCase();
    const value = rest.join('=').trim().toLowerCase();
    if (key === 'secure') secure = true;
    else if (key === 'httponly') httpOnly = true;
    else if (key === 'samesite') {
      sameSite = value || null;
      sameSiteInvalid = !SAME_SITE_VALUES.has(value);
    }
  }
  return { name, secure, httpOnly, sameSite, sameSiteInvalid };
}
