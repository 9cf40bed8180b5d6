import { type AlertRunView, RUN_OUTCOMES, type RunOutcome } from '@certlab/contracts';
import { Link } from 'react-router';
import { Badge, type Tone } from '../../design';
import { runTriggerWords } from '../../lib/alert-runs';
import { formatUtcSeconds } from '../../lib/format';

const OUTCOME_TONES: Record<RunOutcome, Tone> = {
  renewed: 'success',
  pending: 'warning',
  skipped: 'neutral',
  failed: 'danger',
  reported: 'info',
};

export function OutcomeBadge({ outcome }: { outcome: RunOutcome }) {
  return <Badge tone={OUTCOME_TONES[outcome]}>{outcome}</Badge>;
}

/** One run: when, who, counts per outcome, and what happened to each certificate. */
export function RunResults({ run }: { run: AlertRunView }) {
  return (
    <div className="stack-sm">
      <div className="row">
        <strong>Run {run.id}</strong>
        <span className="subtle">
          {runTriggerWords(run.trigger)} by {run.actor}, evaluated at{' '}
          {formatUtcSeconds(run.evaluationDate)}
          {run.sendAlerts ? ', messages sent to the outbox' : ', no messages'}
        </span>
      </div>
      <div className="row">
        {RUN_OUTCOMES.filter((outcome) => run.counts[outcome] > 0).map((outcome) => (
          <span key={outcome} className="row" style={{ gap: 4 }}>
            <OutcomeBadge outcome={outcome} />
            <span className="subtle">{run.counts[outcome]}</span>
          </span>
        ))}
        {run.results.length === 0 && <span className="subtle">Nothing was due.</span>}
      </div>
      {run.results.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label={`Results of run ${run.id}`}>
            <thead>
              <tr>
                <th scope="col">Certificate</th>
                <th scope="col">Outcome</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {run.results.map((result) => (
                <tr key={`${result.certificateId}-${result.outcome}`}>
                  <td>
                    <Link to={`/certificates/${result.certificateId}`}>
                      #{result.certificateId}
                    </Link>
                  </td>
                  <td>
                    <OutcomeBadge outcome={result.outcome} />
                  </td>
                  <td className="break">
                    {result.outcome === 'renewed' && result.newCertificateId !== null && (
                      <Link to={`/certificates/${result.newCertificateId}`}>
                        renewed as #{result.newCertificateId}
                      </Link>
                    )}
                    {result.outcome === 'pending' && (
                      <span>
                        request {result.requestId ?? '?'} waits for{' '}
                        <Link to="/approvals">approval</Link>
                      </span>
                    )}
                    {result.message && <span className="subtle"> {result.message}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
