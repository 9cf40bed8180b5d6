import { z } from 'zod';
import { lowerCaseKeys } from '@certlab/contracts';
import { toIsoInstant } from '../certificates/policies/certificate-query';
import { type AlertSchedule } from './policies/alert-schedule';

/*
 * Request bodies of `/KeyfactorAPI/Alerts/Expiration` (the vendor document's
 * ExpirationAlertCreationRequest, …UpdateRequest, AlertScheduleRequest, …TestRequest). Property
 * names are case-insensitive as .NET binds them; unknown properties are a 400.
 */

const INT32_MAX = 2 ** 31 - 1;
const caseInsensitive = <T extends z.ZodType>(schema: T) => z.preprocess(lowerCaseKeys, schema);

/** An ISO-8601 date or date-time, as a Date. */
const DateTime = (name: string) =>
  z.string({ error: `${name} must be an ISO-8601 date-time` }).transform((value, context) => {
    const iso = toIsoInstant(value.trim());
    if (iso === null) {
      context.addIssue({
        code: 'custom',
        message: `${name} must be an ISO-8601 date-time such as 2026-03-01T00:00:00Z`,
      });
      return z.NEVER;
    }
    return new Date(iso);
  });

const Handler = caseInsensitive(
  z.strictObject({
    id: z
      .number({ error: 'RegisteredEventHandler.Id is required' })
      .int('RegisteredEventHandler.Id must be an integer')
      .min(1, 'RegisteredEventHandler.Id must be positive')
      .max(INT32_MAX),
    usehandler: z.boolean({ error: 'RegisteredEventHandler.UseHandler must be true or false' }),
  }),
);

const HandlerParameter = caseInsensitive(
  z.strictObject({
    key: z.string({ error: 'Key is required' }).trim().min(1, 'Key must not be empty').max(128),
    defaultvalue: z
      .string({ error: 'DefaultValue must be a string' })
      .max(1024)
      .nullish()
      .transform((value) => value?.trim() ?? ''),
    parametertype: z
      .string({ error: 'ParameterType must be a string' })
      .max(64)
      .nullish()
      .transform((value) => value?.trim() ?? ''),
  }),
);

const alertFields = {
  displayname: z
    .string({ error: 'DisplayName is required' })
    .trim()
    .min(1, 'DisplayName must not be empty')
    .max(255, 'DisplayName is longer than 255 characters'),
  subject: z
    .string({ error: 'Subject is required' })
    .max(1024, 'Subject is longer than 1024 characters'),
  message: z
    .string({ error: 'Message is required' })
    .max(65_536, 'Message is longer than 65536 characters'),
  expirationwarningdays: z
    .number({ error: 'ExpirationWarningDays is required (a number of days)' })
    .int('ExpirationWarningDays must be a whole number of days')
    .min(1, 'ExpirationWarningDays must be at least 1')
    .max(36_500, 'ExpirationWarningDays must be at most 36500'),
  certificatequeryid: z
    .number({ error: 'CertificateQueryId is required: an alert is always based on a collection' })
    .int('CertificateQueryId must be an integer')
    .min(1, 'CertificateQueryId is required: an alert is always based on a collection')
    .max(INT32_MAX),
  registeredeventhandler: Handler.nullish().transform((value) => value ?? undefined),
  recipients: z
    .array(z.string().trim().min(1, 'a recipient must not be empty').max(320), {
      error: 'Recipients must be an array of strings',
    })
    .max(100, 'At most 100 recipients')
    .nullish()
    .transform((value) => value ?? []),
  eventhandlerparameters: z
    .array(HandlerParameter, { error: 'EventHandlerParameters must be an array' })
    .max(20, 'At most 20 event handler parameters')
    .nullish()
    .transform((value) => value ?? []),
};

export const AlertCreateSchema = caseInsensitive(z.strictObject(alertFields));
export type AlertCreate = z.output<typeof AlertCreateSchema>;

