import { bucketExpiries, chooseGranularity } from './expiry-buckets';

describe('expiry buckets', () => {
  it('uses weeks for a short span and months for a long one', () => {
    expect(chooseGranularity('2027-01-01', '2027-06-01')).toBe('week');
    expect(chooseGranularity('2027-01-01', '2027-12-31')).toBe('month');
  });

  it('groups days into Monday-based UTC weeks, with empty weeks in between', () => {
    const { granularity, buckets } = bucketExpiries(
      [
        { day: '2027-03-03', count: 2 }, // Wednesday
        { day: '2027-03-07', count: 1 }, // Sunday, same week
        { day: '2027-03-22', count: 4 },
      ],
      new Date('2027-03-01T12:00:00Z'), // a Monday
    );
    expect(granularity).toBe('week');
    expect(buckets.map((bucket) => [bucket.start, bucket.count])).toEqual([
      ['2027-03-01', 3],
      ['2027-03-08', 0],
      ['2027-03-15', 0],
      ['2027-03-22', 4],
    ]);
    expect(buckets[0]).toMatchObject({ containsNow: true, past: false, label: 'Mar 1, 2027' });
  });

  it('counts by month over a long span and keeps every certificate', () => {
    const days = [
      { day: '2027-01-15', count: 5 },
      { day: '2027-01-31', count: 1 },
      { day: '2027-12-01', count: 7 },
      { day: '2028-02-29', count: 2 },
    ];
    const { granularity, buckets } = bucketExpiries(days, new Date('2027-01-10T00:00:00Z'));
    expect(granularity).toBe('month');
    expect(buckets).toHaveLength(14);
    expect(buckets[0]).toMatchObject({
      start: '2027-01-01',
      end: '2027-02-01',
      count: 6,
      label: 'Jan 2027',
    });
    expect(buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(15);
  });

  it('reaches back to now when everything expires later, and marks past buckets', () => {
    const { buckets } = bucketExpiries(
      [{ day: '2027-01-20', count: 1 }],
      new Date('2027-02-10T00:00:00Z'),
    );
    // The range runs from the expiry to now, so the now marker has its bucket.
    expect(buckets[0]).toMatchObject({ start: '2027-01-18', past: true, count: 1 });
    expect(buckets[buckets.length - 1]).toMatchObject({ containsNow: true });
  });

  it('is empty without expiries', () => {
    expect(bucketExpiries([], new Date()).buckets).toEqual([]);
  });

  it('can be forced to a granularity', () => {
    const { buckets } = bucketExpiries(
      [{ day: '2027-01-20', count: 1 }],
      new Date('2027-01-20T00:00:00Z'),
      'month',
    );
    expect(buckets).toHaveLength(1);
  });
});

describe('expired and upcoming', () => {
  it('splits the bucket that holds now by day: what expired before today and what is to come', () => {
    const { buckets } = bucketExpiries(
      [
        { day: '2026-12-24', count: 4 },
        { day: '2027-02-01', count: 1 }, // the day before now
        { day: '2027-02-02', count: 2 }, // today: not expired yet
        { day: '2027-02-20', count: 3 },
      ],
      new Date('2027-02-02T21:34:00Z'),
      'month',
    );
    const february = buckets.find((bucket) => bucket.containsNow);
    expect(february).toMatchObject({ label: 'Feb 2027', count: 6, expired: 1, upcoming: 5 });
    expect(buckets[0]).toMatchObject({ label: 'Dec 2026', count: 4, expired: 4, upcoming: 0 });
    const expired = buckets.reduce((sum, bucket) => sum + bucket.expired, 0);
    expect(expired).toBe(5);
  });
});

describe('long spans', () => {
  it('draws three years month by month and collects the rest, keeping every certificate', () => {
    const days = [
      { day: '2020-06-01', count: 2 }, // long expired
      { day: '2027-02-10', count: 3 },
      { day: '2027-08-01', count: 6 },
      { day: '2036-12-01', count: 1 }, // a CA certificate
      { day: '2046-11-29', count: 1 },
    ];
    const { granularity, buckets } = bucketExpiries(days, new Date('2027-02-02T20:00:00Z'));
    expect(granularity).toBe('month');
    const first = buckets[0]!;
    const last = buckets[buckets.length - 1]!;
    expect(first).toMatchObject({
      overflow: 'earlier',
      label: 'Before Feb 2026',
      count: 2,
      past: true,
    });
    expect(last).toMatchObject({ overflow: 'later', label: 'After Jan 2029', count: 2 });
    const monthly = buckets.filter((bucket) => !bucket.overflow);
    expect(monthly).toHaveLength(36);
    expect(monthly[0]?.start).toBe('2026-02-01');
    expect(buckets.find((bucket) => bucket.containsNow)?.label).toBe('Feb 2027');
    expect(buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(13);
  });
});
