import { jobWhen } from './job-times';

const NOW = new Date('2026-12-04T22:02:00Z');
const queued = {
  status: 'Pending' as const,
  createdAt: '2026-12-04T22:01:30Z',
  scheduledFor: '2026-12-04T22:01:30Z',
  claimedAt: null,
  completedAt: null,
};

describe('when a job happened', () => {
  it('says when it finished, or was claimed, or was queued', () => {
    expect(
      jobWhen(
        {
          ...queued,
          status: 'Succeeded',
          claimedAt: '2026-12-04T21:58:00Z',
          completedAt: '2026-12-04T21:59:00Z',
        },
        NOW,
      ),
    ).toEqual({ at: '2026-12-04T21:59:00Z', words: '3 minutes ago' });
    expect(
      jobWhen({ ...queued, status: 'InProcess', claimedAt: '2026-12-04T21:57:00Z' }, NOW).words,
    ).toBe('5 minutes ago');
    expect(jobWhen(queued, NOW).words).toBe('just now');
  });

  it('says a job scheduled for later is due then', () => {
    expect(jobWhen({ ...queued, scheduledFor: '2026-12-04T23:02:00Z' }, NOW)).toEqual({
      at: '2026-12-04T23:02:00Z',
      words: 'due in 1 hour',
    });
  });
});
