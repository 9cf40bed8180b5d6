import {
  RENEWAL_TIMELINE_STEPS,
  type RenewalTimelineJob,
  type RenewalTimelineStep,
} from '@certlab/contracts';

/** What a timeline is built from, loaded by the service; plain data, so this stays pure. */
export interface TimelineFacts {
  request: {
    id: number;
    requester: string;
    submittedAt: Date;
    status: string;
    resolvedAt: Date | null;
    resolvedBy: string | null;
    comment: string | null;
  };
  /** The request's approval or denial, from the audit trail. */
  decision?: { action: 'approved' | 'denied'; at: Date; actor: string };
  issued?: {
    id: number;
    thumbprint: string;
    serialNumber: string;
    createdAt: Date;
    issuer: string;
  };
  jobs: {
    job: RenewalTimelineJob;
    createdAt: Date;
    requestedBy: string;
    claimedAt: Date | null;
    /** The machine of the agent that holds (or held) the latest claim. */
    claimedOn: string | null;
    attempts: number;
    status: string;
    completion?: { at: Date; actor: string; outcome: string; message: string };
  }[];
  /** The renewed certificate's revocation: the audit event when there is one. */
  oldRevocation?: {
    certificateId: number;
    at: Date;
    actor: string;
    reason: string;
    effectiveDate: Date;
    comment?: string;
  };
}

const RANK = new Map(RENEWAL_TIMELINE_STEPS.map((step, index) => [step, index]));

/**
 * The renewal's steps in the order they happened. Times come from the lab clock, which may stand
 * still: steps at the same instant keep their logical order (requested, decided, issued, queued,
 * claimed, completed, revoked), and jobs keep the order they were queued in.
 */
export function buildRenewalTimeline(facts: TimelineFacts): RenewalTimelineStep[] {
  const steps: { step: RenewalTimelineStep; at: number; sequence: number }[] = [];
  const add = (step: RenewalTimelineStep, sequence = 0) =>
    steps.push({ step, at: Date.parse(step.at), sequence });
  const { request } = facts;

  add({
    step: 'requested',
    at: request.submittedAt.toISOString(),
    actor: request.requester,
    summary: `Renewal requested by ${request.requester}.`,
  });
  if (facts.decision) {
    const { action, at, actor } = facts.decision;
    add({
      step: action,
      at: at.toISOString(),
      actor,
      summary:
        action === 'approved'
          ? `Approved by ${actor}.`
          : `Denied by ${actor}${request.comment ? `: ${request.comment}` : '.'}`,
      ...(action === 'denied' && request.comment ? { comment: request.comment } : {}),
    });
  }
  if (facts.issued) {
    const { issued } = facts;
    add({
      step: 'issued',
      at: issued.createdAt.toISOString(),
      actor: facts.decision?.actor ?? request.resolvedBy ?? request.requester,
      summary: `Certificate ${issued.id} issued by ${issued.issuer} (serial ${issued.serialNumber}).`,
      certificateId: issued.id,
    });
  }
  facts.jobs.forEach((delivery, index) => {
    const { job } = delivery;
    const where = `${job.storePath} on ${job.clientMachine}`;
    add(
      {
        step: 'job-queued',
        at: delivery.createdAt.toISOString(),
        actor: delivery.requestedBy,
        summary: `Delivery to ${where} queued.`,
        job,
      },
      index,
    );
    if (delivery.claimedAt) {
      add(
        {
          step: 'job-claimed',
          at: delivery.claimedAt.toISOString(),
          actor: `agent ${delivery.claimedOn ?? job.clientMachine}`,
          summary:
            delivery.attempts > 1
              ? `Claimed by the agent on ${delivery.claimedOn ?? job.clientMachine} (attempt ${delivery.attempts}).`
              : `Claimed by the agent on ${delivery.claimedOn ?? job.clientMachine}.`,
          job,
          attempt: delivery.attempts,
        },
        index,
      );
    }
    if (delivery.completion) {
      const { completion } = delivery;
      const outcome = asOutcome(completion.outcome);
      add(
        {
          step: 'job-completed',
          at: completion.at.toISOString(),
          actor: completion.actor,
          summary:
            outcome === 'Failed'
              ? `Delivery to ${where} failed${completion.message ? `: ${completion.message}` : '.'}`
              : `Written to ${where} and verified by the agent${outcome === 'Warning' ? ', with a warning' : ''}.`,
          job,
          outcome,
          message: completion.message,
        },
        index,
      );
    }
  });
  if (facts.oldRevocation) {
    const revocation = facts.oldRevocation;
    add({
      step: 'old-certificate-revoked',
      at: revocation.at.toISOString(),
      actor: revocation.actor,
      summary: `Old certificate ${revocation.certificateId} revoked by ${revocation.actor} (${revocation.reason}).`,
      certificateId: revocation.certificateId,
      reason: revocation.reason,
      effectiveDate: revocation.effectiveDate.toISOString(),
      ...(revocation.comment ? { comment: revocation.comment } : {}),
    });
  }
  return steps
    .sort(
      (a, b) =>
        a.at - b.at ||
        (RANK.get(a.step.step) ?? 0) - (RANK.get(b.step.step) ?? 0) ||
        a.sequence - b.sequence,
    )
    .map(({ step }) => step);
}

function asOutcome(outcome: string): 'Succeeded' | 'Warning' | 'Failed' {
  return outcome === 'Succeeded' || outcome === 'Warning' ? outcome : 'Failed';
}
