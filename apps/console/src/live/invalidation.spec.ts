import { queryKeys } from '../api/keys';
import { InvalidationCoalescer, type Timers } from './coalescer';
import { keyStartsWith, staleKeysFor, withoutCovered } from './invalidation-map';

describe('what each live event makes stale', () => {
  it('jobs: job lists, dashboard, machines, the stores and certificate pages named, campaigns', () => {
    const keys = staleKeysFor({
      type: 'jobs',
      ids: ['j1'],
      many: false,
      storeIds: ['s1'],
      certificateIds: [7],
      requestIds: [3],
    });
    expect(keys).toEqual(
      expect.arrayContaining([
        queryKeys.jobs,
        queryKeys.dashboard,
        queryKeys.machines,
        queryKeys.store('s1'),
        queryKeys.certificate(7),
        queryKeys.timeline(7),
        queryKeys.campaignArea,
      ]),
    );
    expect(keys).not.toContainEqual(queryKeys.stores);
  });

  it('a burst without ids makes the whole area stale', () => {
    const keys = staleKeysFor({
      type: 'jobs',
      ids: [],
      many: true,
      storeIds: [],
      certificateIds: [],
      requestIds: [],
    });
    expect(keys).toEqual(expect.arrayContaining([queryKeys.stores, queryKeys.certificateDetails]));
  });

  it('certificates: lists, the details named and the dashboard, not other details', () => {
    const keys = staleKeysFor({ type: 'certificates', ids: [8], many: false });
    expect(keys).toEqual(
      expect.arrayContaining([
        queryKeys.certificateLists,
        queryKeys.certificate(8),
        queryKeys.dashboard,
      ]),
    );
    expect(keys).not.toContainEqual(queryKeys.certificateDetails);
  });

  it('campaign: that campaign and the list', () => {
    expect(staleKeysFor({ type: 'campaign', ids: [4], many: false })).toEqual([
      queryKeys.campaigns,
      queryKeys.campaign(4),
    ]);
  });

  it('clock: whatever is measured on it', () => {
    const keys = staleKeysFor({
      type: 'clock',
      clock: { now: '', realNow: '', virtual: true, mode: 'offset' },
    });
    expect(keys).toEqual(expect.arrayContaining([queryKeys.dashboard, queryKeys.certificateLists]));
  });

  it.each([
    ['requests', queryKeys.requests],
    ['alerts', queryKeys.notifications],
    ['agents', queryKeys.machines],
  ] as const)('%s makes %j stale', (type, key) => {
    const event =
      type === 'alerts'
        ? { type, ids: [], many: false, runIds: [] }
        : type === 'agents'
          ? { type, ids: [], many: false }
          : { type, ids: [], many: false };
    expect(staleKeysFor(event)).toContainEqual(key);
  });

  it('audit: the trail', () => {
    expect(staleKeysFor({ type: 'audit' })).toContainEqual(queryKeys.auditLists);
  });
});

describe('key prefixes', () => {
  it('match element by element', () => {
    expect(keyStartsWith(queryKeys.certificate(7), queryKeys.certificates)).toBe(true);
    expect(keyStartsWith(queryKeys.certificate(7), queryKeys.certificate(70))).toBe(false);
  });

  it('drop keys a broader one covers, and duplicates', () => {
    expect(
      withoutCovered([
        queryKeys.certificate(7),
        queryKeys.certificates,
        queryKeys.jobs,
        queryKeys.jobs,
      ]),
    ).toEqual([queryKeys.certificates, queryKeys.jobs]);
  });
});

describe('coalescing', () => {
  function manualTimers(): Timers & { run(): void; pending(): number } {
    const callbacks = new Map<number, () => void>();
    let next = 1;
    return {
      setTimeout(callback) {
        callbacks.set(next, callback);
        return next++;
      },
      clearTimeout(handle) {
        callbacks.delete(handle as number);
      },
      run() {
        const all = [...callbacks.values()];
        callbacks.clear();
        for (const callback of all) callback();
      },
      pending: () => callbacks.size,
    };
  }

  it('hands each key over once per window however many events named it', () => {
    const timers = manualTimers();
    const flushed: unknown[][] = [];
    const coalescer = new InvalidationCoalescer((keys) => flushed.push(keys), 200, timers);
    for (let i = 0; i < 1000; i++) coalescer.add([queryKeys.jobs, queryKeys.certificate(i % 3)]);
    expect(flushed).toEqual([]);
    expect(timers.pending()).toBe(1);
    timers.run();
    expect(flushed).toEqual([
      [
        queryKeys.jobs,
        queryKeys.certificate(0),
        queryKeys.certificate(1),
        queryKeys.certificate(2),
      ],
    ]);
    coalescer.add([queryKeys.jobs]);
    timers.run();
    expect(flushed).toHaveLength(2);
  });

  it('flushes nothing when nothing came, and nothing after dispose', () => {
    const timers = manualTimers();
    const flush = jest.fn();
    const coalescer = new InvalidationCoalescer(flush, 200, timers);
    coalescer.fire();
    coalescer.add([queryKeys.jobs]);
    coalescer.dispose();
    timers.run();
    expect(flush).not.toHaveBeenCalled();
  });

  it('waits the window with real timers', () => {
    jest.useFakeTimers();
    const flush = jest.fn();
    const coalescer = new InvalidationCoalescer(flush);
    coalescer.add([queryKeys.dashboard]);
    jest.advanceTimersByTime(199);
    expect(flush).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(flush).toHaveBeenCalledWith([queryKeys.dashboard]);
    jest.useRealTimers();
  });
});
