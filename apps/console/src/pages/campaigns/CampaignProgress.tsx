import { CAMPAIGN_ITEM_STATES, type CampaignView } from '@certlab/contracts';
import { ItemStateBadge, ProgressBar } from '../../design';
import { formatCount } from '../../lib/format';

/** Items that can move: every item but the blocked ones (cancelled ones still count as planned). */
export function movableItems(campaign: CampaignView): number {
  return campaign.progress.total - campaign.progress.blocked;
}

/** One bar per phase: trust confirmed, then leaves issued, delivered and (with retire old) retired. */
export function CampaignProgress({ campaign }: { campaign: CampaignView }) {
  const { progress, trust } = campaign;
  const movable = movableItems(campaign);
  const issued = progress.issued + progress.delivered + progress.retired;
  const delivered = progress.delivered + progress.retired;
  const done = campaign.state === 'completed';
  return (
    <div className="stack">
      {campaign.trustFirst && (
        <ProgressBar
          label="Trust deliveries confirmed"
          value={trust.confirmed + trust.present}
          max={trust.total}
          tone={
            trust.failed > 0
              ? 'danger'
              : trust.confirmed + trust.present === trust.total
                ? 'success'
                : 'accent'
          }
          detail={
            trust.total === 0
              ? 'no trust store to deliver to'
              : `${formatCount(trust.confirmed + trust.present)} of ${formatCount(trust.total)}${trust.present > 0 ? ` (${trust.present} already present)` : ''}${trust.failed > 0 ? `, ${trust.failed} failed` : ''}`
          }
        />
      )}
      <ProgressBar
        label="Leaves issued"
        value={issued}
        max={movable}
        tone={done ? 'success' : 'accent'}
      />
      <ProgressBar
        label="Leaves delivered"
        value={delivered}
        max={movable}
        tone={done ? 'success' : 'accent'}
      />
      {campaign.retireOld && (
        <ProgressBar
          label="Leaves retired"
          value={progress.retired}
          max={movable}
          tone={done ? 'success' : 'accent'}
        />
      )}
      <div className="row" aria-label="Items by state">
        {CAMPAIGN_ITEM_STATES.filter((state) => progress[state] > 0).map((state) => (
          <span key={state} className="row" style={{ gap: 4 }}>
            <ItemStateBadge state={state} />
            <span className="subtle">{formatCount(progress[state])}</span>
          </span>
        ))}
      </div>
    </div>
  );
}
