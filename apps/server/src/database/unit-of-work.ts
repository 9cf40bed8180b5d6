import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs a use case's writes in one transaction: all of them commit or none does.
 *
 * better-sqlite3 gives TypeORM a single connection, and two transactions cannot be open on one
 * connection at once, so on SQLite units run one after another through an in-process queue.
 * Callers do slow work (key generation, signing) before calling `run`, so the queue only ever
 * holds short bursts of inserts. PostgreSQL units run concurrently on pooled connections.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialize: boolean;
  /** Callbacks waiting for the commit of the unit whose manager registered them. */
  private readonly committed = new WeakMap<EntityManager, (() => void)[]>();

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const unit = () => this.transaction(work);
    if (!this.serialize) return unit();
    const result = this.tail.then(unit);
    // The queue moves on whether this unit commits or rolls back.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs `callback` once the unit that `manager` belongs to has committed, and never if it rolls
   * back: how a use case tells others what it changed without announcing what may not happen.
   * Outside a unit (the data source's own manager) there is nothing to wait for.
   */
  afterCommit(manager: EntityManager, callback: () => void): void {
    const waiting = this.committed.get(manager);
    if (waiting) waiting.push(callback);
    else callback();
  }

  private async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    let unitManager: EntityManager | undefined;
    const result = await this.dataSource.transaction((manager) => {
      unitManager = manager;
      this.committed.set(manager, []);
      return work(manager);
    });
    const callbacks = unitManager ? (this.committed.get(unitManager) ?? []) : [];
    if (unitManager) this.committed.delete(unitManager);
    for (const callback of callbacks) {
      // The unit committed: a failing listener must not turn that into an error for the caller.
      try {
        callback();
      } catch (error) {
        this.logger.error(
          'an after-commit callback failed',
          error instanceof Error ? error.stack : error,
        );
      }
    }
    return result;
  }
}
