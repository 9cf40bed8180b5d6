import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureParentDirectories, resolveStoreLocation, resolveStorePaths } from './store-paths';
import { isStoreError, type StoreErrorCode } from './store.errors';

describe('resolveStorePaths', () => {
  let root: string;
  let outside: string;

  beforeEach(() => {
    const base = mkdtempSync(join(tmpdir(), 'certlab-store-paths-'));
    root = join(base, 'root');
    outside = join(base, 'outside');
    mkdirSync(root);
    mkdirSync(outside);
  });

  afterEach(() => {
    rmSync(join(root, '..'), { recursive: true, force: true });
  });

  const resolve = (storePath: string, properties: Record<string, string> = {}) =>
    resolveStorePaths({ root, storePath, properties });

  function expectCode(action: () => unknown, code: StoreErrorCode): void {
    let caught: unknown;
    try {
      action();
    } catch (error) {
      caught = error;
    }
    expect(isStoreError(caught, code)).toBe(true);
  }

  it('joins an absolute StorePath under the root', () => {
    expect(resolve('/home/pi/cherry/cherrystore')).toEqual({
      storeFile: join(root, 'home/pi/cherry/cherrystore'),
      keyFile: null,
    });
  });

  it('joins a relative StorePath under the root and drops "." and empty segments', () => {
    expect(resolve('etc//ssl/./app.pem').storeFile).toBe(join(root, 'etc/ssl/app.pem'));
  });

  it('resolves SeparatePrivateKeyFilePath the same way', () => {
    const paths = resolve('/etc/ssl/app.pem', {
      SeparatePrivateKeyFilePath: '/etc/ssl/private/app.key',
    });
    expect(paths.keyFile).toBe(join(root, 'etc/ssl/private/app.key'));
  });

  it('realpaths the root once, so a root reached through a link is fine', () => {
    const link = join(root, '..', 'root-link');
    symlinkSync(root, link);
    const { root: real, storeFile } = resolveStoreLocation({
      root: link,
      storePath: '/app.pem',
      properties: {},
    });
    expect(real).toBe(root);
    expect(storeFile).toBe(join(root, 'app.pem'));
  });

  it.each([
    ['a relative climb', '../../etc/passwd'],
    ['a climb inside an absolute path', '/a/../../x'],
    ['a ".." even when it stays inside', '/a/../b'],
    ['a NUL byte', '/app.pem\u0000.txt'],
    ['a newline', '/app\n.pem'],
    ['a path longer than PATH_MAX', `/${'d/'.repeat(2048)}app.pem`],
    ['a name longer than NAME_MAX', `/${'n'.repeat(256)}`],
  ])('refuses %s as PATH_ESCAPE', (_, storePath) => {
    expectCode(() => resolve(storePath), 'PATH_ESCAPE');
  });

  it('accepts names that merely start with dots', () => {
    expect(resolve('/..hidden/...pem').storeFile).toBe(join(root, '..hidden/...pem'));
  });

  it('refuses a symbolic link at any existing component', () => {
    symlinkSync(outside, join(root, 'etc'));
    expectCode(() => resolve('/etc/ssl/app.pem'), 'PATH_ESCAPE');
    mkdirSync(join(root, 'srv'));
    symlinkSync(join(outside, 'x.pem'), join(root, 'srv', 'app.pem'));
    expectCode(() => resolve('/srv/app.pem'), 'PATH_ESCAPE');
    // A link pointing inside the root is refused too: the agent follows none.
    symlinkSync(join(root, 'srv'), join(root, 'inside'));
    expectCode(() => resolve('/inside/other.pem'), 'PATH_ESCAPE');
  });

  it('refuses a key path that escapes or is the store file itself', () => {
    expectCode(
      () => resolve('/app.pem', { SeparatePrivateKeyFilePath: '../app.key' }),
      'PATH_ESCAPE',
    );
    expectCode(
      () => resolve('/app.pem', { SeparatePrivateKeyFilePath: '//app.pem' }),
      'INVALID_STORE',
    );
  });

  it.each([
    ['the root itself', '/'],
    ['a trailing slash', '/etc/ssl/'],
    ['an empty path', ''],
  ])('refuses %s as INVALID_STORE', (_, storePath) => {
    expectCode(() => resolve(storePath), 'INVALID_STORE');
  });

  it('refuses an existing directory, a file used as a directory, and a FIFO', () => {
    mkdirSync(join(root, 'etc/ssl/app.pem'), { recursive: true });
    expectCode(() => resolve('/etc/ssl/app.pem'), 'INVALID_STORE');
    writeFileSync(join(root, 'file'), '');
    expectCode(() => resolve('/file/app.pem'), 'INVALID_STORE');
    execFileSync('mkfifo', [join(root, 'fifo.pem')]);
    expectCode(() => resolve('/fifo.pem'), 'INVALID_STORE');
  });

  it('refuses a trust store with a separate key path', () => {
    expectCode(
      () => resolve('/ca.pem', { IsTrustStore: 'true', SeparatePrivateKeyFilePath: '/ca.key' }),
      'INVALID_STORE',
    );
  });

  it('refuses a root that does not exist or is relative', () => {
    expectCode(
      () => resolveStorePaths({ root: join(root, 'missing'), storePath: '/a.pem', properties: {} }),
      'INVALID_STORE',
    );
    expectCode(
      () => resolveStorePaths({ root: 'relative/root', storePath: '/a.pem', properties: {} }),
      'INVALID_STORE',
    );
  });
});

describe('ensureParentDirectories', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'certlab-store-dirs-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('creates the missing levels 0755 whatever the umask', async () => {
    const previous = process.umask(0o077);
    try {
      await ensureParentDirectories(root, join(root, 'a/b/c/app.pem'));
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(root, 'a/b/c')).mode & 0o777).toBe(0o755);
    expect(statSync(join(root, 'a')).mode & 0o777).toBe(0o755);
  });

  it('keeps the mode of directories that exist', async () => {
    mkdirSync(join(root, 'private'), { mode: 0o700 });
    await ensureParentDirectories(root, join(root, 'private/app.key'));
    expect(statSync(join(root, 'private')).mode & 0o777).toBe(0o700);
  });

  it('refuses a level that became a symbolic link', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'certlab-store-outside-'));
    try {
      symlinkSync(outside, join(root, 'a'));
      await expect(ensureParentDirectories(root, join(root, 'a/b/app.pem'))).rejects.toMatchObject({
        code: 'PATH_ESCAPE',
      });
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses to work outside the root', async () => {
    await expect(ensureParentDirectories(root, join(root, '../x/app.pem'))).rejects.toMatchObject({
      code: 'PATH_ESCAPE',
    });
  });
});
