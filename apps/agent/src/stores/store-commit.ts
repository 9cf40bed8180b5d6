import { type FileSnapshot, removeFile, writeFileAtomic } from './atomic-file';
import { ensureParentDirectories } from './store-paths';
import { errorMessage, StoreError } from './store.errors';

export const CERTIFICATE_FILE_MODE = 0o644;
/** Any file holding a private key, store file or separate key file, and its backup. */
export const KEY_FILE_MODE = 0o600;

/** One file an Add or Remove changes, with what it held before (null: it did not exist). */
export interface PlannedWrite {
  path: string;
  content: string;
  mode: number;
  previous: FileSnapshot | null;
  /** The previous content held a private key: its backup gets no more than 0600. */
  previousHeldKey: boolean;
}

export function plannedWrite(
  path: string,
  content: string,
  mode: number,
  previous: FileSnapshot | null,
  previousHeldKey: boolean,
): PlannedWrite {
  return { path, content, mode, previous, previousHeldKey };
}

export interface CommitOptions {
  /** The agent root: missing parent directories are created inside it only. */
  root: string;
  /** Keep each replaced file as `<file>.bak`. */
  backup: boolean;
  /** Checks the files as now on disk; throwing undoes the commit. */
  verify: () => Promise<void>;
  /** How messages name the store. */
  name: string;
}

/**
 * Writes the plan in its order (the caller puts the key file before the store file), each file
 * atomically and after its backup, then runs `verify` on what is on disk. A file whose content
 * would not change is skipped, so a re-delivered job neither churns the store nor replaces the
 * one-generation backup with a copy of the current version. A failed write or a failed
 * verification restores every file already replaced, newest first, from the snapshot read
 * before writing (not from the `.bak`, which is for people and may be off). Returns the backups
 * written. After a failed commit the `.bak` files hold the version that was restored.
 */
export async function commitWrites(
  plan: readonly PlannedWrite[],
  options: CommitOptions,
): Promise<string[]> {
  const changes = plan.filter(
    (write) =>
      write.previous === null || !write.previous.content.equals(Buffer.from(write.content)),
  );
  const done: PlannedWrite[] = [];
  const backupFiles: string[] = [];
  try {
    for (const write of changes) {
      await ensureParentDirectories(options.root, write.path);
      if (options.backup && write.previous) {
        const backup = `${write.path}.bak`;
        await writeFileAtomic(backup, write.previous.content, {
          mode: write.previousHeldKey ? write.previous.mode & KEY_FILE_MODE : write.previous.mode,
          owner: write.previous,
        });
        backupFiles.push(backup);
      }
      await writeFileAtomic(write.path, write.content, {
        mode: write.mode,
        ...(write.previous ? { owner: write.previous } : {}),
      });
      done.push(write);
    }
  } catch (error) {
    const restoreFailure = await restoreWrites(done);
    if (restoreFailure === null) throw error;
    throw new StoreError('IO', `${errorMessage(error)}; ${restoreFailure}`, { cause: error });
  }
  try {
    await options.verify();
  } catch (error) {
    const restoreFailure = await restoreWrites(done);
    throw new StoreError(
      'VERIFY_FAILED',
      `${options.name} failed verification after writing (${errorMessage(error)}); ${
        restoreFailure ?? 'the previous version was restored'
      }`,
      { cause: error },
    );
  }
  return backupFiles;
}

/** Undoes replaced files, newest first; returns what could not be undone, or null. */
async function restoreWrites(done: readonly PlannedWrite[]): Promise<string | null> {
  const failures: string[] = [];
  for (const write of [...done].reverse()) {
    try {
      if (write.previous) {
        await writeFileAtomic(write.path, write.previous.content, {
          mode: write.previous.mode,
          owner: write.previous,
        });
      } else {
        await removeFile(write.path);
      }
    } catch (error) {
      failures.push(`restoring ${write.path} failed: ${errorMessage(error)}`);
    }
  }
  return failures.length > 0 ? failures.join('; ') : null;
}
