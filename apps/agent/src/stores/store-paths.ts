import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { chmod, lstat, mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { readPemStoreSettings } from './store-properties';
import { errnoOf, ioError, StoreError } from './store.errors';

/** Linux PATH_MAX less the terminating NUL, and NAME_MAX: longer paths are refused up front. */
export const MAX_PATH_BYTES = 4095;
export const MAX_NAME_BYTES = 255;
const NEW_DIRECTORY_MODE = 0o755;

/** Where a store lives: the agent's root, and the store as a job describes it. */
export interface StoreLocation {
  /** The agent's root directory; every path below is resolved inside it. */
  root: string;
  /** Command's StorePath, e.g. `/home/pi/cherry/cherrystore`: joined under root. */
  storePath: string;
  /** RFPEM custom properties, string values (`CertificateStoreDetails.Properties` parsed). */
  properties: Record<string, string>;
  storePassword?: string | null;
}

export interface ResolvedStorePaths {
  /** The root after realpath: symlink-free, so prefixes of it need no checking. */
  root: string;
  storeFile: string;
  keyFile: string | null;
}

/**
 * Resolves `<root>/<StorePath>` (and SeparatePrivateKeyFilePath the same way), refusing anything
 * that could leave root: `..` segments, NUL and other control characters, over-long paths, and a
 * symbolic link at any existing component below root (the final file included). Components that
 * do not exist yet are fine; they are created on the first Add. The check is repeated right
 * before every write, which narrows but cannot close the window against someone who can rename
 * directories inside root meanwhile (Node has no openat/O_NOFOLLOW walk); the final rename never
 * follows a link at the target itself.
 */
export function resolveStorePaths(location: StoreLocation): {
  storeFile: string;
  keyFile: string | null;
} {
  const { storeFile, keyFile } = resolveStoreLocation(location);
  return { storeFile, keyFile };
}

export function resolveStoreLocation(location: StoreLocation): ResolvedStorePaths {
  const settings = readPemStoreSettings(location.properties, location.storePassword);
  const root = realRoot(location.root);
  const storeFile = resolveInsideRoot(root, location.storePath, 'StorePath');
  const keyFile =
    settings.separatePrivateKeyFilePath === null
      ? null
      : resolveInsideRoot(root, settings.separatePrivateKeyFilePath, 'SeparatePrivateKeyFilePath');
  if (keyFile === storeFile) {
    throw new StoreError(
      'INVALID_STORE',
      'SeparatePrivateKeyFilePath names the store file itself; it must be another file',
    );
  }
  return { root, storeFile, keyFile };
}

function realRoot(root: string): string {
  if (typeof root !== 'string' || !isAbsolute(root)) {
    throw new StoreError('INVALID_STORE', 'the agent root must be an absolute path');
  }
  let real: string;
  let stats: Stats;
  try {
    real = realpathSync(root);
    stats = lstatSync(real);
  } catch (error) {
    throw new StoreError('INVALID_STORE', `the agent root ${root} cannot be used`, {
      cause: error,
    });
  }
  if (!stats.isDirectory()) {
    throw new StoreError('INVALID_STORE', `the agent root ${root} is not a directory`);
  }
  return real;
}

function resolveInsideRoot(root: string, storePath: string, what: string): string {
  if (typeof storePath !== 'string' || storePath.length === 0) {
    throw new StoreError('INVALID_STORE', `${what} is empty`);
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(storePath)) {
    throw new StoreError('PATH_ESCAPE', `${what} contains a NUL or control character`);
  }
  if (Buffer.byteLength(storePath) > MAX_PATH_BYTES) {
    throw new StoreError('PATH_ESCAPE', `${what} is longer than ${MAX_PATH_BYTES} bytes`);
  }
  const segments = storePath.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    throw new StoreError('PATH_ESCAPE', `${what} "${storePath}" contains a ".." segment`);
  }
  if (segments.some((segment) => Buffer.byteLength(segment) > MAX_NAME_BYTES)) {
    throw new StoreError('PATH_ESCAPE', `${what} has a name longer than ${MAX_NAME_BYTES} bytes`);
  }
  if (segments.length === 0 || storePath.endsWith('/')) {
    throw new StoreError('INVALID_STORE', `${what} "${storePath}" names a directory, not a file`);
  }
  const full = join(root, ...segments);
  if (Buffer.byteLength(full) > MAX_PATH_BYTES) {
    throw new StoreError(
      'PATH_ESCAPE',
      `${what} is longer than ${MAX_PATH_BYTES} bytes under the root`,
    );
  }
  if (!isInside(root, full)) {
    // Unreachable after the checks above; kept so a future change cannot silently escape.
    throw new StoreError('PATH_ESCAPE', `${what} "${storePath}" leaves the agent root`);
  }
  checkExistingComponents(root, segments, what);
  return full;
}

/** lstat every existing component below root; stop at the first one that does not exist yet. */
function checkExistingComponents(root: string, segments: readonly string[], what: string): void {
  let current = root;
  for (const [index, segment] of segments.entries()) {
    current = join(current, segment);
    const shown = `/${segments.slice(0, index + 1).join('/')}`;
    let stats: Stats;
    try {
      stats = lstatSync(current);
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return;
      if (errnoOf(error) === 'ENOTDIR') {
        throw new StoreError(
          'INVALID_STORE',
          `${what}: a component above ${shown} is not a directory`,
        );
      }
      throw ioError(`${what}: cannot inspect ${shown}`, error);
    }
    if (stats.isSymbolicLink()) {
      throw new StoreError(
        'PATH_ESCAPE',
        `${what}: ${shown} is a symbolic link; the agent follows none inside its root`,
      );
    }
    const last = index === segments.length - 1;
    if (!last && !stats.isDirectory()) {
      throw new StoreError('INVALID_STORE', `${what}: ${shown} is not a directory`);
    }
    if (last && stats.isDirectory()) {
      throw new StoreError('INVALID_STORE', `${what} ${shown} is a directory, not a PEM file`);
    }
    if (last && !stats.isFile()) {
      throw new StoreError('INVALID_STORE', `${what} ${shown} is not a regular file`);
    }
  }
}

/**
 * Creates the missing directories between root and the file, one level at a time (0755),
 * checking each existing or just-made level is a real directory and not a link.
 */
export async function ensureParentDirectories(root: string, file: string): Promise<void> {
  const parent = dirname(file);
  if (!isInside(root, parent) && parent !== root) {
    throw new StoreError('PATH_ESCAPE', 'refusing to create directories outside the agent root');
  }
  let current = root;
  for (const segment of relative(root, parent).split(sep).filter(Boolean)) {
    current = join(current, segment);
    let created = false;
    try {
      await mkdir(current, { mode: NEW_DIRECTORY_MODE });
      created = true;
    } catch (error) {
      if (errnoOf(error) !== 'EEXIST') throw ioError(`cannot create directory ${current}`, error);
    }
    let stats: Stats;
    try {
      stats = await lstat(current);
    } catch (error) {
      throw ioError(`cannot inspect ${current}`, error);
    }
    if (stats.isSymbolicLink()) {
      throw new StoreError('PATH_ESCAPE', `${current} is a symbolic link; the agent follows none`);
    }
    if (!stats.isDirectory()) {
      throw new StoreError('INVALID_STORE', `${current} is not a directory`);
    }
    // Exactly 0755 whatever the agent's umask, like the files' modes: a service user must be
    // able to reach the certificate. Directories that already existed keep their mode.
    if (created) {
      await chmod(current, NEW_DIRECTORY_MODE).catch((error: unknown) => {
        throw ioError(`cannot set the mode of ${current}`, error);
      });
    }
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
