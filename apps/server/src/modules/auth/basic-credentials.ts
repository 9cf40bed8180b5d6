/**
 * Reads an `Authorization: Basic` header. Keyfactor clients send the user as `DOMAIN\user`
 * (the docs, PowerShell) or `user@domain` (Python, Go); both name the same lab user, so the
 * domain is dropped and the name lower-cased.
 */
export function parseBasicCredentials(
  header: string | undefined,
): { username: string; password: string } | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1] || match[1].length > 4096) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  const password = decoded.slice(colon + 1);
  const username = canonicalUsername(decoded.slice(0, colon));
  return username ? { username, password } : undefined;
}

export function canonicalUsername(raw: string): string {
  let name = raw.trim();
  const backslash = name.lastIndexOf('\\');
  if (backslash >= 0) name = name.slice(backslash + 1);
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  return name.toLowerCase();
}
