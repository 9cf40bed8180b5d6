import { firstDnAttribute } from './distinguished-name';

describe('firstDnAttribute', () => {
  const dn = 'CN=cherry.jdk.cms,OU=Pi Fleet,OU=Second,O=JDK\\, Inc.,C=US';

  it('reads the first value of an attribute, case-insensitively', () => {
    expect(firstDnAttribute(dn, 'CN')).toBe('cherry.jdk.cms');
    expect(firstDnAttribute(dn, 'ou')).toBe('Pi Fleet');
  });

  it('undoes RFC 4514 escapes', () => {
    expect(firstDnAttribute(dn, 'O')).toBe('JDK, Inc.');
  });

  it('answers null for an absent attribute and does not match inside another type', () => {
    expect(firstDnAttribute(dn, 'E')).toBeNull();
    expect(firstDnAttribute('DC=jdk,DC=cms', 'C')).toBeNull();
  });
});
