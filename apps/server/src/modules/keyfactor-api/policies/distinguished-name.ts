/**
 * The first value of an attribute in a DN string as certlab stores them (`CN=a\,b,OU=x,O=y`):
 * RFC 4514 escapes undone, attribute types compared case-insensitively. Null when absent.
 */
export function firstDnAttribute(dn: string, type: string): string | null {
  const pattern = new RegExp(`(?:^|[,+])\\s*${escapeRegExp(type)}=((?:\\\\.|[^,+\\\\])*)`, 'i');
  const match = pattern.exec(dn);
  return match?.[1] === undefined ? null : match[1].replace(/\\(.)/g, '$1').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
