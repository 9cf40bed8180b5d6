import { type LabClockCommandBody, parseLabDuration } from '@certlab/contracts';
import { Clock, FastForward, Pause, Play, RotateCcw } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { errorMessage, failureTitle } from '../../api/client';
import { useClock } from '../../api/queries';
import { useCan } from '../../app/auth';
import { clockOffsetSeconds, isSending, useClockCommand } from '../../app/ClockBanner';
import { useLabNow } from '../../app/lab-time';
import { PageHeader, usePageTitle } from '../../app/page';
import {
  Badge,
  Banner,
  Button,
  Card,
  ErrorBanner,
  KeyValue,
  SkeletonBlock,
  TextField,
} from '../../design';
import { formatOffset, formatUtcSeconds } from '../../lib/format';

const MODE_WORDS = {
  system: 'real time',
  offset: 'running, moved by an offset',
  frozen: 'frozen (standing still)',
} as const;

function describeCommand(command: LabClockCommandBody): string {
  if (command.advance !== undefined) return `advanced by ${String(command.advance)}`;
  if (command.set !== undefined) return `set to ${command.set}`;
  if (command.freeze) return 'frozen';
  if (command.resume) return 'resumed';
  return 'reset to real time';
}

export function ClockPage() {
  usePageTitle('Lab clock');
  const clock = useClock();
  const now = useLabNow(1000);
  const isAdmin = useCan('admin');
  const command = useClockCommand();
  const [custom, setCustom] = useState('+12h');
  const [setTo, setSetTo] = useState('');
  const customMs = parseLabDuration(custom);

  // Buttons stay enabled while a command runs (a disabled button drops keyboard focus, and a
  // presenter presses +1 day again and again); a second press while one runs is ignored.
  const send = (body: LabClockCommandBody) => {
    if (!command.isPending) command.mutate(body);
  };
  const sending = (body: LabClockCommandBody) => isSending(command, body);
  const advanceCustom = (event: FormEvent) => {
    event.preventDefault();
    if (customMs !== undefined) send({ advance: custom.trim() });
  };
  const setClock = (event: FormEvent) => {
    event.preventDefault();
    if (setTo !== '') send({ set: `${setTo}:00Z` });
  };

  return (
    <>
      <PageHeader
        title="Lab clock"
        description="The server’s “now”: issuance, validity, states, job schedules and alerts all read it. Sessions keep real time, so moving it signs nobody out."
      />
      {clock.isPending ? (
        <SkeletonBlock lines={5} />
      ) : clock.data === undefined ? (
        <ErrorBanner message={errorMessage(clock.error)} onRetry={() => void clock.refetch()} />
      ) : (
        <div className="grid-2" style={{ alignItems: 'start' }}>
          <Card title="Now" icon={<Clock size={18} aria-hidden="true" />}>
            <div className="stack">
              <div
                className="mono"
                style={{ fontSize: 'var(--text-2xl)', fontWeight: 650 }}
                role="status"
                aria-live="off"
              >
                {formatUtcSeconds(now)}
              </div>
              <KeyValue
                label="Lab clock"
                items={[
                  {
                    label: 'Clock',
                    value: clock.data.virtual ? (
                      <Badge tone="virtual">virtual</Badge>
                    ) : (
                      <Badge tone="success">real time</Badge>
                    ),
                  },
                  { label: 'Mode', value: `${clock.data.mode}: ${MODE_WORDS[clock.data.mode]}` },
                  {
                    label: 'Offset from real time',
                    value: formatOffset(clockOffsetSeconds(clock.data)),
                  },
                  { label: 'Real time (server)', value: formatUtcSeconds(clock.data.realNow) },
                  ...(clock.data.frozenAt
                    ? [{ label: 'Frozen at', value: formatUtcSeconds(clock.data.frozenAt) }]
                    : []),
                ]}
              />
            </div>
          </Card>
          {isAdmin ? (
            <Card title="Move the clock" icon={<FastForward size={18} aria-hidden="true" />}>
              <div className="stack">
                <div className="row">
                  <Button
                    onClick={() => send({ advance: '+1d' })}
                    busy={sending({ advance: '+1d' })}
                  >
                    +1 day
                  </Button>
                  <Button
                    onClick={() => send({ advance: '+30d' })}
                    busy={sending({ advance: '+30d' })}
                  >
                    +30 days
                  </Button>
                  <Button
                    variant="primary"
                    onClick={() => send({ advance: '+60d' })}
                    busy={sending({ advance: '+60d' })}
                  >
                    +60 days
                  </Button>
                </div>
                <form className="row" style={{ alignItems: 'flex-end' }} onSubmit={advanceCustom}>
                  <TextField
                    label="Advance by"
                    value={custom}
                    onChange={(event) => setCustom(event.target.value)}
                    hint="+12h, 90m, 1d12h, -2h, P7D (units w d h m s)"
                    error={
                      customMs === undefined && custom.trim() !== ''
                        ? 'Write a duration such as +12h or 1d12h.'
                        : null
                    }
                    mono
                  />
                  <Button
                    type="submit"
                    disabled={customMs === undefined}
                    busy={sending({ advance: custom.trim() })}
                    style={{ marginBottom: 22 }}
                  >
                    Advance
                  </Button>
                </form>
                <form className="row" style={{ alignItems: 'flex-end' }} onSubmit={setClock}>
                  <TextField
                    label="Set to (UTC)"
                    type="datetime-local"
                    value={setTo}
                    onChange={(event) => setSetTo(event.target.value)}
                    hint="Never earlier than the newest certificate."
                  />
                  <Button
                    type="submit"
                    disabled={setTo === ''}
                    busy={command.isPending && command.variables.set !== undefined}
                    style={{ marginBottom: 22 }}
                  >
                    Set
                  </Button>
                </form>
                <div className="row">
                  {clock.data.mode === 'frozen' ? (
                    <Button
                      icon={<Play size={16} aria-hidden="true" />}
                      onClick={() => send({ resume: true })}
                      busy={sending({ resume: true })}
                    >
                      Resume
                    </Button>
                  ) : (
                    <Button
                      icon={<Pause size={16} aria-hidden="true" />}
                      onClick={() => send({ freeze: true })}
                      busy={sending({ freeze: true })}
                    >
                      Freeze
                    </Button>
                  )}
                  <Button
                    icon={<RotateCcw size={16} aria-hidden="true" />}
                    // Not `disabled`: the button that was just pressed keeps keyboard focus.
                    onClick={() => {
                      if (clock.data.virtual) send({ reset: true });
                    }}
                    busy={sending({ reset: true })}
                    aria-disabled={!clock.data.virtual || undefined}
                    title={clock.data.virtual ? undefined : 'The clock already runs in real time.'}
                  >
                    Reset to real time
                  </Button>
                </div>
                {command.isSuccess && (
                  <Banner tone="success" title={`Clock ${describeCommand(command.variables)}`}>
                    It now reads {formatUtcSeconds(command.data.now)}.
                  </Banner>
                )}
                {command.isError && (
                  <Banner tone="danger" title={failureTitle(command.error, 'The server refused')}>
                    {errorMessage(command.error)}
                  </Banner>
                )}
              </div>
            </Card>
          ) : (
            <Banner tone="info" title="Only an admin moves the clock">
              You see the same time the server reads.
            </Banner>
          )}
        </div>
      )}
    </>
  );
}