export const AlertUpdateSchema = caseInsensitive(
  z.strictObject({
    id: z
      .number({ error: 'Id is required' })
      .int('Id must be an integer')
      .min(1, 'Id must be positive')
      .max(INT32_MAX),
    ...alertFields,
  }),
);
export type AlertUpdate = z.output<typeof AlertUpdateSchema>;

const Time = caseInsensitive(z.strictObject({ time: DateTime('Time') }));

/** KeyfactorSchedule: exactly one kind, or none (`{}`, `null`) to switch the schedule off. */
const Schedule = caseInsensitive(
  z
    .strictObject({
      immediate: z.boolean({ error: 'Immediate must be true or false' }).nullish(),
      interval: caseInsensitive(
        z.strictObject({
          minutes: z
            .number({ error: 'Interval.Minutes is required' })
            .int('Interval.Minutes must be a whole number')
            .min(1, 'Interval.Minutes must be at least 1')
            .max(527_040, 'Interval.Minutes must be at most a year'),
        }),
      ).nullish(),
      daily: Time.nullish(),
      weekly: caseInsensitive(
        z.strictObject({
          days: z
            .array(z.number().int().min(0).max(6), {
              error: 'Weekly.Days must be weekdays 0 (Sunday) to 6 (Saturday)',
            })
            .min(1, 'Weekly.Days must name at least one weekday'),
          time: DateTime('Weekly.Time'),
        }),
      ).nullish(),
      monthly: caseInsensitive(
        z.strictObject({
          day: z
            .number({ error: 'Monthly.Day is required' })
            .int()
            .min(1, 'Monthly.Day must be from 1 to 31')
            .max(31, 'Monthly.Day must be from 1 to 31'),
          time: DateTime('Monthly.Time'),
        }),
      ).nullish(),
      exactlyonce: Time.nullish(),
    })
    .transform((value, context): AlertSchedule | null => {
      const kinds: AlertSchedule[] = [];
      if (value.immediate === true) kinds.push({ kind: 'immediate' });
      if (value.interval) kinds.push({ kind: 'interval', minutes: value.interval.minutes });
      if (value.daily) kinds.push({ kind: 'daily', time: value.daily.time.toISOString() });
      if (value.weekly) {
        kinds.push({
          kind: 'weekly',
          days: [...new Set(value.weekly.days)].sort(),
          time: value.weekly.time.toISOString(),
        });
      }
      if (value.monthly) {
        kinds.push({
          kind: 'monthly',
          day: value.monthly.day,
          time: value.monthly.time.toISOString(),
        });
      }
      if (value.exactlyonce) {
        kinds.push({ kind: 'exactlyOnce', time: value.exactlyonce.time.toISOString() });
      }
      if (kinds.length > 1) {
        context.addIssue({
          code: 'custom',
          message:
            'Schedule must have one kind: Immediate, Interval, Daily, Weekly, Monthly or ExactlyOnce',
        });
        return z.NEVER;
      }
      return kinds[0] ?? null;
    }),
);

export const ScheduleRequestSchema = caseInsensitive(
  z.strictObject({
    schedule: Schedule.nullish().transform((value) => value ?? null),
  }),
);

const testFields = {
  evaluationdate: DateTime('EvaluationDate').nullish(),
  previousevaluationdate: DateTime('PreviousEvaluationDate').nullish(),
  sendalerts: z
    .boolean({ error: 'SendAlerts must be true or false' })
    .nullish()
    .transform((value) => value ?? false),
};

export const TestRequestSchema = caseInsensitive(
  z.strictObject({
    alertid: z
      .number({ error: 'AlertId is required' })
      .int('AlertId must be an integer')
      .min(1, 'AlertId must be positive')
      .max(INT32_MAX),
    ...testFields,
  }),
);

export const TestAllRequestSchema = caseInsensitive(z.strictObject(testFields));
