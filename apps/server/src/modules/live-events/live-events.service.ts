import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { type LabClockView, type LiveEvent } from '@certlab/contracts';
import { UnitOfWork } from '../../database/unit-of-work';

/** What a module announces; ids it does not know are left out. */
export type LiveEventInput =
  | {
      type: 'jobs';
      jobIds?: readonly string[];
      storeIds?: readonly string[];
      certificateIds?: readonly (number | null)[];
      requestIds?: readonly (number | null)[];
    }
  | { type: 'certificates'; ids: readonly number[] }
  | { type: 'requests'; ids: readonly number[] }
  | { type: 'campaign'; ids: readonly number[] }
  | { type: 'clock'; clock: LabClockView }
  | { type: 'alerts'; ids?: readonly number[]; runIds?: readonly number[] }
  | { type: 'agents'; ids: readonly string[] }
  | { type: 'audit' };

export type LiveEventListener = (event: LiveEvent) => void;

/** A subscriber: a listener, and what to do when the console session it belongs to ends. */
interface Subscription {
  listener: LiveEventListener;
  /** The console session the subscriber signed in with; none for Basic credentials. */
  session?: string;
  onSessionEnd?: () => void;
}

/** Changes gathered for this long go out as one event per kind (docs/console.md, "Live updates"). */
export const FLUSH_MS = 100;
/** More ids than this in one flush: one event without ids ("refetch everything of this kind"). */
export const MAX_IDS_PER_EVENT = 50;

type IdSet<T> = { ids: Set<T>; many: boolean };

/** One flush window's worth of changes, merged per kind. */
class Pending {
  readonly jobs = {
    jobs: newSet<string>(),
    stores: newSet<string>(),
    certificates: newSet<number>(),
    requests: newSet<number>(),
    touched: false,
  };
  readonly certificates = { ...newSet<number>(), touched: false };
  readonly requests = { ...newSet<number>(), touched: false };
  readonly campaign = { ...newSet<number>(), touched: false };
  readonly alerts = { alerts: newSet<number>(), runs: newSet<number>(), touched: false };
  readonly agents = { ...newSet<string>(), touched: false };
  clock: LabClockView | undefined;
  audit = false;

  add(event: LiveEventInput): void {
    switch (event.type) {
      case 'jobs':
        this.jobs.touched = true;
        addAll(this.jobs.jobs, event.jobIds);
        addAll(this.jobs.stores, event.storeIds);
        addAll(this.jobs.certificates, event.certificateIds);
        addAll(this.jobs.requests, event.requestIds);
        return;
      case 'certificates':
      case 'requests':
      case 'campaign':
        this[event.type].touched = true;
        addAll(this[event.type], event.ids);
        return;
      case 'agents':
        this.agents.touched = true;
        addAll(this.agents, event.ids);
        return;
      case 'alerts':
        this.alerts.touched = true;
        addAll(this.alerts.alerts, event.ids);
        addAll(this.alerts.runs, event.runIds);
        return;
      case 'clock':
        this.clock = event.clock;
        return;
      case 'audit':
        this.audit = true;
        return;
    }
  }

  events(): LiveEvent[] {
    const events: LiveEvent[] = [];
    if (this.clock) events.push({ type: 'clock', clock: this.clock });
    if (this.jobs.touched) {
      const many = [
        this.jobs.jobs,
        this.jobs.stores,
        this.jobs.certificates,
        this.jobs.requests,
      ].some((set) => set.many);
      events.push({
        type: 'jobs',
        many,
        ids: many ? [] : [...this.jobs.jobs.ids],
        storeIds: many ? [] : [...this.jobs.stores.ids],
        certificateIds: many ? [] : [...this.jobs.certificates.ids],
        requestIds: many ? [] : [...this.jobs.requests.ids],
      });
    }
    for (const type of ['certificates', 'requests', 'campaign'] as const) {
      const set = this[type];
      if (set.touched) events.push({ type, many: set.many, ids: set.many ? [] : [...set.ids] });
    }
    if (this.alerts.touched) {
      const many = this.alerts.alerts.many || this.alerts.runs.many;
      events.push({
        type: 'alerts',
        many,
        ids: many ? [] : [...this.alerts.alerts.ids],
        runIds: many ? [] : [...this.alerts.runs.ids],
      });
    }
    if (this.agents.touched) {
      events.push({
        type: 'agents',
        many: this.agents.many,
        ids: this.agents.many ? [] : [...this.agents.ids],
      });
    }
    if (this.audit) events.push({ type: 'audit' });
    return events;
  }
}

function newSet<T>(): IdSet<T> {
  return { ids: new Set<T>(), many: false };
}

function addAll<T>(set: IdSet<T>, values: readonly (T | null)[] | undefined): void {
  if (!values || set.many) return;
  for (const value of values) {
    if (value === null) continue;
    set.ids.add(value);
    if (set.ids.size > MAX_IDS_PER_EVENT) {
      set.many = true;
      set.ids.clear();
      return;
    }
  }
}

/**
 * The process's announcements of what changed, for the console's live view (`GET /api/events`).
 * Modules publish after their changes committed; listeners get merged events every 100 ms.
 * Hints only: a listener refetches what it shows, so a lost event costs freshness, not truth.
 */
@Injectable()
export class LiveEvents implements OnModuleDestroy {
  private readonly logger = new Logger(LiveEvents.name);
  private readonly subscriptions = new Set<Subscription>();
  private pending: Pending | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** Something changed and is committed. */
  publish(event: LiveEventInput): void {
    if (this.subscriptions.size === 0) return;
    (this.pending ??= new Pending()).add(event);
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** Something changes in the unit `manager` belongs to: announced only if it commits. */
  publishOnCommit(manager: EntityManager, event: LiveEventInput): void {
    // Nobody listening (no console open, a benchmark): not even a callback per unit.
    if (this.subscriptions.size === 0) return;
    this.unitOfWork.afterCommit(manager, () => this.publish(event));
  }

  /** Returns the unsubscribe function. */
  subscribe(
    listener: LiveEventListener,
    options: { session?: string; onSessionEnd?: () => void } = {},
  ): () => void {
    const subscription: Subscription = { listener, ...options };
    this.subscriptions.add(subscription);
    return () => this.subscriptions.delete(subscription);
  }

  /** A console session ended (signed out): its subscribers hear nothing more. */
  endSession(session: string): void {
    for (const subscription of [...this.subscriptions]) {
      if (subscription.session !== session) continue;
      this.subscriptions.delete(subscription);
      subscription.onSessionEnd?.();
    }
  }

  get subscriberCount(): number {
    return this.subscriptions.size;
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private flush(): void {
    const pending = this.pending;
    this.pending = undefined;
    this.timer = undefined;
    if (!pending) return;
    for (const event of pending.events()) {
      for (const { listener } of this.subscriptions) {
        try {
          listener(event);
        } catch (error) {
          this.logger.error(
            'a live-event listener failed',
            error instanceof Error ? error.stack : error,
          );
        }
      }
    }
  }
}
