import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { errnoOf, ioError, StoreError } from './store.errors';

/**
 * The file writer consul-template taught everyone (house style): a temp file in the target's own
 * directory (so the rename never crosses file systems), written, fsynced, given its final mode
 * and owner BEFORE the rename (so no moment exists where the name points at a file with wider
 * permissions), renamed over the target (atomic on POSIX: readers see the old file or the new
 * one, never a mix), then the directory fsynced so the rename itself survives a power cut.
 *
 * Hand-written rather than `write-file-atomic` because that package resolves symlinks at the
 * target (the opposite of what a store inside a jail wants), opens its temp file without O_EXCL
 * or O_NOFOLLOW, does not fsync the directory, and its current majors need Node 22.
 */

const TEMP_MARKER = '.certlab-tmp-';

export interface FileSnapshot {
  content: Buffer;
  /** Permission bits only. */
  mode: number;
  uid: number;
  gid: number;
}

export interface WriteOptions {
  /** Exact permission bits of the new file (umask does not apply). */
  mode: number;
  /** Owner to keep (the replaced file's); applied when the agent may (root), silently kept otherwise. */
  owner?: { uid: number; gid: number };
}

/**
 * Reads a regular file without following a symbolic link at its last component (the components
 * above were checked by resolveStorePaths). Returns null when the file does not exist.
 */
export async function readRegularFile(
  path: string,
  maxBytes: number,
  what: string,
): Promise<FileSnapshot | null> {
  let handle;
  try {
    // O_NONBLOCK so that a FIFO planted at the path cannot hang the agent on open.
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null;
    if (errnoOf(error) === 'ELOOP') {
      throw new StoreError('PATH_ESCAPE', `${what} is a symbolic link; the agent follows none`);
    }
    throw ioError(`cannot open ${what}`, error);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      throw new StoreError('INVALID_STORE', `${what} is a directory, not a PEM file`);
    }
    if (!stats.isFile()) throw new StoreError('INVALID_STORE', `${what} is not a regular file`);
    if (stats.size > maxBytes) {
      throw new StoreError(
        'INVALID_STORE',
        `${what} is ${stats.size} bytes; a PEM store is refused above ${maxBytes}`,
      );
    }
    const content = await handle.readFile();
    if (content.length > maxBytes) {
      throw new StoreError('INVALID_STORE', `${what} grew past ${maxBytes} bytes while read`);
    }
    return { content, mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid };
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw ioError(`cannot read ${what}`, error);
  } finally {
    await handle.close();
  }
}

/** Atomically replaces (or creates) `path` with `content`; see the module comment. */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: WriteOptions,
): Promise<void> {
  const directory = dirname(path);
  const temp = join(
    directory,
    `${tempPrefix(path)}${process.pid}-${randomBytes(6).toString('hex')}`,
  );
  // O_EXCL + O_NOFOLLOW: never reuse or follow something already at the temp name. The initial
  // mode is the final one (narrowed further by umask), so even the temp file is never wider.
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  let handle;
  try {
    handle = await open(temp, flags, options.mode);
  } catch (error) {
    throw ioError(`cannot create a temporary file beside ${path}`, error);
  }
  let renamed = false;
  try {
    if (options.owner) {
      await handle.chown(options.owner.uid, options.owner.gid).catch((error: unknown) => {
        // Only root may give a file away; an unprivileged agent keeps its own ownership.
        if (errnoOf(error) !== 'EPERM' && errnoOf(error) !== 'EINVAL') throw error;
      });
    }
    await handle.chmod(options.mode); // after chown, which may clear set-id bits
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
    renamed = true;
  } catch (error) {
    throw ioError(`cannot write ${path}`, error);
  } finally {
    await handle?.close().catch(() => undefined);
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
  await fsyncDirectory(directory);
}

/** Renames a file (e.g. to its `.bak`) and makes the rename durable. */
export async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    throw ioError(`cannot move ${from} to ${to}`, error);
  }
  await fsyncDirectory(dirname(to));
}

/** Deletes a file if it exists and makes the deletion durable. */
export async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return;
    throw ioError(`cannot delete ${path}`, error);
  }
  await fsyncDirectory(dirname(path));
}

/**
 * A crash (SIGKILL, power cut) between creating the temp file and the rename leaves the target
 * untouched and an orphaned temp file beside it. The next write to that target removes such
 * orphans; only names this writer makes for this very target are touched.
 */
export async function removeStaleTempFiles(path: string): Promise<void> {
  const prefix = tempPrefix(path);
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return;
    throw ioError(`cannot list ${dirname(path)}`, error);
  }
  for (const name of names.filter((entry) => entry.startsWith(prefix))) {
    await unlink(join(dirname(path), name)).catch(() => undefined);
  }
}

async function fsyncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, constants.O_RDONLY | constants.O_DIRECTORY);
    await handle.sync();
  } catch (error) {
    // Some file systems cannot fsync a directory (EINVAL); the rename is still atomic there.
    if (errnoOf(error) !== 'EINVAL') throw ioError(`cannot sync directory ${directory}`, error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function tempPrefix(path: string): string {
  return `.${basename(path)}${TEMP_MARKER}`;
}

const lockTails = new Map<string, Promise<void>>();

/**
 * Runs `action` holding an in-process lock on every path. The agent may run several jobs at once
 * and two jobs (two PemStore instances) may target the same store: without the lock their
 * read-check-write sequences interleave (both see "no entry" and both write, or A's key lands
 * beside B's certificate). Each write is atomic on its own; the lock makes the whole sequence,
 * key file and store file together, happen one job after the other.
 *
 * Every path is queued for synchronously, at call time, so waiters are served strictly in call
 * order and cannot deadlock (each waits only on earlier calls). Other processes are not covered:
 * one agent owns one root.
 */
export async function withFileLocks<T>(
  paths: readonly string[],
  action: () => Promise<T>,
): Promise<T> {
  const turns: Promise<void>[] = [];
  const releases: (() => void)[] = [];
  for (const path of new Set(paths)) {
    const previous = lockTails.get(path) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => held);
    lockTails.set(path, tail);
    turns.push(previous);
    releases.push(() => {
      release();
      if (lockTails.get(path) === tail) lockTails.delete(path);
    });
  }
  try {
    await Promise.all(turns);
    return await action();
  } finally {
    for (const release of releases) release();
  }
}
