import { canonicalUsername, parseBasicCredentials } from './basic-credentials';
import { hashPassword, verifyPassword } from './password-hash';

const header = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe('Basic credentials', () => {
  it.each([
    ['JDK\\Admin:pw', 'admin'],
    ['admin@jdk.cms:pw', 'admin'],
    ['admin:pw', 'admin'],
    ['KEYFACTOR\\svc\\enroller:pw', 'enroller'],
  ])('%s signs in as %s', (text, username) => {
    expect(parseBasicCredentials(header(text))).toEqual({ username, password: 'pw' });
  });

  it('keeps colons inside the password', () => {
    expect(parseBasicCredentials(header('admin:a:b:c'))).toEqual({
      username: 'admin',
      password: 'a:b:c',
    });
  });

  it.each([
    undefined,
    '',
    'Bearer abc',
    'Basic',
    'Basic !!!',
    header('no-colon'),
    header(':pw'),
    header('DOMAIN\\:pw'),
  ])('rejects %j', (value) => {
    expect(parseBasicCredentials(value)).toBeUndefined();
  });

  it('canonical names drop the domain and case', () => {
    expect(canonicalUsername(' JDK\\Alice ')).toBe('alice');
  });
});

describe('password hashes', () => {
  it('verifies the right password only, and differs per salt', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    expect(first).not.toBe(second);
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse', first)).toBe(true);
    expect(await verifyPassword('correct horse ', first)).toBe(false);
    expect(await verifyPassword('correct horse', 'md5$abc')).toBe(false);
  });
});
