import { type LabClockCommandBody, type LabClockView } from '@certlab/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Clock } from 'lucide-react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client';
import { changeClock } from '../api/endpoints';
import { queryKeys } from '../api/keys';
import { useClock } from '../api/queries';
import { Button } from '../design/Button';
import { formatOffset, formatUtc } from '../lib/format';
import { useCan } from './auth';
import { noteClock, useLabNow } from './lab-time';

/** Seconds the clock is ahead of real time (negative: behind). */
export function clockOffsetSeconds(clock: LabClockView): number {
  if (clock.mode === 'offset' && clock.offsetSeconds !== undefined) return clock.offsetSeconds;
  return Math.round((Date.parse(clock.now) - Date.parse(clock.realNow)) / 1000);
}

/** "Lab clock is virtual: 2027-02-02 14:03 UTC (+60 days)" */
export function describeVirtualClock(clock: LabClockView, now: Date): string {
  const when = formatUtc(now);
  const offset = formatOffset(clockOffsetSeconds(clock));
  return clock.mode === 'frozen'
    ? `Lab clock is frozen: ${when} (${offset})`
    : `Lab clock is virtual: ${when} (${offset})`;
}

export function useClockCommand() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (command: LabClockCommandBody) => changeClock(command),
    onSuccess: (clock) => {
      queryClient.setQueryData(queryKeys.clock, clock);
      noteClock(clock);
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard });
      void queryClient.invalidateQueries({ queryKey: queryKeys.certificates });
    },
  });
}

/** On every page while the lab clock is not real time, so nobody mistakes lab time for today. */
export function ClockBanner() {
  const clock = useClock();
  const now = useLabNow(15_000);
  const isAdmin = useCan('admin');
  const command = useClockCommand();
  if (!clock.data?.virtual) return null;
  const frozen = clock.data.mode === 'frozen';
  return (
    <section className="clock-banner" role="region" aria-label="Lab clock">
      <div className="row">
        <Clock size={16} aria-hidden="true" />
        <span>{describeVirtualClock(clock.data, now)}</span>
      </div>
      {isAdmin && (
        <div className="row">
          <Button
            size="sm"
            onClick={() => command.mutate({ advance: '+1d' })}
            disabled={command.isPending}
          >
            +1 day
          </Button>
          <Button
            size="sm"
            onClick={() => command.mutate({ advance: '+30d' })}
            disabled={command.isPending}
          >
            +30 days
          </Button>
          {frozen ? (
            <Button
              size="sm"
              onClick={() => command.mutate({ resume: true })}
              disabled={command.isPending}
            >
              Resume
            </Button>
          ) : (
            <Button
              size="sm"
              onClick={() => command.mutate({ freeze: true })}
              disabled={command.isPending}
            >
              Freeze
            </Button>
          )}
          <Button
            size="sm"
            onClick={() => command.mutate({ reset: true })}
            disabled={command.isPending}
          >
            Reset to real time
          </Button>
          <Link to="/clock" className="btn btn-sm">
            Lab clock…
          </Link>
        </div>
      )}
      {command.isError && (
        <div role="alert" className="clock-banner-error">
          {errorMessage(command.error)}
        </div>
      )}
    </section>
  );
}
