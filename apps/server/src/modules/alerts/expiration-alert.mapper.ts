import { EVENT_HANDLERS } from './event-handlers';
import { type AlertWithCollection } from './expiration-alerts.service';
import { type AlertReport } from './alert-runner.service';
import { type AlertSchedule } from './policies/alert-schedule';

/*
 * Keyfactor API answers of `/Alerts/Expiration`, built from entities (shapes: the vendor
 * document's ExpirationAlertDefinitionResponse, AlertScheduleResponse, ExpirationAlertTestResponse).
 */

export interface KeyfactorExpirationAlert {
  Id: number;
  DisplayName: string;
  Subject: string;
  Message: string;
  ExpirationWarningDays: number;
  Recipients: string[];
  CertificateQuery: { Id: number; Name: string };
  RegisteredEventHandler?: { Id: number; DisplayName: string; UseHandler: boolean };
  EventHandlerParameters: {
    Id: number;
    Key: string;
    DefaultValue: string;
    ParameterType: string;
  }[];
}

export type KeyfactorSchedule =
  | Record<string, never>
  | { Immediate: true }
  | { Interval: { Minutes: number } }
  | { Daily: { Time: string } }
  | { Weekly: { Days: number[]; Time: string } }
  | { Monthly: { Day: number; Time: string } }
  | { ExactlyOnce: { Time: string } };

export interface KeyfactorExpirationAlertTest {
  ExpirationAlerts: {
    CAName: string;
    CARow: number;
    IssuedCN: string | null;
    Expiry: string;
    Subject: string;
    Message: string;
    Recipients: string[];
    SendDate: string;
  }[];
  AlertBuildResult: AlertBuildResult;
}

/**
 * The document lists 0-5 without names; certlab uses three: 0 alerts were built, 1 nothing was
 * due, 2 the cap (100 per test) stopped it before every due certificate was reported.
 */
export const AlertBuildResult = { Success: 0, NothingDue: 1, CapReached: 2 } as const;
export type AlertBuildResult = (typeof AlertBuildResult)[keyof typeof AlertBuildResult];

export function toKeyfactorExpirationAlert({
  alert,
  collection,
}: AlertWithCollection): KeyfactorExpirationAlert {
  const handler = EVENT_HANDLERS.find((candidate) => candidate.id === alert.handlerId);
  return {
    Id: alert.id,
    DisplayName: alert.displayName,
    Subject: alert.subject,
    Message: alert.message,
    ExpirationWarningDays: alert.warningDays,
    Recipients: alert.recipients,
    CertificateQuery: { Id: collection.id, Name: collection.name },
    ...(handler
      ? {
          RegisteredEventHandler: {
            Id: handler.id,
            DisplayName: handler.displayName,
            UseHandler: alert.useHandler,
          },
        }
      : {}),
    EventHandlerParameters: alert.handlerParameters.map((parameter, index) => ({
      Id: index + 1,
      Key: parameter.key,
      DefaultValue: parameter.value,
      ParameterType: parameter.type,
    })),
  };
}

/** Off (no schedule) is an empty KeyfactorSchedule. */
export function toKeyfactorSchedule(schedule: AlertSchedule | null): KeyfactorSchedule {
  if (schedule === null) return {};
  switch (schedule.kind) {
    case 'immediate':
      return { Immediate: true };
    case 'interval':
      return { Interval: { Minutes: schedule.minutes } };
    case 'daily':
      return { Daily: { Time: schedule.time } };
    case 'weekly':
      return { Weekly: { Days: schedule.days, Time: schedule.time } };
    case 'monthly':
      return { Monthly: { Day: schedule.day, Time: schedule.time } };
    case 'exactlyOnce':
      return { ExactlyOnce: { Time: schedule.time } };
  }
}

export function toKeyfactorTestResponse(
  reports: readonly AlertReport[],
  capped: boolean,
): KeyfactorExpirationAlertTest {
  return {
    ExpirationAlerts: reports.map((report) => ({
      CAName: report.authorityName,
      CARow: report.certificate.id,
      IssuedCN: report.certificate.commonName,
      Expiry: report.certificate.notAfter.toISOString(),
      Subject: report.subject,
      Message: report.message,
      Recipients: report.recipients,
      SendDate: report.sendDate.toISOString(),
    })),
    AlertBuildResult: capped
      ? AlertBuildResult.CapReached
      : reports.length > 0
        ? AlertBuildResult.Success
        : AlertBuildResult.NothingDue,
  };
}
