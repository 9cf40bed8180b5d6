import { formatDn, normalizeDn, parseDn } from './names';
import { normalizeSerialNumber, normalizeThumbprint } from './certificate';

describe('distinguished names', () => {
  it('round-trips the vendor form and encodes the most specific RDN last', () => {
    const name = parseDn('CN=jdk-CA1,DC=jdk,DC=cms');
    expect(formatDn(name)).toBe('CN=jdk-CA1,DC=jdk,DC=cms');
    expect(name.toJSON().map((rdn) => Object.keys(rdn)[0])).toEqual(['DC', 'DC', 'CN']);
  });

  it('normalises spacing and keeps escaped separators', () => {
    expect(normalizeDn('CN=jdk-CA1, DC=jdk, DC=cms')).toBe('CN=jdk-CA1,DC=jdk,DC=cms');
    expect(normalizeDn('cn=Acme\\, Inc.,o=Acme')).toBe('CN=Acme\\, Inc.,O=Acme');
    expect(formatDn(parseDn('CN=a\\+b'))).toBe('CN=a\\+b');
  });

  it('an empty DN is allowed (the SAN then carries the identity)', () => {
    expect(formatDn(parseDn(''))).toBe('');
  });
});

describe('serials and thumbprints as people type them', () => {
  it.each([
    ['0a:1b:2c', '0A1B2C'.replace(/^0/, '')],
    ['0A-1B-2C', 'A1B2C'],
    ['00 ff', 'FF'],
    ['0', '0'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeSerialNumber(input)).toBe(expected);
  });

  it('rejects what is not hex', () => {
    expect(() => normalizeSerialNumber('xyz')).toThrow(/not hexadecimal/);
    expect(() => normalizeThumbprint('abc')).toThrow(/40 hexadecimal/);
  });

  it('upper-cases thumbprints and drops separators', () => {
    expect(normalizeThumbprint('46cce7023bce5c434f4206b74473fd614df56218')).toBe(
      '46CCE7023BCE5C434F4206B74473FD614DF56218',
    );
    expect(normalizeThumbprint('46:CC:E7:02:3B:CE:5C:43:4F:42:06:B7:44:73:FD:61:4D:F5:62:18')).toBe(
      '46CCE7023BCE5C434F4206B74473FD614DF56218',
    );
  });
});
