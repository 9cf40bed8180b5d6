import {
  countOf,
  daysBetween,
  formatOffset,
  formatRelative,
  formatUtc,
  formatUtcDate,
  formatUtcSeconds,
  groupHex,
  lifetimeElapsed,
} from './format';

const NOW = new Date('2027-02-02T14:03:27Z');

describe('formatting times in UTC', () => {
  it('writes dates and times the banner way', () => {
    expect(formatUtc('2027-02-02T14:03:27.123Z')).toBe('2027-02-02 14:03 UTC');
    expect(formatUtcSeconds('2027-02-02T14:03:27.123Z')).toBe('2027-02-02 14:03:27 UTC');
    expect(formatUtcDate('2027-02-02T23:59:59+00:00')).toBe('2027-02-02');
  });

  it('converts offsets to UTC', () => {
    expect(formatUtc('2027-02-02T01:30:00+02:00')).toBe('2027-02-01 23:30 UTC');
  });

  it('says a dash for a date it cannot read', () => {
    expect(formatUtc('not a date')).toBe('—');
  });
});

describe('relative times on the lab clock', () => {
  it.each([
    ['2027-02-14T14:03:27Z', 'in 12 days'],
    ['2027-02-02T11:00:00Z', '3 hours ago'],
    ['2027-02-02T14:04:00Z', 'just now'],
    ['2027-02-02T14:05:27Z', 'in 2 minutes'],
    ['2026-02-02T14:03:27Z', '1 year ago'],
    ['2028-03-03T14:03:27Z', 'in 1 year 30 days'],
    ['2037-02-02T14:03:27Z', 'in 10 years'],
  ])('%s is %s', (value, words) => {
    expect(formatRelative(value, NOW)).toBe(words);
  });
});

describe('lab clock offsets', () => {
  it.each([
    [60 * 86_400, '+60 days'],
    [86_400, '+1 day'],
    [2.5 * 3600, '+2 hours 30 minutes'],
    [-3600, '-1 hour'],
    [60 * 86_400 + 3, '+60 days'],
    [86_400 + 3600, '+1 day 1 hour'],
    [0, '+0 seconds'],
    [59, '+59 seconds'],
  ])('%d seconds is %s', (seconds, words) => {
    expect(formatOffset(seconds)).toBe(words);
  });
});

describe('lifetime', () => {
  const notBefore = '2027-01-01T00:00:00Z';
  const notAfter = '2027-01-11T00:00:00Z';

  it('is the elapsed share of the validity period', () => {
    expect(lifetimeElapsed(notBefore, notAfter, new Date('2027-01-03T12:00:00Z'))).toBeCloseTo(
      0.25,
    );
  });

  it('stays between 0 and 1', () => {
    expect(lifetimeElapsed(notBefore, notAfter, new Date('2026-01-01T00:00:00Z'))).toBe(0);
    expect(lifetimeElapsed(notBefore, notAfter, new Date('2028-01-01T00:00:00Z'))).toBe(1);
  });

  it('counts whole days', () => {
    expect(daysBetween(notBefore, notAfter)).toBe(10);
  });
});

describe('counts and hex', () => {
  it('writes counts with their noun', () => {
    expect(countOf(1, 'certificate')).toBe('1 certificate');
    expect(countOf(10_000, 'certificate')).toBe('10,000 certificates');
    expect(countOf(2, 'batch', 'batches')).toBe('2 batches');
  });

  it('groups hex by four', () => {
    expect(groupHex('846C316BA1')).toBe('846C 316B A1');
  });
});
