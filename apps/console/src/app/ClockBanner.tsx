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

/** Whether `command` is running exactly `body` (its button shows the spinner). */
export function isSending(
  command: { isPending: boolean; variables: LabClockCommandBody | undefined },
  body: LabClockCommandBody,
): boolean {
  return command.isPending && JSON.stringify(command.variables) === JSON.stringify(body);
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
  // Enabled while a command runs, so keyboard focus stays; a second press then does nothing.
  const send = (body: LabClockCommandBody) => {
    if (!command.isPending) command.mutate(body);
  };
  const sending = (body: LabClockCommandBody) => isSending(command, body);
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
            onClick={() => send({ advance: '+1d' })}
            busy={sending({ advance: '+1d' })}
          >
            +1 day
          </Button>
          <Button
            size="sm"
            onClick={() => send({ advance: '+30d' })}
            busy={sending({ advance: '+30d' })}
          >
            +30 days
          </Button>
          {frozen ? (
            <Button
              size="sm"
              onClick={() => send({ resume: true })}
              busy={sending({ resume: true })}
            >
              Resume
            </Button>
          ) : (
            <Button
              size="sm"
              onClick={() => send({ freeze: true })}
              busy={sending({ freeze: true })}
            >
              Freeze
            </Button>
          )}
          <Button size="sm" onClick={() => send({ reset: true })} busy={sending({ reset: true })}>
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
