import { execFileSync } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  moveFile,
  readRegularFile,
  removeFile,
  removeStaleTempFiles,
  withFileLocks,
  writeFileAtomic,
} from './atomic-file';

describe('atomic file writes', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'certlab-atomic-'));
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  const mode = (path: string) => statSync(path).mode & 0o777;

  it('creates a file with exactly the requested mode, whatever the umask', async () => {
    const previous = process.umask(0o077);
    try {
      await writeFileAtomic(join(dir, 'cert.pem'), 'certificate\n', { mode: 0o644 });
    } finally {
      process.umask(previous);
    }
    await writeFileAtomic(join(dir, 'key.pem'), 'key\n', { mode: 0o600 });
    expect(mode(join(dir, 'cert.pem'))).toBe(0o644);
    expect(mode(join(dir, 'key.pem'))).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['cert.pem', 'key.pem']);
  });

  it('replaces an existing file, narrowing a too-wide mode before the new content is visible', async () => {
    const path = join(dir, 'key.pem');
    writeFileSync(path, 'old key\n', { mode: 0o644 });
    const modesAtRename: number[] = [];
    const realRename = fsPromises.rename;
    jest.spyOn(fsPromises, 'rename').mockImplementation(async (from, to) => {
      modesAtRename.push(statSync(from).mode & 0o777);
      return realRename(from, to);
    });

    await writeFileAtomic(path, 'new key\n', { mode: 0o600 });

    expect(modesAtRename).toEqual([0o600]);
    expect(readFileSync(path, 'utf8')).toBe('new key\n');
    expect(mode(path)).toBe(0o600);
  });

  it('replaces a symbolic link at the target instead of writing through it', async () => {
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'untouched');
    symlinkSync(victim, join(dir, 'link.pem'));
    await writeFileAtomic(join(dir, 'link.pem'), 'new', { mode: 0o644 });
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readFileSync(join(dir, 'link.pem'), 'utf8')).toBe('new');
  });

  it('leaves the old file and no temp file behind when the rename fails', async () => {
    const path = join(dir, 'app.pem');
    writeFileSync(path, 'old');
    jest.spyOn(fsPromises, 'rename').mockRejectedValueOnce(new Error('EIO: simulated'));

    await expect(writeFileAtomic(path, 'new', { mode: 0o644 })).rejects.toMatchObject({
      code: 'IO',
    });
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['app.pem']);
  });

  it('removes only the orphaned temp files of its own target', async () => {
    writeFileSync(join(dir, '.app.pem.certlab-tmp-123-abcdef'), 'partial');
    writeFileSync(join(dir, '.other.pem.certlab-tmp-123-abcdef'), 'partial');
    writeFileSync(join(dir, 'app.pem'), 'live');
    await removeStaleTempFiles(join(dir, 'app.pem'));
    expect(readdirSync(dir).sort()).toEqual(['.other.pem.certlab-tmp-123-abcdef', 'app.pem']);
  });

  it('moves and removes files, tolerating an already missing one', async () => {
    writeFileSync(join(dir, 'app.pem'), 'live', { mode: 0o640 });
    await moveFile(join(dir, 'app.pem'), join(dir, 'app.pem.bak'));
    expect(mode(join(dir, 'app.pem.bak'))).toBe(0o640);
    await removeFile(join(dir, 'app.pem.bak'));
    await removeFile(join(dir, 'app.pem.bak'));
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('readRegularFile', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'certlab-read-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the bytes and permission bits, or null for a missing file', async () => {
    writeFileSync(join(dir, 'a.pem'), 'pem', { mode: 0o640 });
    const snapshot = await readRegularFile(join(dir, 'a.pem'), 1024, 'a.pem');
    expect(snapshot?.content.toString()).toBe('pem');
    expect(snapshot?.mode).toBe(0o640);
    expect(await readRegularFile(join(dir, 'missing.pem'), 1024, 'missing')).toBeNull();
  });

  it('refuses a symbolic link, a directory, a FIFO and an oversized file', async () => {
    writeFileSync(join(dir, 'target'), 'x');
    symlinkSync(join(dir, 'target'), join(dir, 'link.pem'));
    execFileSync('mkfifo', [join(dir, 'fifo.pem')]);
    writeFileSync(join(dir, 'big.pem'), Buffer.alloc(2048));

    await expect(readRegularFile(join(dir, 'link.pem'), 1024, 'link')).rejects.toMatchObject({
      code: 'PATH_ESCAPE',
    });
    await expect(readRegularFile(dir, 1024, 'dir')).rejects.toMatchObject({
      code: 'INVALID_STORE',
    });
    await expect(readRegularFile(join(dir, 'fifo.pem'), 1024, 'fifo')).rejects.toMatchObject({
      code: 'INVALID_STORE',
    });
    await expect(readRegularFile(join(dir, 'big.pem'), 1024, 'big')).rejects.toMatchObject({
      code: 'INVALID_STORE',
    });
  });
});

describe('withFileLocks', () => {
  it('runs actions on the same path one after the other, in call order', async () => {
    const events: string[] = [];
    const step = (name: string, ms: number) => async () => {
      events.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      withFileLocks(['/a'], step('first', 20)),
      withFileLocks(['/a', '/b'], step('second', 1)),
      withFileLocks(['/b'], step('third', 1)),
    ]);
    expect(results).toEqual(['first', 'second', 'third']);
    expect(events).toEqual([
      'first start',
      'first end',
      'second start',
      'second end',
      'third start',
      'third end',
    ]);
  });

  it('releases the lock when the action throws', async () => {
    await expect(withFileLocks(['/c'], () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(withFileLocks(['/c'], () => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('lets different paths run at the same time', async () => {
    const events: string[] = [];
    await Promise.all([
      withFileLocks(['/d'], async () => {
        events.push('d start');
        await new Promise((resolve) => setTimeout(resolve, 20));
        events.push('d end');
      }),
      withFileLocks(['/e'], async () => {
        events.push('e start');
        await Promise.resolve();
        events.push('e end');
      }),
    ]);
    expect(events.indexOf('e end')).toBeLessThan(events.indexOf('d end'));
  });
});
