import { AlertErrors } from './alerts.errors';
import { type HandlerParameter } from './expiration-alert.entity';

/*
 * The registered event handlers an alert may use. Command ships several (PowerShell, event log,
 * renewal); certlab has the one that matters for a lab: renewal. Ids are fixed, so a client can
 * send `RegisteredEventHandler: {Id: 1, UseHandler: true}` without looking anything up.
 */

export const RENEWAL_HANDLER_ID = 1;

export interface RegisteredEventHandler {
  id: number;
  displayName: string;
  /** Parameter keys the handler reads, with what each means. */
  parameters: { key: string; description: string }[];
}

export const EVENT_HANDLERS: readonly RegisteredEventHandler[] = [
  {
    id: RENEWAL_HANDLER_ID,
    displayName: 'Renewal',
    parameters: [
      {
        key: 'Template',
        description:
          "Template short name for the new certificate; the original's template when empty.",
      },
      {
        key: 'CAConfiguration',
        description: "`host\\logical` of the issuing CA; the original's CA when empty.",
      },
    ],
  },
];

/**
 * Command's renewal handler also takes a "Renewal URL" parameter (the Command API it calls back
 * into). certlab renews in process, so such a parameter is kept but has no effect.
 */
const RENEWAL_URL = /^renewal ?url$/i;

export function findHandler(id: number): RegisteredEventHandler {
  const handler = EVENT_HANDLERS.find((candidate) => candidate.id === id);
  if (!handler) {
    throw AlertErrors.unknownHandler(
      `Registered event handler ${id} does not exist; certlab has ${EVENT_HANDLERS.map((known) => `${known.id} (${known.displayName})`).join(', ')}.`,
    );
  }
  return handler;
}

/** Checks parameter keys against the handler; canonical key spelling, no duplicates. */
export function checkParameters(
  handler: RegisteredEventHandler | undefined,
  parameters: readonly HandlerParameter[],
): HandlerParameter[] {
  if (!handler) {
    if (parameters.length > 0) {
      throw AlertErrors.invalidHandlerParameter(
        'EventHandlerParameters were given without a RegisteredEventHandler.',
      );
    }
    return [];
  }
  const seen = new Set<string>();
  return parameters.map((parameter) => {
    const known = handler.parameters.find(
      (candidate) => candidate.key.toLowerCase() === parameter.key.toLowerCase(),
    );
    const isUrl = RENEWAL_URL.test(parameter.key) || RENEWAL_URL.test(parameter.type);
    if (!known && !isUrl) {
      throw AlertErrors.invalidHandlerParameter(
        `Event handler parameter "${parameter.key}" is unknown to the ${handler.displayName} handler; it takes ${handler.parameters.map((candidate) => candidate.key).join(', ')}.`,
      );
    }
    const key = known?.key ?? parameter.key;
    if (seen.has(key.toLowerCase())) {
      throw AlertErrors.invalidHandlerParameter(
        `Event handler parameter "${key}" is given more than once.`,
      );
    }
    seen.add(key.toLowerCase());
    return { key, value: parameter.value, type: parameter.type };
  });
}

/** A parameter's value by key; undefined when absent or empty. */
export function parameterValue(
  parameters: readonly HandlerParameter[],
  key: string,
): string | undefined {
  const value = parameters.find((parameter) => parameter.key === key)?.value.trim();
  return value ? value : undefined;
}
