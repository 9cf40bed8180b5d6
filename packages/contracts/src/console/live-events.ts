import { type LabClockView } from '../lab-clock';

/*
 * `GET /api/events` (server-sent events): hints that something changed, so the console refetches
 * what is on screen. Events carry ids, never data; a burst of many ids arrives as one event with
 * `many: true` and no ids (refetch everything of that kind). docs/console.md, "Live updates".
 */

export const LIVE_EVENT_TYPES = [
  'jobs',
  'certificates',
  'requests',
  'campaign',
  'clock',
  'alerts',
  'agents',
  'audit',
] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

export interface IdsEvent<T extends string | number> {
  ids: T[];
  many: boolean;
}

export type LiveEvent =
  | ({
      type: 'jobs';
      storeIds: string[];
      certificateIds: number[];
      requestIds: number[];
    } & IdsEvent<string>)
  | ({ type: 'certificates' } & IdsEvent<number>)
  | ({ type: 'requests' } & IdsEvent<number>)
  | ({ type: 'campaign' } & IdsEvent<number>)
  | { type: 'clock'; clock: LabClockView }
  | ({ type: 'alerts'; runIds: number[] } & IdsEvent<number>)
  | ({ type: 'agents' } & IdsEvent<string>)
  | { type: 'audit' };

/** The SSE `event:` name is the type; `data:` is the JSON of the event. */
export const LIVE_EVENTS_PATH = '/api/events';
