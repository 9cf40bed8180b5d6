import { Name } from './x509';
import { PkiError } from './errors';

/**
 * Distinguished names as strings, RFC 4514 style: the most specific RDN first
 * (`CN=jdk-CA1,DC=jdk,DC=cms`), which is how Keyfactor and Windows show them. In the encoded
 * certificate the RDN sequence runs the other way (DC=cms first), as AD CS and OpenSSL expect,
 * so `openssl x509 -nameopt RFC2253` prints exactly the string certlab was given.
 */
export function parseDn(dn: string): Name {
  if (dn.length > 4096) throw new PkiError('INVALID_PROFILE', 'distinguished name is too long');
  if (dn.trim() === '') return new Name([]);
  let parsed: Name;
  try {
    // Attribute types are case-insensitive (RFC 4514 3); the parser knows only upper-case ones.
    parsed = new Name(
      dn.replace(ATTRIBUTE_TYPE, (_m, sep: string, type: string) => `${sep}${type.toUpperCase()}=`),
    );
  } catch (error) {
    throw new PkiError('INVALID_PROFILE', `invalid distinguished name "${dn}"`, { cause: error });
  }
  const rdns = parsed.toJSON();
  if (rdns.length === 0)
    throw new PkiError('INVALID_PROFILE', `invalid distinguished name "${dn}"`);
  return new Name([...rdns].reverse());
}

const ATTRIBUTE_TYPE = /(^|(?<!\\),|(?<!\\)\+)\s*([A-Za-z][A-Za-z0-9-]*)\s*=/g;

export function formatDn(name: Name): string {
  return [...name.toJSON()]
    .reverse()
    .map((rdn) =>
      Object.entries(rdn)
        .flatMap(([type, values]) => values.map((value) => `${type}=${escapeDnValue(value)}`))
        .join('+'),
    )
    .join(',');
}

/** Canonical form for comparing DNs typed by people: no spaces around separators, types upper-case. */
export function normalizeDn(dn: string): string {
  return formatDn(parseDn(dn));
}

function escapeDnValue(value: string): string {
  return value
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
}
