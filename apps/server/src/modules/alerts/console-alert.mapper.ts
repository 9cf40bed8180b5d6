import { type z } from 'zod';
import {
  type AlertInputSchema,
  type AlertPreviewView,
  type AlertScheduleSpec,
  type AlertScheduleView,
  type AlertView,
} from '@certlab/contracts';
import { type AlertPreview } from './alert-runner.service';
import { type AlertScheduleEntity } from './alert-schedule.entity';
import { type AlertCreate } from './alerts.schemas';
import { parameterValue, RENEWAL_HANDLER_ID } from './event-handlers';
import { type AlertWithCollection } from './expiration-alerts.service';
import { type AlertSchedule } from './policies/alert-schedule';

/*
 * The console's alerts (camelCase, `renewal` settings) translated to and from the one alerts
 * service, whose input is the Keyfactor-shaped `AlertCreate`: one service, two dialects.
 */

type AlertInput = z.output<typeof AlertInputSchema>;

export function toAlertCreate(input: AlertInput): AlertCreate {
  const { renewal } = input;
  const parameters = [
    ...(renewal.template ? [{ key: 'Template', value: renewal.template }] : []),
    ...(renewal.caConfiguration
      ? [{ key: 'CAConfiguration', value: renewal.caConfiguration }]
      : []),
  ];
  // Settings without `enabled` are kept (handler off), so switching it on later needs no retyping.
  const hasHandler = renewal.enabled || parameters.length > 0;
  return {
    displayname: input.displayName,
    subject: input.subject,
    message: input.message,
    expirationwarningdays: input.warningDays,
    certificatequeryid: input.collectionId,
    registeredeventhandler: hasHandler
      ? { id: RENEWAL_HANDLER_ID, usehandler: renewal.enabled }
      : undefined,
    recipients: input.recipients,
    eventhandlerparameters: parameters.map(({ key, value }) => ({
      key,
      defaultvalue: value,
      parametertype: 'String',
    })),
  };
}

export function toAlertView({ alert, collection }: AlertWithCollection): AlertView {
  return {
    id: alert.id,
    displayName: alert.displayName,
    subject: alert.subject,
    message: alert.message,
    warningDays: alert.warningDays,
    collection: { id: collection.id, name: collection.name, query: collection.query },
    recipients: alert.recipients,
    renewal: {
      enabled: alert.handlerId === RENEWAL_HANDLER_ID && alert.useHandler,
      template: parameterValue(alert.handlerParameters, 'Template') ?? null,
      caConfiguration: parameterValue(alert.handlerParameters, 'CAConfiguration') ?? null,
    },
    createdAt: alert.createdAt.toISOString(),
  };
}

/** Times of day as stored (UTC, with milliseconds), weekdays once each in order. */
export function toAlertSchedule(spec: AlertScheduleSpec | null): AlertSchedule | null {
  if (spec === null) return null;
  const utc = (time: string) => new Date(time).toISOString();
  switch (spec.kind) {
    case 'immediate':
    case 'interval':
      return spec;
    case 'weekly':
      return {
        kind: 'weekly',
        days: [...new Set(spec.days)].sort((a, b) => a - b),
        time: utc(spec.time),
      };
    case 'daily':
    case 'monthly':
    case 'exactlyOnce':
      return { ...spec, time: utc(spec.time) };
  }
}

export function toAlertScheduleView(state: AlertScheduleEntity): AlertScheduleView {
  return {
    schedule: state.schedule,
    setAt: state.setAt?.toISOString() ?? null,
    lastRunAt: state.lastRunAt?.toISOString() ?? null,
  };
}

export function toAlertPreviewView(
  evaluationDate: Date,
  previews: readonly AlertPreview[],
): AlertPreviewView {
  return {
    evaluationDate: evaluationDate.toISOString(),
    alerts: previews.map(({ alert, certificates }) => ({
      alertId: alert.id,
      displayName: alert.displayName,
      certificates: certificates.map(({ certificate, decision }) => ({
        certificateId: certificate.id,
        commonName: certificate.commonName,
        notAfter: certificate.notAfter.toISOString(),
        ...decision,
      })),
    })),
  };
}
