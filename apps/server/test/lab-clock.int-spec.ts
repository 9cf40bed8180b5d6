import { DataSource } from 'typeorm';
import { ENTITIES } from '../src/database/entities';
import { MIGRATIONS } from '../src/database/migrations';
import { UnitOfWork } from '../src/database/unit-of-work';
import { AuditEventEntity } from '../src/modules/audit/audit-event.entity';
import { LiveEvents } from '../src/modules/live-events/live-events.service';
import { AuditService } from '../src/modules/audit/audit.service';
import { LabClockEntity } from '../src/modules/lab-clock/lab-clock.entity';
import { LabClockService, loadLabClock } from '../src/modules/lab-clock/lab-clock.service';
import { testDatabases } from './support/test-databases';

/**
 * The lab clock's state on a real database, SQLite and (when CERTLAB_TEST_POSTGRES_URL is set)
 * PostgreSQL: what one process stores, the next one loads, to the millisecond.
 */
const REAL = Date.parse('2026-12-01T08:00:00.250Z');
const admin = { username: 'admin', role: 'admin' as const };

const databases = testDatabases('lab-clock');

describe.each(databases)('the lab clock on %s', (_name, open) => {
  let dataSource: DataSource;
  let cleanup: () => Promise<void>;
  let real = REAL;

  beforeAll(async () => {
    const database = await open();
    cleanup = database.cleanup;
    dataSource = new DataSource({
      ...database.options,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      migrationsRun: true,
    });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await cleanup();
  });

  /** A fresh process: the clock as it loads from the table, and a service to move it. */
  async function boot() {
    const clock = await loadLabClock(dataSource.getRepository(LabClockEntity), () => real);
    const unitOfWork = new UnitOfWork(dataSource);
    const events = new LiveEvents(unitOfWork);
    const service = new LabClockService(clock, unitOfWork, new AuditService(clock, events), events);
    return { clock, service };
  }

  it('reads real time while the table is empty', async () => {
    const { clock, service } = await boot();
    expect(clock.isVirtual()).toBe(false);
    expect(service.view()).toMatchObject({ mode: 'system', now: '2026-12-01T08:00:00.250Z' });
  });

  it('stores an offset that the next process loads to the millisecond, still running', async () => {
    const first = await boot();
    await first.service.change({ kind: 'advance', milliseconds: 60 * 86_400_000 + 7 }, admin);

    real += 1_000;
    const second = await boot();
    expect(second.service.view()).toMatchObject({
      mode: 'offset',
      offsetSeconds: 5_184_000.007,
      now: '2027-01-30T08:00:01.257Z',
    });
    const [event] = await dataSource
      .getRepository(AuditEventEntity)
      .find({ where: { subjectType: 'clock' }, order: { id: 'DESC' }, take: 1 });
    expect(event).toMatchObject({ action: 'clock.advanced', actor: 'admin' });
    expect(event?.at.toISOString()).toBe('2026-12-01T08:00:00.250Z');
  });

  it('stores a frozen instant, and real time again after a reset', async () => {
    const first = await boot();
    await first.service.change({ kind: 'freeze' }, admin);
    real += 60_000;
    expect((await boot()).clock.now().toISOString()).toBe('2027-01-30T08:00:01.257Z');

    await (await boot()).service.change({ kind: 'reset' }, admin);
    const after = await boot();
    expect(after.clock.isVirtual()).toBe(false);
    expect(after.clock.now().getTime()).toBe(real);
    const rows = await dataSource.getRepository(LabClockEntity).find();
    expect(rows).toEqual([
      { id: 1, mode: 'system', virtualAt: null, realAt: null, changedBy: 'admin' },
    ]);
  });
});
