import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/config';
import { NotificationEntity } from './notification.entity';

export type NewNotification = Pick<
  NotificationEntity,
  'runId' | 'alertId' | 'recipient' | 'subject' | 'message' | 'certificateIds'
>;

/** Attempts per message, the first included. */
export const WEBHOOK_ATTEMPTS = 4;
const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * The notification outbox and its optional webhook. Messages are written with the run; delivery
 * happens afterwards in the background, with retries, and whatever it meets (a dead receiver, a
 * 500) is recorded on the row and never fails the run.
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NotificationsService.name);
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private stopped = false;

  constructor(
    @InjectRepository(NotificationEntity)
    private readonly outbox: Repository<NotificationEntity>,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Writes the messages inside the caller's transaction; returns their ids for `dispatch`. */
  async record(manager: EntityManager, messages: readonly NewNotification[]): Promise<number[]> {
    if (messages.length === 0) return [];
    const repository = manager.getRepository(NotificationEntity);
    const saved = await repository.save(
      messages.map((message) =>
        repository.create({
          ...message,
          createdAt: this.clock.now(),
          deliveryStatus: this.config.alertWebhookUrl ? 'pending' : 'none',
          attempts: 0,
          lastError: null,
          deliveredAt: null,
        }),
      ),
    );
    return saved.map((row) => row.id);
  }

  /** Newest first. */
  async list(page: number, limit: number): Promise<{ total: number; items: NotificationEntity[] }> {
    const [items, total] = await this.outbox.findAndCount({
      order: { id: 'DESC' },
      skip: (page - 1) * limit,
      take: limit,
    });
    return { total, items };
  }

  /** Starts delivering committed messages; returns at once. */
  dispatch(ids: readonly number[]): void {
    if (!this.config.alertWebhookUrl || ids.length === 0 || this.stopped) return;
    for (const id of ids) this.attempt(id);
  }

  /** Messages a previous process left undelivered are picked up again. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.alertWebhookUrl) return;
    const pending = await this.outbox.find({
      select: { id: true },
      where: { deliveryStatus: 'pending' },
    });
    this.dispatch(pending.map((row) => row.id));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private attempt(id: number): void {
    const work = this.deliver(id).catch((error: unknown) => {
      this.logger.error(
        `notification ${id}: delivery bookkeeping failed`,
        error instanceof Error ? error.stack : String(error),
      );
    });
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async deliver(id: number): Promise<void> {
    const url = this.config.alertWebhookUrl;
    const row = await this.outbox.findOneBy({ id, deliveryStatus: 'pending' });
    if (!url || !row || this.stopped) return;
    const attempts = row.attempts + 1;
    let failure: string | undefined;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'certlab-alerts' },
        body: JSON.stringify(webhookBody(row)),
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]),
      });
      // The body is not read: the status is the receiver's whole answer.
      await response.body?.cancel();
      if (!response.ok) failure = `HTTP ${response.status} ${response.statusText}`.trim();
    } catch (error) {
      if (this.stopped) return;
      failure = error instanceof Error ? describeFetchError(error) : String(error);
    }
    if (this.stopped) return;
    if (failure === undefined) {
      await this.outbox.update(
        { id },
        { deliveryStatus: 'delivered', attempts, lastError: null, deliveredAt: this.clock.now() },
      );
      return;
    }
    const final = attempts >= WEBHOOK_ATTEMPTS;
    await this.outbox.update(
      { id },
      { deliveryStatus: final ? 'failed' : 'pending', attempts, lastError: failure },
    );
    if (final) {
      this.logger.warn(
        `notification ${id}: webhook gave up after ${attempts} attempts: ${failure}`,
      );
      return;
    }
    // Real time, not the lab clock: the receiver lives in the real world.
    const delay = this.config.alertWebhookRetryMs * 4 ** (attempts - 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.attempt(id);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}

/** What the receiver gets: the message as the outbox holds it. */
export function webhookBody(row: NotificationEntity): Record<string, unknown> {
  return {
    id: row.id,
    alertId: row.alertId,
    runId: row.runId,
    recipient: row.recipient,
    subject: row.subject,
    message: row.message,
    certificateIds: row.certificateIds,
    createdAt: row.createdAt.toISOString(),
  };
}

/** fetch's "fetch failed" hides the reason (ECONNREFUSED, …) in `cause`. */
function describeFetchError(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
