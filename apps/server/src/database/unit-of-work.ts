import { Injectable } from '@nestjs/common';
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
  private tail: Promise<unknown> = Promise.resolve();
  private readonly serialize: boolean;

  constructor(private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type === 'better-sqlite3';
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.serialize) return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    // The queue moves on whether this unit commits or rolls back.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
