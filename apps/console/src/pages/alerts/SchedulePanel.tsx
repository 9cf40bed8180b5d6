import { type AlertScheduleView } from '@certlab/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CalendarClock } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { errorMessage, failureTitle } from '../../api/client';
import { putAlertSchedule } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { labNow } from '../../app/lab-time';
import {
  Banner,
  Button,
  Card,
  Checkbox,
  focusFirstInvalid,
  KeyValue,
  SelectField,
  TextField,
} from '../../design';
import { formatUtc } from '../../lib/format';
import {
  describeSchedule,
  SCHEDULE_KIND_LABELS,
  SCHEDULE_KINDS,
  type ScheduleForm,
  scheduleFormFromView,
  toScheduleInput,
  WEEKDAYS,
} from '../../lib/schedule-form';

/** The one global schedule of every expiration alert, on the lab clock, times of day in UTC. */
export function SchedulePanel({
  schedule,
  isAdmin,
}: {
  schedule: AlertScheduleView;
  isAdmin: boolean;
}) {
  const [form, setForm] = useState<ScheduleForm>(() => scheduleFormFromView(schedule, labNow()));
  const [problems, setProblems] = useState<Record<string, string>>({});
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (input: Parameters<typeof putAlertSchedule>[0]) => putAlertSchedule(input),
    onSuccess: (view) => {
      queryClient.setQueryData(queryKeys.alertSchedule, view);
      setForm(scheduleFormFromView(view, labNow()));
    },
  });
  const set = (change: Partial<ScheduleForm>) => setForm((current) => ({ ...current, ...change }));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const result = toScheduleInput(form);
    if (!result.ok) {
      setProblems(result.problems);
      focusFirstInvalid(event.currentTarget);
      return;
    }
    setProblems({});
    save.mutate(result.input.schedule);
  };
  const needsTime = form.kind !== 'off' && form.kind !== 'immediate' && form.kind !== 'interval';
  return (
    <Card title="Schedule" icon={<CalendarClock size={18} aria-hidden="true" />}>
      <div className="stack">
        <KeyValue
          label="Current schedule"
          items={[
            { label: 'Now', value: describeSchedule(schedule.schedule) },
            { label: 'Set', value: schedule.setAt ? formatUtc(schedule.setAt) : '—' },
            {
              label: 'Last run',
              value: schedule.lastRunAt ? formatUtc(schedule.lastRunAt) : 'never',
            },
          ]}
        />
        <p className="subtle">
          Checked against the lab clock: moving it 60 days runs a due schedule once, not sixty
          times. Scheduled runs send their messages to the outbox and renew with the handler.
        </p>
        {isAdmin && (
          <form className="stack" onSubmit={submit} noValidate aria-label="Change the schedule">
            <div className="form-grid">
              <SelectField
                label="Runs"
                value={form.kind}
                onChange={(event) =>
                  set({ kind: SCHEDULE_KINDS.find((kind) => kind === event.target.value) ?? 'off' })
                }
              >
                {SCHEDULE_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {SCHEDULE_KIND_LABELS[kind]}
                  </option>
                ))}
              </SelectField>
              {form.kind === 'interval' && (
                <TextField
                  label="Every (minutes)"
                  type="number"
                  min={1}
                  value={form.minutes}
                  onChange={(event) => set({ minutes: event.target.value })}
                  error={problems.minutes}
                />
              )}
              {form.kind === 'monthly' && (
                <TextField
                  label="Day of the month"
                  type="number"
                  min={1}
                  max={31}
                  value={form.day}
                  onChange={(event) => set({ day: event.target.value })}
                  error={problems.day}
                />
              )}
              {form.kind === 'exactlyOnce' && (
                <TextField
                  label="Date (UTC)"
                  type="date"
                  value={form.date}
                  onChange={(event) => set({ date: event.target.value })}
                  error={problems.date}
                />
              )}
              {needsTime && (
                <TextField
                  label="Time (UTC)"
                  type="time"
                  value={form.time}
                  onChange={(event) => set({ time: event.target.value })}
                  error={problems.time}
                />
              )}
            </div>
            {form.kind === 'weekly' && (
              <fieldset className="stack-sm" style={{ border: 0, margin: 0, padding: 0 }}>
                <legend className="field-label">Weekdays</legend>
                <div className="row">
                  {WEEKDAYS.map((name, day) => (
                    <Checkbox
                      key={name}
                      label={name}
                      checked={form.days.includes(day)}
                      onChange={(event) =>
                        set({
                          days: event.target.checked
                            ? [...form.days, day]
                            : form.days.filter((other) => other !== day),
                        })
                      }
                    />
                  ))}
                </div>
                {problems.days && <span className="field-error">{problems.days}</span>}
              </fieldset>
            )}
            {problems[''] && <span className="field-error">{problems['']}</span>}
            {save.isError && (
              <Banner
                tone="danger"
                title={failureTitle(save.error, 'The server refused the schedule')}
              >
                {errorMessage(save.error)}
              </Banner>
            )}
            {save.isSuccess && (
              <Banner tone="success" title="Schedule saved">
                {describeSchedule(save.data.schedule)}
              </Banner>
            )}
            <div>
              <Button type="submit" variant="primary" busy={save.isPending}>
                Save schedule
              </Button>
            </div>
          </form>
        )}
      </div>
    </Card>
  );
}
