import { buildRenewalTimeline, type TimelineFacts } from './renewal-timeline';

const AT = new Date('2027-01-01T00:00:00.000Z');
const later = (ms: number) => new Date(AT.getTime() + ms);
const job = (id: string) => ({
  id,
  storeId: `store-${id}`,
  clientMachine: `machine-${id}`,
  storePath: `/etc/${id}.pem`,
  alias: id,
});

function facts(times: { claimA: Date; claimB: Date; doneA: Date }): TimelineFacts {
  return {
    request: {
      id: 5,
      requester: 'enroller',
      submittedAt: AT,
      status: 'ISSUED',
      resolvedAt: AT,
      resolvedBy: 'enroller',
      comment: null,
    },
    issued: { id: 20, thumbprint: 'T', serialNumber: '0A', createdAt: AT, issuer: 'CN=CA' },
    jobs: [
      {
        job: job('a'),
        createdAt: AT,
        requestedBy: 'enroller',
        claimedAt: times.claimA,
        claimedOn: 'machine-a',
        attempts: 2,
        status: 'Succeeded',
        completion: {
          at: times.doneA,
          actor: 'agent machine-a',
          outcome: 'Succeeded',
          message: 'ok',
        },
      },
      {
        job: job('b'),
        createdAt: AT,
        requestedBy: 'enroller',
        claimedAt: times.claimB,
        claimedOn: 'machine-b',
        attempts: 1,
        status: 'InProcess',
      },
    ],
    oldRevocation: {
      certificateId: 7,
      at: times.doneA,
      actor: 'admin',
      reason: 'superseded',
      effectiveDate: times.doneA,
    },
  };
}

describe('buildRenewalTimeline', () => {
  it('orders by time first', () => {
    const steps = buildRenewalTimeline(
      facts({ claimA: later(3000), claimB: later(1000), doneA: later(5000) }),
    );

    expect(steps.map((step) => `${step.step}${step.job ? `:${step.job.id}` : ''}`)).toEqual([
      'requested',
      'issued',
      'job-queued:a',
      'job-queued:b',
      'job-claimed:b',
      'job-claimed:a',
      'job-completed:a',
      'old-certificate-revoked',
    ]);
    expect(steps.find((step) => step.step === 'job-claimed')?.summary).not.toContain('attempt');
    expect(
      steps.find((step) => step.job?.id === 'a' && step.step === 'job-claimed')?.summary,
    ).toContain('attempt 2');
  });

  it('keeps the logical order when a frozen lab clock gives every step the same instant', () => {
    const steps = buildRenewalTimeline(facts({ claimA: AT, claimB: AT, doneA: AT }));

    expect(steps.map((step) => `${step.step}${step.job ? `:${step.job.id}` : ''}`)).toEqual([
      'requested',
      'issued',
      'job-queued:a',
      'job-queued:b',
      'job-claimed:a',
      'job-claimed:b',
      'job-completed:a',
      'old-certificate-revoked',
    ]);
  });

  it('names a failure a failure', () => {
    const input = facts({ claimA: AT, claimB: AT, doneA: later(1) });
    input.jobs[0]!.completion = {
      at: later(1),
      actor: 'system',
      outcome: 'Failed',
      message: 'No agent completed the job',
    };

    const failed = buildRenewalTimeline(input).find((step) => step.step === 'job-completed');

    expect(failed).toMatchObject({ outcome: 'Failed', actor: 'system' });
    expect(failed?.summary).toMatch(/failed: No agent completed the job/);
  });
});
