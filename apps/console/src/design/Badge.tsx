import {
  type CampaignItemState,
  type CampaignState,
  type CertificateState,
  type JobStatusName,
  type RequestStatus,
} from '@certlab/contracts';
import { type ReactNode } from 'react';

export type Tone = 'neutral' | 'success' | 'warning' | 'danger' | 'info' | 'virtual' | 'outline';

export function Badge({
  tone = 'neutral',
  children,
  dot = false,
  title,
}: {
  tone?: Tone;
  children: ReactNode;
  dot?: boolean;
  title?: string;
}) {
  return (
    <span className={`badge${tone === 'neutral' ? '' : ` badge-${tone}`}`} title={title}>
      {dot && <span className="dot" aria-hidden="true" />}
      {children}
    </span>
  );
}

const CERTIFICATE_TONES: Record<CertificateState, Tone> = {
  valid: 'success',
  expiring: 'warning',
  expired: 'danger',
  revoked: 'neutral',
};

const CERTIFICATE_LABELS: Record<CertificateState, string> = {
  valid: 'Valid',
  expiring: 'Expiring',
  expired: 'Expired',
  revoked: 'Revoked',
};

/** A certificate's state on the lab clock, in words and colour. */
export function StateBadge({ state }: { state: CertificateState }) {
  return (
    <Badge tone={CERTIFICATE_TONES[state]} dot>
      {CERTIFICATE_LABELS[state]}
    </Badge>
  );
}

const JOB_TONES: Record<JobStatusName, Tone> = {
  Pending: 'neutral',
  InProcess: 'info',
  Succeeded: 'success',
  Warning: 'warning',
  Failed: 'danger',
};

/** What each job status means for a person watching a delivery. */
export const JOB_STATUS_WORDS: Record<JobStatusName, string> = {
  Pending: 'Queued',
  InProcess: 'Claimed by the agent',
  Succeeded: 'Written and verified',
  Warning: 'Written, with a warning',
  Failed: 'Failed',
};

export function JobStatusBadge({ status }: { status: JobStatusName }) {
  return (
    <Badge tone={JOB_TONES[status]} dot title={JOB_STATUS_WORDS[status]}>
      {status}
    </Badge>
  );
}

const REQUEST_TONES: Record<RequestStatus, Tone> = {
  PENDING: 'warning',
  ISSUED: 'success',
  DENIED: 'danger',
  FAILED: 'danger',
};

export function RequestStatusBadge({ status }: { status: RequestStatus }) {
  return <Badge tone={REQUEST_TONES[status]}>{status}</Badge>;
}

const CAMPAIGN_TONES: Record<CampaignState, Tone> = {
  planned: 'info',
  running: 'virtual',
  paused: 'warning',
  completed: 'success',
  cancelled: 'neutral',
  failed: 'danger',
};

export function CampaignStateBadge({ state }: { state: CampaignState }) {
  return (
    <Badge tone={CAMPAIGN_TONES[state]} dot>
      {state}
    </Badge>
  );
}

const ITEM_TONES: Record<CampaignItemState, Tone> = {
  pending: 'neutral',
  issued: 'info',
  delivered: 'success',
  retired: 'success',
  failed: 'danger',
  blocked: 'warning',
  cancelled: 'outline',
};

export function ItemStateBadge({ state }: { state: CampaignItemState }) {
  return <Badge tone={ITEM_TONES[state]}>{state}</Badge>;
}
